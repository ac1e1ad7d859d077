/** Shared fixtures of the Store conformance suite. */
import assert from 'node:assert/strict';
import { StorageError, type Scope, type Store } from '../types.js';

/** What a backend test supplies: a fresh, empty store and how to dispose of it. */
export interface StoreHarness {
  readonly store: Store;
  /** Closes the store (if still open) and removes everything it created. */
  cleanup(): Promise<void>;
}

/** Factory the suite calls once per test. */
export type MakeStore = () => Promise<StoreHarness>;

/** Accessor to the current test's store. */
export interface SuiteContext {
  store(): Store;
}

/** Scopes used throughout the suite. */
export const G: Scope = { kind: 'global' };
/** An account scope. */
export const A1: Scope = { kind: 'account', accountId: '111111111111' };
/** Another account scope. */
export const A2: Scope = { kind: 'account', accountId: '222222222222' };
/** A region scope of account 1. */
export const R1: Scope = { kind: 'region', accountId: '111111111111', region: 'us-east-1' };
/** Another region of account 1. */
export const R2: Scope = { kind: 'region', accountId: '111111111111', region: 'eu-west-1' };
/** The same region in account 2. */
export const R3: Scope = { kind: 'region', accountId: '222222222222', region: 'us-east-1' };

/** Resolves after ms. */
export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Asserts that p rejects with StorageError of the given reason. */
export async function rejectsWith(p: Promise<unknown>, reason: StorageError['reason']): Promise<void> {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof StorageError, `expected StorageError(${reason}), got ${String(e)}`);
    assert.equal(e.reason, reason);
    return true;
  });
}
