import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Store } from '../../../storage/types.js';
import type { UsageCell } from '../pricing/cost-model.js';
import { UsageMeter, type MeterTimers } from './usage-meter.js';
import { usageTypeOf } from './usage-type.js';

/** A fake interval: `tick()` runs the scheduled flush as the clock would. */
function fakeTimers(): MeterTimers & { tick(): void; active: boolean } {
  let fn: (() => void) | undefined;
  return {
    setInterval: (f) => ((fn = f), 1),
    clearInterval: () => (fn = undefined),
    tick: () => fn?.(),
    get active() {
      return fn !== undefined;
    },
  };
}

const store = {} as Store;
const T = Date.UTC(2026, 11, 3, 23, 59, 59, 0);

describe('UsageMeter', () => {
  it('aggregates in memory and writes nothing until the interval ends', async () => {
    const batches: UsageCell[][] = [];
    const timers = fakeTimers();
    const m = new UsageMeter(store, { timers, write: async (_s, cells) => void batches.push([...cells]) });
    m.start();
    for (let i = 0; i < 5; i++) m.record('111111111111', 'iam', 'ListUsers', T);
    m.record('111111111111', 'iam', 'CreateUser', T);
    m.record('222222222222', 'iam', 'ListUsers', T + 1000); // the next day (UTC)
    assert.equal(batches.length, 0);
    assert.equal(m.pendingCells, 3);
    timers.tick();
    await m.flush();
    assert.equal(batches.length, 1);
    assert.deepEqual(batches[0], [
      { day: '2026-12-03', accountId: '111111111111', service: 'iam', operation: 'ListUsers', usageType: 'Requests-Tier2', quantity: 5 },
      { day: '2026-12-03', accountId: '111111111111', service: 'iam', operation: 'CreateUser', usageType: 'Requests-Tier1', quantity: 1 },
      { day: '2026-12-04', accountId: '222222222222', service: 'iam', operation: 'ListUsers', usageType: 'Requests-Tier2', quantity: 1 },
    ]);
    timers.tick();
    await m.flush();
    assert.equal(batches.length, 1, 'an empty batch is not written');
    m.record('111111111111', 'iam', 'ListUsers', T);
    await m.close();
    assert.equal(timers.active, false);
    assert.deepEqual(batches.map((b) => b.length), [3, 1], 'close writes what is pending');
  });

  it('flushes early when too many cells are pending', async () => {
    const batches: number[] = [];
    const m = new UsageMeter(store, { timers: fakeTimers(), maxCells: 2, write: async (_s, cells) => void batches.push(cells.length) });
    m.record('1', 'iam', 'A', T);
    m.record('1', 'iam', 'B', T);
    await m.flush();
    assert.deepEqual(batches, [2]);
  });

  it('keeps the cells of a failed write for the next batch, and never throws', async () => {
    let fail = true;
    const written: UsageCell[] = [];
    const logged: string[] = [];
    const m = new UsageMeter(store, {
      timers: fakeTimers(),
      log: (msg) => logged.push(msg),
      write: async (_s, cells) => {
        if (fail) throw new Error('disk full');
        written.push(...cells);
      },
    });
    m.record('1', 'iam', 'ListUsers', T);
    await m.flush();
    assert.equal(logged.length, 1);
    m.record('1', 'iam', 'ListUsers', T);
    fail = false;
    await m.flush();
    assert.deepEqual(written.map((c) => c.quantity), [2]);
  });

  it('drops what is pending when the state is reset', async () => {
    const written: UsageCell[] = [];
    const m = new UsageMeter(store, { timers: fakeTimers(), write: async (_s, cells) => void written.push(...cells) });
    m.record('1', 'iam', 'ListUsers', T);
    m.discard();
    await m.close();
    assert.deepEqual(written, []);
  });

  it('names the usage type from the operation', () => {
    assert.equal(usageTypeOf('GetUser'), 'Requests-Tier2');
    assert.equal(usageTypeOf('ListAccounts'), 'Requests-Tier2');
    assert.equal(usageTypeOf('GetCostAndUsage'), 'Requests-Tier2');
    assert.equal(usageTypeOf('CreateUser'), 'Requests-Tier1');
    assert.equal(usageTypeOf('Getaway'), 'Requests-Tier1');
    assert.equal(usageTypeOf('AssumeRole'), 'Requests-Tier1');
  });
});
