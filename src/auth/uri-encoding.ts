/**
 * Percent-encoding as SigV4 wants it: RFC 3986 unreserved characters (`A-Z a-z 0-9 - _ . ~`) stay,
 * every other byte becomes `%XX` with upper-case hex. Decoding is byte-oriented and lenient: a `%`
 * that does not start a valid escape stays a literal `%` (which then re-encodes as `%25`), the way
 * S3 treats `100%` (canonical `100%25`).
 */

const HEX = '0123456789ABCDEF';

/** Lookup table: true for the RFC 3986 unreserved bytes. */
const UNRESERVED: readonly boolean[] = (() => {
  const table: boolean[] = new Array<boolean>(256).fill(false);
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~';
  for (let i = 0; i < chars.length; i++) table[chars.charCodeAt(i)] = true;
  return table;
})();

/**
 * The bytes a wire string stands for. Node hands headers over as latin1 strings (one char per byte),
 * so a string whose chars all fit in a byte is read as latin1; anything wider can only have come from
 * JavaScript (tests, internal callers) and is taken as UTF-8.
 */
export function wireBytes(s: string): Buffer {
  // eslint-disable-next-line no-control-regex
  return /[^\u0000-\u00ff]/.test(s) ? Buffer.from(s, 'utf8') : Buffer.from(s, 'latin1');
}

/** Percent-encodes every byte outside the unreserved set. */
export function uriEncode(input: Buffer | string): string {
  const bytes = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
  let out = '';
  for (const b of bytes) {
    if (UNRESERVED[b]) out += String.fromCharCode(b);
    else out += '%' + HEX[b >> 4] + HEX[b & 15];
  }
  return out;
}

function hexValue(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 65 && code <= 70) return code - 55;
  if (code >= 97 && code <= 102) return code - 87;
  return -1;
}

/**
 * Decodes `%XX` escapes of a wire string into bytes. With `plusAsSpace`, `+` means a space (query
 * strings, as AWS and every form decoder read them). Invalid escapes are kept literally.
 */
export function percentDecode(raw: string, plusAsSpace: boolean): Buffer {
  const src = wireBytes(raw);
  const out = Buffer.allocUnsafe(src.length);
  let n = 0;
  for (let i = 0; i < src.length; i++) {
    const b = src[i] as number;
    if (b === 0x25 && i + 2 < src.length) {
      const hi = hexValue(src[i + 1] as number);
      const lo = hexValue(src[i + 2] as number);
      if (hi >= 0 && lo >= 0) {
        out[n++] = (hi << 4) | lo;
        i += 2;
        continue;
      }
    }
    out[n++] = plusAsSpace && b === 0x2b ? 0x20 : b;
  }
  return out.subarray(0, n);
}

/** Decode then re-encode: the canonical form of one query component or one S3 path segment. */
export function normalizeEncoding(raw: string, plusAsSpace: boolean): string {
  return uriEncode(percentDecode(raw, plusAsSpace));
}
