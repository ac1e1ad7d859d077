/** Conformance tests of Store.transaction: atomicity, isolation, concurrency, misuse. */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { StorageError, type ChangeEvent, type StoreOps } from '../types.js';
import { A1, G, R1, rejectsWith, sleep, type SuiteContext } from './conformance-context.js';

/** Registers the transaction tests. */
export function defineTransactionTests(ctx: SuiteContext): void {
  it('a transaction commits all its writes together and reads its own writes', async () => {
    const s = ctx.store();
    await s.put('t', G, 'gone', 1);
    const events: ChangeEvent[] = [];
    s.onChange((e) => events.push(e));
    const result = await s.transaction(async (tx) => {
      await tx.put('t', G, 'a', 1);
      await tx.put('t', A1, 'b', 2);
      assert.equal(await tx.delete('t', G, 'gone'), true);
      assert.deepEqual(await tx.get('t', G, 'a'), { key: 'a', value: 1, version: 1 });
      assert.equal(await tx.get('t', G, 'gone'), undefined);
      assert.deepEqual((await tx.list('t', G)).map((i) => i.key), ['a']);
      assert.equal(await tx.count('t', A1), 1);
      assert.equal(events.length, 0, 'events must wait for the commit');
      return 'done';
    });
    assert.equal(result, 'done');
    assert.equal((await s.get('t', G, 'a'))?.value, 1);
    assert.equal((await s.get('t', A1, 'b'))?.value, 2);
    assert.equal(await s.get('t', G, 'gone'), undefined);
    assert.deepEqual(events, [
      { table: 't', scope: G, key: 'a', op: 'put' },
      { table: 't', scope: A1, key: 'b', op: 'put' },
      { table: 't', scope: G, key: 'gone', op: 'delete' },
    ]);
  });

  it('a transaction rolls back entirely when fn throws, emitting no events', async () => {
    const s = ctx.store();
    await s.put('t', G, 'x', 'original');
    await s.put('t', G, 'z', 'keep');
    const events: ChangeEvent[] = [];
    s.onChange((e) => events.push(e));
    const boom = new Error('boom');
    await assert.rejects(
      s.transaction(async (tx) => {
        await tx.put('t', G, 'x', 'changed');
        await tx.put('t', R1, 'y', 'new');
        await tx.delete('t', G, 'z');
        await sleep(5);
        throw boom;
      }),
      (e) => e === boom,
    );
    assert.deepEqual(await s.get('t', G, 'x'), { key: 'x', value: 'original', version: 1 });
    assert.equal(await s.get('t', R1, 'y'), undefined);
    assert.equal((await s.get('t', G, 'z'))?.value, 'keep');
    assert.deepEqual(events, []);
    assert.equal((await s.put('t', G, 'x', 'after')).version, 2);
  });

  it('a ConditionFailed caught inside a transaction does not abort it', async () => {
    const s = ctx.store();
    await s.put('t', G, 'exists', 1);
    await s.transaction(async (tx) => {
      await rejectsWith(tx.put('t', G, 'exists', 2, { ifAbsent: true }), 'ConditionFailed');
      await rejectsWith(tx.put('t', G, 'exists', 2, { ifVersion: 7 }), 'ConditionFailed');
      await tx.put('t', G, 'other', 3);
    });
    assert.deepEqual(await s.get('t', G, 'exists'), { key: 'exists', value: 1, version: 1 });
    assert.equal((await s.get('t', G, 'other'))?.value, 3);
  });

  it('50 concurrent read-modify-write transactions lose no update', async () => {
    const s = ctx.store();
    const increment = (tx: StoreOps) => async (): Promise<void> => {
      const cur = await tx.get<number>('t', G, 'counter');
      await tx.put('t', G, 'counter', (cur?.value ?? 0) + 1);
    };
    const plainWrites: Promise<unknown>[] = [];
    const txs = Array.from({ length: 50 }, (_, i) => {
      if (i % 10 === 0) plainWrites.push(s.put('t', G, `plain${i}`, i));
      return s.transaction(async (tx) => {
        await increment(tx)();
        await tx.put('t', A1, `seen${i}`, i);
      });
    });
    await Promise.all([...txs, ...plainWrites]);
    assert.deepEqual(await s.get('t', G, 'counter'), { key: 'counter', value: 50, version: 50 });
    assert.equal(await s.count('t', A1, 'seen'), 50);
    assert.equal(await s.count('t', G, 'plain'), 5);
  });

  it('plain writes never land inside a running transaction (no lost update)', async () => {
    const s = ctx.store();
    await s.put('t', G, 'n', 0);
    const tx = s.transaction(async (t) => {
      const v = (await t.get<number>('t', G, 'n'))!.value;
      await sleep(30);
      await t.put('t', G, 'n', v + 1);
    });
    await sleep(5);
    await Promise.all([tx, s.put('t', G, 'n', 100)]);
    const final = (await s.get<number>('t', G, 'n'))!.value;
    assert.ok(final === 100 || final === 101, `transaction and plain write interleaved: ${final}`);
  });

  it('using the store itself inside its transaction throws instead of deadlocking', async () => {
    const s = ctx.store();
    await s.transaction(async (tx) => {
      await tx.put('t', G, 'a', 1);
      await assert.rejects(s.get('t', G, 'a'), /use the tx argument/);
      await assert.rejects(s.transaction(async () => undefined), /use the tx argument/);
    });
    assert.equal((await s.get('t', G, 'a'))?.value, 1);
  });

  it('a transaction handle is unusable after the transaction ends', async () => {
    const s = ctx.store();
    let leaked: StoreOps | undefined;
    await s.transaction(async (tx) => {
      leaked = tx;
    });
    await assert.rejects(leaked!.put('t', G, 'late', 1), (e) => e instanceof StorageError && e.reason === 'Closed');
    assert.equal(await s.get('t', G, 'late'), undefined);
  });
}
