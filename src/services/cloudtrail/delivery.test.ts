import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { deliveryRegions, isGlobalServiceEvent, otherRegionsSince, trailSelects } from './delivery.js';
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

describe('multi-region trails and global service events', () => {
  const multi: TrailRecord = { ...base, isMultiRegionTrail: true };

  it('delivers other regions\' events only for a multi-region trail, and only since it became one', () => {
    const eu = rec({ eventSource: 'kms.amazonaws.com', eventName: 'ListKeys', awsRegion: 'eu-west-1' });
    assert.equal(trailSelects(base, eu), false, 'single-region: home region only');
    assert.equal(trailSelects(multi, eu), true);
    assert.equal(trailSelects(base, rec({ awsRegion: 'us-east-1' })), true);
    const since = { ...multi, multiRegionSince: Date.parse('2026-01-01T00:00:12.400Z') };
    assert.equal(trailSelects(since, eu), false, 'made before UpdateTrail turned IsMultiRegionTrail on');
    assert.equal(trailSelects(since, { ...eu, eventTime: '2026-01-01T00:00:12Z' }), true, 'same second');
    assert.equal(trailSelects(since, rec({ awsRegion: 'us-east-1' })), true, 'the home region is not concerned');
  });

  it('leaves global service events (IAM, STS, CloudFront, sign-in in the global region) out without IncludeGlobalServiceEvents', () => {
    assert.equal(isGlobalServiceEvent(rec({ awsRegion: 'us-east-1' })), true);
    assert.equal(isGlobalServiceEvent(rec({ awsRegion: 'us-east-1', eventSource: 'sts.amazonaws.com' })), true);
    assert.equal(isGlobalServiceEvent(rec({ awsRegion: 'cn-north-1' })), true, 'the global region of aws-cn');
    assert.equal(isGlobalServiceEvent(rec({ awsRegion: 'eu-west-1', eventSource: 'sts.amazonaws.com' })), false, 'a regional STS endpoint');
    assert.equal(isGlobalServiceEvent(rec({ awsRegion: 'us-east-1', eventSource: 'kms.amazonaws.com' })), false);
    const noGlobal = { ...base, includeGlobalServiceEvents: false };
    assert.equal(trailSelects(noGlobal, rec({ awsRegion: 'us-east-1' })), false);
    assert.equal(trailSelects(noGlobal, rec({ awsRegion: 'us-east-1', eventSource: 'kms.amazonaws.com' })), true);
    assert.equal(trailSelects(base, rec({ awsRegion: 'us-east-1' })), true);
  });

  it('chooses the regions to deliver: home, then the partition\'s regions the wiring finds active', async () => {
    const asked: string[] = [];
    const active = async (r: string) => {
      asked.push(r);
      return r === 'eu-west-1' || r === 'cn-north-1';
    };
    assert.deepEqual(await deliveryRegions(base, active), ['us-east-1']);
    assert.equal(asked.length, 0, 'a single-region trail asks nothing');
    assert.deepEqual(await deliveryRegions(multi, active), ['us-east-1', 'eu-west-1']);
    assert.ok(!asked.includes('us-east-1') && !asked.includes('cn-north-1') && asked.includes('us-west-2'), 'other regions of the aws partition only');
    assert.equal(otherRegionsSince(multi), Date.parse('2026-01-01T00:00:10Z'));
    assert.equal(otherRegionsSince({ ...multi, multiRegionSince: T0 + 5000 }), Date.parse('2026-01-01T00:00:15Z'));
  });
});
