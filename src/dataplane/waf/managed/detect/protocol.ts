/**
 * HTTP protocol attacks and violations: request smuggling and response splitting carried in values, header
 * injection through CR/LF, LDAP filter injection; malformed or evasive encodings (invalid percent-encoding,
 * NUL, bytes that are never UTF-8, IIS `%u` full-width forms, exotic charsets); and request headers that break
 * the protocol (see `../core-rampart.ts` for the rules that use them, and the README for the reasoning).
 * Every function is a bounded scan of a bounded value; regexes have no nested quantifiers over input.
 */

import { hexVal } from '../decode.js';

const MAX_INPUT = 8192;

/** The first MAX_INPUT characters: what a detector looks at of a value. */
export function clip(s: string): string {
  return s.length > MAX_INPUT ? s.slice(0, MAX_INPUT) : s;
}

const METHODS = 'get|post|head|put|delete|options|trace|track|connect|patch|propfind|proppatch|mkcol|copy|move|lock|unlock';
/** A request line inside a value (`GET http://host/ HTTP/1.1`): a second request smuggled behind the first. */
const REQUEST_LINE = new RegExp(`(?:${METHODS})[ \\t]+[^\\s]{1,512}[ \\t]+http/\\d`, 'i');
/** CR/LF then a header that steers a proxy, a cache or the response (header injection, response splitting). */
const INJECTED_HEADER =
  /[\r\n][\r\n\t ]{0,16}(?:content-(?:type|length)|set-cookie|transfer-encoding|location|refresh|cookie|host|via|(?:x-)?forwarded(?:-(?:for|host|server|proto))?|remote-(?:ip|addr)|originating-ip)[\r\n\t ]{0,16}:/i;
/** A blank line then a status line or a document: a second response written into the first. */
const SPLIT_RESPONSE = /(?:\r?\n|\r){2}[\t ]{0,16}(?:http\/\d|<(?:html|meta)\b)|[\r\n][\t ]{0,16}http\/\d\.\d[\t ]+\d{3}\b/i;
/** (From a value's first `)`, when no `(` comes before it: the value closes a filter it did not open.)
 *  Closing one LDAP filter and opening another: `*)(uid=*`, `x)(&)`, `*)!(sn=*`, `bob)(cn>=a)`. */
const LDAP_FILTER = /^\)[\t ]{0,16}[!&|]?[\t ]{0,16}\([\t ]{0,16}(?:[!&|][\t ]{0,16}[()]?|[\w.-]{1,64}[\t ]{0,16}[<>~]?=)/;

/** In a body, only the headers that split a response or a request: a form's text may well say "Location:". */
const INJECTED_FRAMING_HEADER = /[\r\n][\r\n\t ]{0,16}(?:content-(?:type|length)|set-cookie|transfer-encoding)[\r\n\t ]{0,16}:/i;

/** A line break then a request line's start (`\r\nGET /foo`): a second request begun in a value. */
const LINE_THEN_REQUEST = new RegExp(`[\\r\\n][\\t ]{0,16}(?:${METHODS})[ \\t]+(?:/|https?://)`, 'i');

function smuggles(s: string, injected: RegExp): boolean {
  if ((s.includes('\r') || s.includes('\n')) && (injected.test(s) || SPLIT_RESPONSE.test(s) || LINE_THEN_REQUEST.test(s))) return true;
  return /http\/\d/i.test(s) && REQUEST_LINE.test(s);
}

/** A header value (decoded) carrying a smuggled request line, injected headers or a split response. */
export function isHeaderProtocolAttack(value: string): boolean {
  return smuggles(clip(value), INJECTED_HEADER);
}

/** A query argument carrying a smuggled request, injected headers, a split response or an LDAP filter. */
export function isArgProtocolAttack(value: string): boolean {
  const s = clip(value);
  return smuggles(s, INJECTED_HEADER) || breaksOutOfLdapFilter(s);
}

function breaksOutOfLdapFilter(s: string): boolean {
  const close = s.indexOf(')');
  return close >= 0 && s.lastIndexOf('(', close) < 0 && LDAP_FILTER.test(s.slice(close));
}

/** A body field: as an argument, but only the framing headers count as injected. */
export function isBodyProtocolAttack(value: string): boolean {
  const s = clip(value);
  return smuggles(s, INJECTED_FRAMING_HEADER) || breaksOutOfLdapFilter(s);
}

/** A value that carries CR or LF where none belongs (argument names, the URI path). */
export function hasLineBreak(value: string): boolean {
  return value.includes('\r') || value.includes('\n');
}

/** Charsets a request may declare: the ones browsers send. Anything else (UTF-7, UTF-16, EBCDIC `ibm037`,
 *  `cp1026`, made-up names) is an encoding evasion: the WAF and the application would read different text. */
const SAFE_CHARSETS = new Set(['utf-8', 'utf8', 'iso-8859-1', 'iso-8859-15', 'latin1', 'windows-1252', 'us-ascii', 'ascii']);

export function isSafeCharset(name: string): boolean {
  return SAFE_CHARSETS.has(name.trim().replace(/^(["'])(.*)\1$/, '$2').toLowerCase());
}

/**
 * Raw (still percent-encoded) text whose encoding is invalid or evasive: `%` not followed by two hex digits
 * (nor `%u` and four), a full-width `%uFFxx` (IIS decodes `%uFF0F` to `/`), an encoded NUL or control
 * character (tab, LF and CR excepted), or an overlong
 * or out-of-range UTF-8 sequence (`%C0%AF` for `/`, `%E0%80%AF`, `%F0%80%80%AF`, `%F5%80%BF%BF`). A lone
 * byte from 0x80 up is left alone: forms of ISO-8859-1 pages send `%FC` for `ü`.
 */
export function hasInvalidEncoding(raw: string): boolean {
  const s = clip(raw);
  let at = s.indexOf('%');
  while (at >= 0) {
    const a = s.charCodeAt(at + 1);
    const b = s.charCodeAt(at + 2);
    if ((a === 0x75 || a === 0x55) && /^[0-9a-f]{4}/i.test(s.slice(at + 2, at + 6))) {
      if (/^ff/i.test(s.slice(at + 2, at + 4))) return true;
      at = s.indexOf('%', at + 6);
      continue;
    }
    const hi = hexVal(a);
    const lo = hexVal(b);
    if (hi < 0 || lo < 0) return true;
    const byte = (hi << 4) | lo;
    if (isControl(byte)) return true;
    if (byte === 0xc0 || byte === 0xc1 || byte === 0xe0 || byte === 0xf0 || byte >= 0xf5) {
      const next = /^%([0-9a-f]{2})/i.exec(s.slice(at + 3, at + 6));
      const cont = next ? parseInt(next[1] as string, 16) : -1;
      // The byte after the lead, for the sequence to be overlong (or beyond U+10FFFF): any continuation
      // byte after C0, C1 and F5-FF; below A0 after E0; below 90 after F0.
      const below = byte === 0xe0 ? 0xa0 : byte === 0xf0 ? 0x90 : 0xc0;
      if (cont >= 0x80 && cont < below) return true;
    }
    at = s.indexOf('%', at + 3);
  }
  for (let i = 0; i < s.length; i++) if (isControl(s.charCodeAt(i))) return true;
  return false;
}

/** NUL and the control characters no text carries (tab, LF and CR are text). */
function isControl(byte: number): boolean {
  return (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d) || byte === 0x7f;
}

/** A header value carrying NUL or a control character, raw or percent-encoded (`Referer: x%00`, `hi%13=bye`). */
export function hasControlCharacter(value: string): boolean {
  const s = clip(value);
  for (let i = 0; i < s.length; i++) if (isControl(s.charCodeAt(i))) return true;
  return /%(?:0[0-8bcef]|1[0-9a-f]|7f)/i.test(s);
}

/** One media type with its parameters, as `parseMediaType` reads it. */
export interface MediaType {
  readonly type: string;
  readonly subtype: string;
  readonly params: readonly (readonly [name: string, value: string])[];
}

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+/;

/** `type/subtype; name=value; name="quoted"` (RFC 9110); undefined when it does not follow the grammar. */
export function parseMediaType(text: string): MediaType | undefined {
  const s = clip(text).trim();
  const type = TOKEN.exec(s)?.[0];
  if (!type || s[type.length] !== '/') return undefined;
  const subtype = TOKEN.exec(s.slice(type.length + 1))?.[0];
  if (!subtype) return undefined;
  const params: [string, string][] = [];
  let at = type.length + 1 + subtype.length;
  for (;;) {
    while (s[at] === ' ' || s[at] === '\t') at++;
    if (at >= s.length) break;
    if (s[at] !== ';') return undefined;
    at++;
    while (s[at] === ' ' || s[at] === '\t') at++;
    if (at >= s.length) break;
    const raw = TOKEN.exec(s.slice(at))?.[0];
    if (!raw || s[at + raw.length] !== '=') return undefined;
    at += raw.length + 1;
    const name = raw.toLowerCase();
    let value: string;
    if (name === 'boundary' && s[at] !== '"') {
      // RFC 2046 boundaries use characters a token may not ('()+,-./:=?' and inner spaces); senders leave them unquoted.
      const v = /^ ?[0-9A-Za-z'()+_,./:=?-][0-9A-Za-z'()+_,./:=? -]{0,69}/.exec(s.slice(at))?.[0]?.replace(/ +$/, '');
      if (!v || /^ ?$/.test(v)) return undefined;
      value = v;
      at += v.length;
      while (s[at] === ' ') at++;
    } else if (s[at] === '"') {
      let end = at + 1;
      while (end < s.length && s[end] !== '"') end += s[end] === '\\' ? 2 : 1;
      if (end >= s.length) return undefined;
      value = s.slice(at + 1, end);
      at = end + 1;
    } else {
      const v = TOKEN.exec(s.slice(at))?.[0];
      if (!v) return undefined;
      value = v;
      at += v.length;
    }
    params.push([name, value]);
  }
  return { type: type.toLowerCase(), subtype: subtype.toLowerCase(), params };
}

const MULTIPART_SUBTYPES = new Set(['form-data', 'mixed', 'related', 'alternative', 'byteranges', 'x-mixed-replace', 'signed', 'encrypted', 'digest', 'parallel']);
const APPLICATION_SUBTYPES = new Set([
  'json', 'xml', 'x-www-form-urlencoded', 'octet-stream', 'csp-report', 'graphql', 'javascript', 'ecmascript', 'pdf',
  'zip', 'gzip', 'zstd', 'protobuf', 'grpc', 'grpc-web', 'grpc-web-text', 'msgpack', 'cbor', 'jwt', 'jose', 'ndjson',
  'jsonl', 'json-seq', 'sql', 'wasm', 'yaml', 'toml', 'tar', 'rtf', 'msword', 'pkcs10', 'pkcs7-mime', 'pkix-cert',
  'ocsp-request', 'dns-message', 'sdp', 'dicom', 'http', 'xhtml+xml', 'soap+xml', 'atom+xml', 'rss+xml', 'xop+xml',
]);
const TOP_TYPES = new Set(['application', 'text', 'multipart', 'image', 'audio', 'video', 'font', 'message', 'model']);
/** A parameter value that is itself a media type (`boundary="application/json"`): a second declaration the
 *  application may honour and the WAF not. `type` and `start-info` (multipart/related) name one by design. */
const MEDIA_TYPE_VALUE = /^[a-z][\w.+-]{0,63}\/[\w.+-]{1,127}$/i;

/**
 * Whether a request's Content-Type breaks the protocol or evades inspection: not `type/subtype` with
 * well-formed parameters, a charset hidden in another parameter (`boundary="charset=utf-7"`), a type no client sends (`my-new-content-type`, `multipart/foo`, `application/foo`:
 * vendor `vnd.`, `x-`, `prs.` types and `+json` / `+xml` suffixes are kept), a charset that is not a
 * browser's or more than one charset, or a parameter that declares a second media type.
 */
export function isBadContentType(value: string): boolean {
  const mt = parseMediaType(value);
  if (!mt || !TOP_TYPES.has(mt.type)) return true;
  if (mt.type === 'multipart' && !MULTIPART_SUBTYPES.has(mt.subtype)) return true;
  if (mt.type === 'application' && !APPLICATION_SUBTYPES.has(mt.subtype) &&
    !/^(?:vnd\.|x-|prs\.)|\+(?:json|xml|cbor|zip|proto)$/.test(mt.subtype)) return true;
  let charsets = 0;
  for (const [name, v] of mt.params) {
    if (name === 'charset' && (++charsets > 1 || !isSafeCharset(v))) return true;
    if (name !== 'charset' && /charset/i.test(v)) return true;
    if (name !== 'type' && name !== 'start-info' && MEDIA_TYPE_VALUE.test(v)) return true;
  }
  return false;
}

/** An Accept or Accept-Charset header that asks for an evasive charset (`charset=CP1026`, `utf-7`). */
export function asksEvasiveCharset(name: 'accept' | 'accept-charset', value: string): boolean {
  for (const item of clip(value).split(',').slice(0, 64)) {
    if (name === 'accept-charset') {
      const cs = (item.split(';')[0] as string).trim();
      if (cs !== '' && cs !== '*' && !isSafeCharset(cs)) return true;
      continue;
    }
    for (const p of item.split(';').slice(1)) {
      const eq = p.indexOf('=');
      if (eq > 0 && p.slice(0, eq).trim().toLowerCase() === 'charset' && !isSafeCharset(p.slice(eq + 1))) return true;
    }
  }
  return false;
}

/** A Connection header listing an option twice or both `close` and `keep-alive`. */
export function isConflictingConnection(value: string): boolean {
  const seen = new Set<string>();
  for (const t of clip(value).split(',').slice(0, 64)) {
    const token = t.trim().toLowerCase();
    if (token === '') continue;
    if (seen.has(token)) return true;
    seen.add(token);
  }
  return seen.has('close') && seen.has('keep-alive');
}

/** More ranges than this are refused even when they are in order (PDF viewers ask for a few dozen). */
const MAX_RANGES = 100;
/** More ranges than this must be in ascending order without overlap (the "Apache Killer" sends hundreds of
 *  overlapping ranges to make the server build a response per range). */
const MAX_UNORDERED_RANGES = 5;

/** A Range header that is not `bytes=` ranges, has a range whose end precedes its start, or too many
 *  ranges, overlapping or not. */
export function isBadRange(value: string): boolean {
  const m = /^\s*bytes\s*=\s*(.*)$/i.exec(clip(value));
  if (!m) return true;
  const ranges = (m[1] as string).split(',');
  if (ranges.length > MAX_RANGES) return true;
  let previousEnd = -1n;
  let ordered = true;
  for (const r of ranges) {
    const p = /^\s*(\d{0,19})\s*-\s*(\d{0,19})\s*$/.exec(r);
    if (!p || (p[1] === '' && p[2] === '')) return true;
    // A suffix range (`-500`) counts from the end: it is out of order wherever it stands.
    const start = p[1] === '' ? undefined : BigInt(p[1] as string);
    const end = p[2] === '' ? undefined : BigInt(p[2] as string);
    if (start !== undefined && end !== undefined && end < start) return true;
    if (start === undefined || start <= previousEnd) ordered = false;
    previousEnd = end ?? BigInt(Number.MAX_SAFE_INTEGER);
  }
  return !ordered && ranges.length > MAX_UNORDERED_RANGES;
}

/** Request headers a client has no business sending to a web application: `Proxy` (httpoxy sets the
 *  application's outbound proxy from it), WebDAV's `Lock-Token` and `If`, and `Content-Range` (a response
 *  header; on a request, a partial-upload trick). */
export const RESTRICTED_HEADERS: ReadonlySet<string> = new Set(['proxy', 'lock-token', 'if', 'content-range']);

/**
 * Multipart evasion: a `_charset_` part or a part's Content-Type naming a charset that is not a browser's, a
 * part with `Content-Transfer-Encoding` (browsers never send one; it hides the part's text from inspection),
 * or a part name or file name with `;` or `=` (parsers disagree on where such a parameter ends).
 */
export function isEvasiveMultipart(body: string, boundary: string): boolean {
  for (const part of clip(body).split('--' + boundary).slice(0, 1000)) {
    const blank = /\r?\n\r?\n/.exec(part);
    if (!blank) continue;
    const head = part.slice(0, blank.index).toLowerCase();
    if (/\b(?:file)?name\s*=\s*"[^"\r\n]{0,512}?[;=]/.test(head)) return true;
    if (/(?:^|\n)content-transfer-encoding\s*:/.test(head)) return true;
    const ct = /(?:^|\n)content-type\s*:([^\r\n]*)/.exec(head);
    const cs = ct ? /charset\s*=\s*("?)([^";\s]*)\1/.exec(ct[1] as string) : null;
    if (cs && !isSafeCharset(cs[2] as string)) return true;
    if (/\bname\s*=\s*"?_charset_"?/.test(head) && !isSafeCharset(part.slice(blank.index + blank[0].length).replace(/\r?\n$/, ''))) return true;
  }
  return false;
}
