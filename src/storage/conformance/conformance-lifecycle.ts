/** Conformance tests of the sealer, exportAll, clearAll, onChange and close. */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { StorageError, type ChangeEvent, type SealContext, type Scope, type StoredItem } from '../types.js';
import { A1, A2, G, R1, R3, rejectsWith, type SuiteContext } from './conformance-context.js';

/** Registers the lifecycle tests. */
export function defineLifecycleTests(ctx: SuiteContext): void {
  const AT: SealContext = { table: 'iam.access-keys', scope: G, key: 'AKIAEXAMPLE' };
  const corrupt = (e: unknown) => e instanceof StorageError && e.reason === 'Corrupt';

  it('the sealer round-trips and its output hides the plaintext', async () => {
    const { sealer } = ctx.store();
    const secret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
    const sealed = sealer.seal(secret, AT);
    assert.equal(typeof sealed, 'string');
    assert.ok(!sealed.includes(secret));
    assert.ok(!sealed.includes(Buffer.from(secret).toString('base64').slice(0, 16)));
    assert.match(sealed, /^rs2:[\x21-\x7e]+$/, 'printable');
    assert.notEqual(sealer.seal(secret, AT), sealed, 'random IV');
    assert.equal(sealer.open(sealed, AT).toString('utf8'), secret);
    const bytes = Buffer.from([0, 1, 2, 255, 254]);
    assert.deepEqual(sealer.open(sealer.seal(bytes, AT), AT), bytes);
    assert.equal(sealer.open(sealer.seal('', AT), AT).length, 0);
    const tampered = sealed.slice(0, -6) + (sealed.endsWith('AAAA==') ? 'BBBB==' : 'AAAA==');
    assert.throws(() => sealer.open(tampered, AT), corrupt);
    assert.throws(() => sealer.open('not sealed', AT), StorageError);
    const { masterKeyCheck } = ctx.store();
    assert.match(masterKeyCheck, /^[A-Za-z0-9+/]{43}=$/, 'HMAC-SHA256 check value, base64');
  });

  it('a sealed value opens only at the table, scope and key it was sealed for (copied elsewhere: Corrupt)', async () => {
    const s = ctx.store();
    const sealed = s.sealer.seal('secret of AKIAEXAMPLE', AT);
    await s.put(AT.table, AT.scope, AT.key, { sealedSecret: sealed });
    // An attacker with write access to the database copies the sealed value into another record.
    await s.put(AT.table, AT.scope, 'AKIAOTHER', { sealedSecret: sealed });
    await s.put('sts.sessions', G, AT.key, { sealedSecret: sealed });
    const copied = (await s.get<{ sealedSecret: string }>(AT.table, AT.scope, 'AKIAOTHER'))!.value.sealedSecret;
    assert.equal(s.sealer.open((await s.get<{ sealedSecret: string }>(AT.table, AT.scope, AT.key))!.value.sealedSecret, AT).toString(), 'secret of AKIAEXAMPLE');
    assert.throws(() => s.sealer.open(copied, { ...AT, key: 'AKIAOTHER' }), corrupt, 'same table, other key');
    assert.throws(() => s.sealer.open(sealed, { ...AT, table: 'sts.sessions' }), corrupt, 'other table, same key');
    assert.throws(() => s.sealer.open(sealed, { ...AT, scope: A1 }), corrupt, 'other scope');
    assert.throws(() => s.sealer.open(sealed, { ...AT, scope: R1 }), corrupt, 'other scope kind');
    // The encoding is unambiguous: moving a character between table, scope and key changes the location.
    const ab = s.sealer.seal('x', { table: 'a', scope: G, key: 'b:c' });
    assert.throws(() => s.sealer.open(ab, { table: 'a', scope: G, key: 'b' }), corrupt);
    assert.throws(() => s.sealer.open(ab, { table: 'a","b', scope: G, key: 'c' }), corrupt);
    const legacy = 'rs1:' + Buffer.alloc(40, 1).toString('base64');
    assert.throws(() => s.sealer.open(legacy, AT), (e: unknown) => corrupt(e) && /rs1: value of an earlier version/.test((e as Error).message), 'unbound rs1 values are refused');
  });

  it('exportAll sees every item in one snapshot', async () => {
    const s = ctx.store();
    const expected = new Map<string, number>();
    const places: [string, Scope][] = [['a', G], ['a', A1], ['b', R1], ['b', R3], ['c', A2]];
    for (const [table, scope] of places) {
      for (let i = 0; i < 4; i++) {
        await s.put(table, scope, `k${i}`, i);
        expected.set(JSON.stringify([table, scope, `k${i}`]), i);
      }
    }
    const seen = new Map<string, StoredItem>();
    let first = true;
    await s.exportAll(async (table, scope, item) => {
      if (first) {
        first = false;
        await s.put('zzz', G, 'written-during-export', 1);
        await s.put('c', A2, 'k3', 'changed-during-export');
      }
      seen.set(JSON.stringify([table, scope, item.key]), item);
    });
    assert.equal(seen.size, expected.size);
    for (const [k, v] of expected) assert.deepEqual(seen.get(k), { key: JSON.parse(k)[2], value: v, version: 1 }, k);
    assert.equal((await s.get('c', A2, 'k3'))?.value, 'changed-during-export');
  });

  it('clearAll empties every table atomically and emits one reset event', async () => {
    const s = ctx.store();
    for (const [table, scope] of [['a', G], ['b', A1], ['c', R1]] as [string, Scope][]) {
      for (let i = 0; i < 5; i++) await s.put(table, scope, `k${i}`, i);
    }
    const events: ChangeEvent[] = [];
    s.onChange((e) => events.push(e));
    await s.clearAll();
    assert.deepEqual(events, [{ table: '*', scope: { kind: 'global' }, key: '*', op: 'reset' }]);
    assert.equal(await s.count('a', G), 0);
    assert.equal(await s.count('b', A1), 0);
    assert.deepEqual(await s.list('c', R1), []);
    let exported = 0;
    await s.exportAll(() => {
      exported++;
    });
    assert.equal(exported, 0);
    assert.equal((await s.put('a', G, 'k0', 'fresh')).version, 1);
    assert.equal(s.sealer.open(s.sealer.seal('still works', AT), AT).toString(), 'still works');
  });

  it('countAll counts every table and scope', async () => {
    const s = ctx.store();
    assert.equal(await s.countAll(), 0);
    await s.put('a', G, 'k', 1);
    await s.put('a', A1, 'k', 1);
    await s.put('b', R1, 'k', 1);
    assert.equal(await s.countAll(), 3);
  });

  it('importAll keeps versions, replaces atomically and emits one reset', async () => {
    const s = ctx.store();
    await s.put('old', G, 'gone', 1);
    await s.put('a', G, 'k0', 'before');
    const events: ChangeEvent[] = [];
    s.onChange((e) => events.push(e));
    await s.importAll(async (put) => {
      for (let i = 0; i < 1200; i++) put('a', G, { key: `k${i}`, value: { i }, version: 1 + (i % 5) });
      await Promise.resolve();
      put('b', R3, { key: 'x', value: 'first', version: 1 });
      put('b', R3, { key: 'x', value: 'last wins', version: 9 });
    }, { replace: true });
    assert.deepEqual(events, [{ table: '*', scope: { kind: 'global' }, key: '*', op: 'reset' }]);
    assert.equal(await s.countAll(), 1201);
    assert.equal(await s.get('old', G, 'gone'), undefined);
    assert.deepEqual(await s.get('a', G, 'k7'), { key: 'k7', value: { i: 7 }, version: 3 });
    assert.deepEqual(await s.get('b', R3, 'x'), { key: 'x', value: 'last wins', version: 9 });
    assert.equal((await s.put('a', G, 'k7', 'next')).version, 4);
    await s.importAll((put) => put('c', A1, { key: 'merged', value: true, version: 2 }));
    assert.equal(await s.countAll(), 1202);
  });

  it('importAll changes nothing when fill throws', async () => {
    const s = ctx.store();
    await s.put('a', G, 'keep', 'me');
    const events: ChangeEvent[] = [];
    s.onChange((e) => events.push(e));
    const boom = new Error('bad archive');
    await assert.rejects(
      s.importAll(async (put) => {
        for (let i = 0; i < 700; i++) put('a', G, { key: `n${i}`, value: i, version: 1 });
        throw boom;
      }, { replace: true }),
      (e) => e === boom,
    );
    await assert.rejects(s.importAll((put) => put('a', G, { key: '', value: 1, version: 1 })), RangeError);
    await assert.rejects(s.importAll((put) => put('a', G, { key: 'v0', value: 1, version: 0 })), RangeError);
    assert.deepEqual(events, []);
    assert.equal(await s.countAll(), 1);
    assert.equal((await s.get('a', G, 'keep'))?.value, 'me');
  });

  it('onChange reports committed writes in order and can unsubscribe', async () => {
    const s = ctx.store();
    const events: ChangeEvent[] = [];
    const other: ChangeEvent[] = [];
    const off = s.onChange((e) => events.push(e));
    s.onChange((e) => other.push(e));
    s.onChange(() => {
      throw new Error('a throwing listener must not break writes');
    });
    await s.put('t', R1, 'a', 1);
    await s.put('t', R1, 'a', 2);
    await rejectsWith(s.put('t', R1, 'a', 3, { ifAbsent: true }), 'ConditionFailed');
    assert.equal(await s.delete('t', R1, 'a'), true);
    assert.equal(await s.delete('t', R1, 'missing'), false);
    assert.deepEqual(events, [
      { table: 't', scope: R1, key: 'a', op: 'put' },
      { table: 't', scope: R1, key: 'a', op: 'put' },
      { table: 't', scope: R1, key: 'a', op: 'delete' },
    ]);
    off();
    await s.put('t', G, 'b', 1);
    assert.equal(events.length, 3);
    assert.equal(other.length, 4);
  });

  it('close is idempotent and later calls fail with Closed', async () => {
    const s = ctx.store();
    await s.put('t', G, 'a', 1);
    await Promise.all([s.close(), s.close()]);
    await s.close();
    await rejectsWith(s.get('t', G, 'a'), 'Closed');
    await rejectsWith(s.put('t', G, 'a', 2), 'Closed');
    await rejectsWith(s.transaction(async () => 1), 'Closed');
    await rejectsWith(s.exportAll(() => undefined), 'Closed');
  });
}
