import type { ServiceModel } from '../model/service-model.js';
import { decodeSegment, literalCount, matchPathParts, parseUriTemplate, type UriTemplate } from './uri-template.js';
import type { QueryString } from './query-string.js';

/** One operation's HTTP binding, precomputed for routing. */
interface Route {
  readonly operation: string;
  readonly method: string;
  readonly template: UriTemplate;
  /** Query keys and lower-case header names of required members: their presence picks between operations sharing a template (S3 PutObject/UploadPart/CopyObject). */
  readonly requiredQuery: readonly string[];
  readonly requiredHeaders: readonly string[];
  readonly score: number;
  /** The template's first segment when it is a literal. */
  readonly first: string | undefined;
  /** Segment count, whether a greedy label is present, and the literal segments by index. */
  readonly length: number;
  readonly greedy: boolean;
  readonly literals: readonly (readonly [number, string])[];
}

function literalsMatch(r: Route, parts: readonly string[]): boolean {
  for (const [i, lit] of r.literals) if (parts[i] !== lit) return false;
  return true;
}

function queryMatches(r: Route, query: QueryString, headers: Readonly<Record<string, string>>, strict: boolean): boolean {
  for (const [k, v] of r.template.query) if (v === undefined ? !query.has(k) : query.get(k) !== v) return false;
  if (!strict) return true;
  for (const k of r.requiredQuery) if (!query.has(k)) return false;
  for (const h of r.requiredHeaders) if (headers[h] === undefined) return false;
  return true;
}

/** The operation a REST request calls, with its decoded URI labels. */
export interface RouteMatch {
  readonly operation: string;
  readonly labels: Readonly<Record<string, string>>;
}

/** What REST codecs keep from routing for `parse` (so a request is routed once). */
export interface RestRouteState {
  readonly match: RouteMatch;
  readonly query: QueryString;
}

const routers = new WeakMap<ServiceModel, Route[]>();
const byMethod = new WeakMap<ServiceModel, Map<string, Route[]>>();

function routesFor(model: ServiceModel, method: string): readonly Route[] {
  let map = byMethod.get(model);
  if (!map) {
    map = new Map();
    for (const r of routesOf(model)) map.set(r.method, [...(map.get(r.method) ?? []), r]);
    byMethod.set(model, map);
  }
  return map.get(method) ?? [];
}

function routesOf(model: ServiceModel): Route[] {
  let routes = routers.get(model);
  if (routes) return routes;
  routes = [];
  for (const operation of model.operationNames) {
    const op = model.operation(operation)!;
    const template = parseUriTemplate(op.http?.requestUri ?? '/');
    const input = model.resolve(op.input);
    const requiredQuery: string[] = [];
    const requiredHeaders: string[] = [];
    for (const name of input.required ?? []) {
      const ref = input.members?.[name];
      if (ref?.location === 'querystring' && ref.locationName) requiredQuery.push(ref.locationName);
      if (ref?.location === 'header' && ref.locationName && !ref.hostLabel) requiredHeaders.push(ref.locationName.toLowerCase());
    }
    const score = literalCount(template) * 1000 + template.query.length * 100 + (requiredQuery.length + requiredHeaders.length) * 10 + (op.deprecated ? 0 : 1);
    const s0 = template.segments[0];
    const first = s0 && 'literal' in s0 ? s0.literal : undefined;
    const literals = template.segments.flatMap((seg, i) => ('literal' in seg ? [[i, seg.literal] as const] : []));
    const greedy = template.segments.some((seg) => 'greedy' in seg && seg.greedy);
    routes.push({ operation, method: (op.http?.method ?? 'POST').toUpperCase(), template, requiredQuery, requiredHeaders, score, first, length: template.segments.length, greedy, literals });
  }
  routes.sort((a, b) => b.score - a.score);
  routers.set(model, routes);
  return routes;
}

/**
 * Routes a REST request by method + URI template + the template's literal query keys, then by
 * the presence of required query/header bindings; the most specific match wins. An `x-id=<Operation>`
 * query parameter (sent by the v3 SDKs) picks the operation when its template matches.
 */
export function routeRestRequest(model: ServiceModel, method: string, rawPath: string, query: QueryString, headers: Readonly<Record<string, string>>): RouteMatch | undefined {
  const m = method.toUpperCase();
  // The v3 SDKs name the operation in `x-id` where templates collide (S3 ListBuckets/ListDirectoryBuckets).
  const hint = query.get('x-id');
  const candidates = routesFor(model, m);
  const hinted = hint ? candidates.find((r) => r.operation === hint) : undefined;
  const parts = rawPath.split('/').slice(1).map(decodeSegment);
  const hintedLabels = hinted ? matchPathParts(hinted.template, parts) : undefined;
  if (hinted && hintedLabels) return { operation: hinted.operation, labels: hintedLabels };
  return scan(candidates, parts, query, headers, true) ?? scan(candidates, parts, query, headers, false);
}

/**
 * One pass over the routes. The strict pass requires the required query/header bindings; the
 * lenient one does not (an SDK omits a required list that is empty, e.g. Inspector2 UntagResource `tagKeys`).
 */
function scan(candidates: readonly Route[], parts: readonly string[], query: QueryString, headers: Readonly<Record<string, string>>, strict: boolean): RouteMatch | undefined {
  const first = parts[0];
  for (const r of candidates) {
    // Cheap rejections first: the leading literal segment, then literal query keys and required bindings.
    if (r.first !== undefined && r.first !== first) continue;
    if (r.greedy ? parts.length < r.literals.length : parts.length !== r.length && !(parts.length === r.length + 1 && parts[r.length] === '')) continue;
    if (!r.greedy && !literalsMatch(r, parts)) continue;
    if (!queryMatches(r, query, headers, strict)) continue;
    const labels = matchPathParts(r.template, parts);
    if (labels) return { operation: r.operation, labels };
  }
  return undefined;
}
