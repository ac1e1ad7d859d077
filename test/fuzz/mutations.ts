/**
 * Mutators for the malformed-request fuzz test. Each takes a well-formed, signed raw request
 * and a PRNG and returns bytes to send, plus whether HTTP framing stays complete (when it does not,
 * closing the connection without an answer is acceptable, as AWS front ends do).
 */

export type Rng = () => number;

export interface RawParts {
  requestLine: string;
  headers: [string, string][];
  body: Buffer;
}

export interface Mutated {
  readonly kind: string;
  readonly bytes: Buffer;
  readonly framingComplete: boolean;
}

/** Deterministic PRNG (mulberry32). */
export function rng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(r: Rng, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
const int = (r: Rng, n: number) => Math.floor(r() * n);

/** Serializes parts; content-length is recomputed unless `keepLength` is given. */
export function serialize(p: RawParts, opts: { contentLength?: number | null } = {}): Buffer {
  const hs = p.headers.filter(([n]) => n.toLowerCase() !== 'content-length' && n.toLowerCase() !== 'connection');
  const len = opts.contentLength === undefined ? p.body.length : opts.contentLength;
  if (len !== null) hs.push(['content-length', String(len)]);
  hs.push(['connection', 'close']);
  const head = `${p.requestLine}\r\n${hs.map(([n, v]) => `${n}: ${v}`).join('\r\n')}\r\n\r\n`;
  return Buffer.concat([Buffer.from(head, 'latin1'), p.body]);
}

function clone(p: RawParts): RawParts {
  return { requestLine: p.requestLine, headers: p.headers.map(([n, v]) => [n, v]), body: Buffer.from(p.body) };
}

function flipByte(r: Rng, s: string): string {
  if (!s.length) return String.fromCharCode(int(r, 256));
  const i = int(r, s.length);
  let c = int(r, 256);
  if (c === s.charCodeAt(i)) c = (c + 1) % 256;
  return s.slice(0, i) + String.fromCharCode(c) + s.slice(i + 1);
}

const JUNK = ['%ZZ', '%', '%E0%A4%A', '\u00ff\u00fe', '%00', '&&&', '==', 'Action', '\u00c3\u0028', '%C3%28', '+', ';', '\\', '"', '<', ']]>'];

type Mutator = (p: RawParts, r: Rng) => Mutated;

export const MUTATORS: Record<string, Mutator> = {
  headerValueFlip(p, r) {
    const q = clone(p);
    const h = pick(r, q.headers);
    h[1] = flipByte(r, h[1]).replace(/[\r\n]/g, 'x');
    return { kind: 'headerValueFlip', bytes: serialize(q), framingComplete: true };
  },
  headerNameFlip(p, r) {
    const q = clone(p);
    const h = pick(r, q.headers);
    h[0] = flipByte(r, h[0]).replace(/[\r\n]/g, 'x');
    return { kind: 'headerNameFlip', bytes: serialize(q), framingComplete: true };
  },
  headerDrop(p, r) {
    const q = clone(p);
    q.headers.splice(int(r, q.headers.length), 1);
    return { kind: 'headerDrop', bytes: serialize(q), framingComplete: true };
  },
  headerDuplicate(p, r) {
    const q = clone(p);
    const h = pick(r, q.headers);
    q.headers.push([h[0], pick(r, ['', ' ', h[1] + 'x', 'AWS4-HMAC-SHA256', '20200101T000000Z', h[1]])]);
    return { kind: 'headerDuplicate', bytes: serialize(q), framingComplete: true };
  },
  headerOversized(p, r) {
    const q = clone(p);
    q.headers.push([pick(r, ['x-amz-meta-big', 'authorization', 'x-amz-date']), 'A'.repeat(33_000 + int(r, 20_000))]);
    return { kind: 'headerOversized', bytes: serialize(q), framingComplete: true };
  },
  manyHeaders(p, r) {
    const q = clone(p);
    const n = 100 + int(r, 2000);
    for (let i = 0; i < n; i++) q.headers.push([`x-h-${i}`, 'v']);
    return { kind: 'manyHeaders', bytes: serialize(q), framingComplete: true };
  },
  authTruncate(p, r) {
    const q = clone(p);
    const h = q.headers.find(([n]) => n.toLowerCase() === 'authorization');
    if (h) h[1] = h[1].slice(0, int(r, h[1].length));
    return { kind: 'authTruncate', bytes: serialize(q), framingComplete: true };
  },
  authVariant(p, r) {
    const q = clone(p);
    const h = q.headers.find(([n]) => n.toLowerCase() === 'authorization');
    if (h) {
      h[1] = pick(r, [
        h[1].replace('AWS4-HMAC-SHA256', 'AWS4-HMAC-SHA512'),
        h[1].replace(/Credential=[^,]*/, 'Credential=AKID'),
        h[1].replace(/Credential=([^/]*)\/[^/]*/, 'Credential=$1/notadate'),
        h[1].replace(/\/sts\//, '/nosuchservice/'),
        h[1].replace(/SignedHeaders=[^,]*/, 'SignedHeaders='),
        h[1].replace(/Signature=\w+/, 'Signature=zz'),
        h[1].replace(/,/g, ''),
        'AWS4-HMAC-SHA256',
        'Bearer abc',
        'AWS AKIAIOSFODNN7EXAMPLE:frJIUN8DYpKDtOLCwo//yllqDzg=',
        h[1] + ', Signature=dup',
      ]);
    }
    return { kind: 'authVariant', bytes: serialize(q), framingComplete: true };
  },
  dateGarbage(p, r) {
    const q = clone(p);
    const h = q.headers.find(([n]) => n.toLowerCase() === 'x-amz-date');
    if (h) h[1] = pick(r, ['', 'yesterday', '99999999T999999Z', '20240230T250000Z', '1', '2024-01-01T00:00:00Z', 'ÿÿÿ']);
    return { kind: 'dateGarbage', bytes: serialize(q), framingComplete: true };
  },
  bodyFlip(p, r) {
    const q = clone(p);
    if (q.body.length) q.body[int(r, q.body.length)] = int(r, 256);
    return { kind: 'bodyFlip', bytes: serialize(q), framingComplete: true };
  },
  bodyTruncate(p, r) {
    const q = clone(p);
    q.body = q.body.subarray(0, int(r, q.body.length + 1));
    return { kind: 'bodyTruncate', bytes: serialize(q), framingComplete: true };
  },
  bodyJunk(p, r) {
    const q = clone(p);
    const s = q.body.toString('latin1');
    const i = int(r, s.length + 1);
    q.body = Buffer.from(s.slice(0, i) + pick(r, JUNK) + s.slice(i), 'latin1');
    return { kind: 'bodyJunk', bytes: serialize(q), framingComplete: true };
  },
  bodyRandom(p, r) {
    const q = clone(p);
    q.body = Buffer.from(Array.from({ length: int(r, 3000) }, () => int(r, 256)));
    return { kind: 'bodyRandom', bytes: serialize(q), framingComplete: true };
  },
  bodyDeepParams(p, r) {
    const q = clone(p);
    const depth = 1 + int(r, 200);
    const many = Array.from({ length: int(r, 5000) }, (_, i) => `P${i}=${i}`).join('&');
    q.body = Buffer.from(`Action=GetCallerIdentity&Version=2011-06-15&${'A.member.1.'.repeat(depth)}B=x&${many}`);
    return { kind: 'bodyDeepParams', bytes: serialize(q), framingComplete: true };
  },
  contentLengthLie(p, r) {
    const q = clone(p);
    const delta = pick(r, [1, 10, 1000]);
    return { kind: 'contentLengthLie', bytes: serialize(q, { contentLength: q.body.length + delta }), framingComplete: false };
  },
  contentLengthGarbage(p, r) {
    const q = clone(p);
    const h: [string, string] = ['content-length', pick(r, ['-1', 'abc', '1e3', '99999999999999999999', ' 5', '0x10'])];
    const head = `${q.requestLine}\r\n${[...q.headers.filter(([n]) => n !== 'content-length'), h, ['connection', 'close']].map(([n, v]) => `${n}: ${v}`).join('\r\n')}\r\n\r\n`;
    return { kind: 'contentLengthGarbage', bytes: Buffer.concat([Buffer.from(head, 'latin1'), q.body]), framingComplete: true };
  },
  chunkedGarbage(p, r) {
    const q = clone(p);
    q.headers.push(['transfer-encoding', 'chunked']);
    const body = pick(r, [`zz\r\n${q.body}\r\n0\r\n\r\n`, `${q.body.length.toString(16)}\r\n${q.body}\r\n`, `5\r\nabc\r\n0\r\n\r\n`, `-1\r\n\r\n`, `0\r\nx-trailer: y\r\n\r\n`]);
    const head = `${q.requestLine}\r\n${[...q.headers, ['connection', 'close']].map(([n, v]) => `${n}: ${v}`).join('\r\n')}\r\n\r\n`;
    return { kind: 'chunkedGarbage', bytes: Buffer.from(head + body, 'latin1'), framingComplete: false };
  },
  requestLine(p, r) {
    const q = clone(p);
    q.requestLine = pick(r, [
      'GET / HTTP/1.1', 'PUT /x/y?z HTTP/1.1', 'DELETE / HTTP/1.0', 'FOO / HTTP/1.1', 'POST /../../etc/passwd HTTP/1.1',
      `POST /${'a/'.repeat(3000)} HTTP/1.1`, 'POST /%ZZ?%ZZ=%ZZ HTTP/1.1', 'POST /?Action=GetCallerIdentity&Version=2011-06-15&Action=X HTTP/1.1',
      'POST /\u00ff HTTP/1.1', 'POST / HTTP/9.9', 'POST / FTP/1.1', 'POST', '', 'POST /?X-Amz-Expires=-1&X-Amz-Credential=a HTTP/1.1',
      'GET /?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIA%2F20240101%2Fus-east-1%2Fsts%2Faws4_request&X-Amz-Date=20240101T000000Z&X-Amz-Expires=999999999&X-Amz-SignedHeaders=host&X-Amz-Signature=00 HTTP/1.1',
      'OPTIONS * HTTP/1.1', 'CONNECT 127.0.0.1:1 HTTP/1.1',
    ]);
    return { kind: 'requestLine', bytes: serialize(q), framingComplete: true };
  },
  rawFlip(p, r) {
    const b = serialize(p);
    const headEnd = b.indexOf('\r\n\r\n');
    const n = 1 + int(r, 4);
    for (let i = 0; i < n; i++) {
      const at = int(r, headEnd);
      b[at] = (b[at]! + 1 + int(r, 255)) % 256;
    }
    // A flipped byte can break the content-length line or the head terminator, so framing may be lost.
    return { kind: 'rawFlip', bytes: b, framingComplete: false };
  },
  targetJunk(p, r) {
    const q = clone(p);
    q.headers.push(['x-amz-target', pick(r, ['', '.', 'TrentService.Encrypt', 'AWSSecurityTokenServiceV20110615.GetCallerIdentity', 'x'.repeat(5000), '\u00e9.\u00e9'])]);
    q.headers.push(['content-type', pick(r, ['application/x-amz-json-1.1', 'application/json', 'text/plain', '\u00ff'])]);
    return { kind: 'targetJunk', bytes: serialize(q), framingComplete: true };
  },
};

export const MUTATOR_NAMES = Object.keys(MUTATORS);
