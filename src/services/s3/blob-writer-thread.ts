/**
 * Object bodies are hashed, sealed and written on a thread of their own (blob-writer-worker.ts), so
 * that an upload's MD5, checksums, AES-GCM and file writes never run on the event loop: the event
 * loop only copies each chunk over. One thread per process, shared by every upload; each upload is a
 * job whose chunks it takes in order.
 *
 * Chunks travel through one ring of RING_SLOTS shared slots (blob-writer-protocol.ts) for all jobs:
 * a job holds at most JOB_SLOTS of them, and a job that finds none free waits its turn (FIFO). So
 * however many uploads run at once, the bodies in flight take RING_SLOTS * SLOT bytes (4 MiB), and
 * backpressure reaches each upload's socket.
 */
import { Writable } from 'node:stream';
import { Worker } from 'node:worker_threads';
import type { ChecksumAlgorithm } from '../../shared/checksums.js';
import { JOB_SLOTS, RING_SLOTS, SLOT, type FromWriter, type ToWriter } from './blob-writer-protocol.js';
import type { BodyDigests } from './body-hasher.js';

/** The file the thread writes a body into (created exclusively), and how. */
export interface WriterJobSpec {
  readonly path: string;
  readonly key: Buffer;
  readonly blobId: string;
  readonly algorithms: readonly ChecksumAlgorithm[];
}

/** One body's job: write the plaintext into it; it finishes once the file is durable and closed. */
export class WriterJob extends Writable {
  /** Set once the job finished: the body's digests. */
  digests: BodyDigests | undefined;
  /** Slots of this job not yet handed back by the thread. */
  inFlight = 0;
  private rest: Buffer | undefined;
  private pending: ((e?: Error | null) => void) | undefined;
  private ending: ((e?: Error | null) => void) | undefined;
  private settled = false;
  private aborting: (() => void) | undefined;

  constructor(
    private readonly thread: WriterThread,
    readonly id: number,
  ) {
    super();
  }

  override _write(chunk: Buffer, _enc: BufferEncoding, cb: (e?: Error | null) => void): void {
    this.rest = chunk;
    this.pending = cb;
    this.pump();
  }

  /**
   * Copies what fits of the chunk being written into free slots; its callback runs once all of it
   * is sent. True when the job still has bytes to send and no slot of the ring was free.
   */
  pump(): boolean {
    while (this.rest && this.rest.length > 0 && this.inFlight < JOB_SLOTS) {
      const n = Math.min(SLOT, this.rest.length);
      if (!this.thread.send(this.id, this.rest.subarray(0, n))) return true;
      this.inFlight++;
      this.rest = this.rest.subarray(n);
    }
    if (this.rest && this.rest.length === 0 && this.pending) {
      const cb = this.pending;
      this.rest = undefined;
      this.pending = undefined;
      cb();
    }
    return false;
  }

  override _final(cb: (e?: Error | null) => void): void {
    this.ending = cb;
    this.thread.post({ t: 'end', id: this.id });
  }

  override _destroy(err: Error | null, cb: (e?: Error | null) => void): void {
    this.rest = undefined;
    this.pending = undefined;
    if (this.settled) return cb(err);
    // Answered once the thread has closed and removed the file: nothing is left when the write rejects.
    this.aborting = () => cb(err);
    this.thread.post({ t: 'abort', id: this.id });
  }

  /** The thread's last answer for this job: its digests, its error, or that it was aborted. */
  settle(m: FromWriter): void {
    this.settled = true;
    if (this.aborting) return this.aborting();
    if ('done' in m) {
      this.digests = m.done;
      this.ending?.();
    } else this.fail(new Error(`object body write failed: ${'error' in m ? m.error : 'aborted'}`));
  }

  /** Fails the job with `e` (the thread failed it, or the thread itself died). */
  fail(e: Error): void {
    this.settled = true;
    if (this.aborting) return this.aborting();
    const cb = this.pending ?? this.ending;
    this.pending = undefined;
    this.ending = undefined;
    this.rest = undefined;
    if (cb) cb(e);
    else this.destroy(e);
  }
}

export class WriterThread {
  private worker: Worker | undefined;
  private readonly jobs = new Map<number, WriterJob>();
  /** Jobs waiting for a free slot, in the order they found none. */
  private readonly waiting: WriterJob[] = [];
  private next = 0;
  private readonly ring = new SharedArrayBuffer(RING_SLOTS * SLOT);
  private readonly view = new Uint8Array(this.ring);
  private free: number[] = [];

  /** A new job writing into `spec.path`, or undefined when no thread can start (write on the event loop then). */
  start(spec: WriterJobSpec): WriterJob | undefined {
    const w = this.ensure();
    if (!w) return undefined;
    const job = new WriterJob(this, this.next++);
    this.jobs.set(job.id, job);
    if (this.jobs.size === 1) w.ref();
    const key = new Uint8Array(spec.key); // a copy, moved: the caller wipes its own
    this.post({ t: 'open', id: job.id, path: spec.path, key, blobId: spec.blobId, algorithms: spec.algorithms }, [key.buffer]);
    return job;
  }

  /** Copies `piece` (at most SLOT bytes) into a free slot for job `id`; false when none is free. */
  send(id: number, piece: Uint8Array): boolean {
    const slot = this.free.pop();
    if (slot === undefined) {
      const job = this.jobs.get(id);
      if (job && !this.waiting.includes(job)) this.waiting.push(job);
      return false;
    }
    this.view.set(piece, slot * SLOT);
    this.post({ t: 'data', id, slot, length: piece.length });
    return true;
  }

  post(m: ToWriter, transfer: ArrayBuffer[] = []): void {
    this.worker?.postMessage(m, transfer);
  }

  private answer(m: FromWriter): void {
    const job = this.jobs.get(m.id);
    if ('ack' in m) {
      // Every slot comes back, also a failed or aborted job's: only then may it be reused.
      this.free.push(m.ack);
      if (job) {
        job.inFlight--;
        job.pump();
      }
      this.wake();
      return;
    }
    if (!job) return;
    this.jobs.delete(m.id);
    if (this.jobs.size === 0) this.worker?.unref();
    job.settle(m);
  }

  /** Jobs that waited for a slot send, in turn, while slots are free. */
  private wake(): void {
    while (this.free.length > 0 && this.waiting.length > 0) {
      const job = this.waiting.shift()!;
      if (this.jobs.has(job.id) && job.pump()) return; // took the last slot and waits again
    }
  }

  private ensure(): Worker | undefined {
    if (this.worker) return this.worker;
    let w: Worker;
    try {
      w = new Worker(BOOT, { eval: true, workerData: { entry: WORKER_URL.href, ring: this.ring } });
    } catch {
      return undefined;
    }
    w.unref();
    w.on('message', (m: FromWriter) => this.answer(m));
    const died = (e: Error): void => {
      if (this.worker !== w) return;
      this.worker = undefined;
      // Nothing reads the ring any more: every slot is free for the next thread.
      this.free = Array.from({ length: RING_SLOTS }, (_, i) => RING_SLOTS - 1 - i);
      this.waiting.length = 0;
      const jobs = [...this.jobs.values()];
      this.jobs.clear();
      for (const j of jobs) j.fail(e);
    };
    w.on('error', died);
    w.on('exit', (code) => died(new Error(`the object writer thread exited (${code})`)));
    this.free = Array.from({ length: RING_SLOTS }, (_, i) => RING_SLOTS - 1 - i);
    this.worker = w;
    return w;
  }
}

/** The thread's module: the compiled .js beside this one, or the .ts source when run from source. */
const WORKER_URL = new URL(`./blob-writer-worker${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url);

/**
 * The thread's bootstrap. Run from the TypeScript sources (tests, `tsx`), the thread registers tsx's
 * loader itself: on Node 20 a worker does not inherit the main thread's `--import tsx` hooks. The
 * built server (dist/, plain .js) never takes that branch.
 */
const BOOT = `
const { workerData } = require('node:worker_threads');
(async () => {
  if (workerData.entry.endsWith('.ts')) (await import('tsx/esm/api')).register();
  await import(workerData.entry);
})().catch((e) => { throw e; });
`;

/** The process's writer thread (started on first use; it does not keep the process alive when idle). */
export const writerThread = new WriterThread();
