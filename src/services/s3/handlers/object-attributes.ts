/**
 * GetObjectAttributes: the attributes named by x-amz-object-attributes (ETag, Checksum, ObjectParts,
 * StorageClass, ObjectSize) of the current object or of a version, without its body. The ETag is
 * answered without quotes, as S3 does here. ObjectParts lists a multipart object's parts (part number
 * and size), paged by max-parts (at most 1000) and part-number-marker; an object uploaded in one
 * piece has no ObjectParts.
 */
import type { ObjectPart } from '../api.generated.js';
import type { OpHandlers, S3Deps } from '../deps.js';
import { invalidArgument } from '../errors.js';
import { customerHeaders } from '../sse/customer-key.js';
import { checkHeadKey } from '../sse/object-encryption.js';
import { etagOf } from '../store.js';
import { versionToRead } from '../version-reads.js';

const ATTRIBUTES = new Set(['ETag', 'Checksum', 'ObjectParts', 'StorageClass', 'ObjectSize']);
const MAX_PARTS = 1000;

export function objectAttributeHandlers(deps: S3Deps): OpHandlers<'GetObjectAttributes'> {
  return {
    async GetObjectAttributes(input, ctx) {
      const wanted = new Set<string>(input.ObjectAttributes.map((a) => a.trim()));
      if (wanted.size === 0) throw invalidArgument('Invalid attribute name specified.', 'x-amz-object-attributes', '');
      for (const a of wanted) if (!ATTRIBUTES.has(a)) throw invalidArgument('Invalid attribute name specified.', 'x-amz-object-attributes', a.slice(0, 256));
      const max = input.MaxParts === undefined ? MAX_PARTS : input.MaxParts;
      if (!Number.isInteger(max) || max < 0) throw invalidArgument('Argument max-parts must be an integer between 0 and 2147483647', 'max-parts', String(input.MaxParts));
      const marker = input.PartNumberMarker ?? 0;
      if (!Number.isInteger(marker) || marker < 0) throw invalidArgument('Argument part-number-marker must be an integer between 0 and 2147483647', 'part-number-marker', String(input.PartNumberMarker));
      const rec = await versionToRead(deps, ctx, input, 'GET');
      // An SSE-C object's attributes need its key, as HeadObject does.
      checkHeadKey(rec.sse, customerHeaders(input), ctx);
      const checksums = Object.fromEntries(Object.entries(rec.checksums).map(([a, v]) => [`Checksum${a}`, v]));
      let objectParts;
      if (wanted.has('ObjectParts') && rec.parts) {
        // A composite checksum's parts carry their own checksums.
        const partSums = (p: { checksums?: Readonly<Record<string, string>> }) => (rec.checksumType === 'COMPOSITE' && p.checksums ? Object.fromEntries(Object.entries(p.checksums).map(([a, v]) => [`Checksum${a}`, v])) : {});
        const all: ObjectPart[] = rec.parts.map((p, i) => ({ PartNumber: i + 1, Size: p.size, ...partSums(p) }));
        const shown = all.slice(marker, marker + Math.min(max, MAX_PARTS));
        const truncated = marker + shown.length < all.length;
        objectParts = {
          TotalPartsCount: all.length,
          PartNumberMarker: marker,
          ...(shown.length ? { NextPartNumberMarker: shown[shown.length - 1]!.PartNumber! } : {}),
          MaxParts: Math.min(max, MAX_PARTS),
          IsTruncated: truncated,
          ...(shown.length ? { Parts: shown } : {}),
        };
      }
      return {
        LastModified: new Date(rec.lastModified),
        ...(rec.versionId !== undefined ? { VersionId: rec.versionId } : {}),
        ...(wanted.has('ETag') ? { ETag: etagOf(rec) } : {}),
        ...(wanted.has('Checksum') && Object.keys(checksums).length ? { Checksum: { ...checksums, ChecksumType: rec.checksumType ?? 'FULL_OBJECT' } } : {}),
        ...(objectParts ? { ObjectParts: objectParts } : {}),
        ...(wanted.has('StorageClass') ? { StorageClass: (rec.storageClass ?? 'STANDARD') as never } : {}),
        ...(wanted.has('ObjectSize') ? { ObjectSize: rec.size } : {}),
      };
    },
  };
}
