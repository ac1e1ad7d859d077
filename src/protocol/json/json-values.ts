import { clientError } from '../../shared/aws-error.js';
import type { ServiceModel, Shape } from '../model/service-model.js';
import { parseTimestamp } from '../scalars.js';
import { formatTimestamp } from '../xml/xml-scalars.js';
import { setOwn } from '../../shared/own-lookup.js';

/**
 * Typed values <-> JSON documents for awsJson and restJson bodies: timestamps are epoch seconds
 * (or the member's `timestampFormat`), blobs base64, member names the model's `locationName`
 * when it sets one. Members the model does not know are dropped on read.
 */

function typeError(path: string, expected: string): Error {
  return clientError('SerializationException', `Unexpected value type at '${path || 'input'}': expected ${expected}`);
}

/** A null in a list or as a map value (no collection of the models is sparse). */
function nullMember(path: string): Error {
  return clientError('SerializationException', `Unexpected null value at '${path}': the collection does not allow null members`);
}

/** A body member of a structure, resolved once per shape. */
interface BodyMember {
  readonly name: string;
  readonly wire: string;
  readonly shape: Shape;
}

const bodyMembersCache = new WeakMap<Shape, readonly BodyMember[]>();

/** The members of a structure carried in the JSON body (no `location`), with their JSON names. */
export function bodyMembers(model: ServiceModel, shape: Shape): readonly BodyMember[] {
  let m = bodyMembersCache.get(shape);
  if (!m) {
    m = Object.entries(shape.members ?? {}).filter(([, r]) => !r.location).map(([name, ref]) => ({ name, wire: ref.locationName ?? name, shape: model.resolve(ref) }));
    bodyMembersCache.set(shape, m);
  }
  return m;
}

function at(parent: string, key: string | number): string {
  return parent ? `${parent}.${key}` : String(key);
}

/** Reads a JSON value (already `JSON.parse`d) as the typed value of `shape`. `parent`/`key` name it in errors. */
export function fromJson(model: ServiceModel, shape: Shape, v: unknown, parent = '', key: string | number = ''): unknown {
  if (v === null || v === undefined) return undefined;
  switch (shape.type) {
    case 'structure': {
      if (shape.document) return v;
      if (typeof v !== 'object' || Array.isArray(v)) throw typeError(at(parent, key), 'an object');
      const src = v as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      const path = key === '' ? parent : at(parent, key);
      for (const m of bodyMembers(model, shape)) {
        const raw = src[m.wire];
        if (raw === undefined || raw === null) continue;
        const val = fromJson(model, m.shape, raw, path, m.name);
        if (val !== undefined) out[m.name] = val;
      }
      return out;
    }
    case 'list': {
      if (!Array.isArray(v)) throw typeError(at(parent, key), 'an array');
      const member = model.resolve(shape.member);
      const path = at(parent, key);
      const out = new Array<unknown>(v.length);
      // No list of the models is @sparse: a null member is refused, as Smithy's servers refuse it.
      for (let i = 0; i < v.length; i++) {
        if (v[i] === null) throw nullMember(at(path, i + 1));
        out[i] = fromJson(model, member, v[i], path, i + 1);
      }
      return out;
    }
    case 'map': {
      if (typeof v !== 'object' || Array.isArray(v)) throw typeError(at(parent, key), 'an object');
      const value = model.resolve(shape.value);
      const path = at(parent, key);
      const out: Record<string, unknown> = {};
      for (const k in v as Record<string, unknown>) {
        const item = (v as Record<string, unknown>)[k];
        if (item === null) throw nullMember(at(path, k));
        setOwn(out, k, fromJson(model, value, item, path, k));
      }
      return out;
    }
    case 'timestamp':
      if (typeof v === 'number') return new Date(Math.round(v * 1000));
      if (typeof v === 'string') return parseTimestamp(v, at(parent, key));
      throw typeError(at(parent, key), 'a timestamp');
    case 'blob':
      if (typeof v !== 'string') throw typeError(at(parent, key), 'a base64 string');
      return Buffer.from(v, 'base64');
    case 'boolean':
      if (typeof v !== 'boolean') throw typeError(at(parent, key), 'a boolean');
      return v;
    case 'string':
      if (typeof v !== 'string') throw typeError(at(parent, key), 'a string');
      return v;
    default:
      if (typeof v === 'number') return v;
      if (v === 'NaN' || v === 'Infinity' || v === '-Infinity') return Number(v);
      throw typeError(at(parent, key), 'a number');
  }
}

const plainCache = new WeakMap<Shape, boolean>();

/** True when a shape's JSON form equals its typed form (no timestamps, blobs, renames or bindings). */
function isPlain(model: ServiceModel, shape: Shape, seen = new Set<Shape>()): boolean {
  const cached = plainCache.get(shape);
  if (cached !== undefined) return cached;
  if (seen.has(shape)) return true;
  seen.add(shape);
  let plain: boolean;
  switch (shape.type) {
    case 'structure':
      plain = !shape.document && Object.values(shape.members ?? {}).every((r) => !r.locationName && !r.location && isPlain(model, model.resolve(r), seen));
      break;
    case 'list':
      plain = isPlain(model, model.resolve(shape.member), seen);
      break;
    case 'map':
      plain = isPlain(model, model.resolve(shape.value), seen);
      break;
    case 'timestamp':
    case 'blob':
    case 'float':
    case 'double':
      plain = false;
      break;
    default:
      plain = true;
  }
  seen.delete(shape);
  if (seen.size === 0) plainCache.set(shape, plain);
  return plain;
}

/** Writes a typed value as its JSON document form (ready for `JSON.stringify`). */
export function toJson(model: ServiceModel, shape: Shape, v: unknown): unknown {
  if (v === null || v === undefined) return undefined;
  switch (shape.type) {
    case 'structure': {
      if (shape.document) return v;
      if (isPlain(model, shape)) return v;
      const src = v as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      for (const m of bodyMembers(model, shape)) {
        const x = src[m.name];
        if (x !== undefined && x !== null) setOwn(out, m.wire, toJson(model, m.shape, x));
      }
      return out;
    }
    case 'list': {
      const member = model.resolve(shape.member);
      if (isPlain(model, member)) return v;
      return (v as unknown[]).map((x) => (x === null ? null : toJson(model, member, x)));
    }
    case 'map': {
      const value = model.resolve(shape.value);
      if (isPlain(model, value)) return v;
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v as Record<string, unknown>)) setOwn(out, k, x === null ? null : toJson(model, value, x));
      return out;
    }
    case 'timestamp': {
      const fmt = shape.timestampFormat ?? 'unixTimestamp';
      const text = formatTimestamp(v, fmt);
      return fmt === 'unixTimestamp' ? Number(text) : text;
    }
    case 'blob':
      return typeof v === 'string' ? Buffer.from(v, 'utf8').toString('base64') : Buffer.from(v as Uint8Array).toString('base64');
    case 'float':
    case 'double':
      return Number.isFinite(v) ? v : String(v);
    default:
      return v;
  }
}
