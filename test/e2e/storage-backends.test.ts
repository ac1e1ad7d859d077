import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { startTestServer, type TestServer } from '../helpers/rampart.js';
import { dropSchema, freshSchema, PG_URL, pgQuery, requirePostgres } from '../helpers/postgres.js';

const whoAmI = (s: TestServer) => new STSClient({ endpoint: s.url, region: 'us-east-1', credentials: s.credentials }).send(new GetCallerIdentityCommand({}));

describe('the server on SQLite keeps no secret in clear', () => {
  it('a grep of the data dir for the root secret access key finds nothing', async () => {
    const s = await startTestServer();
    try {
      assert.equal((await whoAmI(s)).Account, s.accountId);
      const secret = Buffer.from(s.credentials.secretAccessKey);
      for (const f of readdirSync(s.dataDir)) {
        if (f === 'master.key') continue;
        assert.equal(readFileSync(join(s.dataDir, f)).indexOf(secret), -1, `secret found in ${f}`);
      }
    } finally {
      await s.close();
    }
  });
});

describe('the server on PostgreSQL', () => {
  const schema = freshSchema();
  const env = { ...process.env, RAMPART_MASTER_KEY: 'test-master-key-0123456789abcdef0123456789' };
  let s: TestServer;
  before(async () => {
    await requirePostgres();
    s = await startTestServer({ storage: `${PG_URL}?schema=${schema}`, env });
  });
  after(async () => {
    await s?.close();
    await dropSchema(schema);
  });

  it('serves GetCallerIdentity for the root key it created', async () => {
    const out = await whoAmI(s);
    assert.equal(out.Arn, `arn:aws:iam::${s.accountId}:root`);
    const health = (await (await fetch(`${s.url}/_rampart/health`)).json()) as { storage: string };
    assert.equal(health.storage, 'postgres');
  });

  it('a dump of every row of the schema holds no secret in clear', async () => {
    const tables = await pgQuery<{ table_name: string }>('SELECT table_name FROM information_schema.tables WHERE table_schema = $1', [schema]);
    assert.ok(tables.length > 0);
    for (const { table_name } of tables) {
      const rows = await pgQuery(`SELECT * FROM "${schema}"."${table_name}"`);
      assert.ok(!JSON.stringify(rows).includes(s.credentials.secretAccessKey), `secret found in ${table_name}`);
    }
  });

  it('refuses to start without RAMPART_MASTER_KEY', async () => {
    const { RAMPART_MASTER_KEY: _omit, ...noKey } = env;
    await assert.rejects(startTestServer({ storage: `${PG_URL}?schema=${schema}`, env: noKey }), /RAMPART_MASTER_KEY is required/);
  });
});
