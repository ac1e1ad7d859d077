/**
 * Model-driven fuzzing of every served operation (IAM and STS) as every caller kind: inputs valid
 * by the model and near-valid ones, signed and sent to a real server. No answer may be a 5xx, and
 * every error must be AWS-shaped. Bounded for `npm test`; `FUZZ_REQUESTS=20000` for a long run,
 * `FUZZ_SEED` for another seed, `FUZZ_OPS=Op1,Op2` to narrow, `FUZZ_STORAGE=postgres` to run on
 * PostgreSQL (RAMPART_TEST_PG_URL), `FUZZ_TRACE=file` to log every request and answer as JSON lines
 * (see docs/testing.md).
 */
import assert from 'node:assert/strict';
import { appendFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { dropSchema, freshSchema, PG_URL, requirePostgres } from '../helpers/postgres.js';
import { implementedOperations } from '../../src/protocol/service-definition.js';
import { startTestServer, type TestServer } from '../helpers/rampart.js';
import { sts } from '../e2e/authz-support.js';
import { CALLER_KINDS, createCallers, createPool, replenishPool } from './fuzz-world.js';
import { formatFailure, formatReport, runModelFuzz, targets } from './model-fuzz-run.js';

// Deep enough to show where a server-side failure comes from (the server runs in this process).
Error.stackTraceLimit = 40;

const TOTAL = Number(process.env['FUZZ_REQUESTS'] ?? 2_000);
const SEED = Number(process.env['FUZZ_SEED'] ?? 20261201);
const ONLY = process.env['FUZZ_OPS']?.split(',').filter(Boolean);
const ON_POSTGRES = process.env['FUZZ_STORAGE'] === 'postgres';

describe(`fuzz: model-driven requests to every served operation as every caller (${ON_POSTGRES ? 'PostgreSQL' : 'SQLite'})`, () => {
  let s: TestServer;
  const serverErrors = new Map<string, string>();
  const schema = freshSchema('rampart_fuzz');
  before(async () => {
    const log = (msg: string, err?: unknown) => {
      const id = /^request (\S+) failed unexpectedly/.exec(msg)?.[1];
      if (id) serverErrors.set(id, err instanceof Error ? (err.stack ?? String(err)) : String(err));
    };
    if (ON_POSTGRES) await requirePostgres();
    const storage = ON_POSTGRES ? { storage: `${PG_URL}?schema=${schema}`, env: { ...process.env, RAMPART_MASTER_KEY: 'fuzz-master-key-0123456789abcdef0123456789' } } : {};
    s = await startTestServer({ log, ...storage });
  });
  after(async () => {
    await s?.close();
    if (ON_POSTGRES) await dropSchema(schema);
  });

  it(`answers ${TOTAL} generated requests without a 5xx, every error AWS-shaped`, { timeout: 30 * 60_000 }, async () => {
    const callers = await createCallers(s);
    const world = await createPool(s);
    // The services that serve operations in the protocol the generator writes (awsQuery: IAM's and
    // STS's); Organizations (awsJson) is not generated yet: its refusals are covered by test/e2e/organizations-api.test.ts.
    const served = s.runtime.services.filter((d) => implementedOperations(d).length > 0 && d.model.metadata.protocol === 'query');
    assert.deepEqual(served.map((d) => [d.name, d.model.metadata.protocol]).sort(), [['iam', 'query'], ['sts', 'query']]);
    const traceFile = process.env['FUZZ_TRACE'];
    const trace = traceFile ? (e: Record<string, unknown>) => appendFileSync(traceFile, `${JSON.stringify(e)}\n`) : undefined;
    const report = await runModelFuzz({ url: s.url, services: served, callers, world, total: TOTAL, seed: SEED, concurrency: 8, serverErrors, replenish: () => replenishPool(s), ...(ONLY ? { only: ONLY } : {}), ...(trace ? { trace } : {}) });
    console.log(formatReport(report, SEED));
    for (const f of report.failures.slice(0, 40)) console.log(formatFailure(f, SEED));
    assert.equal(report.requests, TOTAL);
    if (!ONLY && TOTAL >= targets(served, CALLER_KINDS, SEED).length) {
      assert.deepEqual(Object.keys(report.byCaller).sort(), [...CALLER_KINDS].sort(), 'every caller kind was used');
      assert.equal(Object.keys(report.byOperation).length, served.reduce((n, d) => n + implementedOperations(d).length, 0), 'every served operation was sent');
    }
    assert.equal(report.failures.length, 0, `${report.failures.length} refused answers (first ones printed above)`);
    const me = await sts(s).send(new GetCallerIdentityCommand({}));
    assert.equal(me.Account, s.accountId, 'the server still serves after the run');
  });
});
