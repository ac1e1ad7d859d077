/**
 * Which encryption an object gets and how its body key is found again:
 * - writes (PutObject, CopyObject, CreateMultipartUpload): SSE-C when the request gives a customer
 *   key (over TLS, unless the bucket blocks SSE-C), else `x-amz-server-side-encryption`, else the
 *   bucket's default encryption. SSE-KMS asks KMS for a data key as the caller (or reuses the
 *   caller's S3 Bucket Key), with the context `aws:s3:arn` = the object ARN (the bucket ARN with a
 *   Bucket Key) plus the pairs the request gives;
 * - reads (GetObject, a copy's source, UploadPart and Complete of an encrypted upload): SSE-C needs
 *   the same key, SSE-KMS kms:Decrypt.
 * Every body is sealed under its own key derived from the base key and its unique id (customer-key.ts).
 */
import { randomBytes } from 'node:crypto';
import type { HandlerContext } from '../../../protocol/service-definition.js';
import type { BodyKeyOf } from '../blob-store.js';
import type { S3Deps } from '../deps.js';
import { bucketArn, objectArn, type BucketRecord, type SseRecord } from '../store.js';
import { bucketEncryption } from './bucket-encryption.js';
import { anyGiven, bodyKeys, customerRecord, readCustomerKey, verifyCustomerKey, type CustomerKeyHeaders } from './customer-key.js';
import { forgedContext, invalidContext, invalidKmsKeyId, kmsHeaderWithoutKms, sseCBlocked, sseCIncompatible, sseCNotApplicable, sseCRequired, unsupportedSse } from './errors.js';

/** The AWS managed key S3 uses when SSE-KMS names no key. */
export const DEFAULT_KMS_KEY = 'alias/aws/s3';
/** KMS key ids are at most 2048 characters (KMS's own limit), printable ASCII. */
const KMS_KEY_ID = /^[\x21-\x7e]{1,2048}$/;
/** The context header: at most this many bytes of base64. */
const MAX_CONTEXT_BYTES = 8192;
const ALGORITHMS = new Set(['AES256', 'aws:kms', 'aws:kms:dsse']);

export interface SseWriteInput {
  readonly ServerSideEncryption?: string | undefined;
  readonly SSEKMSKeyId?: string | undefined;
  readonly SSEKMSEncryptionContext?: string | undefined;
  readonly BucketKeyEnabled?: boolean | undefined;
  readonly SSECustomerAlgorithm?: string | undefined;
  readonly SSECustomerKey?: string | undefined;
  readonly SSECustomerKeyMD5?: string | undefined;
}

/** What a new object (or upload) gets: its `sse` record (absent: SSE-S3) and its bodies' keys. */
export interface WriteEncryption {
  readonly sse?: SseRecord;
  readonly keyFor?: BodyKeyOf;
}

/** The caller's extra context pairs (`x-amz-server-side-encryption-context`: base64 JSON of strings). */
function givenContext(raw: string | undefined): Record<string, string> | undefined {
  if (raw === undefined) return undefined;
  if (raw.length > MAX_CONTEXT_BYTES) throw invalidContext();
  let parsed: unknown;
  try {
    // protocol-lint: allow the x-amz-server-side-encryption-context header is base64 JSON by definition
    parsed = JSON.parse(Buffer.from(raw, 'base64').toString('utf8'));
  } catch {
    throw invalidContext();
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw invalidContext();
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(parsed)) {
    if (typeof v !== 'string' || k === '') throw invalidContext();
    out[k] = v;
  }
  return out;
}

/** The encryption of a new object `key` in `bucket` asked for by `input` (or the bucket's default). */
export async function encryptionForWrite(deps: S3Deps, ctx: HandlerContext, input: SseWriteInput, bucket: BucketRecord, key: string): Promise<WriteEncryption> {
  const config = bucketEncryption(bucket);
  const ck = readCustomerKey({ algorithm: input.SSECustomerAlgorithm, key: input.SSECustomerKey, keyMd5: input.SSECustomerKeyMD5 }, ctx);
  if (ck) {
    if (input.ServerSideEncryption !== undefined || input.SSEKMSKeyId !== undefined) throw sseCIncompatible();
    if (config.blockSseC) throw sseCBlocked();
    return { sse: customerRecord(ck), keyFor: bodyKeys(ck.key, 'SSE-C') };
  }
  const asked = input.ServerSideEncryption;
  if (asked !== undefined && !ALGORITHMS.has(asked)) throw unsupportedSse(asked);
  const algorithm = asked ?? config.algorithm;
  if (algorithm === 'AES256') {
    if (input.SSEKMSKeyId !== undefined) throw kmsHeaderWithoutKms('x-amz-server-side-encryption-aws-kms-key-id', input.SSEKMSKeyId);
    if (input.SSEKMSEncryptionContext !== undefined) throw kmsHeaderWithoutKms('x-amz-server-side-encryption-context', input.SSEKMSEncryptionContext);
    return {};
  }
  const kind = algorithm as 'aws:kms' | 'aws:kms:dsse';
  // "If you specify aws:kms ... but do not provide x-amz-server-side-encryption-aws-kms-key-id, Amazon S3 uses the AWS managed key (aws/s3)".
  const keyId = input.SSEKMSKeyId ?? (asked === undefined ? config.kmsKeyId : undefined) ?? DEFAULT_KMS_KEY;
  if (!KMS_KEY_ID.test(keyId)) throw invalidKmsKeyId(keyId);
  // S3 Bucket Keys are not supported with DSSE-KMS.
  const useBucketKey = kind === 'aws:kms' && (input.BucketKeyEnabled ?? (config.algorithm !== 'AES256' && config.bucketKeyEnabled));
  const partition = ctx.caller.principal.arn.split(':')[1] || 'aws';
  const arn = useBucketKey ? bucketArn(partition, bucket.name) : objectArn(partition, bucket.name, key);
  const given = givenContext(input.SSEKMSEncryptionContext);
  if (given && given['aws:s3:arn'] !== undefined && given['aws:s3:arn'] !== arn) throw forgedContext();
  const context = { ...given, 'aws:s3:arn': arn };
  const dk = useBucketKey ? await deps.kms.bucketKey(ctx, bucket.region, arn, keyId, context) : await deps.kms.generate(ctx, bucket.region, keyId, context);
  const sse: SseRecord = { kind, keyArn: dk.keyArn, dataKey: dk.ciphertext, context, ...(given ? { contextGiven: true } : {}), ...(useBucketKey ? { bucketKey: true } : {}) };
  return { sse, keyFor: bodyKeys(dk.plaintext, kind) };
}

/** The body keys of an object (or upload) with `sse`, for a caller giving customer key headers `h`; undefined: SSE-S3. */
export async function encryptionForRead(deps: S3Deps, ctx: HandlerContext, sse: SseRecord | undefined, h: CustomerKeyHeaders): Promise<BodyKeyOf | undefined> {
  if (sse === undefined) {
    if (anyGiven(h)) throw sseCNotApplicable();
    return undefined;
  }
  if (sse.kind === 'SSE-C') {
    const ck = readCustomerKey(h, ctx);
    if (!ck) throw sseCRequired();
    verifyCustomerKey(sse, ck);
    return bodyKeys(ck.key, 'SSE-C');
  }
  if (anyGiven(h)) throw sseCNotApplicable();
  const plain = sse.bucketKey ? await deps.kms.openBucketKey(ctx, sse.keyArn, sse.dataKey, sse.context) : await deps.kms.decrypt(ctx, sse.keyArn, sse.dataKey, sse.context);
  return bodyKeys(plain, sse.kind);
}

/** HeadObject: SSE-C objects still need their key (checked); KMS is not called. */
export function checkHeadKey(sse: SseRecord | undefined, h: CustomerKeyHeaders, ctx: HandlerContext): void {
  if (sse?.kind === 'SSE-C') {
    const ck = readCustomerKey(h, ctx);
    if (!ck) throw sseCRequired();
    verifyCustomerKey(sse, ck);
  } else if (anyGiven(h)) throw sseCNotApplicable();
}

/**
 * "Objects created by the PUT Object, POST Object, or Copy operation ... and are encrypted by SSE-C or
 * SSE-KMS, have ETags that are not an MD5 digest of their object data": such an object's ETag is
 * random (32 hex digits, revealing nothing of the body); SSE-S3 objects keep the MD5.
 */
export function etagFields(sse: SseRecord | undefined): { etag?: string } {
  return sse ? { etag: randomBytes(16).toString('hex') } : {};
}

/** The response members that describe an object's encryption (PUT, GET, HEAD, copies, multipart). */
export function sseOutput(sse: SseRecord | undefined, withContext = false) {
  if (sse === undefined) return { ServerSideEncryption: 'AES256' as const };
  if (sse.kind === 'SSE-C') return { SSECustomerAlgorithm: 'AES256', SSECustomerKeyMD5: sse.keyMd5 };
  return {
    ServerSideEncryption: sse.kind,
    SSEKMSKeyId: sse.keyArn,
    // protocol-lint: allow the x-amz-server-side-encryption-context header is base64 JSON by definition
    ...(withContext && sse.contextGiven ? { SSEKMSEncryptionContext: Buffer.from(JSON.stringify(sse.context)).toString('base64') } : {}),
    ...(sse.bucketKey ? { BucketKeyEnabled: true } : {}),
  };
}
