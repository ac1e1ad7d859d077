/**
 * LookupEvents' NextToken: the cursor and a digest of the query, sealed (AES-256-GCM under the
 * master key, bound to the account and region), so a token cannot be forged, edited, moved to
 * another account or region, or reused with other parameters: any of these answers
 * InvalidNextTokenException.
 */
import { createHash } from 'node:crypto';
import type { EventCursor } from '../../storage/event-log/event-log.js';
import type { SecretSealer } from '../../storage/types.js';
import { InvalidNextTokenException } from './api.generated.js';
import { regionScope } from './store.js';

const MAX_TOKEN_LENGTH = 2048;

const where = (accountId: string, region: string) => ({ table: 'cloudtrail.lookup-token', scope: regionScope(accountId, region), key: 'next-token' });

/** A digest of the parameters a token is valid with. */
// protocol-lint: allow the digest of a lookup query, not a wire format
export const queryDigest = (parts: readonly unknown[]): string => createHash('sha256').update(JSON.stringify(parts)).digest('base64url').slice(0, 22);

/**
 * Only the exact text sealToken made: base64 decoding skips characters it does not know and the
 * spare bits of the last one, so other spellings of the same bytes are refused here. (The 16 bytes
 * of the sealer's key mark, which tells restores whose key sealed a value, are not covered by
 * AES-GCM: a token changed there still opens to its own cursor, never to another.)
 */
function canonical(token: string): boolean {
  const m = /^rs2:([A-Za-z0-9+/]+={0,2})$/.exec(token);
  return m !== null && Buffer.from(m[1]!, 'base64').toString('base64') === m[1];
}

export function sealToken(sealer: SecretSealer, accountId: string, region: string, cursor: EventCursor, digest: string): string {
  // protocol-lint: allow the sealed NextToken content, not a response body
  return sealer.seal(JSON.stringify({ t: cursor.eventTime, s: cursor.seq, q: digest }), where(accountId, region));
}

export function openToken(sealer: SecretSealer, accountId: string, region: string, token: string, digest: string): EventCursor {
  const bad = () => new InvalidNextTokenException('Invalid NextToken');
  if (token.length === 0 || token.length > MAX_TOKEN_LENGTH || !canonical(token)) throw bad();
  let v: unknown;
  try {
    // protocol-lint: allow the sealed NextToken content, not a request body
    v = JSON.parse(sealer.open(token, where(accountId, region)).toString('utf8'));
  } catch {
    throw bad();
  }
  const o = v as { t?: unknown; s?: unknown; q?: unknown };
  if (!Number.isSafeInteger(o.t) || !Number.isSafeInteger(o.s) || o.q !== digest) throw bad();
  return { eventTime: o.t as number, seq: o.s as number };
}
