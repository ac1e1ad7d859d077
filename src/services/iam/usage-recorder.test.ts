import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Store } from '../../storage/types.js';
import { UsageRecorder } from './usage-recorder.js';

describe('UsageRecorder', () => {
  it('logs a failed write (once per throttle period) and never throws', async () => {
    const broken = { get: async () => Promise.reject(new Error('database is gone')) } as unknown as Store;
    const logged: string[] = [];
    const r = new UsageRecorder(broken, 1000, (msg) => logged.push(msg));
    await r.recordAccessKeyUse('AKIAAAAAAAAAAAAAAAAA', 'iam', 'us-east-1', 10_000);
    await r.recordAccessKeyUse('AKIABBBBBBBBBBBBBBBB', 'iam', 'us-east-1', 10_500);
    await r.recordRoleUse('111122223333', 'r', 'us-east-1', 20_000);
    assert.deepEqual(logged, ['recording access key use failed (last-use data may lag)', 'recording role use failed (last-use data may lag)']);
  });
});
