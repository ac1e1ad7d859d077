/**
 * Decoding the forms attackers hide payloads in, each a single linear pass: percent-encoding (also `%uXXXX`,
 * overlong UTF-8 such as `%c0%ae`, double encoding by repeating a bounded number of times), HTML entities,
 * backslash escapes (`\xNN`, `\uNNNN`). Invalid sequences are kept as they are, never an exception.
 */

const MAX_ROUNDS = 3;
/**
 * A decoded value is at most this long: the core rule set blocks longer query strings (2 KB), URI paths (1 KB),
 * cookies (10 KB) and bodies (8 KB) anyway, so nothing an attacker relies on lies beyond it.
 */
export const MAX_DECODE = 8192;

/** The value of a hex digit's char code, -1 for anything else. */
export function hexVal(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 65 && c <= 70) return c - 55;
  if (c >= 97 && c <= 102) return c - 87;
  return -1;
}

const isAlpha = (c: number): boolean => (c | 32) >= 97 && (c | 32) <= 122;
const isDigit = (c: number): boolean => c >= 48 && c <= 57;

const utf8 = new TextDecoder('utf-8', { fatal: false });

/** Bytes to text; overlong two/three-byte UTF-8 forms of ASCII (`C0 AE`, `E0 80 AE`) become the ASCII character. */
function bytesToText(bytes: number[]): string {
  let out = '';
  let run: number[] = [];
  const flush = (): void => {
    if (run.length > 0) {
      out += utf8.decode(Uint8Array.from(run));
      run = [];
    }
  };
  if (!bytes.some((x) => x === 0xc0 || x === 0xc1 || x === 0xe0)) return utf8.decode(Uint8Array.from(bytes));
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i] as number;
    const b1 = bytes[i + 1] ?? 0;
    if ((b === 0xc0 || b === 0xc1) && (b1 & 0xc0) === 0x80) {
      flush();
      out += String.fromCharCode(((b & 0x1f) << 6) | (b1 & 0x3f));
      i++;
      continue;
    }
    const b2 = bytes[i + 2] ?? 0;
    if (b === 0xe0 && (b1 & 0xe0) === 0x80 && (b2 & 0xc0) === 0x80) {
      flush();
      out += String.fromCharCode(((b1 & 0x3f) << 6) | (b2 & 0x3f));
      i += 2;
      continue;
    }
    run.push(b);
  }
  flush();
  return out;
}

/** One round of percent-decoding (`plus`: `+` is a space, as in form and query values). */
export function percentDecode(s: string, plus: boolean): string {
  if (!s.includes('%')) {
    if (!(plus && s.includes('+'))) return s;
    // ASCII without `%`: every character is its own byte and the bytes decode back to it, but `+` becomes a space.
    if (Buffer.byteLength(s) === s.length) return s.replace(/\+/g, ' ');
  }
  const bytes: number[] = [];
  const pushChar = (ch: string): void => {
    const c = ch.charCodeAt(0);
    if (c < 0x80) bytes.push(c);
    else for (const b of Buffer.from(ch, 'utf8')) bytes.push(b);
  };
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 37 /* % */) {
      if ((s.charCodeAt(i + 1) | 32) === 117 /* u */) {
        const a = hexVal(s.charCodeAt(i + 2));
        const b = hexVal(s.charCodeAt(i + 3));
        const d = hexVal(s.charCodeAt(i + 4));
        const e = hexVal(s.charCodeAt(i + 5));
        if (a >= 0 && b >= 0 && d >= 0 && e >= 0) {
          pushChar(fullWidthToAscii(String.fromCharCode((a << 12) | (b << 8) | (d << 4) | e)));
          i += 5;
          continue;
        }
      }
      const h = hexVal(s.charCodeAt(i + 1));
      const l = hexVal(s.charCodeAt(i + 2));
      if (h >= 0 && l >= 0) {
        bytes.push((h << 4) | l);
        i += 2;
        continue;
      }
    }
    if (plus && c === 43) bytes.push(32);
    else if (c < 0x80) bytes.push(c);
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      pushChar(s.slice(i, i + 2));
      i++;
    } else pushChar(s[i] as string);
  }
  return bytesToText(bytes);
}

/** Percent-decodes until stable (at most three rounds: double and triple encoding). */
export function deepPercentDecode(s: string, plus: boolean): string {
  let cur = s;
  for (let r = 0; r < MAX_ROUNDS; r++) {
    // Double-encoded form values (`%2B` for a space) decode to `+` in the second round: a space again.
    const next = percentDecode(cur, plus);
    if (next === cur) break;
    cur = next;
  }
  return cur;
}

/** Full-width ASCII forms (U+FF01..U+FF5E) to ASCII, as IIS-style normalization does. */
function fullWidthToAscii(ch: string): string {
  const c = ch.charCodeAt(0);
  return c >= 0xff01 && c <= 0xff5e ? String.fromCharCode(c - 0xfee0) : ch;
}

const NAMED: Readonly<Record<string, string>> = {
  lt: '<', gt: '>', amp: '&', quot: '"', apos: "'", nbsp: ' ', colon: ':', lpar: '(', rpar: ')', sol: '/',
  bsol: '\\', tab: '\t', newline: '\n', semi: ';', comma: ',', period: '.', equals: '=', excl: '!', num: '#',
  lsqb: '[', rsqb: ']', lbrace: '{', rbrace: '}', grave: '`', quest: '?', dollar: '$', percnt: '%', plus: '+',
};

/** HTML entity decoding (`&#x3c;`, `&#60`, `&lt;`, with or without the `;`). */
export function htmlDecode(s: string): string {
  let amp = s.indexOf('&');
  if (amp < 0) return s;
  let out = '';
  for (let i = 0; i < s.length; i++) {
    if (i < amp || amp < 0) {
      // The run up to the next `&` (or the end) as it is.
      const end = amp < 0 ? s.length : amp;
      out += s.slice(i, end);
      i = end - 1;
      continue;
    }
    amp = s.indexOf('&', i + 1);
    let j = i + 1;
    if (s[j] === '#') {
      j++;
      const hex = s[j] === 'x' || s[j] === 'X';
      if (hex) j++;
      let v = 0;
      let n = 0;
      while (j < s.length && n < 8) {
        const d = hex ? hexVal(s.charCodeAt(j)) : s.charCodeAt(j) - 48;
        if (d < 0 || d > (hex ? 15 : 9)) break;
        v = v * (hex ? 16 : 10) + d;
        j++;
        n++;
      }
      // Leading zeros may be many (`&#0000060`): skip the digit cap for them by consuming the rest.
      while (j < s.length && n >= 8 && (hex ? hexVal(s.charCodeAt(j)) >= 0 : isDigit(s.charCodeAt(j)))) j++;
      if (n > 0 && v > 0 && v <= 0x10ffff) {
        out += String.fromCodePoint(v);
        i = s[j] === ';' ? j : j - 1;
        continue;
      }
    } else {
      let name = '';
      while (j < s.length && name.length < 10 && isAlpha(s.charCodeAt(j))) name += s[j++];
      const rep = NAMED[name.toLowerCase()];
      if (rep !== undefined) {
        out += rep;
        i = s[j] === ';' ? j : j - 1;
        continue;
      }
    }
    out += '&';
  }
  return out;
}

/** `\xNN`, `\uNNNN`, `\NNN` (octal) escapes as JavaScript, PHP and shells read them. */
export function escapeDecode(s: string): string {
  if (!s.includes('\\')) return s;
  let out = '';
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '\\') {
      const n = s[i + 1];
      if (n === 'x' || n === 'X') {
        const h = hexVal(s.charCodeAt(i + 2));
        const l = hexVal(s.charCodeAt(i + 3));
        if (h >= 0 && l >= 0) {
          out += String.fromCharCode((h << 4) | l);
          i += 3;
          continue;
        }
      } else if (n === 'u') {
        const a = hexVal(s.charCodeAt(i + 2));
        const b = hexVal(s.charCodeAt(i + 3));
        const c = hexVal(s.charCodeAt(i + 4));
        const d = hexVal(s.charCodeAt(i + 5));
        if (a >= 0 && b >= 0 && c >= 0 && d >= 0) {
          out += String.fromCharCode((a << 12) | (b << 8) | (c << 4) | d);
          i += 5;
          continue;
        }
      }
    }
    out += s[i];
  }
  return out;
}

/** Every decoding an attacker may rely on, in the order a browser or server applies them. */
export function fullDecode(s: string, plus = false): string {
  const bounded = s.length > MAX_DECODE ? s.slice(0, MAX_DECODE) : s;
  return escapeDecode(htmlDecode(deepPercentDecode(bounded, plus)));
}
