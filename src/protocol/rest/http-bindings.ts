import type { RawShape, ServiceModel, Shape } from '../model/service-model.js';
import { parseScalar } from '../scalars.js';
import { formatTimestamp } from '../xml/xml-scalars.js';
import type { QueryString } from './query-string.js';
import { setOwn } from '../../shared/own-lookup.js';

/**
 * The HTTP bindings of REST protocols (restJson1, restXml): members bound to URI labels,
 * query parameters, headers (`location: header|headers`) and the status code.
 */

/** Splits a list-valued header (`a, "b,c", d`): commas separate, double quotes protect. */
export function splitHeaderList(v: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  let wasQuoted = false;
  for (let i = 0; i < v.length; i++) {
    const c = v[i]!;
    if (quoted) {
      if (c === '\\' && i + 1 < v.length) cur += v[++i];
      else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"' && cur.trim() === '') {
      quoted = true;
      wasQuoted = true;
      cur = '';
    } else if (c === ',') {
      out.push(wasQuoted ? cur : cur.trim());
      cur = '';
      wasQuoted = false;
    } else cur += c;
  }
  out.push(wasQuoted ? cur : cur.trim());
  return out;
}

/** A scalar from a label, query value or header (timestamps in any of the three AWS formats). */
function parseText(shape: Shape, raw: string, where: string): unknown {
  if (shape.jsonvalue) return JSON.parse(Buffer.from(raw, 'base64').toString('utf8'));
  return parseScalar(shape, raw, where);
}

/** One member bound outside the body, resolved once per shape. */
interface Binding {
  readonly name: string;
  readonly ref: RawShape;
  readonly shape: Shape;
}

const bindingCache = new WeakMap<Shape, readonly Binding[]>();

/** The members of a structure that have a `location` (cached). */
export function bindingsOf(model: ServiceModel, shape: Shape): readonly Binding[] {
  let b = bindingCache.get(shape);
  if (!b) {
    b = Object.entries(shape.members ?? {}).filter(([, r]) => r.location).map(([name, ref]) => ({ name, ref, shape: model.resolve(ref) }));
    bindingCache.set(shape, b);
  }
  return b;
}

/** Reads the members bound to labels, query parameters and headers into `out`. */
export function readBindings(
  model: ServiceModel,
  input: Shape,
  labels: Readonly<Record<string, string>>,
  query: QueryString,
  headers: Readonly<Record<string, string>>,
  out: Record<string, unknown>,
): void {
  const bound = new Set<string>();
  let queryMap: [string, RawShape] | undefined;
  for (const { name, ref, shape } of bindingsOf(model, input)) {
    const key = ref.locationName ?? name;
    switch (ref.location) {
      case 'uri': {
        const raw = labels[key];
        if (raw !== undefined) out[name] = parseText(shape, raw, key);
        break;
      }
      case 'querystring': {
        if (shape.type === 'map') {
          queryMap = [name, ref];
          break;
        }
        bound.add(key);
        if (!query.has(key)) break;
        if (shape.type === 'list') {
          const member = model.resolve(shape.member);
          out[name] = query.all(key).map((v) => parseText(member, v, key));
        } else out[name] = parseText(shape, query.get(key)!, key);
        break;
      }
      case 'header': {
        const raw = headers[key.toLowerCase()];
        if (raw === undefined) break;
        if (shape.type === 'list') {
          const member = model.resolve(shape.member);
          out[name] = raw === '' ? [] : splitHeaderList(raw).map((v) => parseText(member, v, key));
        } else out[name] = parseText(shape, raw, key);
        break;
      }
      case 'headers': {
        const prefix = key.toLowerCase();
        const map: Record<string, string> = {};
        let any = false;
        for (const [h, v] of Object.entries(headers)) {
          if (h.startsWith(prefix)) {
            map[h.slice(prefix.length)] = v;
            any = true;
          }
        }
        if (any) out[name] = map;
        break;
      }
      default:
    }
  }
  if (queryMap) {
    // A map bound to the query string takes every parameter no other member binds.
    const [name, ref] = queryMap;
    const valueShape = model.resolve(model.resolve(ref).value);
    const map: Record<string, unknown> = {};
    let any = false;
    for (const k of query.keys()) {
      if (bound.has(k)) continue;
      setOwn(map, k, valueShape.type === 'list' ? [...query.all(k)] : query.get(k));
      any = true;
    }
    if (any) out[name] = map;
  }
}

/** Formats one header value (timestamps as HTTP dates unless the model says otherwise). */
export function headerText(shape: Shape, v: unknown): string {
  switch (shape.type) {
    case 'timestamp':
      return formatTimestamp(v, shape.timestampFormat ?? 'rfc822');
    case 'blob':
      return Buffer.from(v as Uint8Array).toString('base64');
    case 'list':
      return (v as unknown[]).map((x) => quoteHeaderItem(String(x instanceof Date ? x.toUTCString() : x))).join(', ');
    default:
      if (shape.jsonvalue) return Buffer.from(JSON.stringify(v)).toString('base64');
      return String(v);
  }
}

function quoteHeaderItem(s: string): string {
  return /[,"]/.test(s) || s !== s.trim() ? `"${s.replace(/(["\\])/g, '\\$1')}"` : s;
}

/** Writes output members bound to headers and the status code; returns the status. */
export function writeBindings(model: ServiceModel, output: Shape, value: Record<string, unknown>, headers: Record<string, string>, status: number): number {
  for (const { name, ref, shape } of bindingsOf(model, output)) {
    const v = value[name];
    if (v === undefined || v === null) continue;
    const key = ref.locationName ?? name;
    if (ref.location === 'header') headers[key.toLowerCase()] = headerText(shape, v);
    else if (ref.location === 'headers') {
      for (const [k, x] of Object.entries(v as Record<string, unknown>)) headers[`${key}${k}`.toLowerCase()] = String(x);
    } else if (ref.location === 'statusCode') status = Number(v);
  }
  return status;
}

/** True when a member is carried outside the body (label, query, header, status). */
export function isBound(ref: RawShape): boolean {
  return ref.location !== undefined;
}
