import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as zlib from 'node:zlib';
import { codecFor } from '../../../src/protocol/codecs.js';
import { crc32, crc32Fallback } from '../../../src/protocol/event-stream/crc32.js';
import { decodeMessages, encodeMessage } from '../../../src/protocol/event-stream/message.js';
import { loadModel } from '../../../src/protocol/model/load-model.js';
import { hostPrefixLabels } from '../../../src/protocol/rest/host-prefix.js';
import { isS3ExpressControl } from '../../../src/protocol/rest-xml/s3-addressing.js';

const s3 = loadModel('s3');
const codec = codecFor(s3);
const req = (method: string, rawPath: string, headers: Record<string, string>, rawQuery = '') => ({ method, rawPath, rawQuery, headers, body: Buffer.alloc(0) });

describe('event-stream messages', () => {
  it('CRC-32: the fallback table agrees with zlib and the check value', () => {
    const data = Buffer.from('123456789');
    assert.equal(crc32Fallback(data), 0xcbf43926);
    assert.equal(crc32(data), 0xcbf43926);
    if (typeof (zlib as { crc32?: unknown }).crc32 === 'function') assert.equal(crc32Fallback(Buffer.from('ünï🙂')), zlib.crc32(Buffer.from('ünï🙂')));
  });
  it('encodes prelude, string headers, payload and CRCs; decodes them back', () => {
    const msg = encodeMessage({ ':message-type': 'event', ':event-type': 'Records' }, Buffer.from('a,b\n'));
    assert.equal(msg.readUInt32BE(0), msg.length);
    assert.equal(msg.length, 16 + (1 + 13 + 1 + 2 + 5) + (1 + 11 + 1 + 2 + 7) + 4);
    assert.equal(msg[12 + 1 + 13], 7); // header value type: string
    const [m] = decodeMessages(Buffer.concat([msg]));
    assert.deepEqual(m!.headers, { ':message-type': 'event', ':event-type': 'Records' });
    assert.equal(m!.payload.toString(), 'a,b\n');
    const bad = Buffer.from(msg);
    bad[bad.length - 6] = bad[bad.length - 6]! ^ 1;
    assert.throws(() => decodeMessages(bad), /CRC/);
  });
  it('restXml: SelectObjectContent answers its events as messages', () => {
    const events = [{ Records: { Payload: Buffer.from('x') } }, { Stats: { Details: { BytesScanned: 5 } } }, { End: {} }];
    const wire = codec.serialize(s3, 'SelectObjectContent', { Payload: events }, { requestId: 'r' });
    assert.equal(wire.headers['content-type'], 'application/vnd.amazon.eventstream');
    const msgs = decodeMessages(wire.body as Buffer);
    assert.deepEqual(msgs.map((m) => [m.headers[':event-type'], m.headers[':content-type']]), [['Records', 'application/octet-stream'], ['Stats', 'text/xml'], ['End', undefined]]);
    assert.equal(msgs[1]!.payload.toString(), '<Stats><BytesScanned>5</BytesScanned></Stats>');
    assert.equal(msgs[2]!.payload.length, 0);
    assert.throws(() => codec.serialize(s3, 'SelectObjectContent', { Payload: [{ Nope: {} }] }, { requestId: 'r' }), /exactly one/);
  });
});

describe('host prefixes and S3 Express control', () => {
  it('reads host labels from the front of the host, never from an IP', () => {
    assert.deepEqual(hostPrefixLabels('{RequestRoute}.', 'route-1.s3-object-lambda.us-east-1.amazonaws.com'), { RequestRoute: 'route-1' });
    assert.deepEqual(hostPrefixLabels('{RequestRoute}.', 'r0.127.0.0.1:8080'), { RequestRoute: 'r0' });
    assert.equal(hostPrefixLabels('{RequestRoute}.', '127.0.0.1:8080'), undefined);
    assert.equal(hostPrefixLabels('{RequestRoute}.', 'localhost'), undefined);
  });
  it('WriteGetObjectResponse: RequestRoute from the host when the header is absent, even on a virtual-hosted-looking name', () => {
    const call = codec.parse(s3, req('POST', '/WriteGetObjectResponse', { host: 'route-7.s3-object-lambda.us-east-1.amazonaws.com', 'x-amz-request-token': 't' }), { validate: false });
    assert.equal(call.operation, 'WriteGetObjectResponse');
    assert.equal(call.input['RequestRoute'], 'route-7');
  });
  it('GET / signed for s3express (botocore, no x-id) is ListDirectoryBuckets; for s3 ListBuckets', () => {
    const auth = (svc: string) => ({ host: '127.0.0.1:1', authorization: `AWS4-HMAC-SHA256 Credential=AKID/20240101/us-east-1/${svc}/aws4_request, SignedHeaders=host, Signature=00` });
    assert.equal(codec.route(s3, req('GET', '/', auth('s3express')))?.operation, 'ListDirectoryBuckets');
    assert.equal(codec.route(s3, req('GET', '/', auth('s3')))?.operation, 'ListBuckets');
    assert.equal(codec.route(s3, req('GET', '/', { host: 's3express-control.us-east-1.amazonaws.com' }))?.operation, 'ListDirectoryBuckets');
    assert.equal(codec.route(s3, req('GET', '/', { host: 'x' }, 'X-Amz-Credential=AKID%2F20240101%2Fus-east-1%2Fs3express%2Faws4_request'))?.operation, 'ListDirectoryBuckets');
    assert.equal(isS3ExpressControl({ host: 's3.amazonaws.com' }), false);
  });
});
