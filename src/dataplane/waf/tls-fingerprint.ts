/**
 * JA3 and JA4 fingerprints of a TLS ClientHello, as AWS WAF's `JA3Fingerprint` and `JA4Fingerprint`
 * fields inspect them: JA3 (salesforce/ja3) is the MD5 of
 * `SSLVersion,Ciphers,Extensions,EllipticCurves,EllipticCurvePointFormats` (decimal values joined by
 * `-`, GREASE values left out), 32 hex digits; JA4 (FoxIO) is the 36-character
 * `t<version><d|i><ciphers><extensions><alpn>_<sha256 of sorted ciphers, 12>_<sha256 of sorted
 * extensions without SNI and ALPN, then the signature algorithms, 12>`.
 *
 * `readClientHello` parses the first handshake message of a connection, bounded: at most
 * MAX_HELLO_BYTES, every length checked against what is there; anything else is `undefined` (not a
 * ClientHello: the connection gets no fingerprint and the fields' fallback behaviour applies).
 */
import { createHash } from 'node:crypto';

/** The largest ClientHello read (TLS allows 2^24; real ones, post-quantum key shares included, take 2 KB). */
export const MAX_HELLO_BYTES = 16 * 1024;

export interface ClientHello {
  /** legacy_version (0x0303 for TLS 1.2 and 1.3). */
  readonly version: number;
  readonly ciphers: readonly number[];
  /** Extension types in the order sent. */
  readonly extensions: readonly number[];
  /** supported_groups (extension 10). */
  readonly groups: readonly number[];
  /** ec_point_formats (extension 11). */
  readonly pointFormats: readonly number[];
  /** signature_algorithms (extension 13), in the order sent. */
  readonly signatureAlgorithms: readonly number[];
  /** supported_versions (extension 43). */
  readonly supportedVersions: readonly number[];
  /** The first ALPN protocol offered (extension 16), as bytes. */
  readonly alpn?: Buffer;
  readonly sni: boolean;
}

/** GREASE values (RFC 8701): 0x0a0a, 0x1a1a, ... 0xfafa. */
const isGrease = (v: number): boolean => (v & 0x0f0f) === 0x0a0a && v >> 8 === (v & 0xff);

/**
 * How many bytes of `data` (the first bytes a client sent) make up its ClientHello's records: a
 * number once the whole handshake message is there, 'more' while it is not yet, undefined when the
 * bytes are not the start of a TLS handshake (or the hello is too large).
 */
export function helloLength(data: Buffer): number | 'more' | undefined {
  const body: Buffer[] = [];
  let bodyBytes = 0;
  let off = 0;
  for (;;) {
    if (data.length < off + 5) return data.length > MAX_HELLO_BYTES ? undefined : 'more';
    if (data[off] !== 0x16 || data[off + 1] !== 0x03) return undefined;
    const len = data.readUInt16BE(off + 3);
    if (len === 0 || len > 16_384 + 2048) return undefined;
    if (data.length < off + 5 + len) return off + 5 + len > MAX_HELLO_BYTES ? undefined : 'more';
    body.push(data.subarray(off + 5, off + 5 + len));
    bodyBytes += len;
    off += 5 + len;
    if (bodyBytes >= 4) {
      const head = body.length === 1 ? body[0]! : Buffer.concat(body);
      if (head[0] !== 0x01) return undefined;
      const need = 4 + head.readUIntBE(1, 3);
      if (need > MAX_HELLO_BYTES) return undefined;
      if (bodyBytes >= need) return off;
    }
    if (off > MAX_HELLO_BYTES) return undefined;
  }
}

/** The ClientHello in `records` (what helloLength measured), or undefined when malformed. */
export function readClientHello(records: Buffer): ClientHello | undefined {
  const parts: Buffer[] = [];
  for (let off = 0; off + 5 <= records.length; ) {
    const len = records.readUInt16BE(off + 3);
    parts.push(records.subarray(off + 5, off + 5 + len));
    off += 5 + len;
  }
  const msg = Buffer.concat(parts);
  if (msg.length < 4 || msg[0] !== 0x01) return undefined;
  const end = 4 + msg.readUIntBE(1, 3);
  if (end > msg.length) return undefined;
  const r = new Reader(msg, 4, end);
  try {
    const version = r.u16();
    r.skip(32);
    r.skip(r.u8()); // session id
    const ciphers = r.u16list(r.u16());
    r.skip(r.u8()); // compression methods
    const hello: { -readonly [K in keyof ClientHello]: ClientHello[K] } = { version, ciphers, extensions: [], groups: [], pointFormats: [], signatureAlgorithms: [], supportedVersions: [], sni: false };
    if (r.done()) return hello;
    const extEnd = r.pos + r.u16();
    if (extEnd > end) return undefined;
    const extensions: number[] = [];
    while (r.pos < extEnd) {
      const type = r.u16();
      const len = r.u16();
      const e = new Reader(msg, r.pos, r.pos + len);
      r.skip(len);
      extensions.push(type);
      if (type === 0x0000) hello.sni = true;
      else if (type === 0x000a) hello.groups = e.u16list(e.u16());
      else if (type === 0x000b) hello.pointFormats = [...e.bytes(e.u8())];
      else if (type === 0x000d) hello.signatureAlgorithms = e.u16list(e.u16());
      else if (type === 0x002b) hello.supportedVersions = e.u16list(e.u8());
      else if (type === 0x0010 && len > 2) {
        e.u16(); // protocol_name_list length
        const first = e.bytes(e.u8());
        if (first.length > 0) hello.alpn = Buffer.from(first);
      }
    }
    hello.extensions = extensions;
    return hello;
  } catch {
    return undefined;
  }
}

class Reader {
  constructor(
    private readonly b: Buffer,
    public pos: number,
    private readonly end: number,
  ) {}
  private need(n: number): void {
    if (this.pos + n > this.end) throw new RangeError('truncated ClientHello');
  }
  done(): boolean {
    return this.pos >= this.end;
  }
  u8(): number {
    this.need(1);
    return this.b[this.pos++]!;
  }
  u16(): number {
    this.need(2);
    const v = this.b.readUInt16BE(this.pos);
    this.pos += 2;
    return v;
  }
  skip(n: number): void {
    this.need(n);
    this.pos += n;
  }
  bytes(n: number): Buffer {
    this.need(n);
    const out = this.b.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }
  u16list(bytes: number): number[] {
    if (bytes % 2 !== 0) throw new RangeError('odd list length');
    const out: number[] = [];
    for (const end = this.pos + bytes; this.pos < end; ) out.push(this.u16());
    return out;
  }
}

const noGrease = (xs: readonly number[]): number[] => xs.filter((x) => !isGrease(x));

/** JA3's string (before hashing). */
export function ja3String(h: ClientHello): string {
  return [String(h.version), noGrease(h.ciphers).join('-'), noGrease(h.extensions).join('-'), noGrease(h.groups).join('-'), h.pointFormats.join('-')].join(',');
}

/** The JA3 fingerprint: 32 lowercase hex digits. */
export function ja3(h: ClientHello): string {
  return createHash('md5').update(ja3String(h)).digest('hex');
}

const VERSIONS: Readonly<Record<number, string>> = { 0x0304: '13', 0x0303: '12', 0x0302: '11', 0x0301: '10', 0x0300: 's3', 0x0002: 's2', 0xfeff: 'd1', 0xfefd: 'd2', 0xfefc: 'd3' };
const hex4 = (v: number): string => v.toString(16).padStart(4, '0');
const two = (n: number): string => String(Math.min(n, 99)).padStart(2, '0');
const sha12 = (s: string): string => createHash('sha256').update(s).digest('hex').slice(0, 12);
const alnum = (c: number): boolean => (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);

/** JA4's first part's ALPN characters: the first and last of the first protocol ('00' without one). */
function alpnChars(p: Buffer | undefined): string {
  if (!p || p.length === 0) return '00';
  const first = p[0]!;
  const last = p[p.length - 1]!;
  if (alnum(first) && alnum(last)) return String.fromCharCode(first, last);
  const h = p.toString('hex');
  return h[0]! + h[h.length - 1]!;
}

/** The JA4 fingerprint (TLS over TCP): 36 characters. */
export function ja4(h: ClientHello): string {
  const versions = noGrease(h.supportedVersions);
  const version = versions.length > 0 ? Math.max(...versions) : h.version;
  const ciphers = noGrease(h.ciphers);
  const extensions = noGrease(h.extensions);
  const a = `t${VERSIONS[version] ?? '00'}${h.sni ? 'd' : 'i'}${two(ciphers.length)}${two(extensions.length)}${alpnChars(h.alpn)}`;
  const b = ciphers.length === 0 ? '000000000000' : sha12(ciphers.map(hex4).sort().join(','));
  const listed = extensions.filter((e) => e !== 0x0000 && e !== 0x0010).map(hex4).sort();
  const sigs = noGrease(h.signatureAlgorithms).map(hex4);
  const c = listed.length === 0 ? '000000000000' : sha12(listed.join(',') + (sigs.length > 0 ? `_${sigs.join(',')}` : ''));
  return `${a}_${b}_${c}`;
}
