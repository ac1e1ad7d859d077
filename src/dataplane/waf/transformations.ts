/**
 * AWS WAF text transformations over byte strings (latin1 strings: one char per byte, so decoders
 * never meet invalid UTF-8). Each is linear in its input; none grows it by more than a constant
 * factor (UTF8_TO_UNICODE at most 6x, bounded by the inspected size limits upstream).
 * Semantics follow the AWS WAF developer guide's "Text transformation options".
 */
import { createHash } from 'node:crypto';
import type { TextTransformation, TextTransformationType } from '../../services/wafv2/api.generated.js';

const isWs = (c: number) => c === 0x20 || (c >= 0x09 && c <= 0x0d) || c === 0xa0;
const hexVal = (c: number) => (c >= 0x30 && c <= 0x39 ? c - 0x30 : c >= 0x61 && c <= 0x66 ? c - 87 : c >= 0x41 && c <= 0x46 ? c - 55 : -1);
const isHex = (c: number) => hexVal(c) >= 0;
const chr = (n: number) => String.fromCharCode(n & 0xff);

function compressWhiteSpace(s: string): string {
  let out = '';
  let ws = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (isWs(c)) {
      if (!ws) out += ' ';
      ws = true;
    } else {
      out += s[i];
      ws = false;
    }
  }
  return out;
}

const ENTITIES: Record<string, string> = { quot: '"', amp: '&', lt: '<', gt: '>', nbsp: '\xa0', apos: "'", colon: ':', tab: '\t', newline: '\n', lpar: '(', rpar: ')' };

function htmlEntityDecode(s: string): string {
  return s.replace(/&(?:#[xX]([0-9a-fA-F]{1,8});?|#([0-9]{1,10});?|([a-zA-Z]{2,8});)/g, (m, hex: string | undefined, dec: string | undefined, name: string | undefined) => {
    if (hex !== undefined) return chr(parseInt(hex, 16));
    if (dec !== undefined) return chr(parseInt(dec, 10));
    const e = ENTITIES[name!.toLowerCase()];
    return e ?? m;
  });
}

const lowercase = (s: string) => s.replace(/[A-Z]+/g, (m) => m.toLowerCase());

/** CMD_LINE: delete \ " ' ^, delete spaces before / and (, commas and semicolons to spaces, collapse spaces, lowercase. */
function cmdLine(s: string): string {
  let t = s.replace(/[\\"'^]/g, '').replace(/[,;]/g, ' ');
  t = compressWhiteSpace(t).replace(/ +(?=[/(])/g, '');
  return lowercase(t);
}

function urlDecode(s: string, uni: boolean): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x25) {
      if (uni && (s[i + 1] === 'u' || s[i + 1] === 'U') && i + 5 < s.length && [2, 3, 4, 5].every((k) => isHex(s.charCodeAt(i + k)))) {
        // %uXXXX: the low byte, as ModSecurity does (the full-width ASCII range maps to ASCII).
        const code = parseInt(s.slice(i + 2, i + 6), 16);
        out += chr(code >= 0xff01 && code <= 0xff5e ? code - 0xfee0 : code);
        i += 5;
        continue;
      }
      if (i + 2 < s.length && isHex(s.charCodeAt(i + 1)) && isHex(s.charCodeAt(i + 2))) {
        out += chr(hexVal(s.charCodeAt(i + 1)) * 16 + hexVal(s.charCodeAt(i + 2)));
        i += 2;
        continue;
      }
      out += '%';
    } else if (c === 0x2b) out += ' ';
    else out += s[i];
  }
  return out;
}

function base64Decode(s: string, ext: boolean): string {
  const cleaned = ext ? s.replace(/[^A-Za-z0-9+/]/g, '') : (/^[A-Za-z0-9+/]*={0,2}/.exec(s)?.[0] ?? '');
  return Buffer.from(cleaned, 'base64').toString('latin1');
}

function hexDecode(s: string): string {
  const m = /^(?:[0-9a-fA-F]{2})*/.exec(s)![0];
  return Buffer.from(m, 'hex').toString('latin1');
}

/** REPLACE_COMMENTS: each C-style comment (an unterminated one runs to the end) becomes one space; a stray `*\/` too. */
const replaceComments = (s: string) => s.replace(/\/\*[\s\S]*?(?:\*\/|$)/g, ' ').replace(/\*\//g, ' ');

const C_ESCAPES: Record<string, string> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\', '?': '?', "'": "'", '"': '"' };

function escapeSeqDecode(s: string): string {
  return s.replace(/\\(?:x([0-9a-fA-F]{1,2})|([0-7]{1,3})|([abfnrtv\\?'"]))/g, (_m, x: string | undefined, o: string | undefined, e: string | undefined) =>
    x !== undefined ? chr(parseInt(x, 16)) : o !== undefined ? chr(parseInt(o, 8)) : C_ESCAPES[e!]!,
  );
}

const sqlHexDecode = (s: string) => s.replace(/0x((?:[0-9a-fA-F]{2})+)/g, (_m, h: string) => Buffer.from(h, 'hex').toString('latin1'));

function cssDecode(s: string): string {
  return s.replace(/\\(?:([0-9a-fA-F]{1,6})\s?|([\s\S]))/g, (_m, h: string | undefined, c: string | undefined) => {
    if (h !== undefined) {
      const code = parseInt(h, 16);
      return chr(code >= 0xff01 && code <= 0xff5e ? code - 0xfee0 : code);
    }
    return c === '\n' ? '' : c!;
  });
}

function jsDecode(s: string): string {
  return s.replace(/\\(?:u([0-9a-fA-F]{4})|x([0-9a-fA-F]{2})|([0-7]{1,3})|([\s\S]))/g, (_m, u: string | undefined, x: string | undefined, o: string | undefined, c: string | undefined) => {
    if (u !== undefined) {
      const code = parseInt(u, 16);
      return chr(code >= 0xff01 && code <= 0xff5e ? code - 0xfee0 : code);
    }
    if (x !== undefined) return chr(parseInt(x, 16));
    if (o !== undefined) return chr(parseInt(o, 8));
    return C_ESCAPES[c!] ?? c!;
  });
}

/** NORMALIZE_PATH: collapse `//`, drop `./` segments, resolve `../` (never above the root). */
function normalizePath(s: string): string {
  const absolute = s.startsWith('/');
  const trailing = s.length > 1 && (s.endsWith('/') || s.endsWith('/.') || s.endsWith('/..'));
  const out: string[] = [];
  for (const seg of s.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (out.length && out[out.length - 1] !== '..') out.pop();
      else if (!absolute) out.push('..');
      continue;
    }
    out.push(seg);
  }
  let r = (absolute ? '/' : '') + out.join('/');
  if (trailing && !r.endsWith('/')) r += '/';
  return r;
}

/** UTF8_TO_UNICODE: every multi-byte UTF-8 sequence becomes %uHHHH (invalid bytes are kept). */
function utf8ToUnicode(s: string): string {
  const b = Buffer.from(s, 'latin1');
  let out = '';
  for (let i = 0; i < b.length; ) {
    const c = b[i]!;
    const len = c >= 0xf0 && c <= 0xf4 ? 4 : c >= 0xe0 ? 3 : c >= 0xc2 && c <= 0xdf ? 2 : 1;
    if (len > 1 && i + len <= b.length && [...b.subarray(i + 1, i + len)].every((x) => (x & 0xc0) === 0x80)) {
      const cp = b.subarray(i, i + len).toString('utf8').codePointAt(0)!;
      out += `%u${cp.toString(16).padStart(4, '0')}`;
      i += len;
    } else {
      out += chr(c);
      i++;
    }
  }
  return out;
}

const FUNCTIONS: Record<TextTransformationType, (s: string) => string> = {
  NONE: (s) => s,
  COMPRESS_WHITE_SPACE: compressWhiteSpace,
  HTML_ENTITY_DECODE: htmlEntityDecode,
  LOWERCASE: lowercase,
  CMD_LINE: cmdLine,
  URL_DECODE: (s) => urlDecode(s, false),
  URL_DECODE_UNI: (s) => urlDecode(s, true),
  BASE64_DECODE: (s) => base64Decode(s, false),
  BASE64_DECODE_EXT: (s) => base64Decode(s, true),
  HEX_DECODE: hexDecode,
  MD5: (s) => createHash('md5').update(Buffer.from(s, 'latin1')).digest().toString('latin1'),
  REPLACE_COMMENTS: replaceComments,
  ESCAPE_SEQ_DECODE: escapeSeqDecode,
  SQL_HEX_DECODE: sqlHexDecode,
  CSS_DECODE: cssDecode,
  JS_DECODE: jsDecode,
  NORMALIZE_PATH: normalizePath,
  NORMALIZE_PATH_WIN: (s) => normalizePath(s.replace(/\\/g, '/')),
  REMOVE_NULLS: (s) => s.replace(/\0/g, ''),
  REPLACE_NULLS: (s) => s.replace(/\0/g, ' '),
  UTF8_TO_UNICODE: utf8ToUnicode,
};

/** One transformation by AWS's name. */
export function transform(type: TextTransformationType, s: string): string {
  return FUNCTIONS[type](s);
}

/** The chain in AWS's order (ascending Priority), as a list of types without NONE. */
export function chainOf(tts: readonly TextTransformation[] | undefined): TextTransformationType[] {
  return [...(tts ?? [])].sort((a, b) => a.Priority - b.Priority).map((t) => t.Type).filter((t) => t !== 'NONE');
}

/** Applies a chain (from chainOf). */
export function applyChain(chain: readonly TextTransformationType[], s: string): string {
  let v = s;
  for (const t of chain) v = FUNCTIONS[t](v);
  return v;
}
