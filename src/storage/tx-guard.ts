/**
 * Detects a store being used from inside one of its own transactions (`store.get` instead of
 * `tx.get`): on SQLite that waits for the transaction forever, on PostgreSQL it can wait on the
 * transaction's own row locks. Such calls throw instead.
 *
 * The check is on in tests (NODE_ENV=test) and with RAMPART_TX_GUARD=1. It is off otherwise
 * because AsyncLocalStorage turns on Node 20's promise hooks for the whole process once used,
 * which costs every request of the server (measured: about a fifth of the gateway's throughput).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { StorageError } from './types.js';

interface TxFrame {
  readonly owner: object;
  active: boolean;
}

const GUARD_ON = process.env['NODE_ENV'] === 'test' || process.env['RAMPART_TX_GUARD'] === '1';
const frames = new AsyncLocalStorage<TxFrame>();

/** Runs fn as the body of a transaction of owner; the marker ends when the returned promise settles. */
export async function runAsTransactionBody<T>(owner: object, fn: () => Promise<T>): Promise<T> {
  if (!GUARD_ON) return fn();
  const frame: TxFrame = { owner, active: true };
  try {
    return await frames.run(frame, fn);
  } finally {
    frame.active = false;
  }
}

/** Throws when called from inside a running transaction body of owner. */
export function assertNotInOwnTransaction(owner: object, method: string): void {
  if (!GUARD_ON) return;
  const frame = frames.getStore();
  if (frame !== undefined && frame.owner === owner && frame.active) {
    throw new Error(`storage: store.${method}() called inside a transaction on the same store; use the tx argument (this would deadlock)`);
  }
}

/** Buffers a transaction's change events; using the handle after the transaction ended throws. */
export class TxState<E> {
  readonly events: E[] = [];
  private done = false;

  /** Throws StorageError('Closed') once the transaction has committed or rolled back. */
  check(): void {
    if (this.done) throw new StorageError('Closed', 'The transaction has already finished');
  }

  /** Marks the handle unusable. */
  finish(): void {
    this.done = true;
  }
}
