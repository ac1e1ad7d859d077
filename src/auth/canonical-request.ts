/**
 * SigV4 canonicalisation: canonical URI, canonical query string, canonical headers, canonical request
 * and string to sign. Every string built here is a "binary string" (one char per byte) so that
 * header bytes reach the hash exactly as they came off the wire.
 *
 * References: the SigV4 "Create a canonical request" documentation, @smithy/signature-v4
 * (`getCanonicalPath`, `getCanonicalQuery`, `getCanonicalHeaders`) and botocore `SigV4Auth` /
 * `S3SigV4Auth`, which agree with each other for every request an SDK produces.
 */
import { hash } from 'node:crypto';
import { normalizeEncoding, percentDecode, uriEncode, wireBytes } from './uri-encoding.js';

/** The algorithm identifier of SigV4 (header value, X-Amz-Algorithm and string-to-sign line 1). */
export const SIGV4_ALGORITHM = 'AWS4-HMAC-SHA256';

/** One query parameter: its decoded text (for lookups) and its canonical encoding (for signing). */
export interface QueryParam {
  /** Decoded name; invalid UTF-8 shows as U+FFFD. Use only for lookups such as `X-Amz-Credential`. */
  readonly name: string;
  readonly value: string;
  /** RFC 3986 re-encoding of the decoded bytes, as the canonical query string wants it. */
  readonly encodedName: string;
  readonly encodedValue: string;
}

/** Lower-case hex SHA-256 (of a string's UTF-8 bytes); one-shot `crypto.hash` is about twice as fast. */
export function sha256Hex(data: Buffer | string): string {
  return hash('sha256', data, 'hex');
}

/**
 * Splits a raw query string (without `?`) into parameters. Empty pieces (`a=1&&b=2`) are skipped;
 * a piece without `=` is a name with an empty value; `+` decodes to a space.
 */
export function parseQuery(rawQuery: string): QueryParam[] {
  const params: QueryParam[] = [];
  if (rawQuery === '') return params;
  for (const piece of rawQuery.split('&')) {
    if (piece === '') continue;
    const eq = piece.indexOf('=');
    const rawName = eq < 0 ? piece : piece.slice(0, eq);
    const rawValue = eq < 0 ? '' : piece.slice(eq + 1);
    const nameBytes = percentDecode(rawName, true);
    const valueBytes = percentDecode(rawValue, true);
    params.push({
      name: nameBytes.toString('utf8'),
      value: valueBytes.toString('utf8'),
      encodedName: uriEncode(nameBytes),
      encodedValue: uriEncode(valueBytes),
    });
  }
  return params;
}

/**
 * The canonical query string: every parameter re-encoded, sorted by encoded name and then by encoded
 * value (byte order), repeated names and empty values kept (`a=&a=1&b=`). `omit` drops parameters
 * (X-Amz-Signature of a presigned URL).
 */
export function canonicalQueryString(params: readonly QueryParam[], omit?: (p: QueryParam) => boolean): string {
  const kept = omit ? params.filter((p) => !omit(p)) : [...params];
  kept.sort((a, b) => compare(a.encodedName, b.encodedName) || compare(a.encodedValue, b.encodedValue));
  return kept.map((p) => `${p.encodedName}=${p.encodedValue}`).join('&');
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The canonical URI.
 * - S3 (`s3Style`): each segment decoded and re-encoded once; no normalisation, empty segments kept
 *   (`//a//b/` stays). For the paths SDKs send this is the path exactly as received.
 * - Others: dot segments removed and empty segments collapsed, then the path as received encoded
 *   once more (`%20` -> `%2520`, `!` -> `%21`): exactly @smithy's `getCanonicalPath` with
 *   `uriEscapePath` and botocore's `quote(remove_dot_segments(path), safe='/~')`. As SDKs send paths
 *   already encoded, this is the "double encoding" of the SigV4 docs. A path that does not start with
 *   `/` keeps no leading `/` (as in @smithy), so `.` is not `/`.
 */
export function canonicalUri(rawPath: string, s3Style: boolean): string {
  const path = rawPath === '' ? '/' : rawPath;
  if (s3Style) return path.split('/').map((seg) => normalizeEncoding(seg, false)).join('/');
  const kept: string[] = [];
  for (const seg of path.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') kept.pop();
    else kept.push(seg);
  }
  const lead = path.startsWith('/') ? '/' : '';
  const trail = kept.length > 0 && path.endsWith('/') ? '/' : '';
  return lead + kept.map((seg) => uriEncode(seg)).join('/') + trail;
}

/** Trimall: line breaks become spaces, runs of spaces/tabs become one space, ends trimmed. */
export function trimAll(value: string): string {
  // Hot path: nearly every header value is already trimmed; one test is cheaper than two replaces.
  if (!NEEDS_TRIM.test(value)) return value;
  return value.replace(/[ \t\r\n]+/g, ' ').replace(/^ | $/g, '');
}

/** Anything trimAll would change: a tab or line break, two spaces in a row, a space at either end. */
const NEEDS_TRIM = /[\t\r\n]| {2}|^ | $/;
// eslint-disable-next-line no-control-regex
const WIDE_CHAR = /[^\u0000-\u00ff]/;

/** The binary string of one trimmed header value (see wireBytes). */
function canonicalOne(value: string): string {
  const trimmed = trimAll(value);
  // A string of one-byte chars is its own latin1 binary string: skip the Buffer round trip.
  return WIDE_CHAR.test(trimmed) ? wireBytes(trimmed).toString('latin1') : trimmed;
}

/** Canonical value of a header received once or more: each value trimmed, then joined with `,`. */
export function canonicalHeaderValue(values: readonly string[]): string {
  return values.length === 1 ? canonicalOne(values[0]!) : values.map(canonicalOne).join(',');
}

/** What goes into a canonical request. */
export interface CanonicalRequestParts {
  readonly method: string;
  readonly canonicalUri: string;
  readonly canonicalQuery: string;
  /** Header name (lower case) and canonical value, in SignedHeaders order. */
  readonly headers: readonly (readonly [string, string])[];
  /** The SignedHeaders line: the header names joined with `;`. */
  readonly signedHeaders: string;
  readonly payloadHash: string;
}

/** The canonical request (binary string). */
export function buildCanonicalRequest(p: CanonicalRequestParts): string {
  const headerLines = p.headers.map(([name, value]) => `${name}:${value}\n`).join('');
  return [p.method, p.canonicalUri, p.canonicalQuery, headerLines, p.signedHeaders, p.payloadHash].join('\n');
}

/** The string to sign of a request: algorithm, timestamp, scope and the hash of the canonical request. */
export function buildStringToSign(amzDate: string, scope: string, canonicalRequest: string): string {
  // A binary string's bytes are its latin1 encoding.
  return `${SIGV4_ALGORITHM}\n${amzDate}\n${scope}\n${sha256Hex(Buffer.from(canonicalRequest, 'latin1'))}`;
}

/** A binary string shown as text (for error details). */
export function binaryToText(s: string): string {
  return Buffer.from(s, 'latin1').toString('utf8');
}
