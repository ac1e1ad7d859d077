import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { trailArn, trailRef } from './trail-names.js';

const here = { accountId: '111122223333', region: 'us-east-1' };

describe('trail names and ARNs', () => {
  it('an ARN names its account, region and name; the canonical ARN carries the region\'s partition', () => {
    assert.deepEqual(trailRef('arn:aws:cloudtrail:eu-west-1:444455556666:trail/trail-1', here), { name: 'trail-1', accountId: '444455556666', region: 'eu-west-1' });
    assert.equal(trailArn({ name: 'trail-x', accountId: '111122223333', region: 'cn-north-1' }), 'arn:aws-cn:cloudtrail:cn-north-1:111122223333:trail/trail-x');
    assert.deepEqual(trailRef('arn:aws-cn:cloudtrail:cn-north-1:111122223333:trail/trail-x', here), { name: 'trail-x', accountId: '111122223333', region: 'cn-north-1' });
    assert.deepEqual(trailRef('plain-name', here), { name: 'plain-name', ...here });
  });

  it('an ARN whose partition is not its region\'s names no trail (no aws-cn ARN reaches an aws trail)', () => {
    for (const bad of ['arn:aws-cn:cloudtrail:us-east-1:111122223333:trail/trail-x', 'arn:aws:cloudtrail:cn-north-1:111122223333:trail/trail-x', 'arn:aws-us-gov:cloudtrail:us-east-1:111122223333:trail/trail-x']) {
      assert.throws(() => trailRef(bad, here), (e: Error & { code?: string }) => e.code === 'CloudTrailARNInvalidException', bad);
    }
  });
});
