/**
 * The request components AWS's managed rules inspect (URI path, query string, query arguments, cookies,
 * headers, body), split and decoded once per request through the shared `memo`.
 */
import type { InspectedRequest } from '../inspected-request.js';
import { fullDecode, MAX_DECODE } from './decode.js';
import { jsonStrings, runStrings, type Cut } from './json-leaves.js';
import { Runs } from './rule.js';
import { newSlot, type RequestMemo } from '../request-memo.js';

/** AWS inspects at most the first 200 cookies / headers and 8 KB of them. */
const MAX_ITEMS = 200;
const MAX_HEADER_BYTES = 8192;
/** Bound on the leaves taken from a JSON or multipart body. */
const MAX_BODY_FIELDS = 1000;
/** Whether the text has what percent, HTML entity or backslash decoding starts at (indexOf: faster than a regex's scan). */
const decodable = (s: string): boolean => s.includes('%') || s.includes('&') || s.includes('\\');

/** A field of the request, computed once per request (memoized in its slot of the request's memo). */
type Field<T> = (req: InspectedRequest, memo: RequestMemo) => T;

/** What a slot holds for a field computed as undefined. */
const UNDEFINED = Symbol('undefined');

/** A field getter that computes the field on its first call for a request and reads its slot after. */
function field<T>(compute: Field<T>): Field<T> {
  const slot = newSlot();
  return (req, memo) => {
    const v = memo.slots[slot];
    if (v !== undefined) return (v === UNDEFINED ? undefined : v) as T;
    const c = compute(req, memo);
    memo.slots[slot] = c === undefined ? UNDEFINED : c;
    return c;
  };
}

function splitPairs(s: string, sep: string): string[][] {
  const out: string[][] = [];
  let from = 0;
  while (from <= s.length && out.length < MAX_BODY_FIELDS) {
    let end = s.indexOf(sep, from);
    if (end < 0) end = s.length;
    let part = s.slice(from, end);
    from = end + sep.length;
    if (sep === ';') part = part.trim();
    if (part === '') continue;
    const eq = part.indexOf('=');
    out.push(eq < 0 ? [part, ''] : [part.slice(0, eq), part.slice(eq + 1)]);
  }
  return out;
}

/** The decoded URI path. */
export const uriPath = field((req): string => fullDecode(req.path));

/** The decoded query string, whole. */
export const queryString = field((req): string => fullDecode(req.query, true));

/** Decoded query argument names and values (names included: attackers put payloads there too). */
export const queryArgs = field((req): readonly string[] => {
  const out: string[] = [];
  for (const [k, v] of splitPairs(req.query, '&')) {
    out.push(fullDecode(k as string, true));
    if (v !== '') out.push(fullDecode(v as string, true));
  }
  return out;
});

/** Decoded query [name, value] pairs. */
export const queryPairs = field((req): readonly (readonly [string, string])[] =>
  splitPairs(req.query, '&').map(([k, v]) => [fullDecode(k as string, true), fullDecode(v as string, true)] as const),
);

/** Header [lower-case name, value] pairs, the first 200 / 8 KB. */
export const headers = field((req): readonly (readonly [string, string])[] => {
  const out: [string, string][] = [];
  let bytes = 0;
  for (const [n, v] of req.headers) {
    if (out.length >= MAX_ITEMS || bytes > MAX_HEADER_BYTES) break;
    bytes += n.length + v.length;
    out.push([n.toLowerCase(), v]);
  }
  return out;
});

/** The headers as `name:value` lines (name lower-case, value raw): one string per header, for detectors
 *  that judge a header by its name and value together (and whose verdicts `anyOf` can keep). */
export const headerLines = field((req, memo): readonly string[] => headers(req, memo).map(([n, v]) => `${n}:${v}`));

/** The raw header values. */
export const headerValues = field((req, memo): readonly string[] => headers(req, memo).map(([, v]) => v));

export function header(req: InspectedRequest, memo: RequestMemo, name: string): string | undefined {
  const hs = headers(req, memo);
  for (let i = 0; i < hs.length; i++) if (hs[i]![0] === name) return hs[i]![1];
  return undefined;
}

/** Decoded header names and values other than the cookie header (inspected by the *_HEADER rules). */
export const headerTexts = field((req, memo): readonly string[] => {
  const out: string[] = [];
  for (const [n, v] of headers(req, memo)) {
    if (n === 'cookie') continue;
    out.push(fullDecode(n));
    out.push(fullDecode(v));
  }
  return out;
});

/** headerTexts then cookies, one array per request (the *_HEADER rules that read both). */
export const headerAndCookieTexts = field((req, memo): readonly string[] => [...headerTexts(req, memo), ...cookies(req, memo)]);

/** Decoded cookie [name, value] pairs, value undefined when empty (first 200 cookies / 8 KB): what the cookie rules read. */
const cookiePairs = field((req, memo): readonly (readonly [string, string | undefined])[] => {
  const out: [string, string | undefined][] = [];
  let strings = 0;
  for (const [n, v] of headers(req, memo)) {
    if (n !== 'cookie') continue;
    for (const [k, val] of splitPairs(v.slice(0, MAX_HEADER_BYTES), ';')) {
      if (strings >= 2 * MAX_ITEMS) break;
      const value = val === '' ? undefined : fullDecode(val as string);
      out.push([fullDecode((k as string).trim()), value]);
      strings += value === undefined ? 1 : 2;
    }
  }
  return out;
});

/** A form body's decoded [name, value] pairs, value undefined when empty. */
const formPairs = field((req, memo): readonly (readonly [string, string | undefined])[] =>
  splitPairs(bodyText(req, memo), '&').map(([k, v]) => [fullDecode(k as string, true), v === '' ? undefined : fullDecode(v as string, true)] as const),
);

/** Names and values of [name, value] pairs, in order; empty values left out. */
function flatten(pairs: readonly (readonly [string, string | undefined])[]): string[] {
  const out: string[] = [];
  for (const [k, v] of pairs) {
    out.push(k);
    if (v !== undefined) out.push(v);
  }
  return out;
}

/** Decoded cookie names and values (first 200 cookies / 8 KB). */
export const cookies = field((req, memo): readonly string[] => flatten(cookiePairs(req, memo)));

/** Decoded query argument, cookie and form field names (a Rampart rule reads names alone), decoded once with the values. */
export const argumentNames = field((req, memo): readonly string[] => {
  const out = queryPairs(req, memo).map(([k]) => k);
  for (const [k] of cookiePairs(req, memo)) if (out.length < 2 * MAX_ITEMS) out.push(k);
  if (req.body.length > 0 && /^\s*application\/x-www-form-urlencoded\b/i.test(header(req, memo, 'content-type') ?? '')) {
    for (const [k] of formPairs(req, memo)) out.push(k);
  }
  return out;
});

/** The raw cookie header(s), joined. */
export const cookieHeader = field((req, memo): string =>
  headers(req, memo)
    .filter(([n]) => n === 'cookie')
    .map(([, v]) => v)
    .join('; '),
);

function multipartFields(text: string, boundary: string, out: string[]): void {
  for (const part of text.split('--' + boundary)) {
    if (out.length >= MAX_BODY_FIELDS) return;
    const sep = part.indexOf('\r\n\r\n');
    if (sep < 0) continue;
    const head = part.slice(0, sep);
    const nameAt = head.search(/\bname="/i);
    if (nameAt >= 0) out.push(fullDecode(head.slice(nameAt + 6, head.indexOf('"', nameAt + 6))));
    const fileAt = head.search(/\bfilename="/i);
    if (fileAt >= 0) out.push(fullDecode(head.slice(fileAt + 10, head.indexOf('"', fileAt + 10))));
    out.push(fullDecode(part.slice(sep + 4).replace(/\r\n$/, '')));
  }
}

/** A multipart body's boundary, as its Content-Type declares it (case kept); undefined for other bodies. */
export const multipartBoundary = field((req, memo): string | undefined => {
  const ct = header(req, memo, 'content-type') ?? '';
  return /^multipart\//i.test(ct) ? /boundary=("?)([^";,]{1,200})\1/i.exec(ct)?.[2] : undefined;
});

/** The decoded file names of a multipart body's parts (`filename="..."`), at most MAX_BODY_FIELDS. */
export const multipartFileNames = field((req, memo): readonly string[] => {
  const boundary = multipartBoundary(req, memo);
  if (boundary === undefined) return [];
  const out: string[] = [];
  for (const part of bodyText(req, memo).split('--' + boundary)) {
    if (out.length >= MAX_BODY_FIELDS) break;
    const sep = part.indexOf('\r\n\r\n');
    const head = part.slice(0, sep < 0 ? Math.min(part.length, 1024) : sep);
    const fileAt = head.search(/\bfilename="/i);
    if (fileAt >= 0) out.push(fullDecode(head.slice(fileAt + 10, head.indexOf('"', fileAt + 10))));
  }
  return out;
});

/** The body as text (latin1 when not valid UTF-8 is irrelevant to detection: both keep ASCII). */
export const bodyText = field((req): string => req.body.toString('utf8'));

/** A string of a JSON body, decoded (fullDecode changes nothing in a string of at most MAX_DECODE characters without `%`, `&` or `\`). */
const decodedLeaf = (l: string): string => (l.length > MAX_DECODE || decodable(l) ? fullDecode(l) : l);

/** The decoded strings of a run of a JSON body. */
const runLeaves = (run: string): string[] => runStrings(run).map(decodedLeaf);

/**
 * The body as the body rules read it: form values, JSON strings, multipart parts; the whole decoded body
 * otherwise. A JSON body without escapes comes as runs of its strings (rule.ts keeps a run's verdicts,
 * so the strings of a body sent again are neither cut out nor looked up one by one). A JSON body with
 * more strings than the bound is inspected whole too (as a form body is), so padding hides none.
 */
export const bodyValues = field((req, memo): readonly string[] | Runs => {
  const text = bodyText(req, memo);
  if (text === '') return [];
  const ct = (header(req, memo, 'content-type') ?? '').toLowerCase();
  const out: string[] = [];
  const boundary = multipartBoundary(req, memo);
  if (boundary !== undefined) {
    multipartFields(text, boundary, out);
    if (out.length > 0) return out;
  }
  if (ct.includes('json')) {
    const cut: Cut = { cut: false };
    const strings = jsonStrings(text, MAX_BODY_FIELDS, cut);
    // Not JSON after all: inspected as text below.
    if (strings) {
      let values: string[];
      if ('leaves' in strings) values = strings.leaves.map(decodedLeaf);
      else {
        const runs = new Runs(strings.runs, runLeaves);
        if (!cut.cut) return runs;
        values = runs.all();
      }
      if (cut.cut) values.push(fullDecode(text));
      return values;
    }
  }
  if (!ct.includes('xml') && !ct.includes('json')) {
    const fields = flatten(formPairs(req, memo));
    if (fields.length > 1) fields.push(fullDecode(text, true));
    return fields;
  }
  out.push(fullDecode(text));
  return out;
});

/** bodyValues as one array (a JSON body's runs spelled out into their strings). */
export function bodyFields(req: InspectedRequest, memo: RequestMemo): readonly string[] {
  const v = bodyValues(req, memo);
  return v instanceof Runs ? v.all() : v;
}
