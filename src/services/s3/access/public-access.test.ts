import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { BucketRecord, PublicAccessBlockRecord } from '../store.js';
import { effectiveBlock, enforcedView, type AccountBlockSource } from './public-access.js';

const OFF: PublicAccessBlockRecord = { BlockPublicAcls: false, IgnorePublicAcls: false, BlockPublicPolicy: false, RestrictPublicBuckets: false };
const bucket = (publicAccessBlock?: PublicAccessBlockRecord): BucketRecord => ({ name: 'b', accountId: '111122223333', region: 'us-east-1', createdAt: 0, ...(publicAccessBlock ? { publicAccessBlock } : {}) });
const source = (byAccount: Record<string, PublicAccessBlockRecord>): AccountBlockSource => ({ table: 't', get: async (a) => byAccount[a] });

describe('Block Public Access: bucket and account combined', () => {
  it('each flag is on when either level has it on; a missing level adds nothing', () => {
    assert.deepEqual(effectiveBlock({ ...OFF, BlockPublicPolicy: true }, { ...OFF, RestrictPublicBuckets: true }), { ...OFF, BlockPublicPolicy: true, RestrictPublicBuckets: true });
    assert.deepEqual(effectiveBlock(undefined, { ...OFF, IgnorePublicAcls: true }), { ...OFF, IgnorePublicAcls: true });
    assert.deepEqual(effectiveBlock({ ...OFF, BlockPublicAcls: true }, undefined), { ...OFF, BlockPublicAcls: true });
    assert.equal(effectiveBlock(undefined, undefined), undefined);
    // An account turned off does not loosen a bucket's setting.
    assert.deepEqual(effectiveBlock({ ...OFF, BlockPublicPolicy: true }, OFF), { ...OFF, BlockPublicPolicy: true });
  });

  it('the view uses the bucket owner\'s account setting, never the caller\'s, and leaves the record alone', async () => {
    const b = bucket();
    const view = await enforcedView(b, source({ '111122223333': { ...OFF, RestrictPublicBuckets: true } }));
    assert.equal(view.publicAccessBlock?.RestrictPublicBuckets, true);
    assert.equal(b.publicAccessBlock, undefined);
    assert.equal(await enforcedView(b, source({ '444455556666': { ...OFF, BlockPublicPolicy: true } })), b);
  });
});
