/**
 * A low-privilege caller against what session 6 added (CloudTrail trails and LookupEvents, Shield
 * protections and attacks, S3 versioning, lifecycle, CORS and Block Public Access): names in another
 * case, forged ARNs (another account, region, path), ARNs smuggled into other members, omitted
 * members that default to the caller, NUL, forged pagination markers, one huge request. Each answer
 * is AWS's 4xx, decided on the canonical entity, never a 5xx.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CreateBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { createAccount } from '../../src/authz/bootstrap-account.js';
import { startTestServer, type TestServer } from '../helpers/rampart.js';
import { signedJson } from '../helpers/signed-fetch.js';
import { doc, userWithKey, type Creds } from './authz-support.js';
import { s3Client, s3Failure } from './s3-support.js';

const CT = 'com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101';
const SH = 'AWSShield_20160616';

describe('attacks on the session-6 surfaces: AWS 4xx, canonical entities, never 5xx', () => {
  let s: TestServer;
  let low: Creds;
  let other: Creds;
  let protectionId = '';
  const unexpected: string[] = [];
  before(async () => {
    s = await startTestServer({ log: (msg, err) => unexpected.push(`${msg} ${err instanceof Error ? err.stack : String(err)}`) });
    // The low user may read the event history, describe trails and list Shield protections, nothing else.
    low = await userWithKey(s, 'low6', { policy: doc({ Effect: 'Allow', Action: ['cloudtrail:LookupEvents', 'cloudtrail:DescribeTrails', 'shield:ListProtections'], Resource: '*' }) });
    const B = await createAccount(s.runtime.store, { now: Date.now() });
    other = { accessKeyId: B.accessKeyId, secretAccessKey: B.secretAccessKey };
    await call('shield', `${SH}.CreateSubscription`, {}, s.credentials);
    const alb = `arn:aws:elasticloadbalancing:us-east-1:${s.accountId}:loadbalancer/app/shop/0123456789abcdef`;
    protectionId = (await call('shield', `${SH}.CreateProtection`, { Name: 'Shop', ResourceArn: alb }, s.credentials)).json['ProtectionId'] as string;
    const s3 = s3Client(s);
    await s3.send(new CreateBucketCommand({ Bucket: 'trail-bucket-6' }));
    await s3.send(new PutObjectCommand({ Bucket: 'trail-bucket-6', Key: 'k', Body: 'v' }));
  });
  after(async () => {
    await s.close();
    assert.deepEqual(unexpected, [], 'no request failed unexpectedly on the server');
  });

  async function call(service: string, target: string, input: unknown, creds: Creds = low) {
    const r = await signedJson(s.url, target, input, { ...creds, service });
    assert.ok(r.status < 500, `${target} ${JSON.stringify(input).slice(0, 120)}: ${r.status} ${r.body.slice(0, 200)}`);
    const json = JSON.parse(r.body || '{}') as Record<string, unknown>;
    return { status: r.status, code: String(json['__type'] ?? '').replace(/^.*#/, ''), json };
  }

  it('CloudTrail: trails of another account or case name nothing; NUL, forged tokens and huge inputs are 4xx; the low user cannot make trails', async () => {
    assert.equal((await call('cloudtrail', `${CT}.CreateTrail`, { Name: 'Audit', S3BucketName: 'trail-bucket-6' })).code, 'AccessDeniedException');
    for (const name of ['audit', `arn:aws:cloudtrail:us-east-1:000000000000:trail/Audit`, `arn:aws:cloudtrail:eu-west-1:${s.accountId}:trail/Audit`, 'Au\u0000dit', 'x'.repeat(5000)]) {
      const r = await call('cloudtrail', `${CT}.GetTrail`, { Name: name }, s.credentials);
      assert.ok(r.status >= 400 && r.status < 500 && /TrailNotFound|InvalidTrailName|Validation|InvalidParameter|AccessDenied/.test(r.code), `${name.slice(0, 40)}: ${r.status} ${r.code}`);
    }
    const lookup = (input: object, creds: Creds = low) => call('cloudtrail', `${CT}.LookupEvents`, input, creds);
    assert.equal((await lookup({ NextToken: 'AAAAforged' })).code, 'InvalidNextTokenException');
    for (const bad of [
      { LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'x'.repeat(100_000) }] },
      { LookupAttributes: [{ AttributeKey: 'Nope', AttributeValue: 'x' }] },
      { MaxResults: 1_000_000_000 },
      { StartTime: 2_000_000_000, EndTime: 1_000_000_000 },
    ]) {
      const r = await lookup(bad);
      assert.ok(r.status >= 400 && r.status < 500, `${JSON.stringify(bad).slice(0, 80)}: ${r.status} ${r.code}`);
    }
    // A NUL in a looked-up value matches nothing (no event name holds one), and breaks nothing.
    const nul = await lookup({ LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'a\u0000b' }] });
    assert.equal(nul.status, 200);
    assert.deepEqual(nul.json['Events'], []);
    // The token of one caller's query does not page another account's history.
    const mine = await lookup({ MaxResults: 1 }, s.credentials);
    const token = mine.json['NextToken'];
    if (typeof token === 'string') assert.equal((await lookup({ MaxResults: 1, NextToken: token }, other)).code, 'InvalidNextTokenException');
    // Another account's history holds none of this account's calls.
    const theirs = await lookup({ LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'CreateProtection' }] }, other);
    assert.deepEqual(theirs.json['Events'], []);
  });

  it('Shield: a protection is acted on by its canonical id and ARN only; another account, case, NUL and forged tokens are 4xx', async () => {
    assert.equal((await call('shield', `${SH}.DescribeProtection`, { ProtectionId: protectionId })).code, 'AccessDeniedException');
    assert.equal((await call('shield', `${SH}.DescribeProtection`, { ProtectionId: protectionId }, other)).status >= 400, true);
    assert.notEqual((await call('shield', `${SH}.DeleteProtection`, { ProtectionId: protectionId }, other)).status, 200);
    const alb = `arn:aws:elasticloadbalancing:us-east-1:${s.accountId}:loadbalancer/app/shop/0123456789abcdef`;
    for (const arn of [alb.replace('/shop/', '/SHOP/'), alb.replace(`:${s.accountId}:`, ':000000000000:'), `${alb}\u0000`, `${alb}/../other`]) {
      const r = await call('shield', `${SH}.DescribeProtection`, { ResourceArn: arn }, s.credentials);
      assert.ok(r.status >= 400 && r.status < 500, `${arn}: ${r.status} ${r.code}`);
    }
    const foreign = await call('shield', `${SH}.CreateProtection`, { Name: 'theirs', ResourceArn: alb.replace(`:${s.accountId}:`, ':000000000000:') }, s.credentials);
    assert.equal(foreign.code, 'InvalidResourceException');
    const forged = await call('shield', `${SH}.ListAttacks`, { NextToken: 'forged-token', StartTime: { FromInclusive: 0 } }, s.credentials);
    assert.ok(forged.status >= 400 && forged.status < 500, `ListAttacks forged token: ${forged.status} ${forged.code}`);
    assert.equal((await call('shield', `${SH}.DescribeProtection`, { ProtectionId: protectionId }, s.credentials)).status, 200, 'the protection is still there');
  });

  it('S3: the low user cannot change lifecycle, versioning, CORS or Block Public Access; oversized configurations are 4xx', async () => {
    const { PutBucketCorsCommand, PutBucketLifecycleConfigurationCommand, PutBucketVersioningCommand, DeletePublicAccessBlockCommand, GetObjectCommand } = await import('@aws-sdk/client-s3');
    const lowS3 = s3Client(s, low);
    const Bucket = 'trail-bucket-6';
    for (const cmd of [
      new PutBucketVersioningCommand({ Bucket, VersioningConfiguration: { Status: 'Enabled' } }),
      new PutBucketLifecycleConfigurationCommand({ Bucket, LifecycleConfiguration: { Rules: [{ ID: 'x', Status: 'Enabled', Filter: { Prefix: '' }, Expiration: { Days: 1 } }] } }),
      new DeletePublicAccessBlockCommand({ Bucket }),
      new GetObjectCommand({ Bucket, Key: 'k', VersionId: 'forged-version-id' }),
    ]) {
      const e = await s3Failure(lowS3.send(cmd as never));
      assert.ok([400, 403].includes(e.$metadata.httpStatusCode ?? 0), `${cmd.constructor.name}: ${e.name}`);
    }
    const rules = Array.from({ length: 101 }, (_, i) => ({ ID: `r${i}`, AllowedMethods: ['GET'], AllowedOrigins: ['https://a.example'] }));
    const cors = await s3Failure(s3Client(s).send(new PutBucketCorsCommand({ Bucket, CORSConfiguration: { CORSRules: rules } })));
    assert.equal(cors.$metadata.httpStatusCode, 400);
    const lifecycle = Array.from({ length: 1001 }, (_, i) => ({ ID: `r${i}`, Status: 'Enabled' as const, Filter: { Prefix: `p${i}/` }, Expiration: { Days: 1 } }));
    const lc = await s3Failure(s3Client(s).send(new PutBucketLifecycleConfigurationCommand({ Bucket, LifecycleConfiguration: { Rules: lifecycle } })));
    assert.equal(lc.$metadata.httpStatusCode, 400);
  });
});
