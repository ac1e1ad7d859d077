/**
 * Condition keys taken from the request's input, for the keys the action supports (Service
 * Authorization Reference): `aws:RequestTag/*` and `aws:TagKeys` from `Tags` / `TagKeys`, and every
 * service key `svc:Name` whose input member `Name` is present (`iam:PolicyARN` <- `PolicyArn`,
 * `iam:PermissionsBoundary` <- `PermissionsBoundary`, `sts:ExternalId` <- `ExternalId`, ...).
 */
import type { ContextValue } from '../../policy/index.js';
import type { ActionInfo } from '../catalog/action-catalog.js';

type Input = Readonly<Record<string, unknown>>;

/** Tags passed in the request, from `[{Key, Value}]` lists or `{key: value}` maps. */
export function requestTags(input: Input): Record<string, string> | undefined {
  const raw = input['Tags'] ?? input['tags'] ?? input['TagList'];
  if (Array.isArray(raw)) {
    const out: Record<string, string> = {};
    for (const t of raw) {
      if (t && typeof t === 'object') {
        const r = t as Record<string, unknown>;
        const k = r['Key'] ?? r['key'];
        if (typeof k === 'string') out[k] = String(r['Value'] ?? r['value'] ?? '');
      }
    }
    return out;
  }
  if (raw && typeof raw === 'object') {
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(raw as Record<string, unknown>)) out[k] = String(v ?? '');
    return out;
  }
  return undefined;
}

function asContextValue(v: unknown): ContextValue | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v as string[];
  return undefined;
}

/** The condition keys the input supplies for `action` of service `prefix`. */
export function requestConditionKeys(prefix: string, action: ActionInfo, input: Input): Record<string, ContextValue> {
  const ctx: Record<string, ContextValue> = {};
  const supports = new Set(action.conditionKeys.map((k) => k.toLowerCase()));
  const tags = requestTags(input);
  if (tags && supports.has('aws:requesttag/${tagkey}')) for (const [k, v] of Object.entries(tags)) ctx[`aws:RequestTag/${k}`] = v;
  if (supports.has('aws:tagkeys')) {
    const keys = tags ? Object.keys(tags) : Array.isArray(input['TagKeys']) ? (input['TagKeys'] as string[]) : undefined;
    if (keys) ctx['aws:TagKeys'] = keys;
  }
  const members = new Map<string, unknown>();
  for (const [k, v] of Object.entries(input)) members.set(k.toLowerCase(), v);
  for (const key of action.conditionKeys) {
    const colon = key.indexOf(':');
    if (key.slice(0, colon) !== prefix || key.includes('${')) continue;
    const v = asContextValue(members.get(key.slice(colon + 1).toLowerCase()));
    if (v !== undefined) ctx[key] = v;
  }
  return ctx;
}
