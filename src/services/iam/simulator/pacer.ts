/**
 * Long synchronous work (a simulation of thousands of actions on thousands of resources) in slices:
 * the worker asks `due()` between small units of work and, when a slice is used up, awaits `yield()`
 * so that other requests are served before it goes on.
 */

/** How long one slice of work may hold the event loop. */
export const SLICE_MS = 5;

/** Tells a loop when to give the event loop a turn. */
export class Pacer {
  private sliceStart = performance.now();

  constructor(private readonly sliceMs = SLICE_MS) {}

  /** True once the current slice is used up. */
  due(): boolean {
    return performance.now() - this.sliceStart >= this.sliceMs;
  }

  /** Lets pending I/O and timers run (`setImmediate`), then starts a new slice. */
  async yield(): Promise<void> {
    await new Promise<void>((resolve) => setImmediate(resolve));
    this.sliceStart = performance.now();
  }

  /** `yield()` when due. */
  async pace(): Promise<void> {
    if (this.due()) await this.yield();
  }
}
