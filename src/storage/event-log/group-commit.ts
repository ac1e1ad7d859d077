/**
 * Group commit: appends made in the same turn of the event loop (or while the writes in flight are at
 * their limit) are written together by the next write, in one transaction, and each caller's promise
 * settles with it. At most `maxInFlight` writes at a time: 1 where commits must not overlap; more
 * where the writer applies them in the order they were handed over (a worker thread's queue), so
 * the writer never idles for a round trip while requests wait.
 */
export class GroupCommit<T> {
  private pending: { items: readonly T[]; resolve: () => void; reject: (e: unknown) => void }[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  private scheduled = false;

  constructor(
    private readonly write: (items: readonly T[]) => Promise<void>,
    private readonly maxInFlight = 1,
  ) {}

  /** Resolves once `items` are committed (with whatever was pending with them). */
  add(items: readonly T[]): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ items, resolve, reject });
      this.schedule();
    });
  }

  /** Resolves when nothing is pending or being written. */
  async drain(): Promise<void> {
    while (this.inFlight.size > 0 || this.pending.length > 0 || this.scheduled) await (this.inFlight.size > 0 ? Promise.race(this.inFlight) : new Promise((r) => setImmediate(r)));
  }

  /** The write as a promise, whether it throws or rejects. */
  private attempt(items: readonly T[]): Promise<void> {
    try {
      return this.write(items);
    } catch (e) {
      return Promise.reject(e);
    }
  }

  private schedule(): void {
    if (this.inFlight.size >= this.maxInFlight || this.scheduled) return;
    this.scheduled = true;
    // setImmediate: the requests answered in this turn of the event loop join the batch.
    setImmediate(() => {
      this.scheduled = false;
      this.flush();
    });
  }

  private flush(): void {
    const batch = this.pending;
    if (batch.length === 0) return;
    this.pending = [];
    const items = batch.length === 1 ? batch[0]!.items : batch.flatMap((b) => b.items);
    const running = this.attempt(items).then(
      () => {
        for (const b of batch) b.resolve();
      },
      // One caller's bad batch must not fail the others': each is written again on its own.
      (e: unknown) => {
        if (batch.length === 1) return batch[0]!.reject(e);
        return Promise.all(batch.map((b) => this.attempt(b.items).then(b.resolve, b.reject))).then(() => undefined);
      },
    );
    this.inFlight.add(running);
    void running.finally(() => {
      this.inFlight.delete(running);
      if (this.pending.length > 0) this.schedule();
    });
  }
}
