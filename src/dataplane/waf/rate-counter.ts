/**
 * Request counting for rate-based rules: a sliding window of 60 buckets (1 s buckets for a 60 s
 * window, 10 s for 600 s). In memory per process, or shared across proxy processes through Redis
 * (one hash per rule and key: bucket -> count).
 */
import type { RespClient } from './resp-client.js';

export interface RateCounter {
  /** Counts one request for key and returns the requests in the window ending now (this one included). */
  hit(key: string, windowSec: number, nowMs: number): Promise<number>;
  close(): Promise<void>;
}

const BUCKETS = 60;
/** Bounds the memory of the in-memory counter (oldest keys are dropped first). */
const MAX_KEYS = 100_000;

const bucketMs = (windowSec: number) => (windowSec * 1000) / BUCKETS;

export class MemoryRateCounter implements RateCounter {
  private readonly keys = new Map<string, Map<number, number>>();

  hit(key: string, windowSec: number, nowMs: number): Promise<number> {
    const width = bucketMs(windowSec);
    const b = Math.floor(nowMs / width);
    const id = `${windowSec}:${key}`;
    let m = this.keys.get(id);
    if (!m) {
      if (this.keys.size >= MAX_KEYS) this.keys.delete(this.keys.keys().next().value!);
      m = new Map();
      this.keys.set(id, m);
    }
    m.set(b, (m.get(b) ?? 0) + 1);
    let total = 0;
    for (const [k, n] of m) {
      if (k <= b - BUCKETS) m.delete(k);
      else total += n;
    }
    return Promise.resolve(total);
  }

  close(): Promise<void> {
    this.keys.clear();
    return Promise.resolve();
  }
}

/**
 * Shared through Redis: HINCRBY on the bucket, PEXPIRE the hash past the window, HGETALL to sum the
 * live buckets, one pipelined round trip. When Redis fails the request is counted in memory
 * (the limit keeps working in this process; sharing resumes when Redis answers again).
 */
export class RedisRateCounter implements RateCounter {
  private readonly local = new MemoryRateCounter();
  constructor(private readonly redis: RespClient, private readonly prefix: string) {}

  async hit(key: string, windowSec: number, nowMs: number): Promise<number> {
    const width = bucketMs(windowSec);
    const b = Math.floor(nowMs / width);
    const k = this.prefix + key;
    try {
      const [, , all] = await this.redis.pipeline([
        ['HINCRBY', k, String(b), '1'],
        ['PEXPIRE', k, String(Math.ceil(windowSec * 1000 + 2 * width))],
        ['HGETALL', k],
      ]);
      const flat = (all as string[]) ?? [];
      let total = 0;
      const stale: string[] = [];
      for (let i = 0; i + 1 < flat.length; i += 2) {
        const idx = Number(flat[i]);
        if (idx <= b - BUCKETS) stale.push(flat[i]!);
        else total += Number(flat[i + 1]);
      }
      if (stale.length) void this.redis.pipeline([['HDEL', k, ...stale]]).catch(() => undefined);
      return total;
    } catch {
      return this.local.hit(key, windowSec, nowMs);
    }
  }

  async close(): Promise<void> {
    await this.local.close();
    this.redis.close();
  }
}
