/**
 * Object and bucket tags: the `x-amz-tagging` header (URL-encoded `k=v&k2=v2`) and TagSet bodies,
 * checked as S3 checks them: at most 10 tags per object (50 per bucket), keys up to 128 and values
 * up to 256 Unicode characters, no key twice.
 */
import { badRequest, invalidArgument, invalidTag } from './errors.js';
import type { TagRecord } from './store.js';

export const MAX_OBJECT_TAGS = 10;
export const MAX_BUCKET_TAGS = 50;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

/**
 * Tags in a TagSet or header, checked; throws InvalidTag / BadRequest as S3 does (moto's AWS-verified
 * tagging tests: more than 10 object tags is BadRequest, a key prefixed `aws:` InvalidTag).
 */
export function checkTags(tags: readonly TagRecord[], max: number): readonly TagRecord[] {
  const objectTags = max === MAX_OBJECT_TAGS;
  if (tags.length > max) throw objectTags ? badRequest('Object tags cannot be greater than 10') : invalidTag('Bucket tag count cannot be greater than 50');
  const seen = new Set<string>();
  for (const t of tags) {
    if (t.Key.toLowerCase().startsWith('aws:')) throw invalidTag(objectTags ? 'Your TagKey cannot be prefixed with aws:' : 'System tags cannot be added/updated by requester');
    // A control character (NUL, CR, LF ...) is no character AWS allows in a tag, and would reach condition keys.
    if ([...t.Key].length > 128 || t.Key === '' || CONTROL.test(t.Key)) throw invalidTag('The TagKey you have provided is invalid');
    if ([...t.Value].length > 256 || CONTROL.test(t.Value)) throw invalidTag('The TagValue you have provided is invalid');
    if (seen.has(t.Key)) throw invalidTag('Cannot provide multiple Tags with the same key');
    seen.add(t.Key);
  }
  return tags;
}

/** The tags of an `x-amz-tagging` header (not checked). */
export function parseTaggingHeader(header: string): TagRecord[] {
  if (header === '') return [];
  return header.split('&').map((pair) => {
    const eq = pair.indexOf('=');
    const [k, v] = eq === -1 ? [pair, ''] : [pair.slice(0, eq), pair.slice(eq + 1)];
    try {
      return { Key: decodeURIComponent(k.replace(/\+/g, ' ')), Value: decodeURIComponent(v.replace(/\+/g, ' ')) };
    } catch {
      throw invalidArgument('The header \'x-amz-tagging\' shall be encoded as UTF-8 then URLEncoded URL query parameters without tag name duplicates.', 'x-amz-tagging', header);
    }
  });
}

/** Condition keys of tags: `<prefix>/<key>` = value for each, and the list of keys. */
export function tagKeys(tags: readonly TagRecord[], prefix: string, keysName?: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const t of tags) out[`${prefix}/${t.Key}`] = t.Value;
  if (keysName) out[keysName] = tags.map((t) => t.Key);
  return out;
}
