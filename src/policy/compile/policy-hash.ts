/**
 * Content hashing for caching compiled policies: the same document text (and type)
 * always compiles to an equivalent CompiledPolicy, so compiled forms can be shared.
 */
import { createHash } from 'node:crypto';
import type { PolicyType } from '../model/decision.js';
import { parsePolicyLenient } from '../grammar/parse-policy.js';
import { compilePolicy } from './compile-policy.js';
import type { CompiledPolicy, CompileOptions } from './compile-policy.js';

/** SHA-256 (hex) of a policy's JSON text. */
export function policyHash(json: string): string {
  return createHash('sha256').update(json, 'utf8').digest('hex');
}

/** A bounded cache of compiled policies keyed by content hash, type and id. */
export class CompiledPolicyCache {
  readonly #max: number;
  readonly #entries = new Map<string, CompiledPolicy>();

  constructor(maxEntries = 10_000) {
    this.#max = maxEntries;
  }

  /** Returns the compiled policy for `json`, compiling (leniently parsed) on a miss; undefined if not JSON. */
  get(json: string, id: string, type: PolicyType, options: CompileOptions = {}): CompiledPolicy | undefined {
    const key = `${policyHash(json)}|${type}|${id}|${options.kind ?? ''}|${options.name ?? ''}`;
    const hit = this.#entries.get(key);
    if (hit) {
      this.#entries.delete(key);
      this.#entries.set(key, hit);
      return hit;
    }
    const parsed = parsePolicyLenient(json);
    if (!parsed.ok) return undefined;
    const compiled = compilePolicy(parsed.policy, id, type, options);
    this.#entries.set(key, compiled);
    if (this.#entries.size > this.#max) {
      const oldest = this.#entries.keys().next().value;
      if (oldest !== undefined) this.#entries.delete(oldest);
    }
    return compiled;
  }

  get size(): number {
    return this.#entries.size;
  }
}
