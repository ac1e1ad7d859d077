/**
 * Model-driven fuzzing of every served operation as every caller kind: IAM and STS (awsQuery) as the
 * six IAM caller kinds, Organizations (awsJson) as the management account's root user, a member
 * account's root user, an IAM user and anonymous; inputs valid by the model and near-valid ones,
 * signed and sent to a real server. No answer may be a 5xx, and every error must be AWS-shaped.
 * Bounded for `npm test` (1,000 awsQuery and 1,000 awsJson requests); `FUZZ_REQUESTS=20000` and
 * `FUZZ_JSON_REQUESTS=20000` for long runs, `FUZZ_SEED` for another seed, `FUZZ_OPS=Op1,Op2` to
 * narrow, `FUZZ_STORAGE=postgres` to run on PostgreSQL (RAMPART_TEST_PG_URL), `FUZZ_TRACE=file` to
 * log every request and answer as JSON lines (see docs/testing.md).
 */
import assert from 'node:assert/strict';
import { appendFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { DescribeOrganizationCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { dropSchema, freshSchema, PG_URL, requirePostgres } from '../helpers/postgres.js';
import { implementedOperations, type ServiceDefinition } from '../../src/protocol/service-definition.js';
import { startTestServer, type TestServer } from '../helpers/rampart.js';
import { sts, type Creds } from '../e2e/authz-support.js';
import type { FuzzWorld } from './fuzz-values.js';
import { CALLER_KINDS, createCallers, createPool, replenishPool } from './fuzz-world.js';
import { formatFailure, formatReport, runModelFuzz, targets, type FuzzReport } from './model-fuzz-run.js';
import { createOrgWorld, harvestOrgIds, ORG_CALLER_KINDS, orgSemantic, replenishOrg } from './org-world.js';

// Deep enough to show where a server-side failure comes from (the server runs in this process).
Error.stackTraceLimit = 40;

const QUERY_TOTAL = Number(process.env['FUZZ_REQUESTS'] ?? 1_000);
const JSON_TOTAL = Number(process.env['FUZZ_JSON_REQUESTS'] ?? 1_000);
const SEED = Number(process.env['FUZZ_SEED'] ?? 20261201);
const ONLY = process.env['FUZZ_OPS']?.split(',').filter(Boolean);
const ON_POSTGRES = process.env['FUZZ_STORAGE'] === 'postgres';

describe(`fuzz: model-driven requests to every served operation as every caller (${ON_POSTGRES ? 'PostgreSQL' : 'SQLite'})`, () => {
  let s: TestServer;
  const serverErrors = new Map<string, string>();
  const schema = freshSchema('rampart_fuzz');
  let callers: Record<(typeof CALLER_KINDS)[number], Creds>;
  let world: FuzzWorld;
  let served: ServiceDefinition[];
  const traceFile = process.env['FUZZ_TRACE'];
  const trace = traceFile ? (e: Record<string, unknown>) => appendFileSync(traceFile, `${JSON.stringify(e)}\n`) : undefined;
  before(async () => {
    const log = (msg: string, err?: unknown) => {
      const id = /^request (\S+) failed unexpectedly/.exec(msg)?.[1];
      if (id) serverErrors.set(id, err instanceof Error ? (err.stack ?? String(err)) : String(err));
    };
    if (ON_POSTGRES) await requirePostgres();
    const storage = ON_POSTGRES ? { storage: `${PG_URL}?schema=${schema}`, env: { ...process.env, RAMPART_MASTER_KEY: 'fuzz-master-key-0123456789abcdef0123456789' } } : {};
    s = await startTestServer({ log, ...storage });
    callers = await createCallers(s);
    world = await createPool(s);
    // The services that serve operations, in the protocols the generator writes (awsQuery, awsJson);
    // S3 (rest-xml) is fuzzed through the SDK's own serializer in s3-fuzz.test.ts; S3 Control (rest-xml,
    // three operations) by its e2e test's bad inputs.
    served = s.runtime.services.filter((d) => implementedOperations(d).length > 0);
    assert.deepEqual(served.map((d) => [d.name, d.model.metadata.protocol]).sort(), [['ce', 'json'], ['cloudtrail', 'json'], ['iam', 'query'], ['kms', 'json'], ['organizations', 'json'], ['s3', 'rest-xml'], ['s3control', 'rest-xml'], ['shield', 'json'], ['sts', 'query'], ['wafv2', 'json']]);
  });
  after(async () => {
    await s?.close();
    if (ON_POSTGRES) await dropSchema(schema);
  });

  /** Prints the run and asserts its coverage (when the budget visits every pair) and that nothing was refused. */
  const check = (report: FuzzReport, services: ServiceDefinition[], kinds: readonly string[], total: number) => {
    console.log(formatReport(report, SEED));
    for (const f of report.failures.slice(0, 40)) console.log(formatFailure(f, SEED));
    assert.equal(report.requests, total);
    if (!ONLY && total >= targets(services, kinds, SEED).length) {
      assert.deepEqual(Object.keys(report.byCaller).sort(), [...kinds].sort(), 'every caller kind was used');
      assert.equal(Object.keys(report.byOperation).length, services.reduce((n, d) => n + implementedOperations(d).length, 0), 'every served operation was sent');
    }
    assert.equal(report.failures.length, 0, `${report.failures.length} refused answers (first ones printed above)`);
  };
  const matches = (services: ServiceDefinition[], kinds: readonly string[]) => targets(services, kinds, SEED, ONLY).length > 0;

  it(`answers ${QUERY_TOTAL} generated awsQuery requests (IAM, STS) without a 5xx, every error AWS-shaped`, { timeout: 30 * 60_000 }, async (t) => {
    const query = served.filter((d) => d.model.metadata.protocol === 'query');
    if (!matches(query, CALLER_KINDS)) return t.skip('FUZZ_OPS names no awsQuery operation');
    const report = await runModelFuzz({ url: s.url, services: query, callers, world, total: QUERY_TOTAL, seed: SEED, concurrency: 8, serverErrors, replenish: () => replenishPool(s), ...(ONLY ? { only: ONLY } : {}), ...(trace ? { trace } : {}) });
    check(report, query, CALLER_KINDS, QUERY_TOTAL);
    const me = await sts(s).send(new GetCallerIdentityCommand({}));
    assert.equal(me.Account, s.accountId, 'the server still serves after the run');
  });

  it(`answers ${JSON_TOTAL} generated awsJson requests (Organizations, KMS, Cost Explorer, WAFv2) without a 5xx, every error AWS-shaped`, { timeout: 30 * 60_000 }, async (t) => {
    const json = served.filter((d) => d.model.metadata.protocol === 'json');
    if (!matches(json, ORG_CALLER_KINDS)) return t.skip('FUZZ_OPS names no awsJson operation');
    const org = await createOrgWorld(s, callers.admin);
    const report = await runModelFuzz({
      url: s.url,
      services: json,
      callers: org.callers.creds,
      world,
      semantic: { organizations: orgSemantic(org.world) },
      harvest: (_service, body) => harvestOrgIds(org.world, body),
      total: JSON_TOTAL,
      seed: SEED,
      concurrency: 8,
      serverErrors,
      // Often: the member caller's own LeaveOrganization takes it out until the next replenishing.
      replenish: () => replenishOrg(s, org.callers, org.world),
      replenishEvery: 100,
      ...(ONLY ? { only: ONLY } : {}),
      ...(trace ? { trace } : {}),
    });
    check(report, json, ORG_CALLER_KINDS, JSON_TOTAL);
    await replenishOrg(s, org.callers, org.world);
    const orgs = new OrganizationsClient({ endpoint: s.url, region: 'us-east-1', credentials: s.credentials, maxAttempts: 1 });
    assert.ok((await orgs.send(new DescribeOrganizationCommand({}))).Organization?.Id, 'the server still serves Organizations after the run');
  });
});
