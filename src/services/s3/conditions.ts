/**
 * GetObject/HeadObject preconditions and ranges, as S3 evaluates them (RFC 9110 with S3's
 * documented combinations): If-Match false -> 412; else If-Unmodified-Since false (If-Match absent)
 * -> 412; If-None-Match matching -> 304; else If-Modified-Since not modified (If-None-Match
 * absent) -> 304. Times compare at one-second granularity (Last-Modified is an HTTP date).
 */
import { invalidRange, notModified, preconditionFailed } from './errors.js';

export interface Preconditions {
  readonly IfMatch?: string;
  readonly IfNoneMatch?: string;
  readonly IfModifiedSince?: Date;
  readonly IfUnmodifiedSince?: Date;
}

const unquote = (s: string) => s.trim().replace(/^W\//, '').replace(/^"(.*)"$/, '$1');
const matches = (list: string, md5: string) => list.split(',').some((t) => t.trim() === '*' || unquote(t) === md5);
const seconds = (ms: number) => Math.floor(ms / 1000);

/** Throws 412 PreconditionFailed or 304 NotModified when the object's state says so. */
export function checkPreconditions(p: Preconditions, md5: string, lastModified: number): void {
  const lm = seconds(lastModified);
  if (p.IfMatch !== undefined && !matches(p.IfMatch, md5)) throw preconditionFailed('If-Match');
  if (p.IfMatch === undefined && p.IfUnmodifiedSince && lm > seconds(p.IfUnmodifiedSince.getTime())) throw preconditionFailed('If-Unmodified-Since');
  if (p.IfNoneMatch !== undefined && matches(p.IfNoneMatch, md5)) throw notModified(`"${md5}"`, lastModified);
  if (p.IfNoneMatch === undefined && p.IfModifiedSince && lm <= seconds(p.IfModifiedSince.getTime())) throw notModified(`"${md5}"`, lastModified);
}

/**
 * The inclusive byte range a Range header asks of an object of `size` bytes, undefined when the whole
 * object is to be sent (no header, or one S3 ignores: another unit, several ranges, bad syntax).
 * Throws 416 InvalidRange when the range is well-formed but starts beyond the object.
 */
export function byteRange(header: string | undefined, size: number): { start: number; end: number } | undefined {
  if (header === undefined) return undefined;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return undefined;
  if (m[1] === '') {
    const suffix = Number(m[2]);
    if (suffix === 0) throw invalidRange(header, size);
    if (size === 0) throw invalidRange(header, size);
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(m[1]);
  const end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  if (m[2] !== '' && Number(m[2]) < start) return undefined;
  if (start >= size) throw invalidRange(header, size);
  return { start, end };
}
