/**
 * SSE-C: the caller's AES-256 key comes with every request (`x-amz-server-side-encryption-customer-
 * {algorithm,key,key-MD5}`, or their `x-amz-copy-source-` forms for a copy's source), only over TLS.
 * The key is never stored: the object keeps a random salt and HMAC-SHA256(key, salt), compared in
 * constant time on reads, and each body is sealed under HKDF(key, body id), so no two bodies share a key.
 */
import { createHash, createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import type { HandlerContext } from '../../../protocol/service-definition.js';
import type { BodyKeyOf } from '../blob-store.js';
import type { SseRecord } from '../store.js';
import { sseCAlgorithm, sseCKeyInvalid, sseCKeyMissing, sseCMd5Mismatch, sseCOverHttp, sseCWrongKey } from './errors.js';

export interface CustomerKeyHeaders {
  readonly algorithm?: string | undefined;
  readonly key?: string | undefined;
  readonly keyMd5?: string | undefined;
}

/** A checked customer key. */
export interface CustomerKey {
  readonly key: Buffer;
  /** Base64 MD5 of the key (echoed in responses). */
  readonly md5: string;
}

export const customerHeaders = (i: { SSECustomerAlgorithm?: string | undefined; SSECustomerKey?: string | undefined; SSECustomerKeyMD5?: string | undefined }): CustomerKeyHeaders => ({
  algorithm: i.SSECustomerAlgorithm,
  key: i.SSECustomerKey,
  keyMd5: i.SSECustomerKeyMD5,
});

export const anyGiven = (h: CustomerKeyHeaders) => h.algorithm !== undefined || h.key !== undefined || h.keyMd5 !== undefined;

/** The customer key of a request, or undefined when it gives none; S3's errors for an incomplete, malformed or insecure one. */
export function readCustomerKey(h: CustomerKeyHeaders, ctx: HandlerContext): CustomerKey | undefined {
  if (!anyGiven(h)) return undefined;
  if (!ctx.caller.secureTransport) throw sseCOverHttp();
  if (h.algorithm !== 'AES256') throw sseCAlgorithm();
  if (h.key === undefined || h.key === '') throw sseCKeyMissing();
  const key = Buffer.from(h.key, 'base64');
  if (key.length !== 32 || key.toString('base64') !== h.key.trim()) throw sseCKeyInvalid();
  const md5 = createHash('md5').update(key).digest('base64');
  // The MD5 is required on the wire (the SDKs compute it); a missing one is refused like a wrong one.
  if (h.keyMd5 === undefined || h.keyMd5.trim() !== md5) throw sseCMd5Mismatch();
  return { key, md5 };
}

const verifierOf = (key: Buffer, salt: Buffer) => createHmac('sha256', key).update('rampart-s3-sse-c-verifier').update(salt).digest();

/** What an SSE-C object stores about its key. */
export function customerRecord(ck: CustomerKey): SseRecord {
  const salt = randomBytes(16);
  return { kind: 'SSE-C', keyMd5: ck.md5, salt: salt.toString('base64'), verifier: verifierOf(ck.key, salt).toString('base64') };
}

/** Throws AccessDenied unless `ck` is the key the object was stored with (constant-time comparison). */
export function verifyCustomerKey(rec: Extract<SseRecord, { kind: 'SSE-C' }>, ck: CustomerKey): void {
  const expected = Buffer.from(rec.verifier, 'base64');
  const actual = verifierOf(ck.key, Buffer.from(rec.salt, 'base64'));
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) throw sseCWrongKey();
}

/** Each body's own key: HKDF-SHA256 of the base key (KMS data key, customer key) with the body's unique id. */
export function bodyKeys(base: Buffer, label: string): BodyKeyOf {
  return (id) => Buffer.from(hkdfSync('sha256', base, Buffer.from(id, 'utf8'), `rampart-s3-body-key:${label}`, 32));
}
