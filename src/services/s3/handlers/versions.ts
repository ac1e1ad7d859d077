/**
 * Bucket versioning (Put/GetBucketVersioning) and ListObjectVersions. Once versioning has been
 * enabled a bucket can only be Enabled or Suspended. MFA delete is not served: MFADelete Enabled
 * is NotImplemented (501, x-amz-mfa), Disabled is accepted.
 */
import { clientError } from '../../../shared/aws-error.js';
import { bucketNamed, ownerOf, type OpHandlers, type S3Deps } from '../deps.js';
import { invalidArgument, malformedXml, noSuchBucket, notImplemented } from '../errors.js';
import { buckets, etagOf, GLOBAL } from '../store.js';
import { listVersions, MAX_VERSION_KEYS } from '../version-listing.js';
import { checkVersionId, versionIdOf } from '../versioning.js';

function maxKeysOf(v: number | undefined): number {
  if (v === undefined) return MAX_VERSION_KEYS;
  if (!Number.isInteger(v) || v < 0) throw invalidArgument('Provided max-keys not an integer or within integer range', 'max-keys', String(v));
  return Math.min(v, MAX_VERSION_KEYS);
}

function encoder(type: string | undefined): (s: string) => string {
  if (type === undefined) return (s) => s;
  if (type !== 'url') throw invalidArgument('Invalid Encoding Method specified in Request', 'encoding-type', type);
  return (s) => encodeURIComponent(s).replace(/%2F/g, '/');
}

export function versionHandlers(deps: S3Deps): OpHandlers<'PutBucketVersioning' | 'GetBucketVersioning' | 'ListObjectVersions'> {
  return {
    async PutBucketVersioning(input) {
      const conf = input.VersioningConfiguration ?? {};
      if (conf.Status !== undefined && conf.Status !== 'Enabled' && conf.Status !== 'Suspended') throw malformedXml();
      if (conf.MFADelete !== undefined && conf.MFADelete !== 'Enabled' && conf.MFADelete !== 'Disabled') throw malformedXml();
      if (conf.MFADelete === 'Enabled' || input.MFA !== undefined) throw notImplemented('x-amz-mfa');
      const status = conf.Status;
      if (status === undefined) return undefined;
      await deps.store.transaction(async (tx) => {
        const b = await buckets.get(tx, GLOBAL, input.Bucket);
        if (!b) throw noSuchBucket(input.Bucket);
        await buckets.put(tx, GLOBAL, b.name, { ...b, versioning: status });
      });
      return undefined;
    },
    async GetBucketVersioning(input) {
      const b = await bucketNamed(deps, input.Bucket);
      return b.versioning ? { Status: b.versioning } : {};
    },
    async ListObjectVersions(input) {
      const max = maxKeysOf(input.MaxKeys);
      const enc = encoder(input.EncodingType);
      const prefix = input.Prefix ?? '';
      if (input.VersionIdMarker !== undefined && input.VersionIdMarker !== '') {
        if (!input.KeyMarker) throw invalidArgument('A version-id marker cannot be specified without a key marker.', 'version-id-marker', input.VersionIdMarker.slice(0, 1024));
        checkVersionId(input.VersionIdMarker, 'version-id-marker');
      }
      await bucketNamed(deps, input.Bucket);
      const r = await listVersions(deps.store, input.Bucket, prefix, input.Delimiter || undefined, max, input.KeyMarker || undefined, input.VersionIdMarker || undefined);
      const versions = r.entries.filter((e) => !e.entry.marker);
      const markers = r.entries.filter((e) => e.entry.marker);
      return {
        Name: input.Bucket,
        Prefix: enc(prefix),
        KeyMarker: enc(input.KeyMarker ?? ''),
        VersionIdMarker: input.VersionIdMarker ?? '',
        ...(input.Delimiter ? { Delimiter: enc(input.Delimiter) } : {}),
        MaxKeys: max,
        IsTruncated: r.truncated,
        ...(versions.length
          ? {
              Versions: versions.map(({ entry: o, latest }) => {
                if (o.marker) throw clientError('InternalError', 'unreachable', 500);
                return {
                  Key: enc(o.key),
                  VersionId: versionIdOf(o),
                  IsLatest: latest,
                  LastModified: new Date(o.lastModified),
                  ETag: `"${etagOf(o)}"`,
                  Size: o.size,
                  StorageClass: 'STANDARD' as const,
                  Owner: ownerOf(o.owner),
                  ...(Object.keys(o.checksums).length ? { ChecksumAlgorithm: Object.keys(o.checksums) as never, ChecksumType: o.checksumType ?? 'FULL_OBJECT' } : {}),
                };
              }),
            }
          : {}),
        ...(markers.length ? { DeleteMarkers: markers.map(({ entry: m, latest }) => ({ Key: enc(m.key), VersionId: versionIdOf(m), IsLatest: latest, LastModified: new Date(m.lastModified), Owner: ownerOf(m.owner) })) } : {}),
        ...(r.prefixes.length ? { CommonPrefixes: r.prefixes.map((p) => ({ Prefix: enc(p) })) } : {}),
        ...(r.truncated && r.nextKey !== undefined ? { NextKeyMarker: enc(r.nextKey), ...(r.nextVersion !== undefined ? { NextVersionIdMarker: r.nextVersion } : {}) } : {}),
        ...(input.EncodingType ? { EncodingType: input.EncodingType } : {}),
      };
    },
  };
}
