/**
 * The HTTPS listener (`--https-port`): a local CA kept in the store issues the server certificate,
 * clients trusting `<dataDir>/tls/ca.pem` (SDK with its CA, AWS CLI with AWS_CA_BUNDLE) connect,
 * clients that do not are refused by their TLS check, aws:SecureTransport is true over HTTPS and
 * false over HTTP (the course's "deny unless SecureTransport" policy), the CA survives a restart,
 * and plain HTTP sent to the TLS port does not disturb the server.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Agent } from 'node:https';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { IAMClient, ListUsersCommand } from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { awsEnv, startTestServer, type TestServer } from '../helpers/rampart.js';
import { failure, run, userWithKey, type Creds } from './authz-support.js';

const dataDir = mkdtempSync(join(tmpdir(), 'rampart-https-'));
let s: TestServer;
let ca: string;
before(async () => {
  s = await startTestServer({ dataDir, httpsPort: 0 });
  ca = readFileSync(s.runtime.caPath!, 'utf8');
});
after(async () => {
  await s.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const httpsIam = (creds: Creds) => new IAMClient({ endpoint: s.runtime.httpsUrl, region: 'us-east-1', credentials: creds, maxAttempts: 1, requestHandler: { httpsAgent: new Agent({ ca }) } });

describe('HTTPS listener', () => {
  it('serves the API over TLS under the local CA, whose certificate is written to the data dir', async () => {
    assert.match(s.runtime.httpsUrl!, /^https:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(s.runtime.caPath, join(dataDir, 'tls', 'ca.pem'));
    const sts = new STSClient({ endpoint: s.runtime.httpsUrl, region: 'us-east-1', credentials: s.credentials, maxAttempts: 1, requestHandler: { httpsAgent: new Agent({ ca }) } });
    assert.equal((await sts.send(new GetCallerIdentityCommand({}))).Account, s.accountId);
    const untrusting = new STSClient({ endpoint: s.runtime.httpsUrl, region: 'us-east-1', credentials: s.credentials, maxAttempts: 1 });
    await assert.rejects(untrusting.send(new GetCallerIdentityCommand({})), /self[- ]signed|unable to (get|verify)|certificate/i);
  });

  it('aws:SecureTransport: a "deny unless SecureTransport" policy refuses HTTP and allows HTTPS', async () => {
    const policy = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: 'iam:ListUsers', Resource: '*' },
        { Effect: 'Deny', Action: '*', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
      ],
    });
    const creds = await userWithKey(s, 'tls-only', { policy });
    const overHttp = new IAMClient({ endpoint: s.url, region: 'us-east-1', credentials: creds, maxAttempts: 1 });
    const e = await failure(overHttp.send(new ListUsersCommand({})));
    assert.equal(e.name, 'AccessDenied');
    assert.match(e.message, /with an explicit deny in an identity-based policy/);
    const users = await httpsIam(creds).send(new ListUsersCommand({}));
    assert.ok(users.Users!.some((u) => u.UserName === 'tls-only'));
  });

  it('the AWS CLI connects with AWS_CA_BUNDLE and refuses without it', async () => {
    const env = { ...awsEnv(s), AWS_ENDPOINT_URL: s.runtime.httpsUrl! };
    const trusted = await run('aws', ['--endpoint-url', s.runtime.httpsUrl!, 'sts', 'get-caller-identity', '--output', 'json'], { ...env, AWS_CA_BUNDLE: s.runtime.caPath! });
    assert.equal(trusted.status, 0, trusted.stderr);
    assert.equal((JSON.parse(trusted.stdout) as { Account: string }).Account, s.accountId);
    const refused = await run('aws', ['--endpoint-url', s.runtime.httpsUrl!, 'sts', 'get-caller-identity'], env);
    assert.notEqual(refused.status, 0);
    assert.match(refused.stderr, /SSL|certificate/i);
  });

  it('plain HTTP on the TLS port is dropped without harm', async () => {
    const port = Number(new URL(s.runtime.httpsUrl!).port);
    await new Promise<void>((resolve) => {
      const sock = connect(port, '127.0.0.1', () => sock.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n'));
      sock.on('close', () => resolve());
      sock.on('error', () => resolve());
      sock.resume();
    });
    assert.ok((await httpsIam(s.credentials).send(new ListUsersCommand({}))).Users);
  });

  it('keeps its CA across a restart (clients need not trust a new one)', async () => {
    await s.close();
    s = await startTestServer({ dataDir, httpsPort: 0 });
    assert.ok(existsSync(s.runtime.caPath!));
    assert.equal(readFileSync(s.runtime.caPath!, 'utf8'), ca);
    assert.ok((await httpsIam(s.credentials).send(new ListUsersCommand({}))).Users);
  });
});
