import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { runCli, startCli } from '../helpers/spawn-cli.js';

describe('rampart start / rampart credentials', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'rampart-cli-'));
  after(() => rmSync(dataDir, { recursive: true, force: true }));
  let printed: { accessKeyId: string; secretAccessKey: string; accountId: string } | undefined;

  it('first start creates the account and prints the root key once, with export lines and a profile', async () => {
    const srv = await startCli(['--port', '0', '--data-dir', dataDir]);
    const out = srv.stdout();
    const id = /export AWS_ACCESS_KEY_ID=(AKIA[A-Z2-7]{16})/.exec(out)?.[1];
    const secret = /export AWS_SECRET_ACCESS_KEY=(\S{40})/.exec(out)?.[1];
    const account = /Root user of account (\d{12})/.exec(out)?.[1];
    assert.ok(id && secret && account, out);
    assert.match(out, /\[profile rampart\]\n\s+region = us-east-1\n\s+endpoint_url = http:\/\/127\.0\.0\.1:\d+/);
    printed = { accessKeyId: id, secretAccessKey: secret, accountId: account };

    const health = (await (await fetch(`${srv.url}/_rampart/health`)).json()) as { version: string; storage: string; services: Record<string, string[]> };
    assert.equal(health.storage, 'sqlite');
    assert.match(health.version, /^\d+\.\d+\.\d+/);
    assert.ok(health.services['sts']?.includes('GetCallerIdentity'));
    assert.ok(!health.services['sts']?.includes('AssumeRoot'), 'only implemented operations are listed');

    const who = await new STSClient({ endpoint: srv.url, region: 'us-east-1', credentials: printed }).send(new GetCallerIdentityCommand({}));
    assert.equal(who.Account, account);
    assert.equal(await srv.stop('SIGTERM'), 0, 'clean shutdown on SIGTERM');
    assert.equal(statSync(join(dataDir, 'master.key')).mode & 0o077, 0, 'master key readable by its owner only');
  });

  it('a second start keeps the account and does not print the secret again', async () => {
    const srv = await startCli(['--port', '0', '--data-dir', dataDir]);
    assert.ok(printed);
    assert.ok(!srv.stdout().includes(printed.secretAccessKey));
    assert.match(srv.stdout(), new RegExp(`Account ${printed.accountId}`));
    assert.equal(await srv.stop('SIGINT'), 0, 'clean shutdown on SIGINT');
  });

  it('rampart credentials prints the same key again', () => {
    const r = runCli(['credentials', '--data-dir', dataDir]);
    assert.equal(r.status, 0, r.stderr);
    assert.ok(printed);
    assert.ok(r.stdout.includes(`export AWS_ACCESS_KEY_ID=${printed.accessKeyId}`));
    assert.ok(r.stdout.includes(`export AWS_SECRET_ACCESS_KEY=${printed.secretAccessKey}`));
  });

  it('rejects bad options with the usage text', () => {
    const r = runCli(['start', '--port', 'abc', '--data-dir', dataDir]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /--port must be a number/);
    const u = runCli(['start', '--bogus']);
    assert.notEqual(u.status, 0);
    assert.match(u.stderr, /Usage: rampart start/);
  });

  it('--dev refuses a non-loopback host', () => {
    const r = runCli(['start', '--dev', '--host', '0.0.0.0', '--port', '0', '--data-dir', dataDir]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /non-loopback/);
  });
});
