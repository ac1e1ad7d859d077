import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { MemoryRateCounter, RedisRateCounter } from './rate-counter.js';
import { RespClient } from './resp-client.js';

const REDIS = process.env['RAMPART_TEST_REDIS'] ?? 'redis://127.0.0.1:6379';

describe('rate counters', () => {
  it('memory: a sliding window of 60 buckets', async () => {
    const c = new MemoryRateCounter();
    const t0 = 1_700_000_000_000;
    for (let i = 0; i < 5; i++) await c.hit('k', 60, t0 + i * 1000);
    assert.equal(await c.hit('k', 60, t0 + 30_000), 6);
    assert.equal(await c.hit('other', 60, t0 + 30_000), 1);
    // 60 s after the first hits, they have left the window; the one at +30 s has not.
    assert.equal(await c.hit('k', 60, t0 + 65_000), 2);
    assert.equal(await c.hit('k', 600, t0 + 65_000), 1, 'another window is another series of buckets');
  });

  it('redis: counts shared by two clients, old buckets dropped, keys under the prefix only', async () => {
    const prefix = `rampart-unit:${randomBytes(6).toString('hex')}:`;
    const admin = RespClient.fromUrl(REDIS);
    await admin.pipeline([['PING']]).catch((e: unknown) => {
      throw new Error(`Redis is needed at ${REDIS} (RAMPART_TEST_REDIS): ${String(e)}`);
    });
    const a = new RedisRateCounter(RespClient.fromUrl(REDIS), prefix);
    const b = new RedisRateCounter(RespClient.fromUrl(REDIS), prefix);
    try {
      const t0 = 1_700_000_000_000;
      assert.equal(await a.hit('k', 60, t0), 1);
      assert.equal(await b.hit('k', 60, t0 + 10), 2);
      assert.equal(await a.hit('k', 60, t0 + 61_000), 1);
      const [keys] = (await admin.pipeline([['KEYS', `${prefix}*`]])) as [string[]];
      assert.deepEqual(keys, [`${prefix}k`]);
      const [ttl] = (await admin.pipeline([['PTTL', `${prefix}k`]])) as [number];
      assert.ok(ttl > 0 && ttl <= 62_000, `ttl ${ttl}`);
    } finally {
      await admin.pipeline([['DEL', `${prefix}k`]]);
      admin.close();
      await a.close();
      await b.close();
    }
  });

  it('redis down: counting goes on in memory', async () => {
    const c = new RedisRateCounter(new RespClient(new URL('redis://127.0.0.1:1'), 200), 'x:');
    assert.equal(await c.hit('k', 60, 0), 1);
    assert.equal(await c.hit('k', 60, 1), 2);
    await c.close();
  });
});
