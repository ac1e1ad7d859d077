/**
 * S3 addressing: virtual-hosted requests (`bucket.s3.us-east-1.amazonaws.com/key`) name the bucket
 * in the host; path-style ones (`s3.amazonaws.com/bucket/key`) in the first path segment.
 * The codec routes on the path-style form, so a virtual-hosted path gets `/bucket` prepended.
 */

/** Host suffixes that mean "S3 endpoint": `s3.amazonaws.com`, `s3.<region>.amazonaws.com`, `s3-<region>...`, `s3.localhost...`. */
const S3_HOST = /^(?<bucket>.+?)\.s3(?:[.-][a-z0-9-]+)*\.(?:amazonaws\.com(?:\.cn)?|localhost(?:\.[a-z0-9.-]+)?)$/i;

/** The bucket a virtual-hosted request names in its Host header, if any. */
export function bucketFromHost(host: string | undefined, extraSuffixes: readonly string[] = []): string | undefined {
  if (!host) return undefined;
  const name = host.replace(/:\d+$/, '').toLowerCase();
  const m = S3_HOST.exec(name);
  if (m?.groups?.bucket) return m.groups.bucket;
  for (const suffix of extraSuffixes) {
    const s = `.${suffix.toLowerCase()}`;
    if (name.endsWith(s) && name.length > s.length) return name.slice(0, -s.length);
  }
  return undefined;
}

/** The path-style path of a request: unchanged, or `/bucket` + path for virtual-hosted requests. */
export function pathStylePath(rawPath: string, host: string | undefined, extraSuffixes: readonly string[] = []): string {
  const bucket = bucketFromHost(host, extraSuffixes);
  return bucket ? `/${encodeURIComponent(bucket)}${rawPath === '/' ? '' : rawPath}` : rawPath;
}
