import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { startTestServer, type TestServer } from '../helpers/rampart.js';
import { dropSchema, freshSchema, PG_URL, requirePostgres } from '../helpers/postgres.js';

const MASTER = { ...process.env, RAMPART_MASTER_KEY: 'reset-test-master-key-0123456789abcdef' };
const whoAmI = (s: TestServer, creds = s.credentials) => new STSClient({ endpoint: s.url, region: 'us-east-1', credentials: creds, maxAttempts: 1 }).send(new GetCallerIdentityCommand({}));
const ACCOUNT: { kind: 'account'; accountId: string } = { kind: 'account', accountId: '' };

/** Writes items into tables of services that do not exist yet: reset must not need to know them. */
async function fillState(s: TestServer, n: number) {
  const scope = { ...ACCOUNT, accountId: s.accountId };
  await s.runtime.store.transaction(async (tx) => {
    for (let i = 0; i < n; i++) {
      await tx.put('iam.users', scope, `user-${i}`, { UserName: `user-${i}` });
      await tx.put('kms.keys', { kind: 'region', accountId: s.accountId, region: 'eu-west-1' }, `key-${i}`, { i });
    }
  });
}

for (const backend of ['sqlite', 'postgres'] as const) {
  describe(`POST /_rampart/reset on ${backend}`, () => {
    const schema = freshSchema('rampart_reset');
    const servers: TestServer[] = [];
    const start = async (dev: boolean, dataDir?: string) => {
      if (backend === 'postgres') await requirePostgres();
      const s = await startTestServer({ dev, ...(dataDir ? { dataDir } : {}), ...(backend === 'postgres' ? { storage: `${PG_URL}?schema=${schema}`, env: MASTER } : {}) });
      servers.push(s);
      return s;
    };
    after(async () => {
      for (const s of servers) await s.close().catch(() => {});
      if (backend === 'postgres') await dropSchema(schema);
    });

    it('puts the state back to the first start: tables empty, same account and root key, test/test still accepted', async () => {
      const s = await start(true);
      await fillState(s, 50);
      assert.equal(await s.runtime.store.count('iam.users', { ...ACCOUNT, accountId: s.accountId }), 50);
      const res = await fetch(`${s.url}/_rampart/reset`, { method: 'POST' });
      assert.equal(res.status, 200);
      const body = (await res.json()) as { reset: boolean; accountId: string; ms: number };
      assert.equal(body.reset, true);
      assert.equal(body.accountId, s.accountId);
      assert.equal(await s.runtime.store.count('iam.users', { ...ACCOUNT, accountId: s.accountId }), 0);
      assert.equal(await s.runtime.store.count('kms.keys', { kind: 'region', accountId: s.accountId, region: 'eu-west-1' }), 0);
      assert.equal((await whoAmI(s)).Account, s.accountId, 'the root key still works');
      assert.equal((await whoAmI(s, { accessKeyId: 'test', secretAccessKey: 'test' })).Account, s.accountId, 'test/test still works');
      await s.close();
    });

    it('answers 404 without --dev and changes nothing', async () => {
      const s = await start(false);
      await fillState(s, 3);
      const res = await fetch(`${s.url}/_rampart/reset`, { method: 'POST' });
      assert.equal(res.status, 404);
      assert.equal(await s.runtime.store.count('iam.users', { ...ACCOUNT, accountId: s.accountId }), 3);
      await s.close();
    });
  });
}

for (const backend of ['sqlite', 'postgres'] as const) {
  describe(`--account-id on ${backend}`, () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'rampart-acct-'));
    const schema = freshSchema('rampart_acct');
    const where = () => (backend === 'postgres' ? { storage: `${PG_URL}?schema=${schema}`, env: MASTER } : { dataDir });
    after(async () => {
      rmSync(dataDir, { recursive: true, force: true });
      if (backend === 'postgres') await dropSchema(schema);
    });

    it('is honoured on first start and kept afterwards', async () => {
      if (backend === 'postgres') await requirePostgres();
      const s = await startTestServer({ ...where(), accountId: '123456789012' });
      assert.equal((await whoAmI(s)).Account, '123456789012');
      await s.close();
      const again = await startTestServer({ ...where(), accountId: '123456789012' });
      assert.equal(again.accountId, '123456789012');
      await again.close();
      const unnamed = await startTestServer(where());
      assert.equal(unnamed.accountId, '123456789012', 'without --account-id the stored account is used');
      await unnamed.close();
    });

    it('refuses a different id for existing state, naming the stored one', async () => {
      await assert.rejects(startTestServer({ ...where(), accountId: '210987654321' }), /belongs to account 123456789012; it cannot be started as 210987654321/);
    });

    it('refuses anything but 12 digits', async () => {
      for (const bad of ['12345', '1234567890123', 'abcdefghijkl', '12345678901a']) {
        await assert.rejects(startTestServer({ ...where(), accountId: bad }), /exactly 12 digits/);
      }
    });
  });
}
