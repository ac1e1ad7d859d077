/**
 * Object bodies are hashed, sealed and written on a thread of their own (blob-writer-worker.ts), so
 * that an upload's MD5, checksums, AES-GCM and file writes never run on the event loop: the event
 * loop only copies each chunk over. One thread per process, shared by every upload; each upload is a
 * job whose chunks it takes in order. At most WINDOW bytes of a job are in flight: past that the job's
 * Writable holds its writer back (backpressure reaches the socket, so memory stays bounded).
 */
import { Worker } from 'node:worker_threads';
import { Writable } from 'node:stream';
import type { ChecksumAlgorithm } from '../../shared/checksums.js';
import { SLOT, SLOTS, type FromWriter, type ToWriter } from './blob-writer-protocol.js';
import type { BodyDigests } from './sealed-file-writer.js';

/** Rings of finished jobs, kept for the next ones (at most this many). */
const POOLED_RINGS = 16;
const rings: SharedArrayBuffer[] = [];

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
  private readonly view: Uint8Array;
  private readonly free: number[] = [];
  private rest: Buffer | undefined;
  private pending: ((e?: Error | null) => void) | undefined;
  private ending: ((e?: Error | null) => void) | undefined;
  private settled = false;
  private aborting: (() => void) | undefined;

  constructor(
    private readonly thread: WriterThread,
    readonly id: number,
    readonly ring: SharedArrayBuffer,
  ) {
    super();
    this.view = new Uint8Array(ring);
    for (let i = SLOTS - 1; i >= 0; i--) this.free.push(i);
  }

  override _write(chunk: Buffer, _enc: BufferEncoding, cb: (e?: Error | null) => void): void {
    this.rest = chunk;
    this.pending = cb;
    this.pump();
  }

  /** Copies what fits of the chunk being written into free slots; its callback runs once all of it is sent. */
  private pump(): void {
    while (this.rest && this.rest.length > 0 && this.free.length > 0) {
      const slot = this.free.pop()!;
      const n = Math.min(SLOT, this.rest.length);
      this.view.set(this.rest.subarray(0, n), slot * SLOT);
      this.rest = this.rest.subarray(n);
      this.thread.post({ t: 'data', id: this.id, slot, length: n });
    }
    if (this.rest && this.rest.length === 0 && this.pending) {
      const cb = this.pending;
      this.rest = undefined;
      this.pending = undefined;
      cb();
    }
  }

  override _final(cb: (e?: Error | null) => void): void {
    this.ending = cb;
    this.thread.post({ t: 'end', id: this.id });
  }

  override _destroy(err: Error | null, cb: (e?: Error | null) => void): void {
    if (this.settled) return cb(err);
    // Answered once the thread has closed and removed the file: nothing is left when the write rejects.
    this.aborting = () => cb(err);
    this.thread.post({ t: 'abort', id: this.id });
  }

  /** The thread's answer for this job. */
  answer(m: FromWriter): void {
    if ('ack' in m) {
      this.free.push(m.ack);
      this.pump();
      return;
    }
    this.settled = true;
    this.thread.forget(this.id);
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
    if (cb) cb(e);
    else this.destroy(e);
  }
}

export class WriterThread {
  private worker: Worker | undefined;
  private readonly jobs = new Map<number, WriterJob>();
  private next = 0;

  /** A new job writing into `spec.path`, or undefined when no thread can start (write on the event loop then). */
  start(spec: WriterJobSpec): WriterJob | undefined {
    const w = this.ensure();
    if (!w) return undefined;
    const job = new WriterJob(this, this.next++, rings.pop() ?? new SharedArrayBuffer(SLOT * SLOTS));
    this.jobs.set(job.id, job);
    if (this.jobs.size === 1) w.ref();
    const key = new Uint8Array(spec.key); // a copy, moved: the caller wipes its own
    this.post({ t: 'open', id: job.id, path: spec.path, key, blobId: spec.blobId, algorithms: spec.algorithms, ring: job.ring }, [key.buffer]);
    return job;
  }

  post(m: ToWriter, transfer: ArrayBuffer[] = []): void {
    this.worker?.postMessage(m, transfer);
  }

  /** The job is over: its ring serves the next (the thread no longer touches it). */
  forget(id: number): void {
    const job = this.jobs.get(id);
    if (job && rings.length < POOLED_RINGS) rings.push(job.ring);
    this.jobs.delete(id);
    if (this.jobs.size === 0) this.worker?.unref();
  }

  private ensure(): Worker | undefined {
    if (this.worker) return this.worker;
    let w: Worker;
    try {
      w = new Worker(BOOT, { eval: true, workerData: { entry: WORKER_URL.href } });
    } catch {
      return undefined;
    }
    w.unref();
    w.on('message', (m: FromWriter) => this.jobs.get(m.id)?.answer(m));
    const died = (e: Error): void => {
      if (this.worker !== w) return;
      this.worker = undefined;
      const jobs = [...this.jobs.values()];
      this.jobs.clear();
      for (const j of jobs) j.fail(e);
    };
    w.on('error', died);
    w.on('exit', (code) => died(new Error(`the object writer thread exited (${code})`)));
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
