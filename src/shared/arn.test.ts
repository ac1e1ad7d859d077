import { test } from 'node:test';
import assert from 'node:assert/strict';
import { s3BucketAndPrefix } from './arn.js';

test('S3 bucket ARNs with an optional prefix; other ARNs are not S3 buckets', () => {
  assert.deepEqual(s3BucketAndPrefix('arn:aws:s3:::aws-waf-logs-a'), { bucket: 'aws-waf-logs-a', prefix: '' });
  assert.deepEqual(s3BucketAndPrefix('arn:aws:s3:::aws-waf-logs-a/team/web/'), { bucket: 'aws-waf-logs-a', prefix: 'team/web' });
  assert.deepEqual(s3BucketAndPrefix('arn:aws-cn:s3:::b/p'), { bucket: 'b', prefix: 'p' });
  for (const arn of ['arn:aws:logs:us-east-1:111122223333:log-group:aws-waf-logs-a', 'arn:aws:s3:us-east-1::b', 'arn:aws:s3::111122223333:b', 'arn:aws:s3:::', 'arn:aws:s3:::/p', 's3://b']) {
    assert.equal(s3BucketAndPrefix(arn), undefined, arn);
  }
});
