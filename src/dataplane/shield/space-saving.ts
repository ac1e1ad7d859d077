/**
 * Heavy hitters in bounded memory (Metwally et al.'s Space-Saving): at most `capacity` keys are kept;
 * a new key replaces the smallest one and inherits its count as its error bound. Every key whose true
 * count exceeds total/capacity is kept, and a kept key's count overestimates its true count by at
 * most its `error`. Counts may be decayed (multiplied) to make an exponentially weighted sketch.
 */
export interface HeavyHitter {
  readonly key: string;
  readonly count: number;
  /** How much of `count` may come from the key it replaced. */
  readonly error: number;
}

export class SpaceSaving {
  private readonly counts = new Map<string, { count: number; error: number }>();
  private sum = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError('capacity must be a positive integer');
  }

  /** Everything ever added (decayed with the counts). */
  get total(): number {
    return this.sum;
  }

  get size(): number {
    return this.counts.size;
  }

  add(key: string, n = 1): void {
    this.sum += n;
    const hit = this.counts.get(key);
    if (hit) {
      hit.count += n;
      return;
    }
    if (this.counts.size < this.capacity) {
      this.counts.set(key, { count: n, error: 0 });
      return;
    }
    // INVARIANT: size === capacity here; the smallest entry is evicted (O(capacity), capacity is small).
    let minKey = '';
    let min = Infinity;
    for (const [k, v] of this.counts) {
      if (v.count < min) {
        min = v.count;
        minKey = k;
      }
    }
    this.counts.delete(minKey);
    this.counts.set(key, { count: min + n, error: min });
  }

  /** The estimated count of `key` (0 when not kept). */
  get(key: string): number {
    return this.counts.get(key)?.count ?? 0;
  }

  /** Multiplies every count by `factor` (0..1); entries that fall under `floor` are dropped. */
  decay(factor: number, floor = 1e-3): void {
    this.sum *= factor;
    for (const [k, v] of this.counts) {
      v.count *= factor;
      v.error *= factor;
      if (v.count < floor) this.counts.delete(k);
    }
  }

  /** The `n` largest, largest first (ties by key). */
  top(n: number): HeavyHitter[] {
    return [...this.counts.entries()]
      .map(([key, v]) => ({ key, count: v.count, error: v.error }))
      .sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
      .slice(0, n);
  }

  clear(): void {
    this.counts.clear();
    this.sum = 0;
  }
}
