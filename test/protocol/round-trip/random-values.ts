import type { RawShape, ServiceModel, Shape } from '../../../src/protocol/model/service-model.js';

/** A small seeded PRNG (mulberry32): every run generates the same cases. */
export class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0;
  }
  next(): number {
    let t = (this.s = (this.s + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.next() * xs.length)]!;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
}

/** Where a value travels: each carrier limits which characters survive. */
export type Carrier = 'json' | 'query' | 'xml' | 'header' | 'label' | 'querystring';

/** Unicode that survives every body format: letters, CJK, emoji (surrogate pairs), XML specials. */
const UNICODE = ['a', 'Z', '0', '9', ' ', '_', '-', '.', '/', '&', '<', '>', '"', "'", '=', '+', '%', '?', '#', 'é', 'ß', 'Ж', '中', '文', '🙂', '𝄞', '\u00a0', '\t'];
const HEADER = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.:;/=+'.split('');
const DNS = 'abcdefghijklmnopqrstuvwxyz0123456789'.split('');

/** Options that adapt generation to a protocol and direction. */
export interface GenOptions {
  readonly carrier: Carrier;
  /** Inputs: leave out members clients fill themselves (host labels); outputs: never emit event streams. */
  readonly direction: 'input' | 'output';
  /** Per-member overrides (e.g. S3 bucket names must be DNS-safe). */
  readonly override?: (memberName: string, shape: Shape) => (() => unknown) | undefined;
  /** Empty lists/maps are not representable in this position (flattened XML). */
  readonly noEmptyCollections?: boolean;
}

/** Generates random typed values for model shapes. */
export class ValueGen {
  constructor(
    private readonly model: ServiceModel,
    private readonly rng: Rng,
  ) {}

  string(carrier: Carrier, shape: Shape): string {
    if (shape.enum?.length) return this.rng.pick(shape.enum);
    const min = Math.max(shape.min ?? 0, carrier === 'header' || carrier === 'label' || carrier === 'querystring' ? 1 : 0);
    const max = Math.min(shape.max ?? 12, Math.max(min, 12));
    const n = this.rng.int(min, max);
    const alphabet = carrier === 'header' ? HEADER : UNICODE;
    let s = '';
    for (let i = 0; i < n; i++) s += this.rng.pick(alphabet);
    if (carrier === 'header' || carrier === 'xml') s = s.replace(/^\s+|\s+$/g, 'x');
    if (carrier === 'label') s = s.replace(/^\.+$/, 'x');
    return s.length < min ? s.padEnd(min, 'x') : s;
  }

  /** An HTTP token (header-name safe), lower case. */
  token(): string {
    return Array.from({ length: this.rng.int(1, 10) }, () => this.rng.pick(DNS)).join('') + this.rng.pick(['', '-x', '-1']);
  }

  value(shape: Shape, opts: GenOptions, depth: number, memberName = ''): unknown {
    const o = opts.override?.(memberName, shape);
    if (o) return o();
    switch (shape.type) {
      case 'structure':
        return this.structure(shape, opts, depth);
      case 'list': {
        const member = this.model.resolve(shape.member);
        const min = Math.max(shape.min ?? 0, opts.noEmptyCollections || depth > 3 ? 1 : 0);
        const n = depth > 3 ? min : this.rng.int(min, Math.max(min, Math.min(shape.max ?? 3, 3)));
        return Array.from({ length: n }, () => this.value(member, opts, depth + 1, memberName));
      }
      case 'map': {
        const keyShape = this.model.resolve(shape.key);
        const valueShape = this.model.resolve(shape.value);
        const min = Math.max(shape.min ?? 0, opts.noEmptyCollections || depth > 3 ? 1 : 0);
        const n = depth > 3 ? min : this.rng.int(min, Math.max(min, 3));
        const out: Record<string, unknown> = {};
        for (let i = 0; i < n * 3 && Object.keys(out).length < n; i++) {
          const k = opts.carrier === 'header' ? this.token() : this.string('label', keyShape);
          if (k !== '__proto__') out[opts.carrier === 'header' ? k.toLowerCase() : k] = this.value(valueShape, opts, depth + 1);
        }
        return out;
      }
      case 'string':
        return this.string(opts.carrier, shape);
      case 'integer':
      case 'long': {
        const lo = shape.min ?? (shape.type === 'integer' ? -(2 ** 31) : -(2 ** 40));
        const hi = shape.max ?? (shape.type === 'integer' ? 2 ** 31 - 1 : 2 ** 40);
        return this.rng.chance(0.3) ? Math.max(lo, Math.min(hi, 0)) : this.rng.int(Math.max(lo, -1e12), Math.min(hi, 1e12));
      }
      case 'float':
      case 'double': {
        const v = this.rng.pick([0.5, -1.25, 3, 1e-7, 123456.789, 2.5e10]);
        return shape.type === 'float' ? Math.fround(v) : v;
      }
      case 'boolean':
        return this.rng.chance(0.5);
      case 'timestamp':
        return new Date(this.rng.int(946684800, 1900000000) * 1000);
      case 'blob': {
        const n = shape.streaming ? this.rng.int(0, 64) : this.rng.int(Math.max(shape.min ?? 0, 1), Math.min(shape.max ?? 16, 16));
        return Uint8Array.from({ length: n }, () => this.rng.int(0, 255));
      }
      default:
        return undefined;
    }
  }

  /** A structure: required members always, optional ones at random (fewer as nesting deepens). */
  structure(shape: Shape, opts: GenOptions, depth: number): Record<string, unknown> {
    const members = Object.entries(shape.members ?? {});
    const required = new Set(shape.required ?? []);
    const out: Record<string, unknown> = {};
    if (shape.union) {
      const usable = members.filter(([, r]) => !this.model.resolve(r).eventstream);
      if (usable.length) {
        const [name, ref] = this.rng.pick(usable);
        out[name] = this.member(name, ref, opts, depth);
      }
      return out;
    }
    const p = depth === 0 ? 0.85 : depth > 3 ? 0 : 0.5;
    for (const [name, ref] of members) {
      const m = this.model.resolve(ref);
      if (m.eventstream || (opts.direction === 'input' && ref.hostLabel) || ref.location === 'statusCode') continue;
      if (!required.has(name) && !this.rng.chance(p)) continue;
      const v = this.member(name, ref, opts, depth);
      if (v !== undefined) out[name] = v;
    }
    // Form-encoded (query/ec2) requests cannot express an empty nested structure: it sends no key at all.
    if (opts.carrier === 'query' && depth > 0 && Object.keys(out).length === 0) {
      const first = members.find(([, r]) => !this.model.resolve(r).eventstream);
      if (first) out[first[0]] = this.member(first[0], first[1], opts, depth);
    }
    return out;
  }

  private member(name: string, ref: RawShape, opts: GenOptions, depth: number): unknown {
    const shape = this.model.resolve(ref);
    let carrier: Carrier = opts.carrier;
    if (ref.location === 'header' || ref.location === 'headers') carrier = 'header';
    else if (ref.location === 'uri') carrier = 'label';
    else if (ref.location === 'querystring') carrier = 'querystring';
    const flattenedXml = opts.carrier === 'xml' && (shape.type === 'list' || shape.type === 'map') && shape.flattened === true;
    return this.value(shape, { ...opts, carrier, noEmptyCollections: opts.noEmptyCollections || flattenedXml || carrier === 'header' || carrier === 'querystring' }, depth + 1, name);
  }
}
