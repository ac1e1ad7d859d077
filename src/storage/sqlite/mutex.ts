/** A FIFO promise-chain mutex: one task at a time, in call order. */
export class Mutex {
  private tail: Promise<unknown> = Promise.resolve();
  private queued = 0;

  /** True while a task runs or waits (callers then queue instead of running directly). */
  get busy(): boolean {
    return this.queued > 0;
  }

  /** Runs task after every task queued before it; its result or error is passed through. */
  run<T>(task: () => Promise<T> | T): Promise<T> {
    this.queued++;
    const result = this.tail.then(task);
    const release = (): void => {
      this.queued--;
    };
    this.tail = result.then(release, release);
    return result;
  }
}
