/**
 * Single-byte tampering of signed requests. Every byte of the method, the path, the query string, the
 * values of the signed headers, the Authorization header and (when the payload is covered by the
 * signature or a checksum) the body is changed, one at a time, by flipping its lowest bit (XOR 0x01).
 *
 * Why XOR 0x01: it never changes only the letter case (case differs by 0x20), so it never turns a
 * hex digit of a `%XX` escape or of a signature into the same value in the other case, never turns a
 * header value into a spelling that trimming or case-folding maps back, and never turns one encoding of
 * a character into another encoding of the same character. Every such change alters the meaning.
 *
 * Excluded as semantically neutral (counted, not asserted): outside S3 the path is normalised before
 * signing (`/a/./b` = `/a/b`, `/x/../b` = `/b`, `//` = `/`), so a change inside a segment that a `..`
 * removes, or one that only creates/removes a `.` or empty segment with the same result, leaves the
 * canonical URI unchanged. These are detected with @smithy/signature-v4's own getCanonicalPath.
 * Large aws-chunked bodies (> 2 KiB) are sampled: all bytes of the first 256 and last 512 bytes
 * (chunk headers, final chunk, trailers) plus every 61st byte in between.
 */
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import type { SignedRequestParts } from '../../src/auth/types.js';
import type { SignedCase } from './sigv4-smithy-sign.js';

const pathSigner = new SignatureV4({ service: 'x', region: 'x', credentials: { accessKeyId: 'x', secretAccessKey: 'x' }, sha256: Sha256 });
const canonicalPathOf = (path: string): string =>
  (pathSigner as unknown as { getCanonicalPath(r: { path: string }): string }).getCanonicalPath({ path });

/** One tampered request and where it was changed. */
export interface Tampering {
  readonly site: string;
  readonly req: SignedRequestParts;
}

function flip(s: string, i: number): string {
  return s.slice(0, i) + String.fromCharCode(s.charCodeAt(i) ^ 1) + s.slice(i + 1);
}

/** Lower-case names listed in SignedHeaders / X-Amz-SignedHeaders. */
export function signedHeaderNames(req: SignedRequestParts): Set<string> {
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
    if ((req.rawHeaders[i] as string).toLowerCase() === 'authorization') {
      const m = /SignedHeaders=([^,\s]+)/.exec(req.rawHeaders[i + 1] as string);
      return new Set((m?.[1] ?? '').split(';'));
    }
  }
  const m = /(?:^|&)X-Amz-SignedHeaders=([^&]*)/i.exec(req.rawQuery);
  return new Set(decodeURIComponent(m?.[1] ?? '').split(';'));
}

/** True when the body bytes are covered by the signature (or by a trailing checksum). */
export function bodyIsProtected(c: SignedCase): boolean {
  if (c.req.body.length === 0) return false;
  if (!c.spec.profile.s3) return true;
  return c.spec.mode === 'header' && c.spec.payload !== 'unsigned';
}

function bodyPositions(c: SignedCase): number[] {
  const n = c.req.body.length;
  if (!c.spec.payload.startsWith('streaming') || n <= 2048) return Array.from({ length: n }, (_, i) => i);
  const out: number[] = [];
  for (let i = 0; i < n; i++) if (i < 256 || i >= n - 512 || i % 61 === 0) out.push(i);
  return out;
}

/** Every single-byte tampering of a signed case, and how many neutral ones were skipped. */
export function tamperings(c: SignedCase): { readonly cases: Tampering[]; readonly neutral: number } {
  const { req } = c;
  const cases: Tampering[] = [];
  let neutral = 0;
  for (let i = 0; i < req.method.length; i++) cases.push({ site: `method[${i}]`, req: { ...req, method: flip(req.method, i) } });
  const originalPath = c.spec.profile.s3 ? undefined : canonicalPathOf(req.rawPath);
  for (let i = 0; i < req.rawPath.length; i++) {
    const rawPath = flip(req.rawPath, i);
    if (originalPath !== undefined && canonicalPathOf(rawPath) === originalPath) {
      neutral++;
      continue;
    }
    cases.push({ site: `path[${i}]`, req: { ...req, rawPath } });
  }
  for (let i = 0; i < req.rawQuery.length; i++) cases.push({ site: `query[${i}]`, req: { ...req, rawQuery: flip(req.rawQuery, i) } });
  const signed = signedHeaderNames(req);
  for (let h = 0; h + 1 < req.rawHeaders.length; h += 2) {
    const name = (req.rawHeaders[h] as string).toLowerCase();
    if (!signed.has(name) && name !== 'authorization') continue;
    const value = req.rawHeaders[h + 1] as string;
    for (let i = 0; i < value.length; i++) {
      const rawHeaders = [...req.rawHeaders];
      rawHeaders[h + 1] = flip(value, i);
      cases.push({ site: `header ${name}[${i}]`, req: { ...req, rawHeaders } });
    }
  }
  if (bodyIsProtected(c)) {
    for (const i of bodyPositions(c)) {
      const body = Buffer.from(req.body);
      body[i] = (body[i] as number) ^ 1;
      cases.push({ site: `body[${i}]`, req: { ...req, body } });
    }
  }
  return { cases, neutral };
}
