/**
 * Percent-decoding without exceptions. `decodeURIComponent` throws a URIError on a malformed escape
 * or invalid UTF-8, and a thrown error costs microseconds (a stack trace): a 32 KiB request line of
 * `%zz` escapes, decoded before authentication, cost 100+ ms. Checking first costs a pass.
 */

/** The value of a hex digit's character code, or -1. */
export function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  const l = c | 0x20;
  return l >= 0x61 && l <= 0x66 ? l - 0x61 + 10 : -1;
}

/** The byte the `%XX` escape at `k` stands for, or -1 when there is none. */
function escapedByte(s: string, k: number): number {
  if (k + 2 >= s.length || s.charCodeAt(k) !== 0x25) return -1;
  const hi = hexValue(s.charCodeAt(k + 1));
  const lo = hexValue(s.charCodeAt(k + 2));
  return hi < 0 || lo < 0 ? -1 : hi * 16 + lo;
}

/**
 * True when `decodeURIComponent(s)` would not throw: every `%` starts a `%XX` escape and escapes of
 * non-ASCII bytes form whole, shortest-form UTF-8 sequences of code points other than surrogates
 * (ECMA-262 Decode).
 */
export function isStrictlyDecodable(s: string): boolean {
  for (let k = s.indexOf('%'); k !== -1; k = s.indexOf('%', k)) {
    const b = escapedByte(s, k);
    if (b < 0) return false;
    k += 3;
    if (b < 0x80) continue;
    const n = b >= 0xf8 ? 0 : b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 0;
    if (n === 0) return false;
    let cp = b & (0xff >> (n + 1));
    for (let j = 1; j < n; j++) {
      const c = escapedByte(s, k);
      if (c < 0 || (c & 0xc0) !== 0x80) return false;
      k += 3;
      cp = (cp << 6) | (c & 0x3f);
    }
    const min = n === 2 ? 0x80 : n === 3 ? 0x800 : 0x10000;
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return false;
  }
  return true;
}

/** `decodeURIComponent(s)`, or `s` unchanged where that would throw. */
export function decodeOrKeep(s: string): string {
  if (!s.includes('%')) return s;
  return isStrictlyDecodable(s) ? decodeURIComponent(s) : s;
}
