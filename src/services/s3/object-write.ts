/**
 * Writing an object: the body streams through the hashes (MD5 for the ETag, the flexible checksums
 * asked for) into a sealed file; the row that makes it visible is committed only once the file is
 * durable and every check passed, in a transaction that also checks the bucket still exists and the
 * request's write conditions. Whatever fails, the new file is removed; a replaced object's file is
 * removed after the commit.
 */
import { Readable, Transform, type TransformCallback } from 'node:stream';
import { isAwsError } from '../../shared/aws-error.js';
import type { ChecksumAlgorithm } from '../../shared/checksums.js';
import type { StoreOps } from '../../storage/types.js';
import type { BodyHashing, BodyKeyOf } from './blob-store.js';
import { BodyHasher, type BodyDigests } from './body-hasher.js';
import type { S3Deps } from './deps.js';
import { incompleteBody, noSuchBucket, preconditionFailed, noSuchKey } from './errors.js';
import { buckets, etagOf, GLOBAL, objectKey, objects, type BlobRef, type ObjectRecord } from './store.js';
import { putCurrent } from './versioning.js';

export const CHECKSUM_ALGORITHMS: readonly ChecksumAlgorithm[] = ['CRC32', 'CRC32C', 'CRC64NVME', 'SHA1', 'SHA256'];

/**
 * The checksums a new object (or part) gets: those asked for or, when none is, CRC64NVME, which S3
 * adds to every object uploaded without a checksum (a full-object checksum, returned as
 * `ChecksumCRC64NVME` "if the object was uploaded without a checksum (and Amazon S3 added the
 * default checksum, CRC64NVME, to the uploaded object)", S3 API reference, Checksum).
 */
export const DEFAULT_CHECKSUM: ChecksumAlgorithm = 'CRC64NVME';
export const checksumsFor = (asked: readonly ChecksumAlgorithm[]): readonly ChecksumAlgorithm[] => (asked.length > 0 ? asked : [DEFAULT_CHECKSUM]);

/**
 * The hashes of an upload: the writer thread computes them and the tap adopts its digests, or, on the
 * event loop's write path, the tap computes them itself as the plaintext passes (its hasher is made then).
 */
export class BodyTap extends Transform implements BodyHashing {
  readonly algorithms: readonly ChecksumAlgorithm[];
  private hasher: BodyHasher | undefined;
  private digests: BodyDigests | undefined;

  constructor(algorithms: Iterable<ChecksumAlgorithm>) {
    super();
    this.algorithms = [...new Set(algorithms)];
  }

  /** The digests the writer thread computed (the transform itself then saw nothing). */
  adopt(digests: BodyDigests): void {
    this.digests = digests;
  }

  /** The plaintext's length (so far, on the event loop's path). */
  get bytes(): number {
    return this.digests?.bytes ?? this.hasher?.bytes ?? 0;
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    (this.hasher ??= new BodyHasher(this.algorithms)).update(chunk);
    cb(null, chunk);
  }

  /** Hex MD5 and base64 checksums (after the end). */
  results(): { md5: string; checksums: Record<string, string> } {
    const d = (this.digests ??= (this.hasher ?? new BodyHasher(this.algorithms)).digests());
    return { md5: d.md5, checksums: { ...d.checksums } };
  }
}

/** A handler's payload as a stream (streamed by the gateway, or bytes from an in-process caller). */
export function bodyStream(body: unknown): Readable {
  if (body === undefined || body === null) return Readable.from([]);
  if (body instanceof Uint8Array) return Readable.from([Buffer.from(body)]);
  if (typeof body === 'string') return Readable.from([Buffer.from(body, 'utf8')]);
  return body as Readable;
}

/**
 * Streams `source` into a new sealed body. An upload cut short (the client went away) is
 * IncompleteBody; a payload that fails verification keeps its AwsError (SignatureDoesNotMatch, ...).
 */
export async function writeBody(deps: S3Deps, source: Readable, tap: BodyTap, keyFor?: BodyKeyOf): Promise<BlobRef> {
  try {
    return await deps.blobs.write(source, tap, keyFor);
  } catch (e) {
    if (isAwsError(e)) throw e;
    deps.log('an object body could not be written', e);
    throw incompleteBody();
  }
}

/** Write conditions of PutObject / CopyObject (If-Match, If-None-Match: `*`). */
export interface WriteConditions {
  readonly IfMatch?: string;
  readonly IfNoneMatch?: string;
}

/**
 * Commits `rec` (its file already durable) as the key's current version (versioning.ts: the bucket's
 * status decides what becomes of the replaced one); removes the file if the commit fails, and the
 * bodies no version keeps after. Answers the record as stored (with its version id, if any).
 */
export async function commitObject(deps: S3Deps, rec: ObjectRecord, cond: WriteConditions = {}, also?: (tx: StoreOps) => Promise<void>): Promise<ObjectRecord> {
  let result: { stored: ObjectRecord; freed: BlobRef[] } | undefined;
  try {
    result = await deps.store.transaction(async (tx) => {
      const bucket = await buckets.get(tx, GLOBAL, rec.bucket);
      if (!bucket) throw noSuchBucket(rec.bucket);
      const replaced = await objects.get(tx, GLOBAL, objectKey(rec.bucket, rec.key));
      if (cond.IfNoneMatch !== undefined && replaced) throw preconditionFailed('If-None-Match');
      if (cond.IfMatch !== undefined) {
        if (!replaced) throw noSuchKey(rec.key);
        if (cond.IfMatch.replace(/"/g, '').trim() !== etagOf(replaced) && cond.IfMatch.trim() !== '*') throw preconditionFailed('If-Match');
      }
      const r = await putCurrent(tx, bucket, rec);
      await also?.(tx);
      return r;
    });
  } catch (e) {
    await deps.blobs.remove(rec.blob).catch((x: unknown) => deps.log('removing an uncommitted object body failed', x));
    throw e;
  }
  deps.blobs.removeLater(result.freed, deps.log);
  return result.stored;
}
