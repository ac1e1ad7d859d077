/**
 * FieldToMatch: the request components a statement inspects, as byte strings (latin1), with AWS's
 * oversize handling. Each (component, transformation chain) pair is computed once per request
 * (`memo`, shared by every rule of the web ACL and of the managed groups).
 */
import type { FieldToMatch, OversizeHandling } from '../../services/wafv2/api.generated.js';
import type { InspectedRequest } from './inspected-request.js';
import { applyChain, chainOf } from './transformations.js';
import type { TextTransformation } from '../../services/wafv2/api.generated.js';

/** What a field yields: values to inspect (any match is a match), or a decided outcome. */
export type FieldValue = { readonly values: readonly string[] } | 'MATCH' | 'NO_MATCH';

/** AWS inspects at most the first 200 headers / cookies and 8 KB of them. */
export const MAX_HEADERS = 200;
export const MAX_HEADER_BYTES = 8 * 1024;
/** JSON nesting AWS parses; deeper bodies are treated as invalid JSON. */
const MAX_JSON_DEPTH = 64;

const latin1 = (s: string) => Buffer.from(s, 'utf8').toString('latin1');

function memoized<T>(memo: Map<string, unknown>, key: string, make: () => T): T {
  if (memo.has(key)) return memo.get(key) as T;
  const v = make();
  memo.set(key, v);
  return v;
}

/** Query arguments as (name, value) pairs, raw (not percent-decoded, as AWS inspects them). */
export function queryArgs(req: InspectedRequest, memo: Map<string, unknown>): readonly (readonly [string, string])[] {
  return memoized(memo, 'q:args', () =>
    req.query === '' ? [] : req.query.split('&').filter((p) => p !== '').map((p) => {
      const i = p.indexOf('=');
      return (i < 0 ? [p, ''] : [p.slice(0, i), p.slice(i + 1)]) as [string, string];
    }),
  );
}

/** Cookies from every Cookie header, in order. */
export function cookiesOf(req: InspectedRequest, memo: Map<string, unknown>): readonly (readonly [string, string])[] {
  return memoized(memo, 'q:cookies', () => {
    const out: [string, string][] = [];
    for (const [n, v] of req.headers) {
      if (n.toLowerCase() !== 'cookie') continue;
      for (const part of v.split(';')) {
        const p = part.trim();
        if (!p) continue;
        const i = p.indexOf('=');
        out.push(i < 0 ? [p, ''] : [p.slice(0, i), p.slice(i + 1)]);
      }
    }
    return out;
  });
}

export const headerValues = (req: InspectedRequest, name: string): string[] => {
  const n = name.toLowerCase();
  return req.headers.filter(([k]) => k.toLowerCase() === n).map(([, v]) => v);
};

function pairsOversize(pairs: readonly (readonly [string, string])[]): boolean {
  if (pairs.length > MAX_HEADERS) return true;
  let total = 0;
  for (const [k, v] of pairs) total += k.length + v.length + 4;
  return total > MAX_HEADER_BYTES;
}

/** Map-like components (Headers, Cookies) with MatchPattern, MatchScope and OversizeHandling. */
function mapValues(
  pairs: readonly (readonly [string, string])[],
  pattern: { All?: unknown; Included?: readonly string[]; Excluded?: readonly string[] },
  scope: string,
  oversize: OversizeHandling,
  caseless: boolean,
): FieldValue {
  if (pairsOversize(pairs)) {
    if (oversize === 'MATCH') return 'MATCH';
    if (oversize === 'NO_MATCH') return 'NO_MATCH';
  }
  const norm = (s: string) => (caseless ? s.toLowerCase() : s);
  const inc = pattern.Included ? new Set(pattern.Included.map(norm)) : undefined;
  const exc = pattern.Excluded ? new Set(pattern.Excluded.map(norm)) : undefined;
  const values: string[] = [];
  for (const [k, v] of pairs.slice(0, MAX_HEADERS)) {
    if (inc && !inc.has(norm(k))) continue;
    if (exc && exc.has(norm(k))) continue;
    if (scope === 'ALL' || scope === 'KEY') values.push(k);
    if (scope === 'ALL' || scope === 'VALUE') values.push(v);
  }
  return { values };
}

function bodyOversize(req: InspectedRequest, handling: OversizeHandling | undefined): FieldValue | undefined {
  if (!req.bodyOversize) return undefined;
  if (handling === 'MATCH') return 'MATCH';
  if (handling === 'NO_MATCH') return 'NO_MATCH';
  return undefined;
}

/** JSON Pointer (RFC 6901) prefix test: `path` is `pointer` or lies under it. */
const underPointer = (path: string, pointers: readonly string[]) => pointers.some((p) => p === '' || path === p || path.startsWith(p + '/'));

function jsonValues(req: InspectedRequest, f: NonNullable<FieldToMatch['JsonBody']>): FieldValue {
  const over = bodyOversize(req, f.OversizeHandling);
  if (over) return over;
  const text = req.body.toString('utf8');
  let doc: unknown;
  try {
    doc = JSON.parse(text);
    if (depthOf(doc) > MAX_JSON_DEPTH) throw new Error('too deep');
  } catch {
    const fb = f.InvalidFallbackBehavior;
    if (fb === 'MATCH') return 'MATCH';
    if (fb === 'NO_MATCH') return 'NO_MATCH';
    return { values: [req.body.toString('latin1')] };
  }
  const included = f.MatchPattern.IncludedPaths;
  const values: string[] = [];
  const walk = (v: unknown, path: string) => {
    const take = !included || underPointer(path, included);
    if (v !== null && typeof v === 'object') {
      for (const [k, x] of Array.isArray(v) ? v.map((x, i) => [String(i), x] as const) : Object.entries(v)) {
        const p = `${path}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`;
        if (!Array.isArray(v) && (f.MatchScope === 'ALL' || f.MatchScope === 'KEY') && (!included || underPointer(p, included))) values.push(latin1(k));
        walk(x, p);
      }
    } else if (take && (f.MatchScope === 'ALL' || f.MatchScope === 'VALUE')) {
      values.push(latin1(v === null ? 'null' : String(v)));
    }
  };
  walk(doc, '');
  return { values };
}

function depthOf(v: unknown): number {
  let max = 0;
  const stack: [unknown, number][] = [[v, 1]];
  while (stack.length) {
    const [x, d] = stack.pop()!;
    if (x === null || typeof x !== 'object') continue;
    if (d > max) max = d;
    if (max > MAX_JSON_DEPTH) return max;
    for (const y of Object.values(x)) stack.push([y, d + 1]);
  }
  return max;
}

/** The raw component (before transformations). */
function rawField(req: InspectedRequest, f: FieldToMatch, memo: Map<string, unknown>): FieldValue {
  if (f.UriPath) return { values: [req.path] };
  if (f.QueryString) return { values: [req.query] };
  if (f.Method) return { values: [req.method] };
  if (f.SingleHeader) return { values: headerValues(req, f.SingleHeader.Name) };
  if (f.SingleQueryArgument) {
    const n = f.SingleQueryArgument.Name.toLowerCase();
    return { values: queryArgs(req, memo).filter(([k]) => k.toLowerCase() === n).map(([, v]) => v) };
  }
  if (f.AllQueryArguments) return { values: queryArgs(req, memo).map(([, v]) => v) };
  if (f.Body) return bodyOversize(req, f.Body.OversizeHandling) ?? { values: [req.body.toString('latin1')] };
  if (f.JsonBody) return jsonValues(req, f.JsonBody);
  if (f.Headers) {
    const p = f.Headers.MatchPattern;
    return mapValues(req.headers, { All: p.All, Included: p.IncludedHeaders, Excluded: p.ExcludedHeaders }, f.Headers.MatchScope, f.Headers.OversizeHandling, true);
  }
  if (f.Cookies) {
    const p = f.Cookies.MatchPattern;
    return mapValues(cookiesOf(req, memo), { All: p.All, Included: p.IncludedCookies, Excluded: p.ExcludedCookies }, f.Cookies.MatchScope, f.Cookies.OversizeHandling, false);
  }
  if (f.HeaderOrder) {
    if (pairsOversize(req.headers)) {
      if (f.HeaderOrder.OversizeHandling === 'MATCH') return 'MATCH';
      if (f.HeaderOrder.OversizeHandling === 'NO_MATCH') return 'NO_MATCH';
    }
    return { values: [req.headers.slice(0, MAX_HEADERS).map(([k]) => k).join(':')] };
  }
  // JA3/JA4: of the ClientHello where the proxy terminated TLS; without one (plain HTTP) the fallback decides.
  if (f.JA3Fingerprint) return req.tls ? { values: [req.tls.ja3] } : f.JA3Fingerprint.FallbackBehavior === 'MATCH' ? 'MATCH' : 'NO_MATCH';
  if (f.JA4Fingerprint) return req.tls ? { values: [req.tls.ja4] } : f.JA4Fingerprint.FallbackBehavior === 'MATCH' ? 'MATCH' : 'NO_MATCH';
  // A fragment never reaches the server.
  if (f.UriFragment) return f.UriFragment.FallbackBehavior === 'MATCH' ? 'MATCH' : 'NO_MATCH';
  return 'NO_MATCH';
}

/** A compiled field reader: the component with its transformation chain, memoized per request. */
export type FieldReader = (req: InspectedRequest, memo: Map<string, unknown>) => FieldValue;

export function compileField(f: FieldToMatch, tts: readonly TextTransformation[] | undefined): FieldReader {
  const chain = chainOf(tts);
  const key = `f:${JSON.stringify(f)}|${chain.join(',')}`;
  return (req, memo) =>
    memoized(memo, key, () => {
      const raw = rawField(req, f, memo);
      if (typeof raw === 'string' || chain.length === 0) return raw;
      return { values: raw.values.map((v) => applyChain(chain, v)) };
    });
}
