import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { trailSelects } from './delivery.js';
import type { TrailRecord } from './store.js';

const T0 = Date.parse('2026-01-01T00:00:10.500Z');
const base: TrailRecord = { name: 't', arn: 'arn:aws:cloudtrail:us-east-1:111111111111:trail/t', homeRegion: 'us-east-1', s3BucketName: 'b', includeGlobalServiceEvents: true, isMultiRegionTrail: false, logFileValidationEnabled: false, isOrganizationTrail: false, logging: true, startLoggingTime: T0, tags: [] };
const rec = (o: Record<string, unknown> = {}) => ({ eventTime: '2026-01-01T00:00:11Z', eventSource: 'iam.amazonaws.com', eventName: 'CreateUser', readOnly: false, managementEvent: true, eventCategory: 'Management', ...o });

describe('trailSelects', () => {
  it('keeps only events from the second logging started, and none without a start', () => {
    assert.equal(trailSelects(base, rec()), true);
    assert.equal(trailSelects(base, rec({ eventTime: '2026-01-01T00:00:10Z' })), true, 'same second');
    assert.equal(trailSelects(base, rec({ eventTime: '2026-01-01T00:00:09Z' })), false);
    assert.equal(trailSelects(base, rec({ eventTime: 'garbage' })), false);
    const { startLoggingTime: _, ...never } = base;
    assert.equal(trailSelects(never, rec()), false);
  });

  it('applies basic selectors: read/write type, management sources, data resources', () => {
    const sel = (s: NonNullable<TrailRecord['eventSelectors']>[number]) => ({ ...base, eventSelectors: [s] });
    assert.equal(trailSelects(sel({ ReadWriteType: 'ReadOnly', IncludeManagementEvents: true }), rec()), false);
    assert.equal(trailSelects(sel({ ReadWriteType: 'WriteOnly', IncludeManagementEvents: true }), rec()), true);
    assert.equal(trailSelects(sel({ ReadWriteType: 'All', IncludeManagementEvents: false }), rec()), false);
    assert.equal(trailSelects(sel({ ReadWriteType: 'All', IncludeManagementEvents: true, ExcludeManagementEventSources: ['iam.amazonaws.com'] }), rec()), false);
    const data = rec({ eventSource: 's3.amazonaws.com', eventName: 'GetObject', readOnly: true, managementEvent: false, eventCategory: 'Data', resources: [{ type: 'AWS::S3::Object', ARN: 'arn:aws:s3:::b1/k' }] });
    assert.equal(trailSelects(base, data), false, 'default: management events only');
    assert.equal(trailSelects(sel({ DataResources: [{ Type: 'AWS::S3::Object', Values: ['arn:aws:s3:::b1/'] }] }), data), true);
    assert.equal(trailSelects(sel({ DataResources: [{ Type: 'AWS::S3::Object', Values: ['arn:aws:s3:::b2/'] }] }), data), false);
  });

  it('applies advanced selectors (fields ANDed, selectors ORed)', () => {
    const adv = (...FieldSelectors: { Field: string; Equals?: string[]; NotEquals?: string[]; StartsWith?: string[] }[]) => ({ ...base, advancedEventSelectors: [{ FieldSelectors }] });
    assert.equal(trailSelects(adv({ Field: 'eventCategory', Equals: ['Management'] }), rec()), true);
    assert.equal(trailSelects(adv({ Field: 'eventCategory', Equals: ['Management'] }, { Field: 'readOnly', Equals: ['true'] }), rec()), false);
    assert.equal(trailSelects(adv({ Field: 'eventCategory', Equals: ['Management'] }, { Field: 'eventSource', NotEquals: ['iam.amazonaws.com'] }), rec()), false);
    assert.equal(trailSelects(adv({ Field: 'eventCategory', Equals: ['Data'] }), rec()), false);
  });
});
