/**
 * When lifecycle rules act (pure, tested in evaluate.test.ts). S3 "calculates the time by adding the
 * number of days specified in the rule to the object creation time and rounding the resulting time to
 * the next day midnight UTC"; noncurrent days count from when the version became noncurrent (the
 * creation of the next newer version); a Date rule acts from that midnight on.
 */
import type { LifecycleRuleRecord, TagRecord } from '../store.js';
import { DAY_MS } from './rules.js';

/** The midnight UTC after `t` (a time at midnight goes to the next one). */
export const nextMidnight = (t: number): number => Math.floor(t / DAY_MS) * DAY_MS + DAY_MS;

export interface Candidate {
  readonly key: string;
  readonly size: number;
  readonly tags: readonly TagRecord[];
}

/** Whether an enabled rule's filter selects the object. */
export function selects(r: LifecycleRuleRecord, o: Candidate): boolean {
  if (!r.enabled || !o.key.startsWith(r.prefix)) return false;
  if (r.sizeGreaterThan !== undefined && !(o.size > r.sizeGreaterThan)) return false;
  if (r.sizeLessThan !== undefined && !(o.size < r.sizeLessThan)) return false;
  return r.tags.every((t) => o.tags.some((x) => x.Key === t.Key && x.Value === t.Value));
}

/** When the current version `o` (last modified at `lastModified`) expires under the rules: the earliest, with its rule; undefined: never. */
export function expiryOf(rules: readonly LifecycleRuleRecord[], o: Candidate, lastModified: number): { at: number; ruleId: string } | undefined {
  let best: { at: number; ruleId: string } | undefined;
  for (const r of rules) {
    if (!selects(r, o)) continue;
    const at = r.expirationDays !== undefined ? nextMidnight(lastModified + r.expirationDays * DAY_MS) : r.expirationDate;
    if (at !== undefined && (!best || at < best.at)) best = { at, ruleId: r.id };
  }
  return best;
}

/**
 * Which noncurrent versions have expired at `now`. `noncurrentSince[i]` is when version i (0 = the
 * newest noncurrent) became noncurrent; a rule with NewerNoncurrentVersions N keeps the N newest.
 * Answers the indexes to remove.
 */
export function expiredNoncurrent(rules: readonly LifecycleRuleRecord[], versions: readonly Candidate[], noncurrentSince: readonly number[], now: number): number[] {
  const out: number[] = [];
  versions.forEach((v, i) => {
    const due = rules.some((r) => r.noncurrentDays !== undefined && selects(r, v) && i >= (r.newerNoncurrentVersions ?? 0) && nextMidnight(noncurrentSince[i]! + r.noncurrentDays * DAY_MS) <= now);
    if (due) out.push(i);
  });
  return out;
}

/** Whether an upload initiated at `initiated` for `key` is to be aborted at `now`. */
export function abortDue(rules: readonly LifecycleRuleRecord[], key: string, initiated: number, now: number): boolean {
  return rules.some((r) => r.enabled && r.abortDays !== undefined && key.startsWith(r.prefix) && nextMidnight(initiated + r.abortDays * DAY_MS) <= now);
}

/** Whether a rule removes a delete marker that is the only version left of `key`. */
export const removesLoneMarker = (rules: readonly LifecycleRuleRecord[], key: string): boolean => rules.some((r) => r.enabled && r.expiredObjectDeleteMarker === true && key.startsWith(r.prefix));
