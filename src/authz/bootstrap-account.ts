import { isAccountId, newAccountId, newIamId, newSecretAccessKey } from '../shared/ids.js';
import { rootArn } from '../shared/principal.js';
import type { JsonValue, Store } from '../storage/types.js';
import { accessKeySecretAt, GLOBAL, TABLES, type AccessKeyRecord, type BootstrapRecord } from './identity-tables.js';

export interface RootCredentials {
  readonly accountId: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

export interface BootstrapResult extends RootCredentials {
  /** True when this call created the account (first start). */
  readonly created: boolean;
}

/** Thrown when a data store already holds a different account than the one asked for. */
export class AccountMismatchError extends Error {
  constructor(readonly storedAccountId: string, readonly requestedAccountId: string) {
    super(`This data store belongs to account ${storedAccountId}; it cannot be started as ${requestedAccountId}.`);
    this.name = 'AccountMismatchError';
  }
}

/**
 * First start: creates the default account, its root user and one root access key.
 * Later starts: returns the stored ones (and refuses a different requested account id).
 */
export async function bootstrapDefaultAccount(store: Store, opts: { accountId?: string; now: number }): Promise<BootstrapResult> {
  if (opts.accountId !== undefined && !isAccountId(opts.accountId)) {
    throw new Error(`Invalid account id '${opts.accountId}': an AWS account id is exactly 12 digits.`);
  }
  const existing = await readBootstrap(store);
  if (existing) {
    if (opts.accountId !== undefined && opts.accountId !== existing.accountId) throw new AccountMismatchError(existing.accountId, opts.accountId);
    return { ...existing, created: false };
  }
  const creds: RootCredentials = { accountId: opts.accountId ?? newAccountId(), accessKeyId: newIamId('AKIA'), secretAccessKey: newSecretAccessKey() };
  await seedAccount(store, creds, new Date(opts.now).toISOString());
  return { ...creds, created: true };
}

/** One record of the first-start state. */
export interface SeedRecord {
  readonly table: string;
  readonly key: string;
  readonly value: JsonValue;
}

/** The records a first start writes: the account, its root access key (sealed) and the bootstrap record. */
export function seedRecords(store: Store, creds: RootCredentials, createdAt: string): SeedRecord[] {
  const key: AccessKeyRecord = {
    accessKeyId: creds.accessKeyId,
    accountId: creds.accountId,
    principalType: 'root',
    arn: rootArn(creds.accountId),
    userId: creds.accountId,
    status: 'Active',
    sealedSecret: store.sealer.seal(creds.secretAccessKey, accessKeySecretAt(creds.accessKeyId)),
    createdAt,
  };
  const boot: BootstrapRecord = { accountId: creds.accountId, rootAccessKeyId: creds.accessKeyId, createdAt };
  return [
    { table: TABLES.accounts, key: creds.accountId, value: { accountId: creds.accountId, createdAt } },
    { table: TABLES.accessKeys, key: creds.accessKeyId, value: key as unknown as JsonValue },
    { table: TABLES.installation, key: 'bootstrap', value: boot as unknown as JsonValue },
  ];
}

/** Writes the first-start records in one transaction. */
export async function seedAccount(store: Store, creds: RootCredentials, createdAt: string): Promise<void> {
  const records = seedRecords(store, creds, createdAt);
  await store.transaction(async (tx) => {
    for (const r of records) await tx.put(r.table, GLOBAL, r.key, r.value);
  });
}

/**
 * Creates another account (its record, root user and one root access key) beside the default one
 * (Organizations' CreateAccount; tests of cross-account access). Refuses an id already taken.
 */
export async function createAccount(store: Store, opts: { accountId?: string; now: number }): Promise<RootCredentials> {
  const creds: RootCredentials = { accountId: opts.accountId ?? newAccountId(), accessKeyId: newIamId('AKIA'), secretAccessKey: newSecretAccessKey() };
  const records = seedRecords(store, creds, new Date(opts.now).toISOString()).filter((r) => r.table !== TABLES.installation);
  await store.transaction(async (tx) => {
    for (const r of records) await tx.put(r.table, GLOBAL, r.key, r.value, { ifAbsent: true });
  });
  return creds;
}

/**
 * Puts the whole store back to its first-start state, atomically: every table of every service is
 * emptied and the same account and root access key are written again (`POST /_rampart/reset`).
 */
export async function resetToFirstStart(store: Store): Promise<RootCredentials> {
  const boot = await readBootstrap(store);
  if (!boot) throw new Error('The data store has no bootstrap record to reset to.');
  const records = seedRecords(store, boot, boot.createdAt);
  await store.importAll((put) => {
    for (const r of records) put(r.table, GLOBAL, { key: r.key, version: 1, value: r.value });
  }, { replace: true });
  return boot;
}

/** The installation's root credentials, unsealed (for `rampart credentials` and reset). */
export async function readBootstrap(store: Store): Promise<(RootCredentials & { readonly createdAt: string }) | undefined> {
  const item = await store.get(TABLES.installation, GLOBAL, 'bootstrap');
  if (!item) return undefined;
  const boot = item.value as unknown as BootstrapRecord;
  const keyItem = await store.get(TABLES.accessKeys, GLOBAL, boot.rootAccessKeyId);
  if (!keyItem) throw new Error('The data store is inconsistent: the bootstrap root access key is missing.');
  const key = keyItem.value as unknown as AccessKeyRecord;
  return { accountId: boot.accountId, accessKeyId: boot.rootAccessKeyId, secretAccessKey: store.sealer.open(key.sealedSecret, accessKeySecretAt(boot.rootAccessKeyId)).toString('utf8'), createdAt: boot.createdAt };
}

/**
 * The root credentials of any account in the store (a member account made by Organizations'
 * CreateAccount), unsealed: its first active root access key. For `rampart credentials --account`
 * (a Rampart extension: AWS has no such call) and tests. Scans the access keys (operator use only).
 */
export async function rootCredentialsOf(store: Store, accountId: string): Promise<RootCredentials | undefined> {
  let after: string | undefined;
  for (;;) {
    const page = await store.list(TABLES.accessKeys, GLOBAL, { limit: 1000, ...(after ? { after } : {}) });
    for (const item of page) {
      const k = item.value as unknown as AccessKeyRecord;
      if (k.accountId === accountId && k.principalType === 'root' && k.status === 'Active') {
        return { accountId, accessKeyId: k.accessKeyId, secretAccessKey: store.sealer.open(k.sealedSecret, accessKeySecretAt(k.accessKeyId)).toString('utf8') };
      }
    }
    if (page.length < 1000) return undefined;
    after = page[page.length - 1]!.key;
  }
}
