import type { ServiceModel, Shape } from '../model/service-model.js';
import { pathSegment, type ValidationIssue } from './validation-issues.js';

/**
 * Checks a parsed input against the model's constraints: required members, lengths (`min`/`max`
 * on strings, lists, maps and blobs), ranges on numbers, `pattern`, and `enum`.
 * Returns the issues in document order; an empty array means valid.
 */
export function validateInput(model: ServiceModel, shape: Shape, value: unknown): ValidationIssue[] {
  // Valid input is the common case: check it first without building member paths (string joins per
  // member were most of the cost); only an invalid input is walked again to say where.
  const quick = new Collector(false);
  walk(model, shape, value, '', quick);
  if (quick.issues.length === 0) return quick.issues;
  const full = new Collector(true);
  walk(model, shape, value, '', full);
  return full.issues;
}

/** Where issues go; `paths` false skips building the AWS-style member paths. */
class Collector {
  readonly issues: ValidationIssue[] = [];
  constructor(readonly paths: boolean) {}

  push(issue: ValidationIssue): void {
    this.issues.push(issue);
  }

  join(path: string, seg: string): string {
    return this.paths ? (path ? `${path}.${seg}` : seg) : '';
  }
}

type Member = readonly [name: string, shape: Shape, segment: string];
const memberLists = new WeakMap<Shape, readonly Member[]>();

/** A structure's members, resolved once per shape. */
function membersOf(model: ServiceModel, shape: Shape): readonly Member[] {
  let list = memberLists.get(shape);
  if (!list) {
    list = Object.entries(shape.members ?? {}).map(([name, ref]): Member => [name, model.resolve(ref), pathSegment(name)]);
    memberLists.set(shape, list);
  }
  return list;
}

const SURROGATE = /[\uD800-\uDBFF]/;

/** Length in code points, as AWS counts it; the cheap UTF-16 length when there is no surrogate pair. */
function codePoints(s: string): number {
  return SURROGATE.test(s) ? [...s].length : s.length;
}

const constrained = new WeakMap<Shape, boolean>();

/** Whether anything in the shape's subtree can fail validation (cached; cycles count as unconstrained). */
function hasConstraints(model: ServiceModel, shape: Shape, seen = new Set<Shape>()): boolean {
  const cached = constrained.get(shape);
  if (cached !== undefined) return cached;
  if (seen.has(shape)) return false;
  seen.add(shape);
  let c = shape.min !== undefined || shape.max !== undefined || shape.pattern !== undefined || shape.enum !== undefined || (shape.required?.length ?? 0) > 0;
  if (!c && shape.type === 'structure') c = Object.values(shape.members ?? {}).some((r) => hasConstraints(model, model.resolve(r), seen));
  if (!c && shape.type === 'list') c = hasConstraints(model, model.resolve(shape.member), seen);
  if (!c && shape.type === 'map') c = hasConstraints(model, model.resolve(shape.key), seen) || hasConstraints(model, model.resolve(shape.value), seen);
  seen.delete(shape);
  if (seen.size === 0 || c) constrained.set(shape, c);
  return c;
}

function walk(model: ServiceModel, shape: Shape, value: unknown, path: string, issues: Collector): void {
  if (value === undefined || value === null || !hasConstraints(model, shape)) return;
  switch (shape.type) {
    case 'structure': {
      const obj = value as Record<string, unknown>;
      for (const req of shape.required ?? []) {
        if (obj[req] === undefined || obj[req] === null) issues.push({ path: issues.join(path, pathSegment(req)), value: null, constraint: 'Member must not be null' });
      }
      for (const [name, member, segment] of membersOf(model, shape)) {
        if (obj[name] !== undefined) walk(model, member, obj[name], issues.join(path, segment), issues);
      }
      return;
    }
    case 'list': {
      const arr = value as unknown[];
      checkLength(shape, arr.length, arr, path, issues);
      const member = model.resolve(shape.member);
      arr.forEach((v, i) => walk(model, member, v, issues.paths ? `${path}.${i + 1}.member` : '', issues));
      return;
    }
    case 'map': {
      const obj = value as Record<string, unknown>;
      const keys = Object.keys(obj);
      checkLength(shape, keys.length, obj, path, issues);
      const keyShape = model.resolve(shape.key);
      const valueShape = model.resolve(shape.value);
      for (const k of keys) {
        walk(model, keyShape, k, issues.paths ? `${path}.key` : '', issues);
        walk(model, valueShape, obj[k], issues.paths ? `${path}.${k}.value` : '', issues);
      }
      return;
    }
    case 'string': {
      const s = value as string;
      checkLength(shape, codePoints(s), s, path, issues);
      if (shape.enum && !shape.enum.includes(s)) issues.push({ path, value: s, constraint: `Member must satisfy enum value set: [${shape.enum.join(', ')}]` });
      if (shape.pattern && !patternMatches(shape.pattern, s)) issues.push({ path, value: s, constraint: `Member must satisfy regular expression pattern: ${shape.pattern}`, pattern: shape.pattern });
      return;
    }
    case 'blob':
      // A streaming member's length is known only once it is read (its consumer checks it).
      if (value instanceof Uint8Array) checkLength(shape, value.length, value, path, issues);
      return;
    case 'integer':
    case 'long':
    case 'float':
    case 'double': {
      const n = value as number;
      if (shape.min !== undefined && n < shape.min) issues.push({ path, value: n, constraint: `Member must have value greater than or equal to ${shape.min}` });
      if (shape.max !== undefined && n > shape.max) issues.push({ path, value: n, constraint: `Member must have value less than or equal to ${shape.max}` });
      return;
    }
    default:
      return;
  }
}

function checkLength(shape: Shape, length: number, value: unknown, path: string, issues: Collector): void {
  if (shape.min !== undefined && length < shape.min) issues.push({ path, value, constraint: `Member must have length greater than or equal to ${shape.min}` });
  if (shape.max !== undefined && length > shape.max) issues.push({ path, value, constraint: `Member must have length less than or equal to ${shape.max}` });
}

const patternCache = new Map<string, RegExp | null>();

/** Model patterns are Java regexes; those JS cannot compile are skipped rather than guessed. */
function patternMatches(pattern: string, s: string): boolean {
  let re = patternCache.get(pattern);
  if (re === undefined) {
    try {
      re = new RegExp(`^(?:${pattern})$`, 'u');
    } catch {
      re = null;
    }
    patternCache.set(pattern, re);
  }
  return re === null || re.test(s);
}
