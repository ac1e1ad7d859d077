/**
 * A low-privilege caller against what session 5 added (KMS grants, asymmetric keys, rotation,
 * imported material, multi-Region keys, AWS managed keys; S3; WAFv2): names in another case, forged
 * ARNs (another account, region or id), ARNs smuggled into other members, omitted members that
 * default to the caller, NUL, forged pagination markers, one huge request. Each answer is AWS's 4xx,
 * decided on the canonical entity, never a 5xx.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CreateAliasCommand, CreateGrantCommand, CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { createAccount } from '../../src/authz/bootstrap-account.js';
import { startTestServer, type TestServer } from '../helpers/rampart.js';
import { signedJson } from '../helpers/signed-fetch.js';
import { doc, userWithKey, type Creds } from './authz-support.js';
import { s3Client } from './s3-support.js';

describe('attacks on the session-5 surfaces: AWS 4xx, canonical entities, never 5xx', () => {
  let s: TestServer;
  let low: Creds;
  let keyId: string;
  let keyArn: string;
  let otherAccountKeyArn: string;
  const unexpected: string[] = [];
  before(async () => {
    s = await startTestServer({ log: (msg, err) => unexpected.push(`${msg} ${err instanceof Error ? err.stack : String(err)}`) });
    // The low user may only describe keys and list grants, and read one S3 prefix.
    low = await userWithKey(s, 'low', { policy: doc({ Effect: 'Allow', Action: ['kms:DescribeKey', 'kms:ListGrants', 'wafv2:ListIPSets'], Resource: '*' }, { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::shared/public/*' }) });
    const kms = new KMSClient({ endpoint: s.url, region: 'us-east-1', credentials: s.credentials, maxAttempts: 1 });
    const k = (await kms.send(new CreateKeyCommand({ MultiRegion: true }))).KeyMetadata!;
    keyId = k.KeyId!;
    keyArn = k.Arn!;
    await kms.send(new CreateAliasCommand({ AliasName: 'alias/Secret', TargetKeyId: keyId }));
    const B = await createAccount(s.runtime.store, { now: Date.now() });
    const kmsB = new KMSClient({ endpoint: s.url, region: 'us-east-1', credentials: { accessKeyId: B.accessKeyId, secretAccessKey: B.secretAccessKey }, maxAttempts: 1 });
    otherAccountKeyArn = (await kmsB.send(new CreateKeyCommand({}))).KeyMetadata!.Arn!;
    const s3 = s3Client(s);
    await s3.send(new CreateBucketCommand({ Bucket: 'shared' }));
    await s3.send(new PutObjectCommand({ Bucket: 'shared', Key: 'public/ok', Body: 'ok' }));
    await s3.send(new PutObjectCommand({ Bucket: 'shared', Key: 'private/secret', Body: 'secret' }));
  });
  after(async () => {
    await s.close();
    assert.deepEqual(unexpected, [], 'no request failed unexpectedly on the server');
  });

  const call = async (service: string, target: string, input: unknown, creds: Creds = low) => {
    const r = await signedJson(s.url, target, input, { ...creds, service });
    const body = JSON.parse(r.body || '{}') as { __type?: string; message?: string; Message?: string };
    assert.ok(r.status < 500, `${target} ${JSON.stringify(input).slice(0, 120)}: ${r.status} ${r.body.slice(0, 200)}`);
    return { status: r.status, code: (body.__type ?? '').replace(/^.*#/, ''), message: body.message ?? body.Message ?? '', body: r.body };
  };
  const kmsCall = (op: string, input: unknown, creds?: Creds) => call('kms', `TrentService.${op}`, input, creds);

  it('KMS: an alias in another case names nothing; forged ARNs name nothing of the caller; the low user cannot act beyond its policy', async () => {
    assert.equal((await kmsCall('DescribeKey', { KeyId: 'alias/secret' })).code, 'NotFoundException');
    assert.equal((await kmsCall('DescribeKey', { KeyId: 'alias/Secret' })).status, 200);
    for (const forged of [keyArn.replace(':us-east-1:', ':eu-west-1:'), keyArn.replace(/:\d{12}:/, ':000000000000:'), keyArn.toUpperCase(), `${keyArn}/x`, keyId.toUpperCase()]) {
      const r = await kmsCall('Encrypt', { KeyId: forged, Plaintext: Buffer.from('x').toString('base64') });
      assert.ok([400, 403].includes(r.status) && r.code !== 'InternalFailure', `${forged}: ${r.status} ${r.code}`);
    }
    // Another account's key, named by ARN: the key policy of that account decides (it names only its owner).
    const other = await kmsCall('Encrypt', { KeyId: otherAccountKeyArn, Plaintext: Buffer.from('x').toString('base64') });
    assert.equal(other.code, 'AccessDeniedException');
    assert.match(other.message, new RegExp(`on resource: ${otherAccountKeyArn.replace(/[/.]/g, '\\$&')}`));
  });

  it('KMS grants: an alias smuggled into CreateGrant KeyId, a grant to oneself, tokens and markers forged, NUL', async () => {
    assert.equal((await kmsCall('CreateGrant', { KeyId: 'alias/Secret', GranteePrincipal: `arn:aws:iam::${s.accountId}:user/low`, Operations: ['Decrypt'] }, s.credentials)).code, 'NotFoundException');
    // The low user cannot grant itself anything (kms:CreateGrant is not in its policy), whatever it names.
    const self = await kmsCall('CreateGrant', { KeyId: keyId, GranteePrincipal: `arn:aws:iam::${s.accountId}:user/low`, Operations: ['Decrypt'] });
    assert.equal(self.code, 'AccessDeniedException');
    assert.match(self.message, new RegExp(`kms:CreateGrant on resource: ${keyArn.replace(/[/.]/g, '\\$&')}`));
    for (const token of ['x', 'A'.repeat(8192), `${'a'.repeat(40)}\u0000`, Buffer.alloc(200, 7).toString('base64url')]) {
      assert.equal((await kmsCall('Decrypt', { CiphertextBlob: Buffer.alloc(80).toString('base64'), GrantTokens: [token] })).code, 'InvalidGrantTokenException');
    }
    for (const marker of ['not-a-grant', '\u0000', 'f'.repeat(64), 'x'.repeat(1024)]) {
      const r = await kmsCall('ListGrants', { KeyId: keyId, Marker: marker });
      assert.ok([200, 400].includes(r.status), `${marker.slice(0, 8)}: ${r.status} ${r.code}`);
    }
    const kms = new KMSClient({ endpoint: s.url, region: 'us-east-1', credentials: s.credentials, maxAttempts: 1 });
    await kms.send(new CreateGrantCommand({ KeyId: keyId, GranteePrincipal: `arn:aws:iam::${s.accountId}:user/low`, Operations: ['DescribeKey'] }));
    // Grants to a wildcard or to a forged principal are refused.
    for (const p of ['*', 'arn:aws:iam::*:root', `arn:aws:iam::${s.accountId}:user/low\u0000x`, 'x'.repeat(5000)]) {
      const r = await kmsCall('CreateGrant', { KeyId: keyId, GranteePrincipal: p, Operations: ['Decrypt'] }, s.credentials);
      assert.equal(r.status, 400, `${p.slice(0, 30)}: ${r.code}`);
    }
  });

  it('KMS: AWS managed aliases, omitted members, one huge request', async () => {
    // A low caller cannot make an AWS managed key usable to itself, nor create one under another service name.
    const r = await kmsCall('Encrypt', { KeyId: 'alias/aws/s3', Plaintext: Buffer.from('x').toString('base64') });
    assert.equal(r.code, 'AccessDeniedException');
    assert.equal((await kmsCall('CreateAlias', { AliasName: 'alias/aws/s3', TargetKeyId: keyId }, s.credentials)).status, 400);
    assert.equal((await kmsCall('ListGrants', {})).status, 400, 'KeyId is required, not the caller');
    assert.equal((await kmsCall('GetKeyRotationStatus', {})).status, 400);
    const huge = await kmsCall('Encrypt', { KeyId: keyId, Plaintext: Buffer.alloc(4097).toString('base64') }, s.credentials);
    assert.equal(huge.code, 'ValidationException');
    const sign = await kmsCall('Sign', { KeyId: keyId, Message: Buffer.alloc(4097).toString('base64'), SigningAlgorithm: 'ECDSA_SHA_256' }, s.credentials);
    assert.equal(sign.status, 400);
  });

  it('S3: the bucket in another case, a key outside the allowed prefix, encoded traversal, NUL, forged tokens', async () => {
    const lowS3 = new S3Client({ endpoint: s.url, region: 'us-east-1', credentials: low, forcePathStyle: true, maxAttempts: 1 });
    const get = async (Bucket: string, Key: string) => lowS3.send(new (await import('@aws-sdk/client-s3')).GetObjectCommand({ Bucket, Key })).then((o) => ({ status: 200, body: o.Body }), (e: { name?: string; $metadata?: { httpStatusCode?: number } }) => ({ status: e.$metadata?.httpStatusCode ?? 0, name: e.name }));
    assert.equal((await get('shared', 'public/ok')).status, 200);
    for (const key of ['private/secret', 'public/../private/secret', 'public/%2e%2e/private/secret', 'PUBLIC/ok', 'public/ok\u0000']) {
      const r = await get('shared', key);
      assert.ok(r.status === 403 || r.status === 400 || r.status === 404, `${key}: ${r.status}`);
    }
    assert.equal((await get('SHARED', 'public/ok')).status >= 400, true);
    for (const token of ['forged', '\u0000', 'A'.repeat(5000)]) {
      const r = await fetch(`${s.url}/shared?list-type=2&continuation-token=${encodeURIComponent(token)}`);
      assert.ok(r.status < 500, `token ${token.slice(0, 8)}: ${r.status}`);
    }
  });

  it('WAFv2: forged markers, names with NUL or in another case, another account\'s ARNs in references', async () => {
    const waf = (op: string, input: unknown, creds: Creds = s.credentials) => call('wafv2', `AWSWAF_20190729.${op}`, input, creds);
    const created = await waf('CreateIPSet', { Name: 'Blocked', Scope: 'REGIONAL', IPAddressVersion: 'IPV4', Addresses: ['10.0.0.0/8'] });
    assert.equal(created.status, 200);
    const set = (JSON.parse(created.body) as { Summary: { ARN: string; Id: string } }).Summary;
    for (const marker of ['forged', '\u0000', 'x'.repeat(2000)]) assert.ok((await waf('ListIPSets', { Scope: 'REGIONAL', NextMarker: marker }, low)).status < 500);
    assert.equal((await waf('CreateIPSet', { Name: 'bad\u0000name', Scope: 'REGIONAL', IPAddressVersion: 'IPV4', Addresses: [] })).status, 400);
    assert.equal((await waf('GetIPSet', { Name: 'blocked', Scope: 'REGIONAL', Id: set.Id })).code, 'WAFNonexistentItemException');
    assert.equal((await waf('GetIPSet', { Name: 'Blocked', Scope: 'REGIONAL', Id: set.Id }, low)).code, 'AccessDeniedException');
    const foreign = set.ARN.replace(/:\d{12}:/, ':000000000000:');
    const acl = await waf('CreateWebACL', {
      Name: 'acl', Scope: 'REGIONAL', DefaultAction: { Allow: {} }, VisibilityConfig: { SampledRequestsEnabled: false, CloudWatchMetricsEnabled: false, MetricName: 'acl' },
      Rules: [{ Name: 'r', Priority: 0, Action: { Block: {} }, Statement: { IPSetReferenceStatement: { ARN: foreign } }, VisibilityConfig: { SampledRequestsEnabled: false, CloudWatchMetricsEnabled: false, MetricName: 'r' } }],
    });
    assert.equal(acl.status, 400, `a reference to another account's IP set: ${acl.code}`);
  });
});
