/**
 * The KMS side of SSE-KMS: S3 asks KMS for data keys as the caller (`parts.internal.call` with
 * OnBehalfOf `{caller, via: 's3.amazonaws.com'}`), so the caller needs kms:GenerateDataKey to write
 * and kms:Decrypt to read, evaluated with kms:ViaService = `s3.<region>.amazonaws.com`,
 * kms:CallerAccount and the encryption context; KMS's refusals become S3's errors (errors.ts fromKms).
 *
 * S3 Bucket Keys: one KMS data key per bucket and KMS key (context: the bucket ARN) serves many
 * objects for a limited time (BUCKET_KEY_TTL_MS), instead of one KMS call per object. The cache is per
 * caller (principal, access key, source address, transport): a principal KMS would refuse never gets
 * a key another principal obtained; a revoked permission stops applying within the TTL.
 */
import { createHash } from 'node:crypto';
import type { HandlerContext, InternalClient } from '../../../protocol/service-definition.js';
import { isAwsError } from '../../../shared/aws-error.js';
import { fromKms } from './errors.js';

/** How long a bucket key (generated or decrypted) is reused. AWS documents "a time-limited period". */
export const BUCKET_KEY_TTL_MS = 5 * 60 * 1000;
/** At most this many cached bucket keys (the cache is emptied when full). */
export const MAX_CACHED_KEYS = 10000;

export interface KmsDataKey {
  readonly plaintext: Buffer;
  /** Base64 ciphertext blob. */
  readonly ciphertext: string;
  /** The KMS key's ARN (canonical: never the alias the request named). */
  readonly keyArn: string;
}

interface Cached<T> {
  readonly value: T;
  readonly expires: number;
}

const callerKey = (ctx: HandlerContext) => {
  const c = ctx.caller;
  return `${c.principal.arn}|${c.accessKeyId ?? ''}|${c.sourceIp}|${c.secureTransport}|${c.region}`;
};

export class KmsKeys {
  private readonly generated = new Map<string, Cached<KmsDataKey>>();
  private readonly opened = new Map<string, Cached<Buffer>>();

  constructor(private readonly internal: InternalClient) {}

  /** A KMS call for the caller, in `region` (the bucket's: S3 uses a KMS key of the bucket's Region). */
  private async call(ctx: HandlerContext, region: string, operation: string, input: Record<string, unknown>): Promise<Record<string, unknown>> {
    try {
      return (await this.internal.call('kms', operation, input, { caller: { ...ctx.caller, region }, via: 's3.amazonaws.com' })) as Record<string, unknown>;
    } catch (e) {
      if (isAwsError(e)) throw fromKms(e);
      throw e;
    }
  }

  /** A new 256-bit data key under `keyId` (id, ARN or alias; `alias/aws/s3` is created on first use). */
  async generate(ctx: HandlerContext, region: string, keyId: string, context: Readonly<Record<string, string>>): Promise<KmsDataKey> {
    const out = await this.call(ctx, region, 'GenerateDataKey', { KeyId: keyId, KeySpec: 'AES_256', EncryptionContext: { ...context } });
    return { plaintext: Buffer.from(out['Plaintext'] as Uint8Array), ciphertext: Buffer.from(out['CiphertextBlob'] as Uint8Array).toString('base64'), keyArn: String(out['KeyId']) };
  }

  /** The plaintext of a data key sealed under `keyArn` (in the key's Region) with `context`. */
  async decrypt(ctx: HandlerContext, keyArn: string, ciphertext: string, context: Readonly<Record<string, string>>): Promise<Buffer> {
    const out = await this.call(ctx, keyArn.split(':')[3] || ctx.caller.region, 'Decrypt', { KeyId: keyArn, CiphertextBlob: Buffer.from(ciphertext, 'base64'), EncryptionContext: { ...context } });
    return Buffer.from(out['Plaintext'] as Uint8Array);
  }

  /** The caller's current bucket key for `bucketArn` under `keyId` (generated once per TTL). */
  async bucketKey(ctx: HandlerContext, region: string, bucketArn: string, keyId: string, context: Readonly<Record<string, string>>): Promise<KmsDataKey> {
    // protocol-lint: allow a cache key of an encryption context
    const k = `${callerKey(ctx)}|${region}|${bucketArn}|${keyId}|${JSON.stringify(context)}`;
    const hit = fresh(this.generated, k, ctx.caller.now);
    if (hit) return hit;
    const value = await this.generate(ctx, region, keyId, context);
    remember(this.generated, k, value, ctx.caller.now);
    return value;
  }

  /** A bucket key's plaintext, decrypted once per caller and TTL. */
  async openBucketKey(ctx: HandlerContext, keyArn: string, ciphertext: string, context: Readonly<Record<string, string>>): Promise<Buffer> {
    // protocol-lint: allow a cache key of an encryption context
    const k = `${callerKey(ctx)}|${keyArn}|${createHash('sha256').update(ciphertext).update(JSON.stringify(context)).digest('hex')}`;
    const hit = fresh(this.opened, k, ctx.caller.now);
    if (hit) return hit;
    const value = await this.decrypt(ctx, keyArn, ciphertext, context);
    remember(this.opened, k, value, ctx.caller.now);
    return value;
  }
}

function fresh<T>(cache: Map<string, Cached<T>>, key: string, now: number): T | undefined {
  const hit = cache.get(key);
  if (!hit) return undefined;
  if (hit.expires > now && now >= hit.expires - BUCKET_KEY_TTL_MS) return hit.value;
  cache.delete(key);
  return undefined;
}

function remember<T>(cache: Map<string, Cached<T>>, key: string, value: T, now: number): void {
  if (cache.size >= MAX_CACHED_KEYS) cache.clear();
  cache.set(key, { value, expires: now + BUCKET_KEY_TTL_MS });
}
