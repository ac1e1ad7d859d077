import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ChangeHub, RESET_EVENT } from './change-hub.js';
import type { ChangeEvent } from './types.js';

const put = (key: string): ChangeEvent => ({ table: 'iam.access-keys', scope: { kind: 'global' }, key, op: 'put' });

describe('ChangeHub', () => {
  it('fails closed: a listener that throws is sent a reset at once, and a reset for every later change', () => {
    const hub = new ChangeHub();
    const seen: ChangeEvent[] = [];
    const healthy: ChangeEvent[] = [];
    hub.subscribe((e) => {
      if (e.op !== 'reset' && e.key === 'bad') throw new Error('cannot parse key');
      seen.push(e);
    });
    hub.subscribe((e) => healthy.push(e));
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.message);
    process.on('warning', onWarning);
    try {
      hub.emit(put('a'));
      hub.emit(put('bad'));
      hub.emit(put('b'));
    } finally {
      process.off('warning', onWarning);
    }
    assert.deepEqual(seen, [put('a'), RESET_EVENT, RESET_EVENT]);
    assert.deepEqual(healthy, [put('a'), put('bad'), put('b')], 'other listeners get every event');
  });

  it('never lets a listener break the emitter, even when the reset throws too', () => {
    const hub = new ChangeHub();
    let calls = 0;
    hub.subscribe(() => {
      calls++;
      throw new Error('always');
    });
    hub.emit(put('a'));
    hub.emit(put('b'));
    assert.equal(calls, 3, 'the event, the reset after it, then a reset instead of the next event');
  });
});
