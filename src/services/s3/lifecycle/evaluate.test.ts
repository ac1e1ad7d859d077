import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { LifecycleRuleRecord } from '../store.js';
import { abortDue, expiredNoncurrent, expiryOf, nextMidnight, selects } from './evaluate.js';
import { DAY_MS, lifecycleRecords, ruleOutput } from './rules.js';

const T = Date.UTC(2026, 0, 1, 10, 30);
const rule = (over: Partial<LifecycleRuleRecord>): LifecycleRuleRecord => ({ id: 'r', enabled: true, prefix: '', tags: [], filterForm: 'none', ...over });
const obj = (key: string, size = 10, tags: { Key: string; Value: string }[] = []) => ({ key, size, tags });

describe('lifecycle evaluation', () => {
  it('rounds expiry to the next midnight UTC after last-modified + days', () => {
    assert.equal(nextMidnight(T), Date.UTC(2026, 0, 2));
    assert.equal(nextMidnight(Date.UTC(2026, 0, 2)), Date.UTC(2026, 0, 3));
    assert.deepEqual(expiryOf([rule({ expirationDays: 1 })], obj('a'), T), { at: Date.UTC(2026, 0, 3), ruleId: 'r' });
    const date = Date.UTC(2026, 5, 1);
    assert.deepEqual(expiryOf([rule({ expirationDays: 365, id: 'late' }), rule({ expirationDate: date, id: 'date' })], obj('a'), T), { at: date, ruleId: 'date' });
  });

  it('filters by prefix, tags (all), sizes (strict) and status', () => {
    assert.equal(selects(rule({ prefix: 'logs/' }), obj('logs/a')), true);
    assert.equal(selects(rule({ prefix: 'logs/' }), obj('data/a')), false);
    assert.equal(selects(rule({ enabled: false }), obj('a')), false);
    const tagged = rule({ tags: [{ Key: 'k', Value: 'v' }, { Key: 'x', Value: 'y' }] });
    assert.equal(selects(tagged, obj('a', 1, [{ Key: 'k', Value: 'v' }])), false);
    assert.equal(selects(tagged, obj('a', 1, [{ Key: 'x', Value: 'y' }, { Key: 'k', Value: 'v' }])), true);
    assert.equal(selects(rule({ sizeGreaterThan: 10 }), obj('a', 10)), false);
    assert.equal(selects(rule({ sizeGreaterThan: 10, sizeLessThan: 20 }), obj('a', 15)), true);
    assert.equal(expiryOf([rule({ prefix: 'x', expirationDays: 1 })], obj('a'), T), undefined);
  });

  it('expires noncurrent versions counted from when they became noncurrent, keeping the newest N', () => {
    const r = rule({ noncurrentDays: 1, newerNoncurrentVersions: 1 });
    const since = [T + 2 * DAY_MS, T + DAY_MS, T];
    const now = nextMidnight(T + 3 * DAY_MS);
    assert.deepEqual(expiredNoncurrent([r], [obj('a'), obj('a'), obj('a')], since, now), [1, 2]);
    assert.deepEqual(expiredNoncurrent([rule({ noncurrentDays: 1 })], [obj('a')], [T], nextMidnight(T + DAY_MS) - 1), []);
    assert.equal(abortDue([rule({ abortDays: 7 })], 'k', T, nextMidnight(T + 7 * DAY_MS)), true);
    assert.equal(abortDue([rule({ abortDays: 7 })], 'k', T, nextMidnight(T + 7 * DAY_MS) - 1), false);
  });
});

describe('lifecycle validation', () => {
  const fails = (rules: unknown, code: string) =>
    assert.throws(
      () => lifecycleRecords(rules as never),
      (e: { code?: string }) => e.code === code,
    );
  it('accepts and answers back each filter form', () => {
    const rules = [
      { ID: 'legacy', Prefix: 'a/', Status: 'Enabled', Expiration: { Days: 3 } },
      { ID: 'prefix', Filter: { Prefix: 'b/' }, Status: 'Disabled', NoncurrentVersionExpiration: { NoncurrentDays: 2, NewerNoncurrentVersions: 3 } },
      { ID: 'and', Filter: { And: { Prefix: 'c/', Tags: [{ Key: 'k', Value: 'v' }], ObjectSizeGreaterThan: 5 } }, Status: 'Enabled', Expiration: { Date: new Date(Date.UTC(2030, 0, 1)) } },
      { ID: 'marker', Filter: {}, Status: 'Enabled', Expiration: { ExpiredObjectDeleteMarker: true }, AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 } },
    ];
    assert.deepEqual(lifecycleRecords(rules as never).map(ruleOutput), rules);
  });
  it('refuses what S3 refuses', () => {
    fails([], 'MalformedXML');
    fails(Array.from({ length: 1001 }, (_, i) => ({ ID: `r${i}`, Filter: {}, Status: 'Enabled', Expiration: { Days: 1 } })), 'MalformedXML');
    fails([{ ID: 'x', Filter: {}, Status: 'Enabled', Expiration: { Days: 0 } }], 'InvalidArgument');
    fails([{ ID: 'x', Filter: {}, Status: 'Enabled', Expiration: { Days: -1 } }], 'InvalidArgument');
    fails([{ ID: 'x', Filter: {}, Status: 'Enabled', Expiration: { Date: new Date(Date.UTC(2030, 0, 1, 5)) } }], 'InvalidArgument');
    fails([{ ID: 'x', Filter: {}, Status: 'Enabled', Expiration: { Date: new Date(Number.NaN) } }], 'MalformedXML');
    fails([{ ID: 'x'.repeat(256), Filter: {}, Status: 'Enabled', Expiration: { Days: 1 } }], 'InvalidArgument');
    fails([{ ID: 'x', Filter: {}, Status: 'Enabled', Expiration: { Days: 1 } }, { ID: 'x', Filter: {}, Status: 'Enabled', Expiration: { Days: 2 } }], 'InvalidArgument');
    fails([{ ID: 'x', Filter: {}, Status: 'Enabled' }], 'InvalidRequest');
    fails([{ ID: 'x', Filter: {}, Status: 'On', Expiration: { Days: 1 } }], 'MalformedXML');
    fails([{ ID: 'x', Filter: { Prefix: 'a', Tag: { Key: 'k', Value: 'v' } }, Status: 'Enabled', Expiration: { Days: 1 } }], 'MalformedXML');
    fails([{ ID: 'x', Prefix: 'a', Filter: {}, Status: 'Enabled', Expiration: { Days: 1 } }], 'MalformedXML');
    fails([{ ID: 'x', Filter: {}, Status: 'Enabled', Expiration: { Days: 1, ExpiredObjectDeleteMarker: true } }], 'MalformedXML');
    fails([{ ID: 'x', Filter: { Tag: { Key: 'k', Value: 'v' } }, Status: 'Enabled', AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 } }], 'InvalidRequest');
    fails([{ ID: 'x', Filter: {}, Status: 'Enabled', NoncurrentVersionExpiration: { NoncurrentDays: 1, NewerNoncurrentVersions: 101 } }], 'InvalidArgument');
    fails([{ ID: 'x', Filter: { And: { ObjectSizeGreaterThan: 10, ObjectSizeLessThan: 5 } }, Status: 'Enabled', Expiration: { Days: 1 } }], 'InvalidArgument');
    fails([{ ID: 'x', Filter: {}, Status: 'Enabled', Transitions: [{ Days: 30, StorageClass: 'GLACIER' }] }], 'NotImplemented');
  });
});
