import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isS3ControlRequest } from './index.js';

describe('S3 Control requests among S3 requests (both signed as s3)', () => {
  const req = (rawPath: string, headers: Record<string, string>) => ({ rawPath, headers });
  it('claims its versioned path with x-amz-account-id or an s3-control host', () => {
    assert.equal(isS3ControlRequest(req('/v20180820/configuration/publicAccessBlock', { 'x-amz-account-id': '111122223333', host: '111122223333.localhost:4566' })), true);
    assert.equal(isS3ControlRequest(req('/v20180820/configuration/publicAccessBlock', { host: '111122223333.s3-control.us-east-1.amazonaws.com' })), true);
    assert.equal(isS3ControlRequest(req('/v20180820/configuration/publicAccessBlock', { host: 's3-control.us-east-1.amazonaws.com' })), true);
  });
  it('leaves S3 its requests, a bucket named v20180820 included', () => {
    assert.equal(isS3ControlRequest(req('/v20180820/configuration/publicAccessBlock', { host: '127.0.0.1:4566' })), false);
    assert.equal(isS3ControlRequest(req('/bucket/key', { 'x-amz-account-id': '111122223333' })), false);
    assert.equal(isS3ControlRequest(req('/', { host: 's3.localhost:4566' })), false);
  });
});
