/**
 * Model-based property test (fast-check): random sequences of operations, some inside committed or
 * aborted transactions, must give exactly the results of an in-memory Map model. Lives in test/
 * because fast-check is a dev dependency (src/ may not import it).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import type { MakeStore, StoreHarness } from '../../src/storage/conformance/store-conformance.js';
import { compareKeys } from '../../src/storage/scope-codec.js';
import { StorageError, type JsonValue, type Scope, type StoreOps, type StoredItem } from '../../src/storage/types.js';

const SCOPES: Scope[] = [
  { kind: 'global' },
  { kind: 'account', accountId: '111111111111' },
  { kind: 'account', accountId: '222222222222' },
  { kind: 'region', accountId: '111111111111', region: 'us-east-1' },
];
const KEYS = ['a', 'ab', 'abc', 'B', 'é', '\u{1F600}', '\uFFFD'];
const PREFIXES = ['', 'a', 'ab', '\u{1F600}', 'x'];

type Op =
  | { op: 'put'; t: string; s: number; k: string; v: JsonValue; ifAbsent: boolean; ifVersion: number | undefined }
  | { op: 'delete'; t: string; s: number; k: string }
  | { op: 'get'; t: string; s: number; k: string }
  | { op: 'list'; t: string; s: number; prefix: string | undefined; after: string | undefined; limit: number | undefined }
  | { op: 'count'; t: string; s: number; prefix: string | undefined };
type Step = Op | { op: 'tx'; ops: Op[]; abort: boolean };

// Biased towards one table and scope so that operations collide often.
const table = fc.constantFrom('t1', 't1', 't1', 't2');
const scope = fc.constantFrom(0, 0, 0, 1, 2, 3);
const key = fc.constantFrom(...KEYS);
/** undefined with probability undefinedWeight / (undefinedWeight + 1). */
const opt = <T>(a: fc.Arbitrary<T>, undefinedWeight = 1): fc.Arbitrary<T | undefined> =>
  fc.oneof({ weight: undefinedWeight, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: a });
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ op: fc.constant('put' as const), t: table, s: scope, k: key, v: fc.jsonValue({ maxDepth: 2, stringUnit: 'binary' }) as fc.Arbitrary<JsonValue>, ifAbsent: fc.nat({ max: 4 }).map((n) => n === 0), ifVersion: opt(fc.nat({ max: 3 }), 4) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('delete' as const), t: table, s: scope, k: key }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('get' as const), t: table, s: scope, k: key }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('list' as const), t: table, s: scope, prefix: opt(fc.constantFrom(...PREFIXES)), after: opt(key, 2), limit: opt(fc.nat({ max: 4 }), 2) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('count' as const), t: table, s: scope, prefix: opt(fc.constantFrom(...PREFIXES)) }) },
);
const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { weight: 6, arbitrary: opArb },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('tx' as const), ops: fc.array(opArb, { maxLength: 6 }), abort: fc.boolean() }) },
);

type Model = Map<string, { t: string; s: number; k: string; value: JsonValue; version: number }>;
const id = (t: string, s: number, k: string): string => JSON.stringify([t, s, k]);
const CONDITION_FAILED = 'ConditionFailed';

/** Applies op to the model; returns what the store must return (or CONDITION_FAILED). */
function applyModel(m: Model, o: Op): unknown {
  const cur = 'k' in o ? m.get(id(o.t, o.s, o.k)) : undefined;
  switch (o.op) {
    case 'get':
      return cur === undefined ? undefined : { key: o.k, value: cur.value, version: cur.version };
    case 'delete':
      return m.delete(id(o.t, o.s, o.k));
    case 'put': {
      if (o.ifVersion !== undefined ? o.ifAbsent || cur?.version !== o.ifVersion : o.ifAbsent && cur !== undefined) return CONDITION_FAILED;
      const value = JSON.parse(JSON.stringify(o.v)) as JsonValue;
      const version = (cur?.version ?? 0) + 1;
      m.set(id(o.t, o.s, o.k), { t: o.t, s: o.s, k: o.k, value, version });
      return { key: o.k, value, version };
    }
    case 'list':
    case 'count': {
      const items = [...m.values()]
        .filter((e) => e.t === o.t && e.s === o.s && (o.prefix === undefined || e.k.startsWith(o.prefix)))
        .filter((e) => o.op === 'count' || o.after === undefined || o.after === '' || compareKeys(e.k, o.after) > 0)
        .sort((a, b) => compareKeys(a.k, b.k))
        .map((e) => ({ key: e.k, value: e.value, version: e.version }));
      if (o.op === 'count') return items.length;
      return o.limit === undefined ? items : items.slice(0, o.limit);
    }
  }
}

async function applyStore(ops: StoreOps, o: Op): Promise<unknown> {
  const s = SCOPES[o.s]!;
  try {
    switch (o.op) {
      case 'get':
        return await ops.get(o.t, s, o.k);
      case 'delete':
        return await ops.delete(o.t, s, o.k);
      case 'put': {
        const r: StoredItem = await ops.put(o.t, s, o.k, o.v, { ifAbsent: o.ifAbsent, ...(o.ifVersion === undefined ? {} : { ifVersion: o.ifVersion }) });
        return { key: r.key, value: JSON.parse(JSON.stringify(r.value)) as JsonValue, version: r.version };
      }
      case 'list':
        return await ops.list(o.t, s, { prefix: o.prefix, after: o.after, limit: o.limit });
      case 'count':
        return await ops.count(o.t, s, o.prefix);
    }
  } catch (e) {
    if (e instanceof StorageError && e.reason === 'ConditionFailed') return CONDITION_FAILED;
    throw e;
  }
}

class Abort extends Error {}

/** Registers the property test; one store serves all runs (clearAll between them). */
export function runStorePropertyTests(name: string, makeStore: MakeStore, options: { numRuns: number }): void {
  describe(`${name}: Store model-based property`, () => {
    let h: StoreHarness | undefined;
    before(async () => {
      h = await makeStore();
    });
    after(async () => {
      await h?.cleanup();
    });
    it('random operation sequences (with transactions) behave like an in-memory model', async () => {
      const store = h!.store;
      await fc.assert(
        fc.asyncProperty(fc.array(stepArb, { maxLength: 40, size: 'medium' }), async (steps) => {
          await store.clearAll();
          let model: Model = new Map();
          for (const step of steps) {
            if (step.op !== 'tx') {
              assert.deepEqual(await applyStore(store, step), applyModel(model, step), JSON.stringify(step));
              continue;
            }
            const draft: Model = new Map(model);
            await store
              .transaction(async (tx) => {
                for (const o of step.ops) assert.deepEqual(await applyStore(tx, o), applyModel(draft, o), `in tx: ${JSON.stringify(o)}`);
                if (step.abort) throw new Abort();
              })
              .catch((e: unknown) => {
                if (!(e instanceof Abort)) throw e;
              });
            if (!step.abort) model = draft;
          }
          let exported = 0;
          await store.exportAll((t, s, item) => {
            exported++;
            const e = model.get(id(t, SCOPES.findIndex((x) => JSON.stringify(x) === JSON.stringify(s)), item.key));
            assert.deepEqual(item, { key: e?.k, value: e?.value, version: e?.version });
          });
          assert.equal(exported, model.size);
        }),
        { numRuns: options.numRuns },
      );
    });
  });
}
