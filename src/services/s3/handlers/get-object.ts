/** GetObject (streamed from disk, decrypted on the way) and HeadObject: preconditions, ranges, response overrides. */
import { RESPONSE_STATUS } from '../../../protocol/streaming.js';
import type { GetObjectRequest } from '../api.generated.js';
import { byteRange, checkPreconditions } from '../conditions.js';
import type { HandlerContext } from '../../../protocol/service-definition.js';
import type { OpHandlers, S3Deps } from '../deps.js';
import { invalidArgument } from '../errors.js';
import { objectHeaders, outputChecksums } from '../object-headers.js';
import { etagOf } from '../store.js';
import { versionToRead } from '../version-reads.js';
import { partRange } from '../part-reads.js';
import { expirationOf } from '../lifecycle/expiration-header.js';
import { customerHeaders } from '../sse/customer-key.js';
import { checkHeadKey, encryptionForRead } from '../sse/object-encryption.js';

type ReadInput = Pick<
  GetObjectRequest,
  | 'Bucket' | 'Key' | 'VersionId' | 'Range' | 'PartNumber' | 'IfMatch' | 'IfNoneMatch' | 'IfModifiedSince' | 'IfUnmodifiedSince' | 'ChecksumMode'
  | 'ResponseCacheControl' | 'ResponseContentDisposition' | 'ResponseContentEncoding' | 'ResponseContentLanguage' | 'ResponseContentType' | 'ResponseExpires'
  | 'SSECustomerAlgorithm' | 'SSECustomerKey' | 'SSECustomerKeyMD5'
>;

/** What an HTTP header value may hold (Node's own check: ISO-8859-1 without control characters but tab). */
const HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;
const OVERRIDES = ['ResponseCacheControl', 'ResponseContentDisposition', 'ResponseContentEncoding', 'ResponseContentLanguage', 'ResponseContentType'] as const;

/** The object, its preconditions checked, the range asked for, and the headers to answer with. */
async function prepare(deps: S3Deps, input: ReadInput, ctx: HandlerContext, method: 'GET' | 'HEAD') {
  // A response-* override becomes a header: one that cannot be a header value is refused, never answered 500.
  for (const name of OVERRIDES) {
    const v = input[name];
    if (v !== undefined && !HEADER_VALUE.test(v)) throw invalidArgument('Header value cannot be represented using ISO-8859-1.', name.replace(/^Response/, 'response-').replace(/([a-z])([A-Z])/g, '$1-$2').toLowerCase(), v);
  }
  const rec = await versionToRead(deps, ctx, input, method);
  checkPreconditions(input, etagOf(rec), rec.lastModified);
  const part = partRange(rec, input.PartNumber, input.Range);
  const range = part ?? byteRange(input.Range, rec.size);
  const headers = {
    ...objectHeaders(rec),
    ...(rec.versionId !== undefined ? { VersionId: rec.versionId } : {}),
    ...(input.VersionId === undefined ? await expirationOf(deps.store, rec) : {}),
    ...(input.ChecksumMode === 'ENABLED' && !range ? outputChecksums(rec) : {}),
    ...(input.ResponseCacheControl !== undefined ? { CacheControl: input.ResponseCacheControl } : {}),
    ...(input.ResponseContentDisposition !== undefined ? { ContentDisposition: input.ResponseContentDisposition } : {}),
    ...(input.ResponseContentEncoding !== undefined ? { ContentEncoding: input.ResponseContentEncoding } : {}),
    ...(input.ResponseContentLanguage !== undefined ? { ContentLanguage: input.ResponseContentLanguage } : {}),
    ...(input.ResponseContentType !== undefined ? { ContentType: input.ResponseContentType } : {}),
    ...(input.ResponseExpires !== undefined ? { Expires: input.ResponseExpires.toUTCString() } : {}),
    ContentLength: range ? range.end - range.start + 1 : rec.size,
    ...(range && (part === undefined || part.count !== undefined) ? { ContentRange: `bytes ${range.start}-${range.end}/${rec.size}`, [RESPONSE_STATUS]: 206 } : {}),
    ...(part?.count !== undefined ? { PartsCount: part.count } : {}),
  };
  return { rec, range, headers };
}

export function getObjectHandlers(deps: S3Deps): OpHandlers<'GetObject' | 'HeadObject'> {
  return {
    async GetObject(input, ctx) {
      const { rec, range, headers } = await prepare(deps, input, ctx, 'GET');
      // SSE-C: the object's key; SSE-KMS: kms:Decrypt as the caller (a refusal answers before any byte).
      const keyFor = await encryptionForRead(deps, ctx, rec.sse, customerHeaders(input));
      const body = deps.blobs.read(rec.blob, rec.size, range?.start ?? 0, range?.end ?? rec.size - 1, keyFor);
      return { ...headers, Body: body as never };
    },
    async HeadObject(input, ctx) {
      const { rec, headers } = await prepare(deps, input, ctx, 'HEAD');
      checkHeadKey(rec.sse, customerHeaders(input), ctx);
      return headers;
    },
  };
}
