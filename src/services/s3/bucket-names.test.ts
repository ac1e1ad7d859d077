import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isValidBucketName } from './bucket-names.js';

describe('bucket naming rules', () => {
  it('accepts the names AWS accepts', () => {
    for (const n of ['abc', 'my-bucket', 'docexamplebucket1', 'log-delivery-march-2020', 'my.example.bucket', 'a'.repeat(63), '1bucket', 'bucket1']) assert.ok(isValidBucketName(n), n);
  });
  it('refuses the names AWS refuses', () => {
    for (const n of [
      'ab',
      'a'.repeat(64),
      'AWSDOC-EXAMPLE-BUCKET',
      'My-Bucket',
      'under_score',
      '-leading',
      'trailing-',
      '.dot',
      'dot.',
      'two..dots',
      '192.168.5.4',
      'xn--bucket',
      'sthree-bucket',
      'amzn-s3-demo-bucket',
      'bucket-s3alias',
      'bucket--ol-s3',
      'bucket.mrap',
      'bucket--x-s3',
      'bucket--table-s3',
      'space bucket',
      'bucket/slash',
      'bückét',
      '',
    ])
      assert.equal(isValidBucketName(n), false, n);
  });
});
