import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { GuardDutyClient, ListDetectorsCommand } from '@aws-sdk/client-guardduty';
import { EventBridgeClient, ListRulesCommand } from '@aws-sdk/client-eventbridge';
import { GetBucketCorsCommand, S3Client } from '@aws-sdk/client-s3';
import { startTestServer, type TestServer } from '../helpers/rampart.js';

/**
 * Services whose handlers come in later issues: requests are still authenticated with the service's
 * error family, and operations answer as AWS answers one it does not know, in the service's protocol.
 */
describe('services spoken but not served yet', () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer();
  });
  after(async () => s.close());
  const opts = () => ({ endpoint: s.url, region: 'us-east-1', credentials: s.credentials, maxAttempts: 1 });
  const fail = (p: Promise<unknown>) => p.then(() => assert.fail('expected an error'), (e: unknown) => e as { name: string; $metadata: { httpStatusCode?: number } });

  it('EventBridge (awsJson 1.1): UnknownOperationException; a wrong secret gets the JSON family InvalidSignatureException', async () => {
    const e = await fail(new EventBridgeClient(opts()).send(new ListRulesCommand({})));
    assert.equal(e.name, 'UnknownOperationException');
    assert.equal(e.$metadata.httpStatusCode, 400);
    const bad = await fail(new EventBridgeClient({ ...opts(), credentials: { ...s.credentials, secretAccessKey: 'x'.repeat(40) } }).send(new ListRulesCommand({})));
    assert.equal(bad.name, 'InvalidSignatureException');
    const unknown = await fail(new EventBridgeClient({ ...opts(), credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'x' } }).send(new ListRulesCommand({})));
    assert.equal(unknown.name, 'UnrecognizedClientException');
  });

  it('GuardDuty (restJson1) and an S3 (restXml) operation not served yet answer in their own protocols, never 500', async () => {
    const gd = await fail(new GuardDutyClient(opts()).send(new ListDetectorsCommand({})));
    assert.equal(gd.name, 'UnknownOperationException');
    const s3 = await fail(new S3Client({ ...opts(), forcePathStyle: true }).send(new GetBucketCorsCommand({ Bucket: 'some-bucket' })));
    assert.ok(s3.$metadata.httpStatusCode! >= 400 && s3.$metadata.httpStatusCode! < 500, `S3 answered ${s3.$metadata.httpStatusCode}`);
  });

  it('health lists them with no operation served', async () => {
    const h = (await (await fetch(`${s.url}/_rampart/health`)).json()) as { services: Record<string, string[]> };
    assert.deepEqual(h.services['events'], []);
    assert.deepEqual(h.services['ec2'], []);
  });
});
