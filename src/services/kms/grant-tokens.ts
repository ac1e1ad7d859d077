/**
 * Rampart's grant tokens, version 1: unforgeable references to a grant, carrying no secret. AWS's
 * token is opaque; this one is base64url (no padding) of
 *
 *   offset  size  field
 *   0       1     format version = 0x01, with the high bit (0x80) set when the key is a multi-Region
 *                 key (`mrk-<32 hex>`: the key id field holds those 16 bytes)
 *   1       12    account id of the key (ASCII digits)
 *   13      1     length r of the region name
 *   14      r     region (ASCII)
 *   14+r    16    key id (the UUID's 16 bytes)
 *   30+r    32    grant id (its 64 hex digits as bytes)
 *   62+r    16    random nonce (every CreateGrant answer gets a new token, even for the same grant)
 *   78+r    32    HMAC-SHA256 over bytes 0 .. 78+r under the installation's grant token key
 *
 * The grant token key is 32 random bytes made on first use and stored sealed by the store's sealer
 * (table `kms.grant-token-key`, global scope), never logged or returned. A token that does not
 * decode, has another length or version, or whose MAC does not verify is not a token
 * (InvalidGrantTokenException); a valid token only names a grant, which must still exist to count.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { Table } from '../../storage/table.js';
import { StorageError, type Scope, type Store } from '../../storage/types.js';
import { KEY_ID, keyIdBytes, keyIdString, MRK_ID } from './key-id.js';

export const GRANT_TOKEN_KEY_TABLE = 'kms.grant-token-key';
const VERSION = 1;
const NONCE = 16;
const MAC = 32;
const KEY_WHERE = { table: GRANT_TOKEN_KEY_TABLE, scope: { kind: 'global' } as Scope, key: 'v1' };
const tokenKeys = new Table<{ sealed: string }>(GRANT_TOKEN_KEY_TABLE);
const MRK_FLAG = 0x80;
const GRANT_ID = /^[0-9a-f]{64}$/;

/** What a token names. */
export interface GrantTokenRef {
  readonly accountId: string;
  readonly region: string;
  readonly keyId: string;
  readonly grantId: string;
}

const mac = (macKey: Buffer, body: Buffer): Buffer => createHmac('sha256', macKey).update(body).digest();

/** A new token for a grant (a fresh nonce each time). */
export function encodeGrantToken(ref: GrantTokenRef, macKey: Buffer, nonce: Buffer = randomBytes(NONCE)): string {
  const mrk = MRK_ID.test(ref.keyId);
  if (!/^\d{12}$/.test(ref.accountId) || !/^[a-z0-9-]{1,64}$/.test(ref.region) || !KEY_ID.test(ref.keyId) || !GRANT_ID.test(ref.grantId) || nonce.length !== NONCE) throw new Error('bad grant token fields');
  const body = Buffer.concat([
    Buffer.from([VERSION | (mrk ? MRK_FLAG : 0)]),
    Buffer.from(ref.accountId, 'ascii'),
    Buffer.from([ref.region.length]),
    Buffer.from(ref.region, 'ascii'),
    keyIdBytes(ref.keyId),
    Buffer.from(ref.grantId, 'hex'),
    nonce,
  ]);
  return Buffer.concat([body, mac(macKey, body)]).toString('base64url');
}

/** What a token names, or undefined when it is not a token made with `macKey` (bounded work: the model caps tokens at 8192 chars). */
export function parseGrantToken(token: string, macKey: Buffer): GrantTokenRef | undefined {
  if (token.length > 8192 || !/^[A-Za-z0-9_-]+$/.test(token)) return undefined;
  const b = Buffer.from(token, 'base64url');
  if (b.length < 14 || (b[0]! & ~MRK_FLAG) !== VERSION) return undefined;
  const mrk = (b[0]! & MRK_FLAG) !== 0;
  const r = b[13]!;
  const end = 14 + r + 16 + 32 + NONCE;
  if (r === 0 || b.length !== end + MAC) return undefined;
  if (!timingSafeEqual(mac(macKey, b.subarray(0, end)), b.subarray(end))) return undefined;
  const accountId = b.subarray(1, 13).toString('ascii');
  const region = b.subarray(14, 14 + r).toString('ascii');
  if (!/^\d{12}$/.test(accountId) || !/^[a-z0-9-]+$/.test(region)) return undefined;
  const keyId = keyIdString(b.subarray(14 + r, 30 + r), mrk);
  return { accountId, region, keyId, grantId: b.subarray(30 + r, 62 + r).toString('hex') };
}

/** Opened keys by their sealed form (a reset or restore that changes the stored key changes the entry). */
const opened = new Map<string, Buffer>();

/** The installation's grant token key; made (once, race-safe) when `create`, else undefined when none was ever made. */
export async function grantTokenKey(store: Store, create: boolean): Promise<Buffer | undefined> {
  let rec = await tokenKeys.get(store, KEY_WHERE.scope, KEY_WHERE.key);
  if (!rec && create) {
    const bytes = randomBytes(32);
    const sealed = store.sealer.seal(bytes, KEY_WHERE);
    bytes.fill(0);
    try {
      await tokenKeys.put(store, KEY_WHERE.scope, KEY_WHERE.key, { sealed }, { ifAbsent: true });
    } catch (e) {
      // Another request (or node) made it first: use theirs.
      if (!(e instanceof StorageError) || e.reason !== 'ConditionFailed') throw e;
    }
    rec = await tokenKeys.get(store, KEY_WHERE.scope, KEY_WHERE.key);
  }
  if (!rec) return undefined;
  let key = opened.get(rec.sealed);
  if (!key) {
    key = store.sealer.open(rec.sealed, KEY_WHERE);
    if (opened.size >= 16) opened.clear();
    opened.set(rec.sealed, key);
  }
  return key;
}
