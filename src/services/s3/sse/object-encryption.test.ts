import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import type { HandlerContext, InternalClient, OnBehalfOf } from '../../../protocol/service-definition.js';
import { AwsError } from '../../../shared/aws-error.js';
import type { S3Deps } from '../deps.js';
import type { BucketRecord } from '../store.js';
import { bodyKeys, customerRecord, readCustomerKey, verifyCustomerKey } from './customer-key.js';
import { BUCKET_KEY_TTL_MS, KmsKeys } from './kms-keys.js';
import { encryptionForRead, encryptionForWrite } from './object-encryption.js';

const KEY_ARN = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';

/** A KMS stand-in that counts calls, as the audit trail would, and checks the context on Decrypt. */
function fakeKms(deny?: string) {
  const calls: { op: string; on: OnBehalfOf; input: Readonly<Record<string, unknown>> }[] = [];
  const issued = new Map<string, { plain: Buffer; context: string }>();
  const internal: InternalClient = {
    async call(service, op, input, on) {
      assert.equal(service, 'kms');
      calls.push({ op, on, input });
      if (deny === op) throw new AwsError({ code: 'AccessDeniedException', message: `User: x is not authorized to perform: kms:${op} on resource: ${KEY_ARN}`, httpStatus: 400 });
      if (op === 'GenerateDataKey') {
        const plain = randomBytes(32);
        const blob = randomBytes(40);
        issued.set(blob.toString('base64'), { plain, context: JSON.stringify(input['EncryptionContext']) });
        return { Plaintext: plain, CiphertextBlob: blob, KeyId: KEY_ARN };
      }
      const got = issued.get(Buffer.from(input['CiphertextBlob'] as Uint8Array).toString('base64'));
      if (!got || got.context !== JSON.stringify(input['EncryptionContext'])) throw new AwsError({ code: 'InvalidCiphertextException', message: '', httpStatus: 400 });
      return { Plaintext: got.plain, KeyId: KEY_ARN };
    },
  };
  return { calls, deps: { kms: new KmsKeys(internal) } as unknown as S3Deps };
}

const ctxAt = (now: number, user = 'alice', secure = false): HandlerContext => ({
  requestId: 'r',
  caller: { principal: { accountId: '111122223333', arn: `arn:aws:iam::111122223333:user/${user}`, userId: user, type: 'user' } as never, now, sourceIp: '127.0.0.1', secureTransport: secure, region: 'us-east-1' },
});
const bucket = (bucketKeyEnabled: boolean): BucketRecord => ({ name: 'b', accountId: '111122223333', region: 'us-east-1', createdAt: 0, encryption: { algorithm: 'aws:kms', kmsKeyId: KEY_ARN, bucketKeyEnabled, blockSseC: true } });

describe('SSE-KMS and S3 Bucket Keys', () => {
  it('without a Bucket Key every object costs one GenerateDataKey and every read one Decrypt', async () => {
    const { calls, deps } = fakeKms();
    const written = [];
    for (let i = 0; i < 10; i++) written.push(await encryptionForWrite(deps, ctxAt(1000), {}, bucket(false), `k${i}`));
    for (const w of written) await encryptionForRead(deps, ctxAt(1000), w.sse, {});
    assert.equal(calls.filter((c) => c.op === 'GenerateDataKey').length, 10);
    assert.equal(calls.filter((c) => c.op === 'Decrypt').length, 10);
    assert.deepEqual(calls[0]!.input['EncryptionContext'], { 'aws:s3:arn': 'arn:aws:s3:::b/k0' });
    assert.equal((calls[0]!.on as { via: string }).via, 's3.amazonaws.com');
  });

  it('with a Bucket Key one KMS call serves many objects until the key expires; the context is the bucket ARN', async () => {
    const { calls, deps } = fakeKms();
    const written = [];
    for (let i = 0; i < 10; i++) written.push(await encryptionForWrite(deps, ctxAt(1000 + i), {}, bucket(true), `k${i}`));
    assert.equal(calls.length, 1);
    assert.deepEqual(calls[0]!.input['EncryptionContext'], { 'aws:s3:arn': 'arn:aws:s3:::b' });
    const keys = [];
    for (const w of written) keys.push((await encryptionForRead(deps, ctxAt(2000), w.sse, {}))!('body-id'));
    assert.equal(calls.filter((c) => c.op === 'Decrypt').length, 1);
    // Same bucket key, same body id -> same key; the bodies themselves have unique ids (blob-store.ts).
    assert.deepEqual(keys[0], keys[9]);
    // Another principal asks KMS itself (KMS decides for it); after the TTL the key is asked again.
    await encryptionForRead(deps, ctxAt(2000, 'bob'), written[0]!.sse, {});
    assert.equal(calls.filter((c) => c.op === 'Decrypt').length, 2);
    await encryptionForWrite(deps, ctxAt(1000 + BUCKET_KEY_TTL_MS + 1), {}, bucket(true), 'late');
    assert.equal(calls.filter((c) => c.op === 'GenerateDataKey').length, 2);
  });

  it("asks KMS in the bucket's Region (writes) and the key's Region (reads), whatever Region the request was signed for", async () => {
    const { calls, deps } = fakeKms();
    const w = await encryptionForWrite(deps, ctxAt(0), { ServerSideEncryption: 'aws:kms', SSEKMSKeyId: 'alias/k' }, { ...bucket(false), region: 'eu-west-1' }, 'k');
    await encryptionForRead(deps, ctxAt(0), w.sse, {});
    assert.deepEqual(calls.map((c) => ('caller' in c.on ? c.on.caller.region : '')), ['eu-west-1', 'us-east-1']);
  });

  it("KMS's refusal is S3's AccessDenied with KMS's message", async () => {
    const { deps } = fakeKms('GenerateDataKey');
    await assert.rejects(encryptionForWrite(deps, ctxAt(0), { ServerSideEncryption: 'aws:kms', SSEKMSKeyId: KEY_ARN }, bucket(false), 'k'), (e: AwsError) => {
      assert.equal(e.code, 'AccessDenied');
      assert.equal(e.httpStatus, 403);
      assert.match(e.message, /kms:GenerateDataKey on resource: arn:aws:kms/);
      return true;
    });
  });

  it('every body gets its own key from the base key and its id', () => {
    const keyOf = bodyKeys(randomBytes(32), 'aws:kms');
    assert.notDeepEqual(keyOf('a'), keyOf('b'));
    assert.deepEqual(keyOf('a'), keyOf('a'));
  });
});

describe('SSE-C keys', () => {
  const key = randomBytes(32);
  const headers = (k: Buffer = key, md5 = createHash('md5').update(k).digest('base64')) => ({ algorithm: 'AES256', key: k.toString('base64'), keyMd5: md5 });

  it('only over TLS, AES256, 256 bits, matching MD5', () => {
    assert.throws(() => readCustomerKey(headers(), ctxAt(0)), /secure connection/);
    assert.throws(() => readCustomerKey({ ...headers(), algorithm: 'AES128' }, ctxAt(0, 'a', true)), /valid encryption algorithm/);
    assert.throws(() => readCustomerKey(headers(randomBytes(31)), ctxAt(0, 'a', true)), /secret key was invalid/);
    assert.throws(() => readCustomerKey({ ...headers(), keyMd5: 'AAAAAAAAAAAAAAAAAAAAAA==' }, ctxAt(0, 'a', true)), /MD5 hash of the key did not match/);
    assert.throws(() => readCustomerKey({ algorithm: 'AES256' }, ctxAt(0, 'a', true)), /appropriate secret key/);
    assert.equal(readCustomerKey({}, ctxAt(0)), undefined);
  });

  it('stores a salted verifier, never the key, and accepts only the same key', () => {
    const ck = readCustomerKey(headers(), ctxAt(0, 'a', true))!;
    const rec = customerRecord(ck);
    assert.equal(JSON.stringify(rec).includes(key.toString('base64')), false);
    assert.equal(JSON.stringify(rec).includes(key.toString('hex')), false);
    if (rec.kind !== 'SSE-C') throw new Error('not SSE-C');
    verifyCustomerKey(rec, ck);
    const other = readCustomerKey(headers(randomBytes(32)), ctxAt(0, 'a', true))!;
    assert.throws(() => verifyCustomerKey(rec, other), (e: AwsError) => e.code === 'AccessDenied' && e.httpStatus === 403);
    // Two objects with the same key get different salts and verifiers.
    const again = customerRecord(ck);
    assert.notEqual(again.kind === 'SSE-C' && again.verifier, rec.verifier);
  });
});
