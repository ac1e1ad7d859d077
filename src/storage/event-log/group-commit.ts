/**
 * Group commit: appends made while a write is in flight (or in the same turn of the event loop) are
 * written together by the next write, in one transaction, and each caller's promise settles with
 * it. One write at a time, so sequence numbers follow commit order.
 */
export class GroupCommit<T> {
  private pending: { items: readonly T[]; resolve: () => void; reject: (e: unknown) => void }[] = [];
  private running: Promise<void> | undefined;
  private scheduled = false;

  constructor(private readonly write: (items: readonly T[]) => Promise<void>) {}

  /** Resolves once `items` are committed (with whatever was pending with them). */
  add(items: readonly T[]): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ items, resolve, reject });
      this.schedule();
    });
  }

  /** Resolves when nothing is pending or being written. */
  async drain(): Promise<void> {
    while (this.running || this.pending.length > 0 || this.scheduled) await (this.running ?? new Promise((r) => setImmediate(r)));
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
    if (this.running || this.scheduled) return;
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
    this.running = this.attempt(items).then(
      () => {
        for (const b of batch) b.resolve();
      },
      // One caller's bad batch must not fail the others': each is written again on its own.
      (e: unknown) => {
        if (batch.length === 1) return batch[0]!.reject(e);
        return Promise.all(batch.map((b) => this.attempt(b.items).then(b.resolve, b.reject))).then(() => undefined);
      },
    );
    void this.running.finally(() => {
      this.running = undefined;
      if (this.pending.length > 0) this.schedule();
    });
  }
}
