/**
 * Object bodies are hashed, sealed and written on threads of their own (blob-writer-worker.ts), so
 * that an upload's MD5, checksums, AES-GCM and file writes never run on the event loop: the event
 * loop only copies each chunk over. Each upload is a job one thread takes whole, chunk after chunk.
 * A process has one thread, and a second (where the machine has two cores or more) from the first
 * time an upload starts while another is being written: the jobs then go to the thread with fewer.
 * (A body costs its thread about 3 ms a MiB, MD5 1.4 of it; eight concurrent 1 MiB uploads had one
 * thread busy 24 ms a round. Each thread also costs its own heap, about 11 MB: a single upload at
 * a time does not start the second.)
 *
 * Chunks travel through one ring of RING_SLOTS shared slots (blob-writer-protocol.ts) for all jobs:
 * a job holds at most JOB_SLOTS of them, and a job that finds none free waits its turn (FIFO). So
 * however many uploads run at once, the bodies in flight take RING_SLOTS * SLOT bytes (4 MiB), and
 * backpressure reaches each upload's socket.
 */
import { availableParallelism } from 'node:os';
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
  /** Resolves true once the body's file exists, false if the job ended without it. */
  readonly created: Promise<boolean>;
  private onCreated: (made: boolean) => void = () => undefined;
  private rest: Buffer | undefined;
  private pending: ((e?: Error | null) => void) | undefined;
  private ending: ((e?: Error | null) => void) | undefined;
  private settled = false;
  private aborting: (() => void) | undefined;

  constructor(
    private readonly threads: WriterThreads,
    readonly id: number,
    /** The thread (index) writing this job. */
    readonly thread: number,
  ) {
    super();
    this.created = new Promise((resolve) => (this.onCreated = resolve));
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
      if (!this.threads.send(this, this.rest.subarray(0, n))) return true;
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
    this.threads.post(this.thread, { t: 'end', id: this.id });
  }

  override _destroy(err: Error | null, cb: (e?: Error | null) => void): void {
    this.rest = undefined;
    this.pending = undefined;
    if (this.settled) return cb(err);
    // Answered once the thread has closed and removed the file: nothing is left when the write rejects.
    this.aborting = () => cb(err);
    this.threads.post(this.thread, { t: 'abort', id: this.id });
  }

  /** The thread has created the body's file. */
  opened(): void {
    this.onCreated(true);
  }

  /** The thread's last answer for this job: its digests, its error, or that it was aborted. */
  settle(m: FromWriter): void {
    this.settled = true;
    this.onCreated(false);
    if (this.aborting) return this.aborting();
    if ('done' in m) {
      this.digests = m.done;
      this.ending?.();
    } else this.fail(new Error(`object body write failed: ${'error' in m ? m.error : 'aborted'}`));
  }

  /** Fails the job with `e` (the thread failed it, or a thread died). */
  fail(e: Error): void {
    this.settled = true;
    this.onCreated(false);
    if (this.aborting) return this.aborting();
    const cb = this.pending ?? this.ending;
    this.pending = undefined;
    this.ending = undefined;
    this.rest = undefined;
    if (cb) cb(e);
    else this.destroy(e);
  }
}

export class WriterThreads {
  /** The threads started (at most `max`); undefined until the first job, and after one died. */
  private workers: Worker[] | undefined;
  private readonly jobs = new Map<number, WriterJob>();
  /** Jobs per thread (index). */
  private readonly load: number[] = [];
  /** Jobs waiting for a free slot, in the order they found none. */
  private readonly waiting: WriterJob[] = [];
  private next = 0;
  private readonly ring = new SharedArrayBuffer(RING_SLOTS * SLOT);
  private readonly view = new Uint8Array(this.ring);
  private free: number[] = [];

  constructor(private readonly max = availableParallelism() > 1 ? 2 : 1) {}

  /** How many threads run. */
  get started(): number {
    return this.workers?.length ?? 0;
  }

  /** Stops the threads: jobs in progress fail as if a thread had died; the next job starts afresh. */
  async stop(): Promise<void> {
    await Promise.all((this.workers ?? []).map((w) => w.terminate()));
  }

  /** A new job writing into `spec.path`, or undefined when no thread can start (write on the event loop then). */
  start(spec: WriterJobSpec): WriterJob | undefined {
    const t = this.pick();
    if (t === undefined) return undefined;
    const job = new WriterJob(this, this.next++, t);
    this.jobs.set(job.id, job);
    if (this.load[t]!++ === 0) this.workers![t]!.ref();
    const key = new Uint8Array(spec.key); // a copy, moved: the caller wipes its own
    this.post(t, { t: 'open', id: job.id, path: spec.path, key, blobId: spec.blobId, algorithms: spec.algorithms }, [key.buffer]);
    return job;
  }

  /** Copies `piece` (at most SLOT bytes) into a free slot for `job`; false when none is free. */
  send(job: WriterJob, piece: Uint8Array): boolean {
    const slot = this.free.pop();
    if (slot === undefined) {
      if (this.jobs.has(job.id) && !this.waiting.includes(job)) this.waiting.push(job);
      return false;
    }
    this.view.set(piece, slot * SLOT);
    this.post(job.thread, { t: 'data', id: job.id, slot, length: piece.length });
    return true;
  }

  post(t: number, m: ToWriter, transfer: ArrayBuffer[] = []): void {
    this.workers?.[t]?.postMessage(m, transfer);
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
    if ('opened' in m) return job.opened();
    this.jobs.delete(m.id);
    if (--this.load[job.thread]! === 0) this.workers?.[job.thread]?.unref();
    job.settle(m);
  }

  /** Jobs that waited for a slot send, in turn, while slots are free. */
  private wake(): void {
    while (this.free.length > 0 && this.waiting.length > 0) {
      const job = this.waiting.shift()!;
      if (this.jobs.has(job.id) && job.pump()) return; // took the last slot and waits again
    }
  }

  /** The thread for a new job: an idle one, else a new one while fewer than `max` run, else the least loaded. */
  private pick(): number | undefined {
    const workers = (this.workers ??= []);
    let best: number | undefined;
    for (let t = 0; t < workers.length; t++) if (best === undefined || this.load[t]! < this.load[best]!) best = t;
    if (best !== undefined && (this.load[best] === 0 || workers.length >= this.max)) return best;
    return this.spawn(workers) ?? best;
  }

  /** Starts one more thread in `workers`; its index, or undefined when none can start. */
  private spawn(workers: Worker[]): number | undefined {
    let w: Worker;
    try {
      w = new Worker(BOOT, { eval: true, workerData: { entry: WORKER_URL.href, ring: this.ring } });
    } catch {
      return undefined;
    }
    if (workers.length === 0) this.free = Array.from({ length: RING_SLOTS }, (_, i) => RING_SLOTS - 1 - i);
    const t = workers.push(w) - 1;
    this.load[t] = 0;
    w.unref();
    w.on('message', (m: FromWriter) => this.answer(m));
    // A thread dying ends them all (they share the ring): their jobs fail (the writes remove their files) and the next job starts afresh.
    const died = (e: Error): void => {
      if (this.workers !== workers) return;
      this.workers = undefined;
      for (const other of workers) if (other !== w) void other.terminate();
      this.load.length = 0;
      this.waiting.length = 0;
      const jobs = [...this.jobs.values()];
      this.jobs.clear();
      for (const j of jobs) j.fail(e);
    };
    w.on('error', died);
    w.on('exit', (code) => died(new Error(`the object writer thread exited (${code})`)));
    return t;
  }
}

/** The threads' module: the compiled .js beside this one, or the .ts source when run from source. */
const WORKER_URL = new URL(`./blob-writer-worker${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url);

/**
 * A thread's bootstrap. Run from the TypeScript sources (tests, `tsx`), the thread registers tsx's
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

/** The process's writer threads (started on first use; they do not keep the process alive when idle). */
export const writerThread = new WriterThreads();
