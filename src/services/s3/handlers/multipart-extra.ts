/**
 * UploadPartCopy (a part read from an existing object, whole or a `bytes=a-b` range, re-encrypted
 * as the part's own file; s3:GetObject on the source checked as CopyObject checks it) and
 * ListMultipartUploads (a bucket's uploads in progress by key, then initiation).
 */
import type { MultipartUpload } from '../api.generated.js';
import { bucketNamed, ownerOf, type OpHandlers, type S3Deps } from '../deps.js';
import { invalidArgument, invalidPartNumber } from '../errors.js';
import { BodyTap, DEFAULT_CHECKSUM, writeBody } from '../object-write.js';
import { GLOBAL, uploads, type UploadRecord } from '../store.js';
import { customerHeaders } from '../sse/customer-key.js';
import { encryptionForRead, sseOutput } from '../sse/object-encryption.js';
import { parseCopySource, readCopySource } from './copy-object.js';
import { commitPart, MAX_PARTS, uploadOf } from './multipart.js';

/** At most this many uploads of a bucket are read for one listing (bounded work). */
const MAX_SCANNED_UPLOADS = 10000;

/** `bytes=first-last` of a source of `size` bytes (UploadPartCopy accepts only this form). */
function copyRange(range: string | undefined, size: number): { start: number; end: number } {
  if (range === undefined) return { start: 0, end: size - 1 };
  const m = /^bytes=(\d+)-(\d+)$/.exec(range.trim());
  if (!m || Number(m[1]) > Number(m[2]) || Number(m[2]) >= size) throw invalidArgument(`Range specified is not valid for source object of size: ${size}`, 'x-amz-copy-source-range', range);
  return { start: Number(m[1]), end: Number(m[2]) };
}

export function multipartExtraHandlers(deps: S3Deps): OpHandlers<'UploadPartCopy' | 'ListMultipartUploads'> {
  return {
    async UploadPartCopy(input, ctx) {
      const n = input.PartNumber;
      if (!Number.isInteger(n) || n < 1 || n > MAX_PARTS) throw invalidPartNumber(n);
      const upload = await uploadOf(deps, input.Bucket, input.Key, input.UploadId);
      const from = parseCopySource(input.CopySource);
      const src = await readCopySource(deps, ctx, from, input);
      const range = copyRange(input.CopySourceRange, src.size);
      const sourceKey = await encryptionForRead(deps, ctx, src.sse, { algorithm: input.CopySourceSSECustomerAlgorithm, key: input.CopySourceSSECustomerKey, keyMd5: input.CopySourceSSECustomerKeyMD5 });
      const partKey = await encryptionForRead(deps, ctx, upload.object.sse, customerHeaders(input));
      const alg = upload.checksum?.algorithm ?? DEFAULT_CHECKSUM;
      const tap = new BodyTap([alg]);
      const blob = await writeBody(deps, deps.blobs.read(src.blob, src.size, range.start, range.end, sourceKey), tap, partKey);
      const sums = tap.results();
      const part = { partNumber: n, size: tap.bytes, md5: sums.md5, lastModified: ctx.caller.now, blob, checksums: sums.checksums };
      await commitPart(deps, input.Bucket, input.UploadId, part);
      const checksum = { [`Checksum${alg}`]: sums.checksums[alg] };
      return { CopyPartResult: { ETag: `"${part.md5}"`, LastModified: new Date(part.lastModified), ...checksum }, ...sseOutput(upload.object.sse), ...(src.versionId ? { CopySourceVersionId: src.versionId } : {}) };
    },

    async ListMultipartUploads(input) {
      await bucketNamed(deps, input.Bucket);
      const max = input.MaxUploads === undefined ? 1000 : Math.min(Math.max(input.MaxUploads, 0), 1000);
      const prefix = input.Prefix ?? '';
      const rows = await uploads.list(deps.store, GLOBAL, { prefix: `${input.Bucket}/`, limit: MAX_SCANNED_UPLOADS });
      const all = rows
        .map((r) => r.value)
        .filter((u) => u.key.startsWith(prefix))
        .sort((a, b) => (a.key === b.key ? a.initiated - b.initiated || (a.uploadId < b.uploadId ? -1 : 1) : Buffer.compare(Buffer.from(a.key), Buffer.from(b.key))));
      const after = (u: UploadRecord) =>
        input.KeyMarker === undefined || u.key > input.KeyMarker || (u.key === input.KeyMarker && input.UploadIdMarker !== undefined && all.findIndex((x) => x.uploadId === input.UploadIdMarker) < all.indexOf(u));
      const shown: MultipartUpload[] = [];
      const prefixes: string[] = [];
      let truncated = false;
      let last: UploadRecord | undefined;
      for (const u of all.filter(after)) {
        const at = input.Delimiter ? u.key.indexOf(input.Delimiter, prefix.length) : -1;
        const common = at >= 0 ? u.key.slice(0, at + input.Delimiter!.length) : undefined;
        if (common !== undefined && prefixes.includes(common)) continue;
        if (shown.length + prefixes.length >= max) {
          truncated = true;
          break;
        }
        if (common !== undefined) prefixes.push(common);
        else shown.push({ UploadId: u.uploadId, Key: u.key, Initiated: new Date(u.initiated), StorageClass: 'STANDARD', Owner: ownerOf(u.owner), Initiator: { ID: u.initiator, DisplayName: u.initiator } });
        last = u;
      }
      return {
        Bucket: input.Bucket,
        KeyMarker: input.KeyMarker ?? '',
        UploadIdMarker: input.UploadIdMarker ?? '',
        ...(truncated && last ? { NextKeyMarker: last.key, NextUploadIdMarker: last.uploadId } : {}),
        Prefix: prefix,
        ...(input.Delimiter ? { Delimiter: input.Delimiter } : {}),
        MaxUploads: max,
        IsTruncated: truncated,
        ...(shown.length ? { Uploads: shown } : {}),
        ...(prefixes.length ? { CommonPrefixes: prefixes.map((p) => ({ Prefix: p })) } : {}),
      };
    },
  };
}
