/**
 * The verifier's S3 source, as `aws cloudtrail validate-logs` reads a trail's bucket: ListObjectsV2
 * (every page) and GetObject through the gateway's internal client, as whoever `readAs` names
 * (`rampart audit verify`: the bucket owner's root, src/gateway/trail-bucket-reader.ts), so the
 * bucket policy applies as it does to any request. A missing object (NoSuchKey) reads as absent;
 * every other refusal (AccessDenied, NoSuchBucket, a body too large) is a DeliveredFilesError
 * naming the bucket, the key and the S3 error, never a half-verified trail.
 */
import { isAwsError } from '../../shared/aws-error.js';
import type { DeliveredFiles, DeliveredObject } from './delivery-target.js';
import type { CallerCall, InternalCaller, ServicePrincipalCall } from './s3-target.js';

/** Largest object read back (log and digest files are a few MB at most). */
export const MAX_READ_BYTES = 256 * 1024 * 1024;
/** Pages of one listing at most (1000 keys each): a continuation token that never ends is refused. */
const MAX_PAGES = 1_000_000;

export interface S3ReaderOptions {
  readonly internal: InternalCaller;
  readonly bucket: string;
  /** Who reads, built for each call (its `now`). */
  readonly readAs: () => ServicePrincipalCall | CallerCall;
  /** Default MAX_READ_BYTES. */
  readonly maxObjectBytes?: number;
}

/** The bucket could not be read: the verification cannot be done (not a finding about a file). */
export class DeliveredFilesError extends Error {
  constructor(message: string, readonly code: string) {
    super(message);
    this.name = 'DeliveredFilesError';
  }
}

const errorCode = (e: unknown): string => (isAwsError(e) ? e.code : e instanceof Error ? e.name : 'Error');
const errorText = (e: unknown): string => (isAwsError(e) ? `${e.code}: ${e.message}` : e instanceof Error ? e.message : String(e));

const record = (v: unknown): Readonly<Record<string, unknown>> => (typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : {});

/** The S3 user metadata of a GetObject output (string values only). */
function metadataOf(v: unknown): Record<string, string> {
  return Object.fromEntries(Object.entries(record(v)).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

function isAsyncIterable(v: unknown): v is AsyncIterable<unknown> {
  return typeof v === 'object' && v !== null && typeof (v as { [Symbol.asyncIterator]?: unknown })[Symbol.asyncIterator] === 'function';
}

/** The bytes of a GetObject Body (a stream through the internal client), refusing more than `max`. */
export async function readBody(body: unknown, max: number): Promise<Buffer> {
  if (body === undefined || body === null) return Buffer.alloc(0);
  if (typeof body === 'string' || body instanceof Uint8Array) {
    const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
    if (bytes.length > max) throw new RangeError(`larger than ${max} bytes`);
    return bytes;
  }
  if (!isAsyncIterable(body)) throw new TypeError('GetObject answered a body that is not a byte stream');
  const chunks: Buffer[] = [];
  let size = 0;
  const it = body[Symbol.asyncIterator]();
  try {
    for (;;) {
      const next = await it.next();
      if (next.done) break;
      const c: unknown = next.value;
      const chunk = typeof c === 'string' ? Buffer.from(c, 'utf8') : c instanceof Uint8Array ? Buffer.from(c.buffer, c.byteOffset, c.byteLength) : undefined;
      if (!chunk) throw new TypeError('GetObject answered a body that is not a byte stream');
      size += chunk.length;
      if (size > max) throw new RangeError(`larger than ${max} bytes`);
      chunks.push(chunk);
    }
  } finally {
    // Stops (and closes) a stream left before its end.
    await it.return?.();
  }
  return Buffer.concat(chunks, size);
}

/** Closes a body stream that will not be read. */
function discard(body: unknown): void {
  const destroy = typeof body === 'object' && body !== null ? (body as { destroy?: unknown }).destroy : undefined;
  if (typeof destroy === 'function') (destroy as () => void).call(body);
}

/** A key the verifier may ask for (keys in a digest are data): S3's limit, never empty. */
const askable = (key: string): boolean => key.length > 0 && Buffer.byteLength(key, 'utf8') <= 1024;

/** DeliveredFiles over S3: the objects of `bucket` as `readAs` may read them. */
export function s3Reader(o: S3ReaderOptions): DeliveredFiles {
  const max = o.maxObjectBytes ?? MAX_READ_BYTES;
  const s3url = (key: string): string => `s3://${o.bucket}/${key}`;
  return {
    bucket: o.bucket,
    async list(prefix) {
      const keys: string[] = [];
      const seen = new Set<string>();
      let token: string | undefined;
      for (let page = 0; page < MAX_PAGES; page++) {
        let out: Readonly<Record<string, unknown>>;
        try {
          out = record(await o.internal.call('s3', 'ListObjectsV2', { Bucket: o.bucket, Prefix: prefix, ...(token !== undefined ? { ContinuationToken: token } : {}) }, o.readAs()));
        } catch (e) {
          throw new DeliveredFilesError(`cannot list ${s3url(prefix)} (ListObjectsV2): ${errorText(e)}`, errorCode(e));
        }
        const contents = Array.isArray(out['Contents']) ? (out['Contents'] as unknown[]) : [];
        for (const c of contents) {
          const k = record(c)['Key'];
          if (typeof k === 'string') keys.push(k);
        }
        const next = out['NextContinuationToken'];
        if (out['IsTruncated'] !== true || typeof next !== 'string') return keys;
        if (seen.has(next)) throw new DeliveredFilesError(`cannot list ${s3url(prefix)} (ListObjectsV2): the continuation token repeats`, 'InvalidContinuationToken');
        seen.add(next);
        token = next;
      }
      throw new DeliveredFilesError(`cannot list ${s3url(prefix)} (ListObjectsV2): more than ${MAX_PAGES} pages`, 'TooManyPages');
    },
    async get(key): Promise<DeliveredObject | undefined> {
      // A key S3 could not hold names no object (as the directory target's unsafe keys).
      if (!askable(key)) return undefined;
      let out: Readonly<Record<string, unknown>>;
      try {
        out = record(await o.internal.call('s3', 'GetObject', { Bucket: o.bucket, Key: key }, o.readAs()));
      } catch (e) {
        if (isAwsError(e) && e.code === 'NoSuchKey') return undefined;
        throw new DeliveredFilesError(`cannot read ${s3url(key)} (GetObject): ${errorText(e)}`, errorCode(e));
      }
      const length = out['ContentLength'];
      if (typeof length === 'number' && length > max) {
        discard(out['Body']);
        throw new DeliveredFilesError(`cannot read ${s3url(key)} (GetObject): ${length} bytes, more than the ${max} a delivered file may hold`, 'ObjectTooLarge');
      }
      try {
        return { body: await readBody(out['Body'], max), metadata: metadataOf(out['Metadata']) };
      } catch (e) {
        throw new DeliveredFilesError(`cannot read ${s3url(key)} (GetObject): ${errorText(e)}`, errorCode(e));
      }
    },
  };
}
