/**
 * IAM resource tags: keys compare case-insensitively ("Please note that Tag keys are case
 * insensitive"), at most 50 tags per resource ("Cannot exceed quota for TagsPerUser: 50").
 */
import type { Tag } from './api.generated.js';
import { invalidInput, quotaExceeded } from './errors.js';

/** Tags as stored on a record (same shape as the API's Tag). */
export interface TagRecord {
  readonly Key: string;
  readonly Value: string;
}

/** Tags per IAM resource. */
export const MAX_TAGS = 50;

/** The quota names AWS uses in tag LimitExceeded messages. */
export type TagQuota = 'TagsPerUser' | 'TagsPerRole' | 'TagsPerPolicy' | 'TagsPerInstanceProfile' | 'TagsPerMFADevice' | 'TagsPerOpenIDConnectProvider' | 'TagsPerServerCertificate' | 'TagsPerSAMLProvider';

/** Checks one request's tags: no key twice (case-insensitively). */
export function checkRequestTags(tags: readonly Tag[] | undefined): TagRecord[] {
  const seen = new Set<string>();
  for (const t of tags ?? []) {
    const k = t.Key.toLowerCase();
    if (seen.has(k)) throw invalidInput('Duplicate tag keys found. Please note that Tag keys are case insensitive.');
    seen.add(k);
  }
  return (tags ?? []).map((t) => ({ Key: t.Key, Value: t.Value ?? '' }));
}

/** Adds or overwrites tags (a key matching an existing one case-insensitively replaces it). */
export function mergeTags(existing: readonly TagRecord[], added: readonly Tag[], quota: TagQuota): TagRecord[] {
  const adds = checkRequestTags(added);
  const out = existing.filter((e) => !adds.some((a) => a.Key.toLowerCase() === e.Key.toLowerCase()));
  out.push(...adds);
  if (out.length > MAX_TAGS) throw quotaExceeded(quota, MAX_TAGS);
  return out;
}

/** Removes the tags whose keys are listed (case-insensitively); unknown keys are ignored. */
export function removeTags(existing: readonly TagRecord[], keys: readonly string[]): TagRecord[] {
  const drop = new Set(keys.map((k) => k.toLowerCase()));
  return existing.filter((t) => !drop.has(t.Key.toLowerCase()));
}

/** Tags for an output, or undefined when there are none (AWS omits the empty list). */
export function tagsOut(tags: readonly TagRecord[] | undefined): Tag[] | undefined {
  return tags && tags.length > 0 ? tags.map((t) => ({ Key: t.Key, Value: t.Value })) : undefined;
}

/** Tags as a map, for `aws:PrincipalTag/*`. */
export function tagMap(tags: readonly TagRecord[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const t of tags ?? []) out[t.Key] = t.Value;
  return out;
}
