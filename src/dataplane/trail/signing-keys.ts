/**
 * The digest signing keys: one RSA-2048 key pair per account and region at a time, replaced after
 * `rotationMs` (the old one stays listed for the time it was valid, so older digests still verify).
 * The fingerprint is the hex MD5 of the PKCS#1 DER public key; ListPublicKeys lists the DER key
 * (`Value`), its validity and fingerprint. Private keys are sealed at rest with the store's master
 * key (secret-sealer.ts), bound to their record.
 */
import { createHash, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { Table } from '../../storage/table.js';
import type { Scope, Store, StoreOps } from '../../storage/types.js';
import { privateKeyFromDer, type DigestSigner } from './digest.js';

export const SIGNING_KEY_TABLE = 'cloudtrail.digest-keys';
/**
 * Where the CloudTrail service's ListPublicKeys reads (branch trail-core, src/services/cloudtrail/
 * store.ts: `cloudtrail.public-keys`, region scope, key = fingerprint): the public halves are
 * published there as keys are created and retired.
 */
export const PUBLISHED_KEY_TABLE = 'cloudtrail.public-keys';

/** The published record (trail-core's PublicKeyRecord). */
interface PublishedKey {
  readonly value: string;
  readonly fingerprint: string;
  readonly validityStartTime: number;
  readonly validityEndTime?: number;
}
const published = new Table<PublishedKey>(PUBLISHED_KEY_TABLE);
/** AWS does not say how often it rotates; Rampart: every 30 days by default. */
export const DEFAULT_ROTATION_MS = 30 * 24 * 3_600_000;

interface SigningKeyRecord {
  readonly fingerprint: string;
  /** Base64 PKCS#1 DER public key. */
  readonly publicKey: string;
  /** Sealed PKCS#8 DER private key. */
  readonly privateKey: string;
  /** Epoch ms. */
  readonly validFrom: number;
  /** Epoch ms; null while the key is the current one. */
  readonly validTo: number | null;
}

/** A public key as ListPublicKeys returns it. */
export interface PublicKeyInfo {
  readonly fingerprint: string;
  /** PKCS#1 DER. */
  readonly value: Buffer;
  readonly validFrom: number;
  /** Epoch ms; undefined for the current key. */
  readonly validTo: number | undefined;
}

const keys = new Table<SigningKeyRecord>(SIGNING_KEY_TABLE);
const scopeOf = (accountId: string, region: string): Scope => ({ kind: 'region', accountId, region });
/** Keys sort by the time they became valid (zero-padded epoch ms), then fingerprint. */
const keyOf = (validFrom: number, fingerprint: string): string => `${String(validFrom).padStart(15, '0')}-${fingerprint}`;

/** Hex MD5 of the PKCS#1 DER public key (AWS's digestPublicKeyFingerprint). */
export const fingerprintOf = (publicKeyDer: Buffer): string => createHash('md5').update(publicKeyDer).digest('hex');

/** A fresh key pair: its PKCS#1 DER public key, PKCS#8 DER private key and fingerprint. */
export function generateSigningKey(): { publicDer: Buffer; privateDer: Buffer; privateKey: KeyObject; fingerprint: string } {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const publicDer = publicKey.export({ format: 'der', type: 'pkcs1' });
  return { publicDer, privateDer: privateKey.export({ format: 'der', type: 'pkcs8' }), privateKey, fingerprint: fingerprintOf(publicDer) };
}

/**
 * The key that signs digests in this account and region at `now`: the current one, or a new one
 * when there is none or it is older than `rotationMs` (the old one then ends at `now`).
 */
export async function currentSigner(store: Store, accountId: string, region: string, now: number, rotationMs = DEFAULT_ROTATION_MS): Promise<DigestSigner> {
  const scope = scopeOf(accountId, region);
  const usable = (rows: { key: string; value: SigningKeyRecord }[]) => {
    const cur = [...rows].reverse().find((r) => r.value.validTo === null);
    return { cur, fresh: cur !== undefined && now >= cur.value.validFrom && now - cur.value.validFrom < rotationMs };
  };
  const open = (row: { key: string; value: SigningKeyRecord }): DigestSigner => ({
    fingerprint: row.value.fingerprint,
    privateKey: privateKeyFromDer(store.sealer.open(row.value.privateKey, { table: SIGNING_KEY_TABLE, scope, key: row.key })),
  });
  const seen = usable(await keys.list(store, scope));
  if (seen.fresh) return open(seen.cur!);
  // Generating a key takes a while: not inside the transaction (which re-checks and may find one).
  const k = generateSigningKey();
  return store.transaction(async (tx) => {
    const { cur, fresh } = usable(await keys.list(tx, scope));
    if (fresh) return open(cur!);
    if (cur) {
      await keys.put(tx, scope, cur.key, { ...cur.value, validTo: now });
      await published.put(tx, scope, cur.value.fingerprint, { value: cur.value.publicKey, fingerprint: cur.value.fingerprint, validityStartTime: cur.value.validFrom, validityEndTime: now });
    }
    const key = keyOf(now, k.fingerprint);
    const record = { fingerprint: k.fingerprint, publicKey: k.publicDer.toString('base64'), privateKey: store.sealer.seal(k.privateDer, { table: SIGNING_KEY_TABLE, scope, key }), validFrom: now, validTo: null };
    await keys.put(tx, scope, key, record, { ifAbsent: true });
    await published.put(tx, scope, k.fingerprint, { value: record.publicKey, fingerprint: k.fingerprint, validityStartTime: now });
    return { fingerprint: k.fingerprint, privateKey: k.privateKey };
  });
}

/** The public keys valid at some time in [start, end] (epoch ms), oldest first (ListPublicKeys). */
export async function listPublicKeys(ops: StoreOps, accountId: string, region: string, start: number, end: number): Promise<PublicKeyInfo[]> {
  const rows = await keys.list(ops, scopeOf(accountId, region));
  return rows
    .filter((r) => r.value.validFrom <= end && (r.value.validTo === null || r.value.validTo >= start))
    .map((r) => ({ fingerprint: r.value.fingerprint, value: Buffer.from(r.value.publicKey, 'base64'), validFrom: r.value.validFrom, validTo: r.value.validTo ?? undefined }));
}
