/**
 * AWS's general purpose bucket naming rules ("General purpose bucket naming rules", S3 User Guide):
 * 3 to 63 characters of lower-case letters, digits, dots and hyphens; a letter or digit first and
 * last; no two adjacent dots; not an IP address; none of the reserved prefixes and suffixes.
 */

const RESERVED_PREFIXES = ['xn--', 'sthree-', 'amzn-s3-demo-'];
const RESERVED_SUFFIXES = ['-s3alias', '--ol-s3', '.mrap', '--x-s3', '--table-s3'];

/** True when `name` may name a new general purpose bucket. */
export function isValidBucketName(name: string): boolean {
  if (name.length < 3 || name.length > 63) return false;
  if (!/^[a-z0-9][a-z0-9.-]*[a-z0-9]$/.test(name)) return false;
  if (name.includes('..')) return false;
  if (/^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(name)) return false;
  if (RESERVED_PREFIXES.some((p) => name.startsWith(p))) return false;
  if (RESERVED_SUFFIXES.some((s) => name.endsWith(s))) return false;
  return true;
}

/**
 * True when `name` could name an existing bucket: requests for other names never find one. (Legacy
 * us-east-1 buckets allowed upper case and underscores; none exist here, all were made under the
 * current rules.)
 */
export function couldNameBucket(name: string): boolean {
  return name.length >= 3 && name.length <= 63 && /^[a-z0-9.-]+$/.test(name);
}
