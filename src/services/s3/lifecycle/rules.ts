/**
 * Lifecycle configurations as S3 validates them (PutBucketLifecycleConfiguration), stored as
 * LifecycleRuleRecord and answered back in the form they were written. At most 1,000 rules; IDs at
 * most 255 characters and unique (a missing ID gets a random one, as S3 does); a Filter holds one of
 * Prefix, Tag, ObjectSizeGreaterThan, ObjectSizeLessThan or And; Expiration Days is a positive
 * integer, Date a midnight UTC, ExpiredObjectDeleteMarker alone. Storage classes are not modelled,
 * so Transitions and NoncurrentVersionTransitions are refused (501 NotImplemented), never stored.
 * Texts marked (unconfirmed) are Rampart's where AWS documents none.
 */
import { randomBytes } from 'node:crypto';
import { AwsError, clientError } from '../../../shared/aws-error.js';
import type { LifecycleRule, LifecycleRuleFilter } from '../api.generated.js';
import { invalidArgument, malformedXml } from '../errors.js';
import type { LifecycleRuleRecord, TagRecord } from '../store.js';
import { checkTags } from '../tags.js';

/** "You can add up to 1,000 rules to a lifecycle configuration." */
export const MAX_RULES = 1000;
export const MAX_RULE_ID = 255;
export const DAY_MS = 86_400_000;
/** NewerNoncurrentVersions: "You can specify up to 100 noncurrent versions to retain." */
export const MAX_NEWER_NONCURRENT = 100;

const invalidRequest = (message: string) => clientError('InvalidRequest', message, 400);
const positive = (v: number | undefined, what: string): number | undefined => {
  if (v === undefined) return undefined;
  if (!Number.isSafeInteger(v) || v <= 0) throw invalidArgument(`'${what}' must be a positive integer`, what, String(v));
  return v;
};

function filterOf(rule: LifecycleRule): Pick<LifecycleRuleRecord, 'prefix' | 'tags' | 'sizeGreaterThan' | 'sizeLessThan' | 'filterForm'> {
  if (rule.Prefix !== undefined && rule.Filter !== undefined) throw malformedXml();
  if (rule.Filter === undefined) return { prefix: rule.Prefix ?? '', tags: [], filterForm: rule.Prefix !== undefined ? 'legacy' : 'none' };
  const f: LifecycleRuleFilter = rule.Filter;
  const given = [f.Prefix, f.Tag, f.ObjectSizeGreaterThan, f.ObjectSizeLessThan, f.And].filter((x) => x !== undefined).length;
  if (given > 1) throw malformedXml();
  const size = (v: number | undefined, name: string) => {
    if (v === undefined) return undefined;
    if (!Number.isSafeInteger(v) || v < 0) throw invalidArgument(`'${name}' must be a non-negative integer (unconfirmed)`, name, String(v));
    return v;
  };
  if (f.And !== undefined) {
    const tags = checkTags((f.And.Tags ?? []).map((t) => ({ Key: t.Key, Value: t.Value })), 50);
    const gt = size(f.And.ObjectSizeGreaterThan, 'ObjectSizeGreaterThan');
    const lt = size(f.And.ObjectSizeLessThan, 'ObjectSizeLessThan');
    if (gt !== undefined && lt !== undefined && gt >= lt) throw invalidArgument('ObjectSizeGreaterThan must be less than ObjectSizeLessThan (unconfirmed)', 'ObjectSizeGreaterThan', String(gt));
    return { prefix: f.And.Prefix ?? '', tags, ...(gt !== undefined ? { sizeGreaterThan: gt } : {}), ...(lt !== undefined ? { sizeLessThan: lt } : {}), filterForm: 'and' };
  }
  if (f.Tag !== undefined) return { prefix: '', tags: checkTags([{ Key: f.Tag.Key, Value: f.Tag.Value }], 1), filterForm: 'tag' };
  if (f.ObjectSizeGreaterThan !== undefined) return { prefix: '', tags: [], sizeGreaterThan: size(f.ObjectSizeGreaterThan, 'ObjectSizeGreaterThan')!, filterForm: 'size' };
  if (f.ObjectSizeLessThan !== undefined) return { prefix: '', tags: [], sizeLessThan: size(f.ObjectSizeLessThan, 'ObjectSizeLessThan')!, filterForm: 'size' };
  return { prefix: f.Prefix ?? '', tags: [], filterForm: f.Prefix !== undefined ? 'prefix' : 'none' };
}

/** One rule, validated. */
export function ruleRecord(rule: LifecycleRule): LifecycleRuleRecord {
  if (rule.Status !== 'Enabled' && rule.Status !== 'Disabled') throw malformedXml();
  const id = rule.ID ?? randomBytes(24).toString('base64url');
  if (id.length > MAX_RULE_ID) throw invalidArgument(`ID length should not exceed allowed limit of ${MAX_RULE_ID}`, 'ID', id.slice(0, MAX_RULE_ID));
  if (rule.Transitions?.length || rule.NoncurrentVersionTransitions?.length) {
    throw new AwsError({ code: 'NotImplemented', message: 'Lifecycle transitions are not implemented: Rampart does not model storage classes', httpStatus: 501, senderFault: false });
  }
  const filter = filterOf(rule);
  const e = rule.Expiration;
  const days = positive(e?.Days, 'Days');
  let date: number | undefined;
  if (e?.Date !== undefined) {
    const t = e.Date.getTime();
    if (!Number.isFinite(t)) throw malformedXml();
    if (t % DAY_MS !== 0) throw invalidArgument("'Date' must be at midnight GMT", 'Date', e.Date.toISOString());
    date = t;
  }
  if (days !== undefined && date !== undefined) throw malformedXml();
  if (e?.ExpiredObjectDeleteMarker !== undefined && (days !== undefined || date !== undefined)) throw malformedXml();
  if (e && days === undefined && date === undefined && e.ExpiredObjectDeleteMarker === undefined) throw malformedXml();
  if (e?.ExpiredObjectDeleteMarker && filter.tags.length) throw invalidRequest('ExpiredObjectDeleteMarker cannot be specified with object tag filters (unconfirmed)');
  const nc = rule.NoncurrentVersionExpiration;
  const noncurrentDays = positive(nc?.NoncurrentDays, 'NoncurrentDays');
  const newer = nc?.NewerNoncurrentVersions;
  if (newer !== undefined && (!Number.isSafeInteger(newer) || newer < 1 || newer > MAX_NEWER_NONCURRENT)) {
    throw invalidArgument(`NewerNoncurrentVersions must be an integer between 1 and ${MAX_NEWER_NONCURRENT} (unconfirmed)`, 'NewerNoncurrentVersions', String(newer));
  }
  if (nc && noncurrentDays === undefined) throw malformedXml();
  const abort = rule.AbortIncompleteMultipartUpload;
  const abortDays = abort ? positive(abort.DaysAfterInitiation, 'DaysAfterInitiation') : undefined;
  if (abort && abortDays === undefined) throw malformedXml();
  if (abortDays !== undefined && (filter.tags.length || filter.sizeGreaterThan !== undefined || filter.sizeLessThan !== undefined)) {
    throw invalidRequest('AbortIncompleteMultipartUpload cannot be specified with Tags.');
  }
  if (!e && !nc && !abort) throw invalidRequest('At least one action needs to be specified in a rule');
  return {
    id,
    enabled: rule.Status === 'Enabled',
    ...filter,
    ...(days !== undefined ? { expirationDays: days } : {}),
    ...(date !== undefined ? { expirationDate: date } : {}),
    ...(e?.ExpiredObjectDeleteMarker !== undefined ? { expiredObjectDeleteMarker: e.ExpiredObjectDeleteMarker } : {}),
    ...(noncurrentDays !== undefined ? { noncurrentDays } : {}),
    ...(newer !== undefined ? { newerNoncurrentVersions: newer } : {}),
    ...(abortDays !== undefined ? { abortDays } : {}),
  };
}

/** A whole configuration, validated: 1 to 1,000 rules with unique IDs. */
export function lifecycleRecords(rules: readonly LifecycleRule[] | undefined): LifecycleRuleRecord[] {
  if (!rules || rules.length === 0 || rules.length > MAX_RULES) throw malformedXml();
  const out = rules.map(ruleRecord);
  const ids = new Set<string>();
  for (const r of out) {
    if (ids.has(r.id)) throw invalidArgument('Rule ID must be unique. Found same ID for more than one rule', 'ID', r.id);
    ids.add(r.id);
  }
  return out;
}

const tag = (t: TagRecord) => ({ Key: t.Key, Value: t.Value });

/** A stored rule as GetBucketLifecycleConfiguration answers it. */
export function ruleOutput(r: LifecycleRuleRecord): LifecycleRule {
  const filter: LifecycleRuleFilter | undefined =
    r.filterForm === 'legacy'
      ? undefined
      : r.filterForm === 'and'
        ? { And: { ...(r.prefix ? { Prefix: r.prefix } : {}), ...(r.tags.length ? { Tags: r.tags.map(tag) } : {}), ...(r.sizeGreaterThan !== undefined ? { ObjectSizeGreaterThan: r.sizeGreaterThan } : {}), ...(r.sizeLessThan !== undefined ? { ObjectSizeLessThan: r.sizeLessThan } : {}) } }
        : r.filterForm === 'tag'
          ? { Tag: tag(r.tags[0]!) }
          : r.filterForm === 'size'
            ? { ...(r.sizeGreaterThan !== undefined ? { ObjectSizeGreaterThan: r.sizeGreaterThan } : {}), ...(r.sizeLessThan !== undefined ? { ObjectSizeLessThan: r.sizeLessThan } : {}) }
            : r.filterForm === 'prefix'
              ? { Prefix: r.prefix }
              : {};
  const expiration =
    r.expirationDays !== undefined ? { Days: r.expirationDays } : r.expirationDate !== undefined ? { Date: new Date(r.expirationDate) } : r.expiredObjectDeleteMarker !== undefined ? { ExpiredObjectDeleteMarker: r.expiredObjectDeleteMarker } : undefined;
  return {
    ID: r.id,
    ...(r.filterForm === 'legacy' ? { Prefix: r.prefix } : { Filter: filter! }),
    Status: r.enabled ? 'Enabled' : 'Disabled',
    ...(expiration ? { Expiration: expiration } : {}),
    ...(r.noncurrentDays !== undefined ? { NoncurrentVersionExpiration: { NoncurrentDays: r.noncurrentDays, ...(r.newerNoncurrentVersions !== undefined ? { NewerNoncurrentVersions: r.newerNoncurrentVersions } : {}) } } : {}),
    ...(r.abortDays !== undefined ? { AbortIncompleteMultipartUpload: { DaysAfterInitiation: r.abortDays } } : {}),
  };
}
