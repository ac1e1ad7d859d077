/**
 * A writer thread's side of blob-writer-thread.ts: each job creates its body's file (and says so),
 * takes the body's chunks in order (hashing, sealing and writing them: SealedFileWriter), then fsyncs
 * and closes the file and answers the digests; a failed or aborted job's file is closed and removed.
 * The fsync is asynchronous (on libuv's pool), so one body's fsync never holds up the others' chunks.
 */
import { close, closeSync, fsync, openSync, unlinkSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { parentPort, workerData } from 'node:worker_threads';
import { SLOT, type FromWriter, type ToWriter } from './blob-writer-protocol.js';
import { SealedFileWriter } from './sealed-file-writer.js';

interface Job {
  readonly fd: number;
  readonly path: string;
  readonly writer: SealedFileWriter;
}

/**
 * This thread's own heap grows by a few hundred bytes per chunk while each chunk's ciphertext
 * (64 KiB, from the cipher) lives outside it, so V8, which collects when the heap fills, lets dead
 * ciphertext pile up: uploading 1 GiB raised the process's resident memory by 75 MB. A minor
 * collection after every COLLECT_BYTES written keeps it to about 45 MB (it takes well under a
 * millisecond: the young generation holds little). Without the collector (flags refused), it is skipped.
 */
const COLLECT_BYTES = 8 * 1024 * 1024;
const minorGc = ((): ((o: { type: 'minor' }) => void) | undefined => {
  try {
    setFlagsFromString('--expose-gc');
    return runInNewContext('gc') as (o: { type: 'minor' }) => void;
  } catch {
    return undefined;
  }
})();
let sinceCollect = 0;
function collectEvery(bytes: number): void {
  sinceCollect += bytes;
  if (sinceCollect < COLLECT_BYTES || !minorGc) return;
  sinceCollect = 0;
  minorGc({ type: 'minor' });
}

const port = parentPort;
/** The ring the event loop copies chunks into (blob-writer-protocol.ts). */
const ring = new Uint8Array((workerData as { ring: SharedArrayBuffer }).ring);
const jobs = new Map<number, Job>();
const reply = (m: FromWriter): void => port?.postMessage(m);

function discard(job: Job): void {
  job.writer.abandon();
  try {
    closeSync(job.fd);
  } catch {
    /* already closed */
  }
  try {
    unlinkSync(job.path);
  } catch {
    /* already gone */
  }
}

function fail(id: number, e: unknown): void {
  const job = jobs.get(id);
  jobs.delete(id);
  if (job) discard(job);
  reply({ id, error: e instanceof Error ? e.message : String(e) });
}

function finish(id: number, job: Job): void {
  jobs.delete(id);
  let digests;
  try {
    digests = job.writer.finish();
  } catch (e) {
    discard(job);
    reply({ id, error: e instanceof Error ? e.message : String(e) });
    return;
  }
  fsync(job.fd, (err) => {
    close(job.fd, (closeErr) => {
      const e = err ?? closeErr;
      if (!e) return reply({ id, done: digests });
      try {
        unlinkSync(job.path);
      } catch {
        /* already gone */
      }
      reply({ id, error: e.message });
    });
  });
}

port?.on('message', (m: ToWriter) => {
  try {
    if (m.t === 'open') {
      const key = Buffer.from(m.key.buffer, m.key.byteOffset, m.key.byteLength);
      const fd = openSync(m.path, 'wx', 0o600);
      jobs.set(m.id, { fd, path: m.path, writer: new SealedFileWriter(fd, key, m.blobId, m.algorithms) });
      return reply({ id: m.id, opened: true });
    }
    const job = jobs.get(m.id);
    if (m.t === 'abort') {
      jobs.delete(m.id);
      if (job) discard(job);
      return reply({ id: m.id, aborted: true });
    }
    if (m.t === 'data') {
      try {
        // A job that failed already (its error was answered) only hands the slot back.
        if (job) job.writer.write(ring.subarray(m.slot * SLOT, m.slot * SLOT + m.length));
      } finally {
        reply({ id: m.id, ack: m.slot });
      }
      collectEvery(m.length);
    } else if (job) finish(m.id, job);
  } catch (e) {
    fail(m.id, e);
  }
});
