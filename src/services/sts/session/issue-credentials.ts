/**
 * Issues temporary credentials: an ASIA access key id that encodes the account, a 40-character
 * secret, a session token, stored sealed in `sts.sessions` (see authz/session-store.ts).
 */
import { randomBytes } from 'node:crypto';
import { newAccessKeyIdFor } from '../../../authz/key-ids.js';
import { putSession, sessionSecretsAt, sweepExpiredSessions, type SessionRecord } from '../../../authz/session-store.js';
import { newSecretAccessKey } from '../../../shared/ids.js';
import type { Store } from '../../../storage/types.js';
import type { Credentials } from '../api.generated.js';

/** The session as issued, minus what `issueCredentials` generates. */
export type SessionDraft = Omit<SessionRecord, 'accessKeyId' | 'sealedSecret' | 'sealedToken'>;

/** A new session token: opaque, URL-safe base64, long like AWS's. */
function newSessionToken(): string {
  return 'IQoJb3JpZ2luX2Vj' + randomBytes(240).toString('base64');
}

/** Expired sessions stay this long (answered ExpiredToken rather than InvalidClientTokenId), then go. */
export const EXPIRED_SESSION_GRACE_MS = 24 * 3600 * 1000;
const SWEEP_EVERY = 256;
let issued = 0;

/** Stores the session and returns the credentials for the response. */
export async function issueCredentials(store: Store, draft: SessionDraft): Promise<Credentials> {
  const accessKeyId = newAccessKeyIdFor('ASIA', draft.accountId);
  const secret = newSecretAccessKey();
  const token = newSessionToken();
  await putSession(store, { ...draft, accessKeyId, sealedSecret: store.sealer.seal(secret, sessionSecretsAt(accessKeyId)), sealedToken: store.sealer.seal(token, sessionSecretsAt(accessKeyId)) });
  // Housekeeping rides on issuance: every SWEEP_EVERY sessions, long-expired ones are deleted.
  if (++issued % SWEEP_EVERY === 0) await sweepExpiredSessions(store, draft.issuedAt - EXPIRED_SESSION_GRACE_MS).catch(() => 0);
  return { AccessKeyId: accessKeyId, SecretAccessKey: secret, SessionToken: token, Expiration: new Date(Math.floor(draft.expiresAt / 1000) * 1000) };
}
