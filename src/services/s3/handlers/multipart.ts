/**
 * Multipart upload: CreateMultipartUpload, UploadPart (each part streamed to its own sealed file),
 * CompleteMultipartUpload (the parts, checked against the list, are joined into one new sealed body;
 * the object row is committed and the upload's rows deleted in one transaction, then the parts'
 * files are removed), AbortMultipartUpload, ListParts. Every part but the last is at least 5 MiB;
 * at most 10000 parts; the ETag is the MD5 of the parts' MD5s followed by `-<count>`.
 */
import { createHash, randomBytes } from 'node:crypto';
import { PassThrough, type Readable } from 'node:stream';
import { accountOf, bucketNamed, ownerOf, type OpHandlers, type S3Deps } from '../deps.js';
import { entityTooLarge, entityTooSmall, invalidArgument, invalidPart, invalidPartNumber, invalidPartOrder, malformedXml, missingContentLength, noSuchBucket, noSuchUpload } from '../errors.js';
import { checkKey } from '../authz.js';
import { readClaims, refutedClaim } from '../body-claims.js';
import { BodyTap, bodyStream, checksumsFor, commitObject, DEFAULT_CHECKSUM, writeBody } from '../object-write.js';
import { checkMetadata, checkNoAcl, contentHeaders } from '../object-headers.js';
import type { BodyKeyOf } from '../blob-store.js';
import { customerHeaders } from '../sse/customer-key.js';
import { encryptionForRead, encryptionForWrite, sseOutput } from '../sse/object-encryption.js';
import { checkTags, MAX_OBJECT_TAGS, parseTaggingHeader } from '../tags.js';
import { buckets, GLOBAL, partKey, parts, uploadKey, uploads, type ObjectRecord, type PartRecord, type UploadRecord } from '../store.js';
import { MAX_PUT_BYTES } from './put-object.js';
import { expirationOf } from '../lifecycle/expiration-header.js';
import { checkCompletedParts, checkFullObjectClaim, checkPartAlgorithm, compositeChecksum, uploadChecksumOf } from '../multipart-checksums.js';

export const MIN_PART_BYTES = 5 * 1024 * 1024;
export const MAX_PARTS = 10000;


/** The bodies of `list`, one after the other, as one stream (each opened when the previous ends). */
function joined(deps: S3Deps, list: readonly PartRecord[], keyFor: BodyKeyOf | undefined): Readable {
  const out = new PassThrough();
  void (async () => {
    try {
      for (const p of list) {
        const r = deps.blobs.read(p.blob, p.size, 0, p.size - 1, keyFor);
        for await (const chunk of r) if (!out.write(chunk)) await new Promise((res) => out.once('drain', res));
      }
      out.end();
    } catch (e) {
      out.destroy(e as Error);
    }
  })();
  return out;
}

/** Deletes an upload's rows in `tx`; returns its parts (whose files the caller removes after the commit). */
export async function dropUpload(tx: Parameters<typeof parts.list>[0], bucket: string, uploadId: string): Promise<PartRecord[]> {
  const gone = await parts.deletePrefix(tx, GLOBAL, `${uploadKey(bucket, uploadId)}/`);
  await uploads.delete(tx, GLOBAL, uploadKey(bucket, uploadId));
  return gone.map((r) => r.value);
}

/** Commits a part whose file is durable (removed if the upload is gone); a replaced part's file is removed after. */
export async function commitPart(deps: S3Deps, bucket: string, uploadId: string, part: PartRecord): Promise<void> {
  let replaced: PartRecord | undefined;
  try {
    await deps.store.transaction(async (tx) => {
      if (!(await uploads.get(tx, GLOBAL, uploadKey(bucket, uploadId)))) throw noSuchUpload(uploadId);
      replaced = await parts.get(tx, GLOBAL, partKey(bucket, uploadId, part.partNumber));
      await parts.put(tx, GLOBAL, partKey(bucket, uploadId, part.partNumber), part);
    });
  } catch (e) {
    await deps.blobs.remove(part.blob);
    throw e;
  }
  const old = replaced;
  if (old) await deps.blobs.remove(old.blob).catch((e: unknown) => deps.log('removing a replaced part body failed', e));
}

/** The upload `uploadId` of `key` in `bucket`, or NoSuchUpload. */
export async function uploadOf(deps: S3Deps, bucket: string, key: string, uploadId: string): Promise<UploadRecord> {
  const u = await uploads.get(deps.store, GLOBAL, uploadKey(bucket, uploadId));
  if (!u || u.key !== key) throw noSuchUpload(uploadId);
  return u;
}

export function multipartHandlers(deps: S3Deps): OpHandlers<'CreateMultipartUpload' | 'UploadPart' | 'CompleteMultipartUpload' | 'AbortMultipartUpload' | 'ListParts'> {
  const removeAll = (list: readonly PartRecord[]) => Promise.all(list.map((p) => deps.blobs.remove(p.blob).catch((e: unknown) => deps.log('removing a part body failed', e))));
  return {
    async CreateMultipartUpload(input, ctx) {
      checkKey(input.Key);
      checkNoAcl(input);
      // The upload's encryption is chosen now (KMS: kms:GenerateDataKey); parts and Complete need kms:Decrypt or the SSE-C key.
      const enc = await encryptionForWrite(deps, ctx, input, await bucketNamed(deps, input.Bucket), input.Key);
      const tags = input.Tagging !== undefined ? checkTags(parseTaggingHeader(input.Tagging), MAX_OBJECT_TAGS) : [];
      const checksum = uploadChecksumOf(input);
      const rec: UploadRecord = {
        bucket: input.Bucket,
        key: input.Key,
        uploadId: randomBytes(30).toString('base64url'),
        initiated: ctx.caller.now,
        owner: accountOf(ctx),
        initiator: ctx.caller.principal.arn,
        object: { ...contentHeaders(input), metadata: checkMetadata(input.Metadata), tags, ...(enc.sse ? { sse: enc.sse } : {}) },
        ...(checksum ? { checksum } : {}),
      };
      await deps.store.transaction(async (tx) => {
        if (!(await buckets.get(tx, GLOBAL, input.Bucket))) throw noSuchBucket(input.Bucket);
        await uploads.put(tx, GLOBAL, uploadKey(rec.bucket, rec.uploadId), rec);
      });
      return { Bucket: rec.bucket, Key: rec.key, UploadId: rec.uploadId, ...sseOutput(enc.sse, true), ...(checksum ? { ChecksumAlgorithm: checksum.algorithm, ChecksumType: checksum.type } : {}) };
    },

    async UploadPart(input, ctx) {
      const n = input.PartNumber;
      if (!Number.isInteger(n) || n < 1 || n > MAX_PARTS) throw invalidPartNumber(n);
      if (input.ContentLength === undefined) throw missingContentLength();
      if (input.ContentLength > MAX_PUT_BYTES) throw entityTooLarge(input.ContentLength);
      const claims = readClaims(input);
      const upload = await uploadOf(deps, input.Bucket, input.Key, input.UploadId);
      checkPartAlgorithm(upload.checksum, input);
      const keyFor = await encryptionForRead(deps, ctx, upload.object.sse, customerHeaders(input));
      const tap = new BodyTap(upload.checksum ? [...claims.wanted, upload.checksum.algorithm] : checksumsFor(claims.wanted));
      const blob = await writeBody(deps, bodyStream(input.Body), tap, keyFor);
      const sums = tap.results();
      const part: PartRecord = { partNumber: n, size: tap.bytes, md5: sums.md5, lastModified: ctx.caller.now, blob, checksums: sums.checksums };
      const refused = refutedClaim(input, claims, tap.bytes, sums);
      if (refused) {
        await deps.blobs.remove(blob);
        throw refused;
      }
      await commitPart(deps, input.Bucket, input.UploadId, part);
      const returned = Object.fromEntries(Object.entries(sums.checksums).map(([a, v]) => [`Checksum${a}`, v]));
      return { ETag: `"${part.md5}"`, ...sseOutput(upload.object.sse), ...returned };
    },

    async CompleteMultipartUpload(input, ctx) {
      const upload = await uploadOf(deps, input.Bucket, input.Key, input.UploadId);
      const asked = input.MultipartUpload?.Parts ?? [];
      if (asked.length === 0 || asked.length > MAX_PARTS) throw malformedXml();
      const stored = new Map((await parts.list(deps.store, GLOBAL, { prefix: `${uploadKey(input.Bucket, input.UploadId)}/` })).map((r) => [r.value.partNumber, r.value]));
      const chosen: PartRecord[] = [];
      let previous = 0;
      for (const a of asked) {
        if (a.PartNumber === undefined || a.PartNumber <= previous) throw a.PartNumber === undefined ? malformedXml() : invalidPartOrder();
        previous = a.PartNumber;
        const p = stored.get(a.PartNumber);
        if (!p || (a.ETag ?? '').replace(/"/g, '').trim() !== p.md5) throw invalidPart();
        chosen.push(p);
      }
      chosen.forEach((p, i) => {
        if (i < chosen.length - 1 && p.size < MIN_PART_BYTES) throw entityTooSmall();
      });
      const size = chosen.reduce((t, p) => t + p.size, 0);
      if (size > 5 * 1024 ** 4) throw invalidArgument('Your proposed upload exceeds the maximum allowed object size.', 'size', String(size));
      const etag = `${createHash('md5').update(Buffer.concat(chosen.map((p) => Buffer.from(p.md5, 'hex')))).digest('hex')}-${chosen.length}`;
      checkCompletedParts(upload.checksum, asked, chosen);
      const keyFor = await encryptionForRead(deps, ctx, upload.object.sse, customerHeaders(input));
      // No checksum asked for at creation: the object gets S3's default, a full-object CRC64NVME.
      const sum = upload.checksum ?? { algorithm: DEFAULT_CHECKSUM, type: 'FULL_OBJECT' as const };
      const tap = new BodyTap(sum.type === 'FULL_OBJECT' ? [sum.algorithm] : []);
      const blob = await writeBody(deps, joined(deps, chosen, keyFor), tap, keyFor);
      const results = tap.results();
      const checksums: Record<string, string> = {};
      checksums[sum.algorithm] = sum.type === 'COMPOSITE' ? compositeChecksum(sum.algorithm, chosen) : results.checksums[sum.algorithm]!;
      try {
        if (sum.type === 'FULL_OBJECT') checkFullObjectClaim(sum, input, checksums[sum.algorithm]!);
      } catch (e) {
        await deps.blobs.remove(blob);
        throw e;
      }
      const rec: ObjectRecord = { bucket: upload.bucket, key: upload.key, size: tap.bytes, md5: results.md5, etag, lastModified: ctx.caller.now, blob, ...upload.object, checksums, checksumType: sum.type, owner: accountOf(ctx), parts: chosen.map((p) => ({ size: p.size, md5: p.md5, ...(p.checksums ? { checksums: p.checksums } : {}) })) };
      let dropped: PartRecord[] = [];
      const committed = await commitObject(deps, rec, input, async (tx) => {
        if (!(await uploads.get(tx, GLOBAL, uploadKey(upload.bucket, upload.uploadId)))) throw noSuchUpload(upload.uploadId);
        dropped = await dropUpload(tx, upload.bucket, upload.uploadId);
      });
      await removeAll(dropped);
      const returned = { [`Checksum${sum.algorithm}`]: checksums[sum.algorithm], ChecksumType: sum.type };
      return {
        Location: `/${rec.bucket}/${encodeURIComponent(rec.key)}`,
        Bucket: rec.bucket,
        Key: rec.key,
        ETag: `"${etag}"`,
        ...sseOutput(committed.sse),
        ...returned,
        ...(committed.versionId ? { VersionId: committed.versionId } : {}),
        ...(await expirationOf(deps.store, committed)),
      };
    },

    async AbortMultipartUpload(input) {
      await uploadOf(deps, input.Bucket, input.Key, input.UploadId);
      const dropped = await deps.store.transaction((tx) => dropUpload(tx, input.Bucket, input.UploadId));
      await removeAll(dropped);
      return {};
    },

    async ListParts(input) {
      const upload = await uploadOf(deps, input.Bucket, input.Key, input.UploadId);
      const max = input.MaxParts === undefined ? 1000 : Math.min(Math.max(input.MaxParts, 0), 1000);
      const marker = input.PartNumberMarker ?? 0;
      const page = await parts.list(deps.store, GLOBAL, { prefix: `${uploadKey(input.Bucket, input.UploadId)}/`, after: partKey(input.Bucket, input.UploadId, marker), limit: max + 1 });
      const shown = page.slice(0, max).map((r) => r.value);
      const truncated = page.length > max;
      return {
        Bucket: upload.bucket,
        Key: upload.key,
        UploadId: upload.uploadId,
        PartNumberMarker: marker,
        ...(shown.length ? { NextPartNumberMarker: shown[shown.length - 1]!.partNumber } : {}),
        MaxParts: max,
        IsTruncated: truncated,
        Parts: shown.map((p) => ({ PartNumber: p.partNumber, LastModified: new Date(p.lastModified), ETag: `"${p.md5}"`, Size: p.size, ...(upload.checksum && p.checksums?.[upload.checksum.algorithm] ? { [`Checksum${upload.checksum.algorithm}`]: p.checksums[upload.checksum.algorithm] } : {}) })),
        ...(upload.checksum ? { ChecksumAlgorithm: upload.checksum.algorithm, ChecksumType: upload.checksum.type } : {}),
        Initiator: { ID: upload.initiator, DisplayName: upload.initiator },
        Owner: ownerOf(upload.owner),
        StorageClass: 'STANDARD',
      };
    },
  };
}
