/**
 * The Store conformance suite: every backend must pass it unchanged. Uses node:test, so import it
 * only from test files: `runStoreConformance('sqlite', async () => ({ store, cleanup }))`.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { compareKeys } from '../scope-codec.js';
import type { JsonValue, Store } from '../types.js';
import { defineExportTests } from './conformance-export.js';
import { defineLifecycleTests } from './conformance-lifecycle.js';
import { defineTransactionTests } from './conformance-transactions.js';
import { A1, A2, G, R1, R2, R3, rejectsWith, type MakeStore, type SuiteContext } from './conformance-context.js';

export type { MakeStore, StoreHarness } from './conformance-context.js';

/** Registers the whole suite under describe(name); makeStore is called for every test. */
export function runStoreConformance(name: string, makeStore: MakeStore): void {
  describe(`${name}: Store conformance`, () => {
    let harness: Awaited<ReturnType<MakeStore>> | undefined;
    const ctx: SuiteContext = {
      store: () => {
        if (harness === undefined) throw new Error('no store (makeStore failed?)');
        return harness.store;
      },
    };
    beforeEach(async () => {
      harness = await makeStore();
    });
    afterEach(async () => {
      const h = harness;
      harness = undefined;
      await h?.cleanup();
    });
    defineItemTests(ctx);
    defineListTests(ctx);
    defineTransactionTests(ctx);
    defineLifecycleTests(ctx);
    defineExportTests(ctx);
  });
}

function defineItemTests(ctx: SuiteContext): void {
  it('get/put/delete round-trip with versions starting at 1', async () => {
    const s: Store = ctx.store();
    assert.equal(await s.get('t', G, 'a'), undefined);
    assert.deepEqual(await s.put('t', G, 'a', { n: 1 }), { key: 'a', value: { n: 1 }, version: 1 });
    assert.deepEqual(await s.get('t', G, 'a'), { key: 'a', value: { n: 1 }, version: 1 });
    assert.equal((await s.put('t', G, 'a', { n: 2 })).version, 2);
    assert.equal((await s.put('t', G, 'a', { n: 3 })).version, 3);
    assert.deepEqual(await s.get('t', G, 'a'), { key: 'a', value: { n: 3 }, version: 3 });
    assert.equal(await s.delete('t', G, 'a'), true);
    assert.equal(await s.delete('t', G, 'a'), false);
    assert.equal(await s.get('t', G, 'a'), undefined);
    assert.equal((await s.put('t', G, 'a', 'again')).version, 1);
  });

  it('scopes and tables isolate items with the same key', async () => {
    const s = ctx.store();
    const places = [
      ['t', G], ['t', A1], ['t', A2], ['t', R1], ['t', R2], ['t', R3], ['u', G], ['u', R1],
    ] as const;
    for (const [i, [table, scope]] of places.entries()) await s.put(table, scope, 'same', i);
    for (const [i, [table, scope]] of places.entries()) {
      assert.deepEqual(await s.get(table, scope, 'same'), { key: 'same', value: i, version: 1 });
      assert.deepEqual(await s.list(table, scope), [{ key: 'same', value: i, version: 1 }]);
      assert.equal(await s.count(table, scope), 1);
    }
    assert.equal(await s.delete('t', R1, 'same'), true);
    assert.equal(await s.get('t', R1, 'same'), undefined);
    assert.equal((await s.get('t', R2, 'same'))?.value, 4);
    assert.equal((await s.get('u', R1, 'same'))?.value, 7);
    assert.equal(await s.count('t', A1), 1);
  });

  it('ifAbsent fails with ConditionFailed when the key exists', async () => {
    const s = ctx.store();
    assert.equal((await s.put('t', A1, 'k', 1, { ifAbsent: true })).version, 1);
    await rejectsWith(s.put('t', A1, 'k', 2, { ifAbsent: true }), 'ConditionFailed');
    assert.deepEqual(await s.get('t', A1, 'k'), { key: 'k', value: 1, version: 1 });
    await s.delete('t', A1, 'k');
    assert.equal((await s.put('t', A1, 'k', 3, { ifAbsent: true })).version, 1);
  });

  it('ifVersion succeeds only at the current version', async () => {
    const s = ctx.store();
    await rejectsWith(s.put('t', R1, 'k', 0, { ifVersion: 1 }), 'ConditionFailed');
    await s.put('t', R1, 'k', 1);
    await s.put('t', R1, 'k', 2);
    await rejectsWith(s.put('t', R1, 'k', 9, { ifVersion: 1 }), 'ConditionFailed');
    await rejectsWith(s.put('t', R1, 'k', 9, { ifVersion: 3 }), 'ConditionFailed');
    assert.deepEqual(await s.put('t', R1, 'k', 'ok', { ifVersion: 2 }), { key: 'k', value: 'ok', version: 3 });
    await rejectsWith(s.put('t', R1, 'k', 9, { ifVersion: 3, ifAbsent: true }), 'ConditionFailed');
    assert.deepEqual(await s.get('t', R1, 'k'), { key: 'k', value: 'ok', version: 3 });
  });

  it('JSON values round-trip exactly', async () => {
    const s = ctx.store();
    const values: JsonValue[] = [
      null, true, false, 0, -1, 1.5, 1e300, -2.5e-300, Number.MAX_SAFE_INTEGER, 0.1, '', 'plain',
      'üñí©ødé \u{1F600} \u0000 \n\t"\\ \u2028 \uFFFF', [], {}, [[], {}, [null]],
      { a: { b: { c: [1, { d: 'e' }] } }, 'key with spaces': 1, '': 'empty key', ü: 'x', __proto__x: 1 },
      { z: 1, a: 2, m: [3, 2, 1] },
    ];
    for (const [i, v] of values.entries()) await s.put('json', G, `v${i}`, v);
    for (const [i, v] of values.entries()) assert.deepEqual((await s.get('json', G, `v${i}`))?.value, v);
    const listed = await s.list('json', G);
    assert.equal(listed.length, values.length);
    for (const item of listed) assert.deepEqual(item.value, values[Number(item.key.slice(1))]);
  });

  it('large values (1 MB) round-trip', async () => {
    const s = ctx.store();
    const big = 'x'.repeat(1 << 20);
    const many: Record<string, number> = {};
    for (let i = 0; i < 20_000; i++) many[`k${i}`] = i;
    await s.put('big', G, 'string', big);
    await s.put('big', G, 'object', many);
    assert.equal((await s.get('big', G, 'string'))?.value, big);
    assert.deepEqual((await s.get('big', G, 'object'))?.value, many);
  });

  it('invalid table names, keys and scopes are rejected', async () => {
    const s = ctx.store();
    await assert.rejects(s.put('', G, 'k', 1), RangeError);
    await assert.rejects(s.put('t', G, '', 1), RangeError);
    await assert.rejects(s.put('t', G, 'a\u0000b', 1), RangeError);
    await assert.rejects(s.get('t', G, 'lone \uD800'), RangeError);
    await assert.rejects(s.put('t', { kind: 'account', accountId: '' }, 'k', 1), RangeError);
    await assert.rejects(s.list('t', { kind: 'nope' } as never), RangeError);
    await assert.rejects(s.list('t', G, { limit: -1 }), RangeError);
    await assert.rejects(s.put('t', G, 'k', undefined as never), TypeError);
  });
}

function defineListTests(ctx: SuiteContext): void {
  it('list orders keys byte-wise by UTF-8, including non-BMP characters', async () => {
    const s = ctx.store();
    const keys = ['b', 'a', 'A', 'é', 'z', '\u{1F600}', '\uFFFD', '\uFF5E', 'ab', 'a/b', 'a-b', '10', '9', 'ä', 'a b', '~'];
    for (const k of keys) await s.put('o', A1, k, k);
    const expected = [...keys].sort(compareKeys);
    assert.ok(expected.indexOf('\uFFFD') < expected.indexOf('\u{1F600}'), 'UTF-8 order differs from UTF-16 order');
    assert.deepEqual((await s.list('o', A1)).map((i) => i.key), expected);
    assert.deepEqual((await s.list('o', A1, { after: 'a' })).map((i) => i.key), expected.filter((k) => compareKeys(k, 'a') > 0));
  });

  it('prefix, after and limit paginate in key order', async () => {
    const s = ctx.store();
    const users = Array.from({ length: 25 }, (_, i) => `user/${String(i).padStart(3, '0')}`);
    for (const k of [...users].reverse()) await s.put('p', R1, k, k);
    for (const k of ['group/a', 'user', 'user0', 'usex/1', 'éa', 'éb', 'ê']) await s.put('p', R1, k, k);
    const pages: string[][] = [];
    let after: string | undefined;
    for (;;) {
      const page = await s.list('p', R1, { prefix: 'user/', limit: 7, ...(after === undefined ? {} : { after }) });
      if (page.length === 0) break;
      pages.push(page.map((i) => i.key));
      after = page[page.length - 1]!.key;
    }
    assert.deepEqual(pages.map((p) => p.length), [7, 7, 7, 4]);
    assert.deepEqual(pages.flat(), users);
    assert.deepEqual((await s.list('p', R1, { prefix: 'é' })).map((i) => i.key), ['éa', 'éb']);
    assert.deepEqual((await s.list('p', R1, { prefix: 'user', limit: 2 })).map((i) => i.key), ['user', 'user/000']);
    assert.deepEqual(await s.list('p', R1, { prefix: 'User' }), []);
    assert.deepEqual(await s.list('p', R1, { limit: 0 }), []);
    assert.deepEqual((await s.list('p', R1, { prefix: 'user/', after: 'user/023' })).map((i) => i.key), ['user/024']);
    assert.deepEqual((await s.list('p', R1, { prefix: 'user/', after: 'zzz' })).length, 0);
    assert.deepEqual((await s.list('p', R1, { after: 'usex/1' })).map((i) => i.key), ['éa', 'éb', 'ê']);
  });

  it('count with and without prefix', async () => {
    const s = ctx.store();
    assert.equal(await s.count('c', G), 0);
    for (const k of ['a1', 'a2', 'a3', 'b1', 'é1', 'é2']) await s.put('c', G, k, null);
    await s.put('c', A1, 'a9', null);
    assert.equal(await s.count('c', G), 6);
    assert.equal(await s.count('c', G, 'a'), 3);
    assert.equal(await s.count('c', G, 'é'), 2);
    assert.equal(await s.count('c', G, 'x'), 0);
    assert.equal(await s.count('c', G, ''), 6);
    assert.equal(await s.count('c', A1, 'a'), 1);
  });
}
