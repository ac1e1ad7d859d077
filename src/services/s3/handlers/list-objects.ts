/**
 * ListObjectsV2 and ListObjects (v1): keys in UTF-8 byte order under a prefix, rolled up into
 * CommonPrefixes at the delimiter, at most max-keys (1000) entries, resumed after a key (start-after,
 * marker, continuation token). Work per request is bounded: one store page per 1000 keys read and
 * one per common prefix returned (the keys under a prefix are skipped, not read).
 */
import { isValidName } from '../../../storage/scope-codec.js';
import type { Owner } from '../api.generated.js';
import type { OpHandlers, S3Deps } from '../deps.js';
import { ownerOf } from '../deps.js';
import { invalidArgument, invalidContinuationToken } from '../errors.js';
import { etagOf, GLOBAL, objects, type ObjectRecord } from '../store.js';

export const MAX_KEYS = 1000;
const PAGE = 1000;
/** After every key that starts with a prefix (U+10FFFF is the last code point, so the largest in UTF-8 order). */
const PAST = '\u{10FFFF}';

interface Listing {
  readonly contents: ObjectRecord[];
  readonly prefixes: string[];
  readonly truncated: boolean;
  /** The last key or common prefix returned. */
  readonly last?: string;
}

async function list(deps: S3Deps, bucket: string, prefix: string, delimiter: string | undefined, max: number, after: string | undefined): Promise<Listing> {
  const contents: ObjectRecord[] = [];
  const prefixes: string[] = [];
  const base = `${bucket}/`;
  if (after !== undefined && after !== '' && !isValidName(after)) throw invalidArgument('Invalid start-after or marker (unconfirmed)', 'start-after', '');
  if (prefix !== '' && !isValidName(prefix)) return { contents, prefixes, truncated: false };
  let cursor: string | undefined = after === undefined || after === '' ? undefined : base + after + (delimiter && after.startsWith(prefix) && after.endsWith(delimiter) && after.length > prefix.length ? PAST : '');
  let last: string | undefined;
  for (;;) {
    const page = await objects.list(deps.store, GLOBAL, { prefix: base + prefix, ...(cursor !== undefined ? { after: cursor } : {}), limit: PAGE });
    let skipped = false;
    for (const row of page) {
      const key = row.key.slice(base.length);
      const at = delimiter ? key.indexOf(delimiter, prefix.length) : -1;
      if (contents.length + prefixes.length >= max) return { contents, prefixes, truncated: true, ...(last !== undefined ? { last } : {}) };
      if (at >= 0) {
        const common = key.slice(0, at + delimiter!.length);
        prefixes.push(common);
        last = common;
        cursor = base + common + PAST;
        skipped = true;
        break;
      }
      contents.push(row.value);
      last = key;
      cursor = row.key;
    }
    if (!skipped && page.length < PAGE) return { contents, prefixes, truncated: false, ...(last !== undefined ? { last } : {}) };
  }
}

function maxKeysOf(v: number | undefined): number {
  if (v === undefined) return MAX_KEYS;
  if (!Number.isInteger(v) || v < 0) throw invalidArgument('Provided max-keys not an integer or within integer range', 'max-keys', String(v));
  return Math.min(v, MAX_KEYS);
}

function encoder(type: string | undefined): (s: string) => string {
  if (type === undefined) return (s) => s;
  if (type !== 'url') throw invalidArgument('Invalid Encoding Method specified in Request', 'encoding-type', type);
  return (s) => encodeURIComponent(s).replace(/%2F/g, '/');
}

const TOKEN_TAG = 'rampart-s3-list:';
const tokenOf = (key: string) => Buffer.from(TOKEN_TAG + key, 'utf8').toString('base64');
function keyOfToken(token: string): string {
  const text = Buffer.from(token, 'base64').toString('utf8');
  if (!text.startsWith(TOKEN_TAG) || tokenOf(text.slice(TOKEN_TAG.length)) !== token) throw invalidContinuationToken();
  return text.slice(TOKEN_TAG.length);
}

function entry(o: ObjectRecord, enc: (s: string) => string, owner: Owner | undefined) {
  return { Key: enc(o.key), LastModified: new Date(o.lastModified), ETag: `"${etagOf(o)}"`, Size: o.size, StorageClass: (o.storageClass ?? 'STANDARD') as never, ...(owner ? { Owner: owner } : {}), ...(Object.keys(o.checksums).length ? { ChecksumAlgorithm: Object.keys(o.checksums) as never, ChecksumType: o.checksumType ?? 'FULL_OBJECT' } : {}) };
}

export function listHandlers(deps: S3Deps): OpHandlers<'ListObjectsV2' | 'ListObjects'> {
  return {
    async ListObjectsV2(input) {
      const max = maxKeysOf(input.MaxKeys);
      const enc = encoder(input.EncodingType);
      const prefix = input.Prefix ?? '';
      const from = input.ContinuationToken !== undefined ? keyOfToken(input.ContinuationToken) : input.StartAfter;
      const r = await list(deps, input.Bucket, prefix, input.Delimiter || undefined, max, from);
      return {
        Name: input.Bucket,
        Prefix: enc(prefix),
        ...(input.Delimiter ? { Delimiter: enc(input.Delimiter) } : {}),
        MaxKeys: max,
        KeyCount: r.contents.length + r.prefixes.length,
        IsTruncated: r.truncated,
        ...(r.contents.length ? { Contents: r.contents.map((o) => entry(o, enc, input.FetchOwner ? ownerOf(o.owner) : undefined)) } : {}),
        ...(r.prefixes.length ? { CommonPrefixes: r.prefixes.map((p) => ({ Prefix: enc(p) })) } : {}),
        ...(input.ContinuationToken !== undefined ? { ContinuationToken: input.ContinuationToken } : {}),
        ...(r.truncated && r.last !== undefined ? { NextContinuationToken: tokenOf(r.last) } : {}),
        ...(input.StartAfter !== undefined ? { StartAfter: enc(input.StartAfter) } : {}),
        ...(input.EncodingType ? { EncodingType: input.EncodingType } : {}),
      };
    },
    async ListObjects(input) {
      const max = maxKeysOf(input.MaxKeys);
      const enc = encoder(input.EncodingType);
      const prefix = input.Prefix ?? '';
      const r = await list(deps, input.Bucket, prefix, input.Delimiter || undefined, max, input.Marker || undefined);
      return {
        Name: input.Bucket,
        Prefix: enc(prefix),
        Marker: enc(input.Marker ?? ''),
        ...(input.Delimiter ? { Delimiter: enc(input.Delimiter) } : {}),
        MaxKeys: max,
        IsTruncated: r.truncated,
        ...(r.contents.length ? { Contents: r.contents.map((o) => entry(o, enc, ownerOf(o.owner))) } : {}),
        ...(r.prefixes.length ? { CommonPrefixes: r.prefixes.map((p) => ({ Prefix: enc(p) })) } : {}),
        // S3 returns NextMarker only when a delimiter was given (otherwise the last key is the marker).
        ...(r.truncated && input.Delimiter && r.last !== undefined ? { NextMarker: enc(r.last) } : {}),
        ...(input.EncodingType ? { EncodingType: input.EncodingType } : {}),
      };
    },
  };
}
