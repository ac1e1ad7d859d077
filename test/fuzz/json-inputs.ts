/**
 * Model-driven awsJson inputs for the fuzzer: the typed inputs of `InputGenerator` (the same shape
 * walk as the awsQuery ones: structures, lists, maps, enums, patterns, lengths, ranges, near-valid
 * values) written as JSON documents (the model's `locationName`s, timestamps as epoch seconds, blobs
 * as base64), and JSON mutations: wrong types, missing required members, huge and odd strings,
 * `__proto__`/`constructor` keys, deep nesting, repeated keys, odd numbers, non-JSON bodies, other
 * content types and targets.
 */
import fc from 'fast-check';
import type { ServiceModel, Shape } from '../../src/protocol/model/service-model.js';
import { oddChars } from './fuzz-values.js';
import type { InputGenerator } from './model-inputs.js';

/** A generated awsJson request before signing. */
export interface JsonFuzzInput {
  /** The body as sent (not always JSON), UTF-8; or, when `bytes` is given, as the report shows them. */
  readonly body: string;
  /** The body's bytes when they are not UTF-8 (invalid sequences on purpose). */
  readonly bytes?: Uint8Array;
  /** Replaces `X-Amz-Target` (`<prefix>.<Operation>` otherwise). */
  readonly target?: string;
  /** Replaces the content type (`application/x-amz-json-<version>` otherwise). */
  readonly contentType?: string;
  readonly mutations: readonly string[];
}

/** The JSON document of a typed value of `shape` (as the SDKs write it). */
export function toJsonDoc(model: ServiceModel, shape: Shape, value: unknown): unknown {
  if (value === undefined) return undefined;
  switch (shape.type) {
    case 'structure': {
      const out: Record<string, unknown> = {};
      for (const [name, ref] of Object.entries(shape.members ?? {})) {
        const v = toJsonDoc(model, model.resolve(ref), (value as Record<string, unknown>)[name]);
        if (v !== undefined) Object.defineProperty(out, ref.locationName ?? name, { value: v, enumerable: true, writable: true, configurable: true });
      }
      return out;
    }
    case 'list':
      return (value as unknown[]).map((v) => toJsonDoc(model, model.resolve(shape.member), v));
    case 'map': {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) Object.defineProperty(out, k, { value: toJsonDoc(model, model.resolve(shape.value), v), enumerable: true, writable: true, configurable: true });
      return out;
    }
    case 'timestamp':
      return (value as Date).getTime() / 1000;
    case 'blob':
      return Buffer.from(value as Uint8Array).toString('base64');
    default:
      return value;
  }
}

/** A JSON document under construction: mutations edit the parsed tree, then (some) the text. */
type Doc = Record<string, unknown>;

interface JsonMutation {
  apply(doc: Doc, applied: string[]): Doc;
}

/** Paths to every value inside a document (objects and arrays), for mutations that pick one. */
function paths(v: unknown, prefix: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  if (v !== null && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      const p = [...prefix, Array.isArray(v) ? Number(k) : k];
      out.push(p);
      paths(x, p, out);
    }
  }
  return out;
}

function setAt(doc: Doc, path: readonly (string | number)[], value: unknown): Doc {
  const copy = structuredClone(doc);
  let cur: Record<string | number, unknown> = copy;
  for (const k of path.slice(0, -1)) cur = cur[k] as Record<string | number, unknown>;
  Object.defineProperty(cur, path[path.length - 1]!, { value, enumerable: true, writable: true, configurable: true });
  return copy;
}

const WRONG_TYPES: fc.Arbitrary<unknown> = fc.constantFrom(
  null, true, false, 0, -1, 1.5, 1e308, -0, 2 ** 53 + 2, '', 'x', '1', 'true', 'null', '2024-13-45T99:99:99Z', [], [1], [null], ['a', 'b'], {}, { a: 1 }, { __proto__: null, x: 'y' }, [[[]]], { Key: 'k', Value: 'v' },
);

/** Huge and odd strings (NUL, lone surrogates, bidi, 100,000 characters). */
const ODD_STRINGS: fc.Arbitrary<string> = fc.oneof(
  oddChars,
  fc.constantFrom('\u0000', '\ud800', '\udc00x', '\u202e', '\ufeff', '\\', '"', '\u2028', '%00', '../..', 'ou-', 'r-', 'p-', 'h-', 'car-', '000000000000', '123456789012', 'arn:aws:organizations::123456789012:root/o-aaaaaaaaaa/r-aaaa'),
  fc.tuple(fc.integer({ min: 1_000, max: 150_000 }), fc.constantFrom('a', '\u00e9', '\u0000', '0', '\u{1F600}')).map(([n, c]) => c.repeat(n)),
  fc.string({ unit: 'binary', maxLength: 40 }),
);

const KEYS = fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', '__type', 'Bogus', '', 'nextToken', 'maxResults', 'Tags', 'Name', 'x'.repeat(300));

/** Mutations of the parsed document, given the operation's required members. */
function mutationArb(required: readonly string[]): fc.Arbitrary<JsonMutation> {
  const dropRequired = fc.nat().map(
    (n): JsonMutation => ({
      apply(doc, applied) {
        if (!required.length) return doc;
        const name = required[n % required.length]!;
        applied.push(`drop ${name}`);
        const { [name]: _dropped, ...rest } = doc;
        return rest;
      },
    }),
  );
  const wrongType = fc.tuple(fc.nat(), WRONG_TYPES).map(
    ([n, v]): JsonMutation => ({
      apply(doc, applied) {
        const all = paths(doc);
        if (!all.length) return doc;
        const p = all[n % all.length]!;
        applied.push(`type ${p.join('.')}=${JSON.stringify(v)}`);
        return setAt(doc, p, v);
      },
    }),
  );
  const oddString = fc.tuple(fc.nat(), ODD_STRINGS).map(
    ([n, v]): JsonMutation => ({
      apply(doc, applied) {
        const all = paths(doc);
        if (!all.length) return doc;
        const p = all[n % all.length]!;
        applied.push(`odd string ${p.join('.')} (${v.length} chars)`);
        return setAt(doc, p, v);
      },
    }),
  );
  const extraKey = fc.tuple(fc.nat(), KEYS, fc.oneof(WRONG_TYPES, ODD_STRINGS)).map(
    ([n, k, v]): JsonMutation => ({
      apply(doc, applied) {
        // At the top, or inside a nested object of the document.
        const objects = [[], ...paths(doc)].filter((p) => {
          let cur: unknown = doc;
          for (const x of p) cur = (cur as Record<string | number, unknown>)[x];
          return cur !== null && typeof cur === 'object' && !Array.isArray(cur);
        });
        const p = objects[n % objects.length]!;
        applied.push(`extra ${[...p, k].join('.')}`);
        return setAt(doc, [...p, k], v);
      },
    }),
  );
  return fc.oneof({ weight: 2, arbitrary: dropRequired }, { weight: 3, arbitrary: wrongType }, { weight: 2, arbitrary: oddString }, { weight: 2, arbitrary: extraKey });
}

/** Whole-body mutations (the text after the document's): not JSON, not an object, deep, repeated keys, odd numbers, odd bytes. */
const BODY_MUTATIONS: fc.Arbitrary<(text: string) => { body: string; bytes?: Uint8Array; what: string }> = fc.oneof(
  fc.constantFrom('', ' ', 'null', '[]', '[{}]', '"x"', '123', 'true', '{', '}', '{"a":', '{"a":1,}', "{'a':1}", '{"a":1}{"b":2}', '<xml/>', 'Action=ListRoots&Version=2016-11-28', '\ufeff{}', '{"__proto__":{"polluted":1}}', '{"constructor":{"prototype":{"polluted":1}}}', 'NaN', '{"MaxResults":NaN}', '{"MaxResults":1e400}', '{"MaxResults":-0}', '{"MaxResults":1.5}', '{"MaxResults":"5"}', '{"NextToken":null,"MaxResults":null}', '\u0000').map((b) => () => ({ body: b, what: `body ${JSON.stringify(b)}` })),
  fc.integer({ min: 100, max: 100_000 }).map((n) => (text: string) => ({ body: `{"Deep":${'['.repeat(n)}${']'.repeat(n)}${text.length > 2 ? `,${text.slice(1)}` : '}'}`, what: `nested ${n} deep` })),
  fc.integer({ min: 100, max: 50_000 }).map((n) => (text: string) => ({ body: `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`.replace(/^\{"a":/, text.length > 2 ? `${text.slice(0, -1)},"a":` : '{"a":'), what: `objects ${n} deep` })),
  fc.constant((text: string) => ({ body: text.length > 2 ? `${text.slice(0, -1)},${text.slice(1)}` : text, what: 'every key repeated' })),
  fc.integer({ min: 1, max: 50 }).map((n) => (text: string) => ({ body: text.slice(0, Math.max(0, text.length - n)), what: `truncated by ${n}` })),
  fc.constantFrom('\xff\xfe', '\xc3\x28', '\xed\xa0\x80', '\xf4\x90\x80\x80', '\x80').map((odd) => (text: string) => {
    const head = `${text.slice(0, -1)}${text.length > 2 ? ',' : ''}`;
    const tail = `"k${odd}":"v${odd}"}`;
    return { body: head + tail, bytes: Buffer.concat([Buffer.from(head, 'utf8'), Buffer.from(tail, 'latin1')]), what: `invalid UTF-8 ${JSON.stringify(odd)}` };
  }),
  fc.integer({ min: 1_000, max: 200_000 }).map((n) => (text: string) => ({ body: `${text}${' '.repeat(n)}`, what: `${n} trailing spaces` })),
);

const CONTENT_TYPES = fc.constantFrom('application/json', 'application/x-amz-json-1.0', 'text/plain', 'application/x-www-form-urlencoded', '', 'application/x-amz-json-1.1; charset=utf-8', 'APPLICATION/X-AMZ-JSON-1.1');

/** Odd targets for `op` of a service with `prefix`. */
function targetArb(prefix: string, op: string): fc.Arbitrary<string> {
  return fc.constantFrom(`${prefix}.${op.toLowerCase()}`, `${prefix}.`, prefix, `${prefix}.${op}.${op}`, `Other_1.${op}`, op, `${prefix}.__proto__`, `${prefix}.constructor`, `${prefix}.toString`, `${prefix}.hasOwnProperty`, `${prefix.toLowerCase()}.${op}`);
}

/**
 * awsJson inputs of `op` from `gen` (a generator over the service's model): valid ones as they are;
 * near-valid ones with, 1 time in 2, document mutations, 1 time in 6 a whole-body mutation, 1 time
 * in 24 another content type or target.
 */
export function jsonRequest(gen: InputGenerator, op: string): fc.Arbitrary<JsonFuzzInput> {
  const model = gen.model;
  const shape = model.resolve(model.operation(op)?.input);
  const write = (input: Record<string, unknown>) => (toJsonDoc(model, shape, input) ?? {}) as Doc;
  if (!gen.near) return gen.typed(op).map(({ input }) => ({ body: JSON.stringify(write(input)), mutations: [] }));
  const prefix = model.metadata.targetPrefix ?? '';
  return fc
    .tuple(gen.typed(op), fc.array(mutationArb(shape.required ?? []), { minLength: 1, maxLength: 3 }), fc.integer({ min: 0, max: 23 }), BODY_MUTATIONS, CONTENT_TYPES, targetArb(prefix, op))
    .map(([{ input, broken }, muts, gate, body, contentType, target]) => {
      const applied = [...broken];
      let doc = write(input);
      if (gate % 2 === 0) for (const m of muts) doc = m.apply(doc, applied);
      const text = JSON.stringify(doc);
      if (gate % 6 === 1) {
        const b = body(text);
        applied.push(b.what);
        return { body: b.body, ...(b.bytes ? { bytes: b.bytes } : {}), mutations: applied };
      }
      if (gate === 3) return { body: text, contentType, mutations: [...applied, `content-type ${JSON.stringify(contentType)}`] };
      if (gate === 5) return { body: text, target, mutations: [...applied, `target ${JSON.stringify(target)}`] };
      return { body: text, mutations: applied };
    });
}
