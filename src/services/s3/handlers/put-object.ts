/**
 * PutObject: checks what the headers claim before the body is read, then streams it to disk. The new
 * version gets the ACL of its `x-amz-acl` / `x-amz-grant-*` headers where ACLs are enabled (object-acl.ts).
 */
import { checkKey } from '../authz.js';
import { accountOf, bucketNamed, type OpHandlers, type S3Deps } from '../deps.js';
import { readClaims, refutedClaim } from '../body-claims.js';
import { entityTooLarge, missingContentLength, notImplemented } from '../errors.js';
import { BodyTap, bodyStream, checksumsFor, commitObject, writeBody } from '../object-write.js';
import { checkMetadata, contentHeaders, outputChecksums } from '../object-headers.js';
import { aclForNewObject } from '../object-acl.js';
import { encryptionForWrite, etagFields, sseOutput } from '../sse/object-encryption.js';
import { checkTags, MAX_OBJECT_TAGS, parseTaggingHeader } from '../tags.js';
import { etagOf, type ObjectRecord } from '../store.js';
import { expirationOf } from '../lifecycle/expiration-header.js';

/** "The largest object that can be uploaded in a single PUT is 5 GB." */
export const MAX_PUT_BYTES = 5 * 1024 ** 3;

export function putObjectHandlers(deps: S3Deps): OpHandlers<'PutObject'> {
  return {
    async PutObject(input, ctx) {
      checkKey(input.Key);
      const acl = await aclForNewObject(deps, input);
      if (input.ContentLength === undefined) throw missingContentLength();
      if (input.ContentLength > MAX_PUT_BYTES) throw entityTooLarge(input.ContentLength);
      if (input.WriteOffsetBytes !== undefined) throw notImplemented('x-amz-write-offset-bytes');
      const claims = readClaims(input);
      const tags = input.Tagging !== undefined ? checkTags(parseTaggingHeader(input.Tagging), MAX_OBJECT_TAGS) : [];
      const metadata = checkMetadata(input.Metadata);

      // The data key (KMS: kms:GenerateDataKey as the caller) before the body is read: a refusal writes nothing.
      const enc = await encryptionForWrite(deps, ctx, input, await bucketNamed(deps, input.Bucket), input.Key);
      const tap = new BodyTap(checksumsFor(claims.wanted));
      const blob = await writeBody(deps, bodyStream(input.Body), tap, enc.keyFor);
      const sums = tap.results();
      const refused = refutedClaim(input, claims, tap.bytes, sums);
      if (refused) {
        await deps.blobs.remove(blob);
        throw refused;
      }

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
        ...(enc.sse ? { sse: enc.sse } : {}),
        ...etagFields(enc.sse),
        ...(acl ? { acl } : {}),
      };
      const committed = await commitObject(deps, rec, input);
      return { ETag: `"${etagOf(committed)}"`, ...sseOutput(committed.sse, true), ...outputChecksums(committed), ...(committed.versionId ? { VersionId: committed.versionId } : {}), ...(await expirationOf(deps.store, committed)) };
    },
  };
}
