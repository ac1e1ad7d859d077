/**
 * Deterministic generation of varied request specs for the generated SigV4 test: methods, services,
 * regions, unicode and reserved characters in paths and query strings, dot segments, repeated keys,
 * empty values, odd header spacing, repeated header lines, presigned URLs with assorted X-Amz-Expires,
 * session tokens, UNSIGNED-PAYLOAD and aws-chunked payloads.
 */
import { type Prng, REGIONS, SERVICES, type ServiceProfile, type TestCredential } from './sigv4-fixtures.js';

/** How the spec's payload is covered. `auto`: the signer's default (a SHA-256 of the body). */
export type PayloadKind = 'auto' | 'no-header' | 'unsigned' | 'streaming-signed' | 'streaming-signed-trailer' | 'streaming-unsigned-trailer';
/** How a query component is written on the wire (all decode to the same text). */
export type QueryEncoding = 'canonical' | 'uri-component' | 'plus' | 'lower-hex';
/** Trailing checksums the generated aws-chunked bodies carry. */
export type TrailerChecksum = 'CRC32' | 'CRC32C' | 'SHA1' | 'SHA256';

/** One query parameter of a spec, decoded, with the wire encoding to use. */
export interface QueryPair {
  readonly key: string;
  /** null: the key is sent without `=`. */
  readonly value: string | null;
  readonly encoding: QueryEncoding;
}

/** A header as sent: its name in wire case and one entry per header line (may have odd spacing). */
export interface HeaderSpec {
  readonly name: string;
  readonly lines: readonly string[];
}

/** Everything needed to build and sign one request. */
export interface RequestSpec {
  readonly id: string;
  readonly signer: 'smithy' | 'botocore';
  readonly profile: ServiceProfile;
  readonly region: string;
  readonly mode: 'header' | 'presigned';
  readonly method: string;
  readonly host: string;
  readonly rawPath: string;
  readonly query: readonly QueryPair[];
  readonly headers: readonly HeaderSpec[];
  readonly body: Buffer;
  readonly payload: PayloadKind;
  readonly checksum: TrailerChecksum;
  readonly chunkSize: number;
  readonly expires: number;
  readonly cred: TestCredential;
  readonly signedAt: number;
  readonly now: number;
  /** botocore only: sign with a Date header instead of X-Amz-Date. */
  readonly useDateHeader: boolean;
  /** smithy S3 presign: move x-amz-content-sha256 into the query (else it stays a signed header). */
  readonly hoistContentSha: boolean;
}

/** @smithy's escapeUri: encodeURIComponent plus `!'()*`. */
export function escapeUri(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
}

function encodeComponent(s: string, encoding: QueryEncoding): string {
  switch (encoding) {
    case 'canonical':
      return escapeUri(s);
    case 'uri-component':
      return encodeURIComponent(s);
    case 'plus':
      return escapeUri(s).replace(/%20/g, '+');
    case 'lower-hex':
      return escapeUri(s).replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase());
  }
}

/** The wire form of a query. */
export function encodeQuery(pairs: readonly QueryPair[]): string {
  return pairs.map((p) => encodeComponent(p.key, p.encoding) + (p.value === null ? '' : '=' + encodeComponent(p.value, p.encoding))).join('&');
}

const TEXT_CHARS = [...'abcXYZ019-_.~', ' ', '+', '%', '!', '*', "'", '(', ')', '=', '&', ':', '@', '$', ',', ';', '/', 'é', 'ü', '中', '😀', 'ß'];
const METHODS_WITH_BODY = ['POST', 'PUT', 'PATCH'];
const HEADER_NAMES = ['x-amz-meta-color', 'x-amz-meta-Owner', 'X-Custom-Trace', 'X-Rampart-Test', 'Accept', 'Content-Language', 'x-amz-storage-class', 'If-Match'];
const VALUE_CHARS = 'abcdefXYZ0123456789-_.;:=/?,"()[]{}<>@!#$%&*+~';

function text(rng: Prng, min: number, max: number, unicode: boolean): string {
  const chars = unicode ? TEXT_CHARS : TEXT_CHARS.filter((c) => c.charCodeAt(0) < 128);
  let s = '';
  for (let i = rng.range(min, max); i > 0; i--) s += rng.pick(chars);
  return s;
}

function makePath(rng: Prng, s3: boolean, botocore: boolean): string {
  const segments: string[] = [];
  for (let i = rng.range(0, 5); i > 0; i--) {
    const roll = rng.next();
    if (roll < 0.08) segments.push('');
    else if (roll < 0.14) segments.push('.');
    else if (!s3 && roll < 0.2 && segments.length > 0) segments.push('..');
    else {
      // Outside S3, sub-delims such as !*'() may also travel unencoded (the canonical path encodes the wire path again).
      const segment = text(rng, 1, 8, !botocore || rng.chance(0.5));
      segments.push(!s3 && rng.chance(0.3) ? encodeURIComponent(segment) : escapeUri(segment));
    }
  }
  return '/' + segments.join('/') + (segments.length > 0 && rng.chance(0.2) ? '/' : '');
}

function makeQuery(rng: Prng, signer: 'smithy' | 'botocore', mode: 'header' | 'presigned'): QueryPair[] {
  const pairs: QueryPair[] = [];
  const encodings: QueryEncoding[] = signer === 'smithy' || mode === 'presigned' ? ['canonical', 'uri-component', 'plus', 'lower-hex'] : ['canonical'];
  for (let i = rng.range(0, 6); i > 0; i--) {
    let key = text(rng, 1, 6, true);
    if (/^x-amz-/i.test(key)) key = 'q' + key;
    const repeat = pairs.length > 0 && rng.chance(0.2) && !(signer === 'botocore' && mode === 'presigned');
    if (repeat) key = rng.pick(pairs).key;
    else if (pairs.some((p) => p.key === key)) continue;
    const value = rng.chance(0.1) ? null : rng.chance(0.15) ? '' : text(rng, 1, 12, true);
    pairs.push({ key, value, encoding: rng.pick(encodings) });
  }
  return pairs;
}

function headerValue(rng: Prng, unicode: boolean): string {
  let v = rng.string(VALUE_CHARS, rng.range(0, 12));
  if (unicode && rng.chance(0.3)) v += rng.pick(['é', 'ß', '中', '😀']);
  const points = [...v];
  if (rng.chance(0.4) && points.length > 1) {
    const at = rng.range(1, points.length - 1);
    v = points.slice(0, at).join('') + rng.pick(['  ', '   ', ' \t ', '\t']) + points.slice(at).join('');
  }
  if (rng.chance(0.3)) v = rng.pick([' ', '  ', '\t']) + v;
  if (rng.chance(0.3)) v += rng.pick([' ', '  ', '\t ']);
  return v;
}

function randomCase(rng: Prng, name: string): string {
  return [...name].map((c) => (rng.chance(0.3) ? (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase()) : c)).join('');
}

function makeHeaders(rng: Prng, signer: 'smithy' | 'botocore', host: string, hasBody: boolean): HeaderSpec[] {
  const headers: HeaderSpec[] = [{ name: rng.pick(['Host', 'host']), lines: [host] }];
  for (const name of rng.shuffle([...HEADER_NAMES]).slice(0, rng.range(0, 4))) {
    const count = rng.chance(0.25) ? rng.range(2, 3) : 1;
    const lines = Array.from({ length: count }, () => headerValue(rng, signer === 'smithy'));
    headers.push({ name: randomCase(rng, name), lines });
  }
  if (hasBody) headers.push({ name: 'Content-Type', lines: [rng.pick(['application/x-www-form-urlencoded; charset=utf-8', 'application/x-amz-json-1.1', 'application/octet-stream'])] });
  if (rng.chance(0.2)) headers.push({ name: 'User-Agent', lines: ['rampart-tests/1.0 (unsigned header)'] });
  return headers;
}

function makeBody(rng: Prng, size: number): Buffer {
  if (rng.chance(0.5)) return Buffer.from(text(rng, size, size, true), 'utf8');
  return Buffer.from(Array.from({ length: size }, () => rng.int(256)));
}

function pickPayload(rng: Prng, s3: boolean, signer: 'smithy' | 'botocore', mode: 'header' | 'presigned'): PayloadKind {
  if (mode === 'presigned') return 'auto';
  if (!s3) return signer === 'smithy' && rng.chance(0.3) ? 'no-header' : 'auto';
  const r = rng.next();
  if (signer === 'botocore') return r < 0.5 ? 'auto' : r < 0.75 ? 'unsigned' : 'streaming-unsigned-trailer';
  return r < 0.4 ? 'auto' : r < 0.55 ? 'unsigned' : r < 0.7 ? 'streaming-signed' : r < 0.85 ? 'streaming-signed-trailer' : 'streaming-unsigned-trailer';
}

const EXPIRES = [1, 60, 300, 900, 3600, 86400, 604800];

/** `count` specs for one signer, deterministic for a seed. */
export function generateSpecs(rng: Prng, count: number, signer: 'smithy' | 'botocore', creds: readonly TestCredential[]): RequestSpec[] {
  const specs: RequestSpec[] = [];
  for (let i = 0; i < count; i++) {
    const profile = rng.pick(SERVICES);
    const mode = rng.chance(0.3) ? 'presigned' : 'header';
    const payload = pickPayload(rng, profile.s3, signer, mode);
    const streaming = payload.startsWith('streaming');
    const method = streaming ? 'PUT' : mode === 'presigned' ? rng.pick(['GET', 'GET', 'HEAD', 'DELETE', ...(profile.s3 ? ['PUT'] : [])]) : rng.pick(['GET', 'HEAD', 'DELETE', 'POST', 'PUT', 'PATCH', 'POST']);
    const hasBody = METHODS_WITH_BODY.includes(method) && (mode === 'header' || profile.s3);
    const size = streaming ? (rng.chance(0.15) ? 8192 * rng.range(1, 2) + rng.range(1, 500) : rng.range(0, 600)) : hasBody ? rng.range(0, 400) : 0;
    const now = Date.UTC(2023, 0, 1) + rng.int(1100) * 86_400_000 + rng.int(86_400) * 1000;
    const expires = rng.chance(0.6) ? rng.pick(EXPIRES) : rng.range(1, 604800);
    const signedAt =
      mode === 'header'
        ? now + rng.range(-14 * 60, 14 * 60) * 1000
        : rng.chance(0.15)
          ? now + rng.range(0, 10 * 60) * 1000
          : now - rng.range(0, Math.min(expires, 14 * 60)) * 1000;
    const host = rng.pick(profile.hosts);
    specs.push({
      id: `${signer}-${i}`,
      signer,
      profile,
      region: rng.pick(REGIONS),
      mode,
      method,
      host,
      rawPath: makePath(rng, profile.s3, signer === 'botocore'),
      query: makeQuery(rng, signer, mode),
      headers: makeHeaders(rng, signer, host, hasBody),
      body: makeBody(rng, size),
      payload,
      checksum: rng.pick(signer === 'botocore' ? (['CRC32', 'SHA1', 'SHA256'] as const) : (['CRC32', 'CRC32C', 'SHA1', 'SHA256'] as const)),
      chunkSize: rng.chance(0.5) ? 8192 : rng.range(8192, 20000),
      expires,
      cred: rng.pick(creds),
      signedAt,
      now,
      useDateHeader: signer === 'botocore' && mode === 'header' && rng.chance(0.1),
      hoistContentSha: rng.chance(0.5),
    });
  }
  return specs;
}
