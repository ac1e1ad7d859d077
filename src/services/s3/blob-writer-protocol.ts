/** The messages between the event loop (blob-writer-thread.ts) and the writer thread (blob-writer-worker.ts). */
import type { ChecksumAlgorithm } from '../../shared/checksums.js';

/**
 * Chunks travel through one ring of RING_SLOTS shared slots of SLOT bytes (a SharedArrayBuffer the
 * threads get when they start): the event loop copies a piece into a free slot, the thread hashes,
 * seals and writes it and hands the slot back (`ack`), also for a job it no longer has. A job holds
 * at most JOB_SLOTS slots. Nothing is allocated per chunk on either side (fresh buffers per chunk,
 * moved between threads, piled up as garbage the thread's collector seldom visits: 1 GiB uploaded
 * that way took 500 MB).
 */
export const SLOT = 64 * 1024;
export const RING_SLOTS = 64;
export const JOB_SLOTS = 8;

export type ToWriter =
  | { readonly t: 'open'; readonly id: number; readonly path: string; readonly key: Uint8Array; readonly blobId: string; readonly algorithms: readonly ChecksumAlgorithm[] }
  | { readonly t: 'data'; readonly id: number; readonly slot: number; readonly length: number }
  | { readonly t: 'end'; readonly id: number }
  | { readonly t: 'abort'; readonly id: number };

export type FromWriter =
  /** The slot is free again. */
  | { readonly id: number; readonly ack: number }
  /** The body's file exists: its directory entry can be made durable. */
  | { readonly id: number; readonly opened: true }
  | { readonly id: number; readonly done: { bytes: number; md5: string; checksums: Record<string, string> } }
  | { readonly id: number; readonly error: string }
  | { readonly id: number; readonly aborted: true };
