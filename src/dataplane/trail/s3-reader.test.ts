import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { describe, it } from 'node:test';
import { clientError } from '../../shared/aws-error.js';
import type { Caller } from '../../shared/caller.js';
import { DeliveredFilesError, readBody, s3Reader } from './s3-reader.js';
import type { CallerCall, InternalCaller, ServicePrincipalCall } from './s3-target.js';

type Call = { op: string; input: Readonly<Record<string, unknown>>; on: ServicePrincipalCall | CallerCall };

const CALLER: Caller = { principal: { accountId: '111122223333', arn: 'arn:aws:iam::111122223333:root', userId: '111122223333', type: 'root' }, now: 0, sourceIp: 'cloudtrail.amazonaws.com', secureTransport: true, region: 'eu-west-1' };
const readAs = (): CallerCall => ({ caller: CALLER, via: 'cloudtrail.amazonaws.com' });

/** A fake S3 over a sorted key list: pages of `pageSize`, bodies as streams. */
function fakeS3(objects: Record<string, { body: Buffer; metadata?: Record<string, string> }>, pageSize: number, calls: Call[] = []): InternalCaller {
  const keys = Object.keys(objects).sort();
  return {
    async call(_service, op, input, on) {
      calls.push({ op, input, on });
      if (op === 'ListObjectsV2') {
        const prefix = String(input['Prefix'] ?? '');
        const from = input['ContinuationToken'] === undefined ? 0 : Number(input['ContinuationToken']);
        const matching = keys.filter((k) => k.startsWith(prefix));
        const page = matching.slice(from, from + pageSize);
        const more = from + pageSize < matching.length;
        return { IsTruncated: more, ...(page.length ? { Contents: page.map((Key) => ({ Key, Size: objects[Key]!.body.length })) } : {}), ...(more ? { NextContinuationToken: String(from + pageSize) } : {}) };
      }
      if (op === 'GetObject') {
        const o = objects[String(input['Key'])];
        if (!o) throw clientError('NoSuchKey', 'The specified key does not exist.', 404);
        return { ContentLength: o.body.length, Metadata: o.metadata ?? {}, Body: Readable.from([o.body.subarray(0, 3), o.body.subarray(3)]) };
      }
      throw new Error(`unexpected ${op}`);
    },
  };
}

describe('S3 reader of delivered files', () => {
  const objects: Record<string, { body: Buffer; metadata?: Record<string, string> }> = Object.fromEntries(Array.from({ length: 7 }, (_, i) => [`AWSLogs/x/file-${i}`, { body: Buffer.from(`body ${i}`) }]));
  objects['AWSLogs/y/digest'] = { body: Buffer.from('digest bytes'), metadata: { signature: 'abc', 'signature-algorithm': 'SHA256withRSA' } };
  objects['other/z'] = { body: Buffer.from('z') };

  it('lists every page of a prefix, ascending, with the continuation token, as the reader named', async () => {
    const calls: Call[] = [];
    const r = s3Reader({ internal: fakeS3(objects, 3, calls), bucket: 'b', readAs });
    assert.deepEqual(await r.list('AWSLogs/x/'), Array.from({ length: 7 }, (_, i) => `AWSLogs/x/file-${i}`));
    assert.deepEqual(calls.map((c) => c.input['ContinuationToken']), [undefined, '3', '6']);
    assert.ok(calls.every((c) => c.op === 'ListObjectsV2' && c.input['Bucket'] === 'b' && c.input['Prefix'] === 'AWSLogs/x/'));
    assert.ok(calls.every((c) => 'caller' in c.on && c.on.caller.principal.type === 'root' && c.on.caller.secureTransport));
    assert.deepEqual(await r.list('nothing/'), []);
  });

  it('reads a body and its user metadata; a missing key is undefined', async () => {
    const r = s3Reader({ internal: fakeS3(objects, 1000), bucket: 'b', readAs });
    const d = await r.get('AWSLogs/y/digest');
    assert.equal(d?.body.toString(), 'digest bytes');
    assert.deepEqual(d?.metadata, { signature: 'abc', 'signature-algorithm': 'SHA256withRSA' });
    assert.equal(await r.get('AWSLogs/x/missing'), undefined);
    // Keys S3 could not hold name no object (a digest's keys are data).
    assert.equal(await r.get(''), undefined);
    assert.equal(await r.get('k'.repeat(1025)), undefined);
  });

  it('reports a refusal, a token that repeats and a body too large as DeliveredFilesError', async () => {
    const denied: InternalCaller = { call: () => Promise.reject(clientError('AccessDenied', 'Access Denied', 403)) };
    const r = s3Reader({ internal: denied, bucket: 'b', readAs });
    await assert.rejects(r.get('AWSLogs/k'), (e: unknown) => e instanceof DeliveredFilesError && e.code === 'AccessDenied' && e.message === 'cannot read s3://b/AWSLogs/k (GetObject): AccessDenied: Access Denied');
    await assert.rejects(r.list('AWSLogs/'), (e: unknown) => e instanceof DeliveredFilesError && e.message === 'cannot list s3://b/AWSLogs/ (ListObjectsV2): AccessDenied: Access Denied');
    const loop: InternalCaller = { call: async () => ({ IsTruncated: true, Contents: [{ Key: 'a' }], NextContinuationToken: 'same' }) };
    await assert.rejects(s3Reader({ internal: loop, bucket: 'b', readAs }).list(''), (e: unknown) => e instanceof DeliveredFilesError && /continuation token repeats/.test(e.message));
    const big = s3Reader({ internal: fakeS3(objects, 1000), bucket: 'b', readAs, maxObjectBytes: 5 });
    await assert.rejects(big.get('AWSLogs/y/digest'), (e: unknown) => e instanceof DeliveredFilesError && e.code === 'ObjectTooLarge');
  });

  it('reads a body bounded even when no length is given', async () => {
    assert.equal((await readBody(Readable.from([Buffer.from('ab'), Buffer.from('cd')]), 4)).toString(), 'abcd');
    await assert.rejects(readBody(Readable.from([Buffer.from('ab'), Buffer.from('cde')]), 4), RangeError);
    assert.equal((await readBody(new Uint8Array([1, 2]), 4)).length, 2);
    assert.equal((await readBody(undefined, 4)).length, 0);
    await assert.rejects(readBody({ not: 'a stream' }, 4), TypeError);
  });
});
