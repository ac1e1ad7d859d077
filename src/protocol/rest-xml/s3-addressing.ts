/**
 * S3 addressing: virtual-hosted requests (`bucket.s3.us-east-1.amazonaws.com/key`) name the bucket
 * in the host; path-style ones (`s3.amazonaws.com/bucket/key`) in the first path segment.
 * The codec routes on the path-style form, so a virtual-hosted path gets `/bucket` prepended.
 */

/** Host suffixes that mean "S3 endpoint": `s3.amazonaws.com`, `s3.<region>.amazonaws.com`, `s3-<region>...`, `s3.localhost...`. */
const S3_HOST = /^(?<bucket>.+?)\.s3(?:[.-][a-z0-9-]+)*\.(?:amazonaws\.com(?:\.cn)?|localhost(?:\.[a-z0-9.-]+)?)$/i;

/**
 * `<bucket>.localhost` (a local endpoint, `http://BUCKET.localhost:PORT/key`): any name before
 * `.localhost` but the S3 endpoint names themselves (`s3.localhost`, `s3-<region>.localhost`).
 */
const LOCAL_HOST = /^(?!s3[.-]|s3$)(?<bucket>[a-z0-9][a-z0-9.-]*)\.localhost$/i;

/** The bucket a virtual-hosted request names in its Host header, if any. */
export function bucketFromHost(host: string | undefined, extraSuffixes: readonly string[] = []): string | undefined {
  if (!host) return undefined;
  const name = host.replace(/:\d+$/, '').toLowerCase();
  const m = S3_HOST.exec(name) ?? LOCAL_HOST.exec(name);
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

/** The SigV4 credential scope's service (`AKID/20240101/us-east-1/<service>/aws4_request`). */
function scopeService(credential: string | undefined): string | undefined {
  return credential ? /^[^/]+\/\d{8}\/[^/]+\/([^/]+)\/aws4_request$/.exec(credential.trim())?.[1] : undefined;
}

/**
 * S3 Express (directory buckets) control-plane requests. ListDirectoryBuckets and ListBuckets
 * are both `GET /`; the v3 SDKs add `x-id`, botocore does not. AWS tells them apart by endpoint:
 * the SDKs send ListDirectoryBuckets to `s3express-control.<region>.amazonaws.com` and sign it
 * for the service `s3express` (also against a custom endpoint, where the host says nothing).
 * So: the host, else the credential scope of the `Authorization` header or of a presigned
 * `X-Amz-Credential`.
 */
export function isS3ExpressControl(headers: Readonly<Record<string, string>>, presignedCredential?: string): boolean {
  if (/^s3express-control[.-]/i.test(headers['host'] ?? '')) return true;
  const auth = /Credential=([^,\s]+)/.exec(headers['authorization'] ?? '')?.[1];
  return scopeService(auth ?? presignedCredential) === 's3express';
}

/** Operations whose wire form S3 Express control requests share with another: the one they mean. */
export const S3_EXPRESS_CONTROL_TWINS: Readonly<Record<string, string>> = { ListBuckets: 'ListDirectoryBuckets' };
