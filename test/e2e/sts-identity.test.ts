import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { GetCallerIdentityCommand, STSClient, STSServiceException } from '@aws-sdk/client-sts';
import { startTestServer, type TestServer } from '../helpers/rampart.js';
import { rawRequest } from '../helpers/raw-http.js';
import { signedQuery, xmlValue } from '../helpers/signed-fetch.js';

const GCI = { Action: 'GetCallerIdentity', Version: '2011-06-15' };

describe('STS GetCallerIdentity through @aws-sdk/client-sts', () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer();
  });
  after(async () => s.close());

  const client = (creds: { accessKeyId: string; secretAccessKey: string }) =>
    new STSClient({ endpoint: s.url, region: 'us-east-1', credentials: creds, maxAttempts: 1 });

  it('returns the root identity of the default account', async () => {
    const out = await client(s.credentials).send(new GetCallerIdentityCommand({}));
    assert.equal(out.Account, s.accountId);
    assert.equal(out.Arn, `arn:aws:iam::${s.accountId}:root`);
    assert.equal(out.UserId, s.accountId);
    assert.match(out.$metadata.requestId ?? '', /^[0-9a-f-]{36}$/);
  });

  it('a wrong secret gives SignatureDoesNotMatch (403)', async () => {
    const err = await client({ ...s.credentials, secretAccessKey: 'x'.repeat(40) }).send(new GetCallerIdentityCommand({})).catch((e: unknown) => e);
    assert.ok(err instanceof STSServiceException);
    assert.equal(err.name, 'SignatureDoesNotMatch');
    assert.equal(err.$metadata.httpStatusCode, 403);
    assert.match(err.message, /^The request signature we calculated does not match the signature you provided/);
  });

  it('an unknown access key gives InvalidClientTokenId (403)', async () => {
    const err = await client({ accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: s.credentials.secretAccessKey }).send(new GetCallerIdentityCommand({})).catch((e: unknown) => e);
    assert.ok(err instanceof STSServiceException);
    assert.equal(err.name, 'InvalidClientTokenId');
    assert.equal(err.$metadata.httpStatusCode, 403);
    assert.equal(err.message, 'The security token included in the request is invalid.');
  });

  it('a request dated 16 minutes ago gets the skew error with AWS status and body', async () => {
    const date = new Date(Date.now() - 16 * 60 * 1000);
    const r = await signedQuery(s.url, GCI, { ...s.credentials, date });
    assert.equal(r.status, 403);
    assert.equal(xmlValue(r.body, 'Code'), 'SignatureDoesNotMatch');
    assert.equal(xmlValue(r.body, 'Type'), 'Sender');
    assert.match(xmlValue(r.body, 'Message') ?? '', /^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 15 min\.\)$/);
    assert.match(r.body, /^<ErrorResponse xmlns="https:\/\/sts\.amazonaws\.com\/doc\/2011-06-15\/"><Error>/);
    assert.match(xmlValue(r.body, 'RequestId') ?? '', /^[0-9a-f-]{36}$/);
  });

  it('an unsigned request gets MissingAuthenticationToken', async () => {
    const body = new URLSearchParams(GCI).toString();
    for (const host of ['sts.amazonaws.com', '127.0.0.1']) {
      const raw = Buffer.from(`POST / HTTP/1.1\r\nhost: ${host}\r\ncontent-type: application/x-www-form-urlencoded\r\ncontent-length: ${body.length}\r\nconnection: close\r\n\r\n${body}`);
      const res = await rawRequest(s.runtime.port, raw);
      assert.equal(res.status, 403, host);
      assert.equal(xmlValue(res.body, 'Code'), 'MissingAuthenticationToken', host);
      assert.equal(xmlValue(res.body, 'Message'), 'Request is missing Authentication Token', host);
    }
  });

  it('an operation Rampart does not serve yet answers like an unknown one, not 500', async () => {
    const r = await signedQuery(s.url, { Action: 'GetDelegatedAccessToken', Version: '2011-06-15', TradeInToken: 'x'.repeat(40) }, s.credentials);
    assert.equal(r.status, 400);
    assert.equal(xmlValue(r.body, 'Code'), 'InvalidAction');
  });

  it('records one audit event per request, without secrets', async () => {
    await client(s.credentials).send(new GetCallerIdentityCommand({}));
    const last = s.runtime.audit.recent().at(-1);
    assert.ok(last);
    assert.equal(last.service, 'sts');
    assert.equal(last.operation, 'GetCallerIdentity');
    assert.equal(last.outcome, 'success');
    assert.equal(last.principal?.arn, `arn:aws:iam::${s.accountId}:root`);
    assert.equal(last.principal?.accessKeyId, s.credentials.accessKeyId);
    assert.equal(last.sourceIp.includes('127.0.0.1'), true);
    assert.match(last.userAgent ?? '', /aws-sdk-js/);
    assert.ok(!JSON.stringify(s.runtime.audit.recent()).includes(s.credentials.secretAccessKey));
  });
});

describe('--dev mode', () => {
  it('accepts test/test as the default account root', async () => {
    const s = await startTestServer({ dev: true });
    try {
      const out = await new STSClient({ endpoint: s.url, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } }).send(new GetCallerIdentityCommand({}));
      assert.equal(out.Account, s.accountId);
    } finally {
      await s.close();
    }
  });

  it('refuses a non-loopback host', async () => {
    await assert.rejects(startTestServer({ dev: true, host: '0.0.0.0' }), /non-loopback/);
  });

  it('without --dev, test/test is an unknown key', async () => {
    const s = await startTestServer();
    try {
      const r = await signedQuery(s.url, GCI, { accessKeyId: 'test', secretAccessKey: 'test' });
      assert.equal(xmlValue(r.body, 'Code'), 'InvalidClientTokenId');
    } finally {
      await s.close();
    }
  });
});
