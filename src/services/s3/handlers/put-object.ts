/** PutObject: checks what the headers claim before the body is read, then streams it to disk. */
import { isWellFormedChecksum, type ChecksumAlgorithm } from '../../../shared/checksums.js';
import type { PutObjectRequest } from '../api.generated.js';
import { checkKey } from '../authz.js';
import { accountOf, type OpHandlers, type S3Deps } from '../deps.js';
import { badChecksum, badDigestMd5, entityTooLarge, incompleteBody, invalidChecksumHeader, invalidDigest, missingContentLength, notImplemented } from '../errors.js';
import { BodyTap, bodyStream, CHECKSUM_ALGORITHMS, commitObject, writeBody } from '../object-write.js';
import { checkMetadata, checkNoAcl, checkServerSideEncryption, contentHeaders, outputChecksums } from '../object-headers.js';
import { checkTags, MAX_OBJECT_TAGS, parseTaggingHeader } from '../tags.js';
import type { ObjectRecord } from '../store.js';

/** "The largest object that can be uploaded in a single PUT is 5 GB." */
export const MAX_PUT_BYTES = 5 * 1024 ** 3;

const claimed = (input: PutObjectRequest, a: ChecksumAlgorithm): string | undefined => input[`Checksum${a}` as const];

/** The MD5 Content-MD5 claims (16 bytes, base64), or InvalidDigest. */
function md5Claim(v: string | undefined): string | undefined {
  if (v === undefined) return undefined;
  const raw = Buffer.from(v, 'base64');
  if (raw.length !== 16 || raw.toString('base64') !== v.trim()) throw invalidDigest(v);
  return raw.toString('hex');
}

export function putObjectHandlers(deps: S3Deps): OpHandlers<'PutObject'> {
  return {
    async PutObject(input, ctx) {
      checkKey(input.Key);
      checkServerSideEncryption(input);
      checkNoAcl(input);
      if (input.ContentLength === undefined) throw missingContentLength();
      if (input.ContentLength > MAX_PUT_BYTES) throw entityTooLarge(input.ContentLength);
      if (input.WriteOffsetBytes !== undefined) throw notImplemented('x-amz-write-offset-bytes');
      const md5 = md5Claim(input.ContentMD5);
      const wanted = CHECKSUM_ALGORITHMS.filter((a) => claimed(input, a) !== undefined || input.ChecksumAlgorithm === a);
      for (const a of wanted) {
        const v = claimed(input, a);
        if (v !== undefined && !isWellFormedChecksum(a, v)) throw invalidChecksumHeader(`x-amz-checksum-${a.toLowerCase()}`);
      }
      const tags = input.Tagging !== undefined ? checkTags(parseTaggingHeader(input.Tagging), MAX_OBJECT_TAGS) : [];
      const metadata = checkMetadata(input.Metadata);

      const tap = new BodyTap(wanted);
      const blob = await writeBody(deps, bodyStream(input.Body), tap);
      const sums = tap.results();
      const refuse = async (e: Error) => {
        await deps.blobs.remove(blob);
        return e;
      };
      if (tap.bytes !== input.ContentLength) throw await refuse(incompleteBody());
      if (md5 !== undefined && md5 !== sums.md5) throw await refuse(badDigestMd5());
      for (const a of wanted) if (claimed(input, a) !== undefined && claimed(input, a) !== sums.checksums[a]) throw await refuse(badChecksum(a));

      const rec: ObjectRecord = {
        bucket: input.Bucket,
        key: input.Key,
        size: tap.bytes,
        md5: sums.md5,
        lastModified: ctx.caller.now,
        blob,
        ...contentHeaders(input),
        metadata,
        checksums: sums.checksums,
        tags,
        owner: accountOf(ctx),
      };
      await commitObject(deps, rec, input);
      return { ETag: `"${rec.md5}"`, ServerSideEncryption: 'AES256', ...outputChecksums(rec) };
    },
  };
}
