import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { codecFor, unknownOperationError } from '../../../src/protocol/codecs.js';
import { loadModel } from '../../../src/protocol/model/load-model.js';
import type { ProtocolRequest } from '../../../src/protocol/types.js';
import { AwsError, isAwsError } from '../../../src/shared/aws-error.js';

const req = (r: Partial<ProtocolRequest>): ProtocolRequest => ({ method: 'POST', rawPath: '/', rawQuery: '', headers: {}, body: Buffer.alloc(0), ...r });
const ctx = { requestId: 'req-1' };

function thrown(fn: () => unknown): AwsError {
  try {
    fn();
  } catch (e) {
    if (isAwsError(e)) return e;
    throw e;
  }
  assert.fail('expected an AwsError');
}

describe('awsJson codec', () => {
  const kms = loadModel('kms');
  const codec = codecFor(kms);
  it('validates from the model with AWS text, as ValidationException', () => {
    const body = Buffer.from(JSON.stringify({ KeyId: 'x'.repeat(2049) }));
    const e = thrown(() => codec.parse(kms, req({ headers: { 'x-amz-target': 'TrentService.DescribeKey' }, body })));
    assert.equal(e.code, 'ValidationException');
    assert.equal(e.message, `1 validation error detected: Value '${'x'.repeat(2049)}' at 'keyId' failed to satisfy constraint: Member must have length less than or equal to 2048`);
  });
  it('collects several issues and reports them once', () => {
    const e = thrown(() => codec.parse(kms, req({ headers: { 'x-amz-target': 'TrentService.Encrypt' }, body: Buffer.from('{"KeyId":"","EncryptionAlgorithm":"ROT13"}') })));
    assert.match(e.message, /^3 validation errors detected: /);
    assert.match(e.message, /Value null at 'plaintext' failed to satisfy constraint: Member must not be null/);
    assert.match(e.message, /Value 'ROT13' at 'encryptionAlgorithm' failed to satisfy constraint: Member must satisfy enum value set: \[SYMMETRIC_DEFAULT/);
  });
  it('renders errors with __type and x-amzn-ErrorType', () => {
    const w = codec.serializeError(kms, new AwsError({ code: 'NotFoundException', message: 'no key', httpStatus: 400 }), ctx);
    assert.equal(w.headers['x-amzn-errortype'], 'NotFoundException');
    assert.equal(w.headers['content-type'], 'application/x-amz-json-1.1');
    assert.deepEqual(JSON.parse(String(w.body)), { __type: 'NotFoundException', message: 'no key' });
  });
  it('answers an unknown target as UnknownOperationException', () => {
    assert.equal(thrown(() => codec.parse(kms, req({ headers: { 'x-amz-target': 'TrentService.Nope' } }))).code, 'UnknownOperationException');
  });
  it('refuses a null list member or map value (no collection is sparse) as SerializationException, before any handler', () => {
    for (const [target, body, path] of [
      ['TrentService.CreateKey', '{"Tags":[null]}', 'Tags.1'],
      ['TrentService.Encrypt', '{"KeyId":"k","Plaintext":"eA==","EncryptionContext":{"a":null}}', 'EncryptionContext.a'],
      ['TrentService.CreateGrant', '{"KeyId":"k","GranteePrincipal":"p","Operations":["Decrypt",null]}', 'Operations.2'],
    ] as const) {
      const e = thrown(() => codec.parse(kms, req({ headers: { 'x-amz-target': target }, body: Buffer.from(body) })));
      assert.deepEqual([e.code, e.httpStatus], ['SerializationException', 400]);
      assert.match(e.message, new RegExp(`at '${path.replace('.', '\\.')}'`));
    }
  });
});

describe('awsQuery codec', () => {
  const iam = loadModel('iam');
  const codec = codecFor(iam);
  it('validates as ValidationError and renders ErrorResponse', () => {
    const e = thrown(() => codec.parse(iam, req({ body: Buffer.from('Action=GetRole&Version=2010-05-08') })));
    assert.equal(e.code, 'ValidationError');
    assert.equal(e.message, "1 validation error detected: Value null at 'roleName' failed to satisfy constraint: Member must not be null");
    const w = codec.serializeError(iam, e, ctx);
    assert.equal(w.status, 400);
    assert.equal(String(w.body), `<ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><Error><Type>Sender</Type><Code>ValidationError</Code><Message>${e.message.replace(/'/g, '&apos;')}</Message></Error><RequestId>req-1</RequestId></ErrorResponse>`);
  });
});

describe('restJson1 codec', () => {
  const gd = loadModel('guardduty');
  const codec = codecFor(gd);
  it('routes by method and URI template and fills idempotency tokens', () => {
    const call = codec.parse(gd, req({ rawPath: '/detector', body: Buffer.from('{"enable":true}') }));
    assert.equal(call.operation, 'CreateDetector');
    assert.equal(call.input['Enable'], true);
    assert.match(String(call.input['ClientToken']), /^[0-9a-f-]{36}$/);
  });
  it('reads labels and query parameters', () => {
    const call = codec.parse(gd, req({ method: 'GET', rawPath: '/detector/d%2F1/filter/f1' }));
    assert.deepEqual(call, { operation: 'GetFilter', input: { DetectorId: 'd/1', FilterName: 'f1' } });
  });
  it('an unmatched path is UnknownOperationException, not a 5xx', () => {
    const e = thrown(() => codec.parse(gd, req({ method: 'GET', rawPath: '/nowhere' })));
    assert.equal(e.code, 'UnknownOperationException');
    assert.ok(e.httpStatus < 500);
  });
});

describe('restXml codec (S3)', () => {
  const s3 = loadModel('s3');
  const codec = codecFor(s3);
  it('routes path-style and virtual-hosted requests alike', () => {
    const path = codec.parse(s3, req({ method: 'GET', rawPath: '/my-bucket/a/b%20c.txt' }));
    const host = codec.parse(s3, req({ method: 'GET', rawPath: '/a/b%20c.txt', headers: { host: 'my-bucket.s3.us-east-1.amazonaws.com' } }));
    assert.deepEqual(path, { operation: 'GetObject', input: { Bucket: 'my-bucket', Key: 'a/b c.txt' } });
    assert.deepEqual(host, path);
  });
  it('routes ?versioning subresources and reads the XML payload', () => {
    const body = Buffer.from('<VersioningConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Status>Enabled</Status></VersioningConfiguration>');
    const call = codec.parse(s3, req({ method: 'PUT', rawPath: '/b1', rawQuery: 'versioning', body }), { validate: false });
    assert.equal(call.operation, 'PutBucketVersioning');
    assert.deepEqual(call.input['VersioningConfiguration'], { Status: 'Enabled' });
  });
  it('keeps streaming bodies as bytes and picks UploadPart over PutObject by its query', () => {
    const call = codec.parse(s3, req({ method: 'PUT', rawPath: '/b1/k', rawQuery: 'partNumber=2&uploadId=u', body: Buffer.from('data') }));
    assert.equal(call.operation, 'UploadPart');
    assert.deepEqual(call.input['Body'], Buffer.from('data'));
    assert.equal(call.input['PartNumber'], 2);
  });
  it('renders S3 <Error> documents', () => {
    const w = codec.serializeError(s3, new AwsError({ code: 'NoSuchKey', message: 'The specified key does not exist.', httpStatus: 404 }), ctx);
    assert.equal(w.status, 404);
    assert.equal(String(w.body), '<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message><RequestId>req-1</RequestId><HostId>req-1</HostId></Error>');
  });
});

describe('ec2 codec', () => {
  const ec2 = loadModel('ec2');
  const codec = codecFor(ec2);
  it('reads EC2 names (capitalized locationName, Name.N lists)', () => {
    const call = codec.parse(ec2, req({ body: Buffer.from('Action=DescribeVpcs&Version=2016-11-15&VpcId.1=vpc-1&VpcId.2=vpc-2&Filter.1.Name=state&Filter.1.Value.1=available') }));
    assert.deepEqual(call.input, { VpcIds: ['vpc-1', 'vpc-2'], Filters: [{ Name: 'state', Values: ['available'] }] });
  });
  it('renders <Response><Errors>', () => {
    const w = codec.serializeError(ec2, new AwsError({ code: 'InvalidVpcID.NotFound', message: "The vpc ID 'vpc-1' does not exist", httpStatus: 400 }), ctx);
    assert.equal(String(w.body), "<Response><Errors><Error><Code>InvalidVpcID.NotFound</Code><Message>The vpc ID &apos;vpc-1&apos; does not exist</Message></Error></Errors><RequestID>req-1</RequestID></Response>");
  });
});

describe('unknown operations', () => {
  it('answer with a 4xx in every protocol', () => {
    for (const name of ['sts', 'kms', 'guardduty', 's3', 'ec2']) {
      const e = unknownOperationError(loadModel(name), 'Nope');
      assert.ok(e.httpStatus >= 400 && e.httpStatus < 500, name);
    }
  });
});
