/**
 * Temporary credentials issued by STS, in the global table `sts.sessions` (key: the ASIA access key
 * id). STS writes them through `putSession`; the credential resolver reads them, so authentication
 * and authorization see a session without importing the STS service. Secret and session token are
 * sealed with the master key, never stored in clear.
 */
import type { JsonValue, SealContext, StoreOps, Store } from '../storage/types.js';
import type { SessionContext } from '../shared/session.js';
import { GLOBAL } from './identity-tables.js';

/** The table of temporary credentials. */
export const SESSIONS_TABLE = 'sts.sessions';

/** Where a session's secret and token are sealed: its own record (they open nowhere else). */
export function sessionSecretsAt(accessKeyId: string): SealContext {
  return { table: SESSIONS_TABLE, scope: GLOBAL, key: accessKeyId };
}

export type { SessionContext, SessionKind } from '../shared/session.js';

/** One stored session. */
export interface SessionRecord extends SessionContext {
  readonly accessKeyId: string;
  readonly accountId: string;
  readonly principalType: 'assumed-role' | 'federated-user' | 'user' | 'root';
  /** e.g. `arn:aws:sts::ACCT:assumed-role/ROLE/SESSION`; for session-token sessions the user's own ARN. */
  readonly arn: string;
  /** e.g. `AROA...:SESSION`, `ACCT:NAME` (federated), the user's AIDA id, the account id (root). */
  readonly userId: string;
  readonly sealedSecret: string;
  readonly sealedToken: string;
  /** Epoch ms after which the credentials are expired. */
  readonly expiresAt: number;
}

/** Writes a new session (fails if the key id exists, which a random 80-bit id makes impossible in practice). */
export async function putSession(store: StoreOps, rec: SessionRecord): Promise<void> {
  await store.put(SESSIONS_TABLE, GLOBAL, rec.accessKeyId, rec as unknown as JsonValue, { ifAbsent: true });
}

/** Reads a session by access key id. */
export async function getSession(store: StoreOps, accessKeyId: string): Promise<SessionRecord | undefined> {
  const item = await store.get(SESSIONS_TABLE, GLOBAL, accessKeyId);
  return item ? (item.value as unknown as SessionRecord) : undefined;
}

/** The session context of a record (everything but identity and secrets). */
export function sessionContextOf(rec: SessionRecord): SessionContext {
  const { accessKeyId: _a, accountId: _b, principalType: _c, arn: _d, userId: _e, sealedSecret: _f, sealedToken: _g, expiresAt: _h, ...ctx } = rec;
  return ctx;
}

/**
 * Deletes up to `limit` sessions that expired before `before` (epoch ms). Expired credentials are kept
 * for a grace period so that they are answered with ExpiredToken rather than InvalidClientTokenId.
 */
export async function sweepExpiredSessions(store: Store, before: number, limit = 100): Promise<number> {
  let removed = 0;
  for (const item of await store.list(SESSIONS_TABLE, GLOBAL, { limit: 1000 })) {
    if (removed >= limit) break;
    const rec = item.value as unknown as SessionRecord;
    if (rec.expiresAt < before && (await store.delete(SESSIONS_TABLE, GLOBAL, item.key))) removed++;
  }
  return removed;
}
