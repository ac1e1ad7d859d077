/**
 * SigV4 signing keys: kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service),
 * "aws4_request"). Derivation costs four HMACs, so keys are cached in a bounded LRU map. Cache keys
 * hold a SHA-256 of the secret, never the secret; nothing here is logged or exposed.
 */
import { createHash, createHmac } from 'node:crypto';

/** HMAC-SHA256 of `data` under `key`. */
export function hmacSha256(key: Buffer | string, data: Buffer | string): Buffer {
  return createHmac('sha256', key).update(data).digest();
}

/** Derives the signing key of a credential scope (no caching). */
export function deriveSigningKey(secretAccessKey: string, date: string, region: string, service: string): Buffer {
  const kDate = hmacSha256(Buffer.from('AWS4' + secretAccessKey, 'utf8'), date);
  const kRegion = hmacSha256(kDate, region);
  const kService = hmacSha256(kRegion, service);
  return hmacSha256(kService, 'aws4_request');
}

/** A bounded least-recently-used cache of derived signing keys. */
export class SigningKeyCache {
  private readonly entries = new Map<string, Buffer>();
  /** SHA-256 of recently seen secrets, so the hot path hashes a secret once, not per request. */
  private readonly secretHashes = new Map<string, string>();

  /** @param maxEntries how many derived keys to keep (oldest unused ones are dropped first). */
  constructor(private readonly maxEntries = 1024) {
    if (!Number.isInteger(maxEntries) || maxEntries < 1) throw new RangeError('maxEntries must be a positive integer');
  }

  /** The signing key of `secretAccessKey` for a scope, derived once and then served from the cache. */
  get(secretAccessKey: string, date: string, region: string, service: string): Buffer {
    let secretHash = this.secretHashes.get(secretAccessKey);
    if (secretHash === undefined) {
      secretHash = createHash('sha256').update(secretAccessKey, 'utf8').digest('hex');
      if (this.secretHashes.size >= this.maxEntries) this.secretHashes.clear();
      this.secretHashes.set(secretAccessKey, secretHash);
    }
    const cacheKey = `${secretHash}\n${date}\n${region}\n${service}`;
    const hit = this.entries.get(cacheKey);
    if (hit) {
      this.entries.delete(cacheKey);
      this.entries.set(cacheKey, hit);
      return hit;
    }
    const key = deriveSigningKey(secretAccessKey, date, region, service);
    this.entries.set(cacheKey, key);
    if (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    return key;
  }

  /** Number of cached keys. */
  get size(): number {
    return this.entries.size;
  }

  /** Drops every cached key. */
  clear(): void {
    this.entries.clear();
    this.secretHashes.clear();
  }
}

/** The process-wide cache used by `verifyRequest` unless the caller passes its own. */
export const defaultSigningKeyCache = new SigningKeyCache();
