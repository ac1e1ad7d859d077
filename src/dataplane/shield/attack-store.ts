/**
 * Attack records in Shield's `shield.attacks` table (account scope), where ListAttacks,
 * DescribeAttack and DescribeAttackStatistics read them; and the protections the engine reads from
 * `shield.protections` (which resources are protected, with automatic response on or off).
 */
import type { AttackRecord, ProtectionRecord, SHIELD_TABLES } from '../../services/shield/store.js';
import type { JsonValue, Store, StoreOps } from '../../storage/types.js';

const ATTACKS: (typeof SHIELD_TABLES)['attacks'] = 'shield.attacks';
const PROTECTIONS: (typeof SHIELD_TABLES)['protections'] = 'shield.protections';
/** Attacks kept per account: beyond, the oldest ended ones are deleted. */
export const MAX_ATTACKS_PER_ACCOUNT = 1000;

const scopeOf = (accountId: string) => ({ kind: 'account' as const, accountId });

/** Writes (creates or updates) an attack record of `accountId`, keeping at most MAX_ATTACKS_PER_ACCOUNT. */
export async function saveAttack(store: Store, accountId: string, attack: AttackRecord): Promise<void> {
  await store.transaction(async (tx: StoreOps) => {
    const scope = scopeOf(accountId);
    const exists = await tx.get(ATTACKS, scope, attack.AttackId);
    await tx.put(ATTACKS, scope, attack.AttackId, attack as unknown as JsonValue);
    if (exists || (await tx.count(ATTACKS, scope)) <= MAX_ATTACKS_PER_ACCOUNT) return;
    const ended = (await tx.list<JsonValue>(ATTACKS, scope)).map((i) => i.value as unknown as AttackRecord).filter((a) => a.EndTime !== undefined);
    ended.sort((a, b) => a.StartTime - b.StartTime);
    const oldest = ended[0];
    if (oldest) await tx.delete(ATTACKS, scope, oldest.AttackId);
  });
}

/** The protection of a resource in `accountId`, if any. */
export async function protectionOf(store: StoreOps, accountId: string, resourceArn: string): Promise<ProtectionRecord | undefined> {
  for (const i of await store.list<JsonValue>(PROTECTIONS, scopeOf(accountId))) {
    const p = i.value as unknown as ProtectionRecord;
    if (p.resourceArn === resourceArn) return p;
  }
  return undefined;
}

/** The account a resource ARN belongs to (none for Route 53 hosted zones). */
export const accountOfArn = (arn: string): string | undefined => /^arn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:(\d{12}):/.exec(arn)?.[1];

/**
 * Attacks of a resource left open by an engine that stopped (a crash, a restart): those whose traffic
 * was last seen before `staleBefore` are closed at that last time. Returns how many were closed and
 * how many open ones remain (another node's live attacks).
 */
export async function closeStaleAttacks(store: Store, accountId: string, resourceArn: string, except: ReadonlySet<string>, staleBefore: number): Promise<{ closed: number; open: number }> {
  return store.transaction(async (tx) => {
    let closed = 0;
    let open = 0;
    for (const i of await tx.list<JsonValue>(ATTACKS, scopeOf(accountId))) {
      const a = i.value as unknown as AttackRecord;
      if (a.ResourceArn !== resourceArn || a.EndTime !== undefined || except.has(a.AttackId)) continue;
      const last = a.LastActive ?? a.StartTime;
      if (last >= staleBefore) {
        open++;
        continue;
      }
      await tx.put(ATTACKS, scopeOf(accountId), a.AttackId, { ...a, EndTime: last } as unknown as JsonValue);
      closed++;
    }
    return { closed, open };
  });
}
