/**
 * Consolidated billing end to end: an organization of three accounts (the management account and
 * two made by CreateAccount) sends a known mix of requests; after the meter's flush, the CLI's
 * invoice (`rampart billing invoice`, spawned) is checked to the cent against the price list's
 * tiers, computed by hand below; the organization pays less than the three accounts alone; and
 * Cost Explorer's GetCostAndUsage (signed raw JSON: @aws-sdk/client-cost-explorer is not installed)
 * and the AWS CLI agree with the CLI. A member sees only itself; errors are AWS's.
 *
 * Prices (data/price-list.json): Requests-Tier1 (writes) $0.01 for the first 100 of the month,
 * then $0.005; Requests-Tier2 (reads) $0.004 for the first 200, then $0.002; per service.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CreateUserCommand, ListUsersCommand } from '@aws-sdk/client-iam';
import { CreateAccountCommand, CreateOrganizationCommand, DescribeCreateAccountStatusCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { rootCredentialsOf } from '../../src/authz/bootstrap-account.js';
import { awsEnv, startTestServer, type TestServer } from '../helpers/rampart.js';
import { callJson } from '../helpers/signed-fetch.js';
import { runCli } from '../helpers/spawn-cli.js';
import { allow, doc, iam, run, sts, userWithKey, type Creds } from './authz-support.js';

/** `n` calls of `f`, ten at a time. */
async function times(n: number, f: (i: number) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < n; i += 10) await Promise.all(Array.from({ length: Math.min(10, n - i) }, (_, j) => f(i + j)));
}

const NOT_CE = { Not: { Dimensions: { Key: 'SERVICE', Values: ['AWS Cost Explorer'] } } };

describe('Consolidated billing: metering, the invoice, Cost Explorer', () => {
  let s: TestServer;
  let a: string;
  let b: string;
  let credsA: Creds;
  const month = new Date().toISOString().slice(0, 7);
  const start = `${month}-01`;
  const nextMonth = (() => {
    const d = new Date();
    return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1)).toISOString().slice(0, 10);
  })();
  const ce = (creds: Creds, op: string, input: unknown) => callJson(s.url, `AWSInsightsIndexService.${op}`, input, { ...creds, service: 'ce', region: 'us-east-1' });

  before(async () => {
    s = await startTestServer({});
    const orgs = new OrganizationsClient({ endpoint: s.url, region: 'us-east-1', credentials: s.credentials, maxAttempts: 1 });
    // Organizations: 3 writes (CreateOrganization, CreateAccount x2) and 2 reads by the management account.
    await orgs.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
    const made: string[] = [];
    for (const name of ['alpha', 'beta']) {
      const c = await orgs.send(new CreateAccountCommand({ Email: `${name}@example.com`, AccountName: name }));
      const st = await orgs.send(new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: c.CreateAccountStatus!.Id! }));
      made.push(st.CreateAccountStatus!.AccountId!);
    }
    [a, b] = made as [string, string];
    credsA = (await rootCredentialsOf(s.runtime.store, a))!;
    const credsB = (await rootCredentialsOf(s.runtime.store, b))!;
    // IAM reads (ListUsers): 120 + 100 + 60 = 280; IAM writes (CreateUser): 50 + 40 + 30 = 120; STS reads: 10 by alpha.
    const mix: [Creds, number, number][] = [[s.credentials, 120, 50], [credsA, 100, 40], [credsB, 60, 30]];
    for (const [creds, reads, writes] of mix) {
      const client = iam(s, creds);
      await times(reads, () => client.send(new ListUsersCommand({})));
      await times(writes, (i) => client.send(new CreateUserCommand({ UserName: `user-${i}` })));
    }
    await times(10, () => sts(s, credsA).send(new GetCallerIdentityCommand({})));
    await s.runtime.flushUsage();
  });
  after(() => s.close());

  // By hand: IAM reads together 280 -> 200 x 0.004 + 80 x 0.002 = $0.96, shared 120:100:60;
  // IAM writes together 120 -> 100 x 0.01 + 20 x 0.005 = $1.10, shared 50:40:30.
  // management: 0.411428571 + 0.458333333 + Organizations 3 x 0.01 + 2 x 0.004 = 0.907761905 -> 0.91 (alone 0.48 + 0.50 + 0.038 = 1.02)
  // alpha:      0.342857143 + 0.366666667 + STS 10 x 0.004 = 0.749523810 -> 0.75 (alone 0.40 + 0.40 + 0.04 = 0.84)
  // beta:       0.205714286 + 0.275000000 = 0.480714286 -> 0.48 (alone 0.24 + 0.30 = 0.54)
  // Lines: the management account first, then the members by account id.
  const EXPECTED = () => [
    { accountId: s.accountId, requests: 120 + 50 + 5, charge: '0.91', alone: '1.02' },
    ...[
      { accountId: a, requests: 100 + 40 + 10, charge: '0.75', alone: '0.84' },
      { accountId: b, requests: 60 + 30, charge: '0.48', alone: '0.54' },
    ].sort((x, y) => (x.accountId < y.accountId ? -1 : 1)),
  ];

  let cliJson: { lines: { accountId: string; accountName: string; requests: number; charge: string; alone: string }[]; total: string; aloneTotal: string; saving: string; organizationId: string };

  it('the CLI prints the management account\'s invoice to the cent, a line per account, cheaper than alone', () => {
    const r = runCli(['billing', 'invoice', '--month', month, '--format', 'json', '--data-dir', s.dataDir]);
    assert.equal(r.status, 0, r.stderr);
    cliJson = JSON.parse(r.stdout) as typeof cliJson;
    assert.deepEqual(cliJson.lines.map(({ accountId, requests, charge, alone }) => ({ accountId, requests, charge, alone })), EXPECTED());
    const names = Object.fromEntries(cliJson.lines.map((l) => [l.accountId, l.accountName]));
    assert.deepEqual([names[a], names[b]], ['alpha', 'beta']);
    assert.equal(cliJson.total, '2.14');
    assert.equal(cliJson.aloneTotal, '2.40');
    assert.equal(cliJson.saving, '0.26');
    assert.match(cliJson.organizationId, /^o-/);
  });

  it('prints the same invoice as a table and as CSV', () => {
    const csv = runCli(['billing', 'invoice', '--month', month, '--format', 'csv', '--data-dir', s.dataDir]);
    assert.equal(csv.status, 0, csv.stderr);
    const rows = csv.stdout.trim().split('\n');
    assert.equal(rows[0], 'month,account_id,account_name,requests,charge_usd,alone_usd');
    assert.ok(rows.includes(`${month},${a},alpha,150,0.75,0.84`), csv.stdout);
    assert.equal(rows.at(-1), `${month},TOTAL,,415,2.14,2.40`);
    const table = runCli(['billing', 'invoice', '--month', month, '--data-dir', s.dataDir]);
    assert.equal(table.status, 0, table.stderr);
    assert.match(table.stdout, /Saving from consolidated billing: 0\.26 USD/);
    const member = runCli(['billing', 'invoice', '--month', month, '--account', a, '--data-dir', s.dataDir]);
    assert.equal(member.status, 1);
    assert.match(member.stderr, new RegExp(`management account ${s.accountId}`));
  });

  it('GetCostAndUsage grouped by LINKED_ACCOUNT agrees with the CLI', async () => {
    // Cost Explorer's own requests are metered too (in memory until the next flush): left out here.
    const r = await ce(s.credentials, 'GetCostAndUsage', { TimePeriod: { Start: start, End: nextMonth }, Granularity: 'MONTHLY', Metrics: ['UnblendedCost', 'UsageQuantity'], GroupBy: [{ Type: 'DIMENSION', Key: 'LINKED_ACCOUNT' }], Filter: NOT_CE });
    assert.equal(r.status, 200, JSON.stringify(r.json));
    const results = r.json['ResultsByTime'] as { Groups: { Keys: string[]; Metrics: Record<string, { Amount: string; Unit: string }> }[]; Estimated: boolean }[];
    assert.equal(results.length, 1);
    assert.equal(results[0]!.Estimated, true);
    const byAccount = new Map(results[0]!.Groups.map((g) => [g.Keys[0]!, g.Metrics]));
    for (const line of cliJson.lines) {
      const m = byAccount.get(line.accountId)!;
      assert.equal(Number(m['UnblendedCost']!.Amount).toFixed(2), line.charge, line.accountId);
      assert.equal(m['UnblendedCost']!.Unit, 'USD');
      assert.equal(Number(m['UsageQuantity']!.Amount), line.requests);
    }
    const attrs = r.json['DimensionValueAttributes'] as { Value: string; Attributes: { description: string } }[];
    const names = Object.fromEntries(attrs.map((x) => [x.Value, x.Attributes.description]));
    assert.deepEqual([names[a], names[b]], ['alpha', 'beta']);
  });

  it('groups by SERVICE and USAGE_TYPE (the combined tiers per product)', async () => {
    const r = await ce(s.credentials, 'GetCostAndUsage', { TimePeriod: { Start: start, End: nextMonth }, Granularity: 'MONTHLY', Metrics: ['BlendedCost'], GroupBy: [{ Type: 'DIMENSION', Key: 'SERVICE' }, { Type: 'DIMENSION', Key: 'USAGE_TYPE' }], Filter: NOT_CE });
    assert.equal(r.status, 200, JSON.stringify(r.json));
    const groups = (r.json['ResultsByTime'] as { Groups: { Keys: string[]; Metrics: { BlendedCost: { Amount: string } } }[] }[])[0]!.Groups;
    const amounts = Object.fromEntries(groups.map((g) => [g.Keys.join(' / '), g.Metrics.BlendedCost.Amount]));
    assert.deepEqual(amounts, {
      'AWS Identity and Access Management / Requests-Tier1': '1.1',
      'AWS Identity and Access Management / Requests-Tier2': '0.96',
      'AWS Organizations / Requests-Tier1': '0.03',
      'AWS Organizations / Requests-Tier2': '0.008',
      'AWS Security Token Service / Requests-Tier2': '0.04',
    });
  });

  it('the AWS CLI (botocore\'s own model and signer) gets the same amounts', async () => {
    const r = await run('aws', ['ce', 'get-cost-and-usage', '--time-period', `Start=${start},End=${nextMonth}`, '--granularity', 'MONTHLY', '--metrics', 'UnblendedCost', '--group-by', 'Type=DIMENSION,Key=LINKED_ACCOUNT', '--filter', JSON.stringify(NOT_CE), '--output', 'json'], awsEnv(s));
    assert.equal(r.status, 0, r.stderr);
    const groups = (JSON.parse(r.stdout) as { ResultsByTime: { Groups: { Keys: string[]; Metrics: { UnblendedCost: { Amount: string } } }[] }[] }).ResultsByTime[0]!.Groups;
    assert.deepEqual(Object.fromEntries(groups.map((g) => [g.Keys[0], Number(g.Metrics.UnblendedCost.Amount).toFixed(2)])), Object.fromEntries(cliJson.lines.map((l) => [l.accountId, l.charge])));
  });

  it('a member account sees only itself, at the organization\'s prices', async () => {
    const r = await ce(credsA, 'GetCostAndUsage', { TimePeriod: { Start: start, End: nextMonth }, Granularity: 'MONTHLY', Metrics: ['UnblendedCost'], GroupBy: [{ Type: 'DIMENSION', Key: 'LINKED_ACCOUNT' }], Filter: NOT_CE });
    const groups = (r.json['ResultsByTime'] as { Groups: { Keys: string[]; Metrics: { UnblendedCost: { Amount: string } } }[] }[])[0]!.Groups;
    assert.deepEqual(groups.map((g) => g.Keys[0]), [a]);
    assert.equal(Number(groups[0]!.Metrics.UnblendedCost.Amount).toFixed(2), '0.75');
    const d = await ce(credsA, 'GetDimensionValues', { TimePeriod: { Start: start, End: nextMonth }, Dimension: 'LINKED_ACCOUNT' });
    assert.deepEqual((d.json['DimensionValues'] as { Value: string }[]).map((v) => v.Value), [a]);
  });

  it('GetDimensionValues lists the organization\'s accounts and services for the management account', async () => {
    const d = await ce(s.credentials, 'GetDimensionValues', { TimePeriod: { Start: start, End: nextMonth }, Dimension: 'LINKED_ACCOUNT' });
    assert.equal(d.status, 200, JSON.stringify(d.json));
    assert.deepEqual((d.json['DimensionValues'] as { Value: string }[]).map((v) => v.Value), [s.accountId, a, b].sort());
    const sv = await ce(s.credentials, 'GetDimensionValues', { TimePeriod: { Start: start, End: nextMonth }, Dimension: 'SERVICE', SearchString: 'identity' });
    assert.deepEqual((sv.json['DimensionValues'] as { Value: string }[]).map((v) => v.Value), ['AWS Identity and Access Management']);
  });

  it('GetCostForecast projects the month-to-date run rate', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    const r = await ce(s.credentials, 'GetCostForecast', { TimePeriod: { Start: today, End: tomorrow }, Metric: 'UNBLENDED_COST', Granularity: 'DAILY', Filter: NOT_CE });
    assert.equal(r.status, 200, JSON.stringify(r.json));
    const days = new Date().getUTCDate();
    const total = r.json['Total'] as { Amount: string; Unit: string };
    assert.equal(total.Unit, 'USD');
    // Month to date (the exact total, 2.138) over the days elapsed, today included, for one day.
    assert.ok(Math.abs(Number(total.Amount) - 2.138 / days) < 1e-9, total.Amount);
  });

  it('answers AWS\'s errors', async () => {
    const backwards = await ce(s.credentials, 'GetCostAndUsage', { TimePeriod: { Start: nextMonth, End: start }, Granularity: 'MONTHLY', Metrics: ['UnblendedCost'] });
    assert.equal(backwards.status, 400);
    assert.equal(backwards.json['__type'], 'ValidationException');
    assert.equal(backwards.json['message'], 'Start date (and hour) should be before end date (and hour)');
    const group = await ce(s.credentials, 'GetCostAndUsage', { TimePeriod: { Start: start, End: nextMonth }, Granularity: 'MONTHLY', Metrics: ['UnblendedCost'], GroupBy: [{ Type: 'DIMENSION', Key: 'AZ' }] });
    assert.match(String(group.json['message']), /^Group Definition dimension is invalid/);
    const token = await ce(s.credentials, 'GetCostAndUsage', { TimePeriod: { Start: start, End: nextMonth }, Granularity: 'MONTHLY', Metrics: ['UnblendedCost'], NextPageToken: 'x' });
    assert.equal(token.json['__type'], 'InvalidNextTokenException');
    const unserved = await ce(s.credentials, 'GetAnomalies', { DateInterval: { StartDate: start } });
    assert.equal(unserved.status, 400);
    assert.equal(unserved.json['__type'], 'UnknownOperationException');
  });

  it('authorizes ce:<Operation> on * (last: its requests change the usage)', async () => {
    const nobody = await userWithKey(s, 'no-billing');
    const denied = await ce(nobody, 'GetCostAndUsage', { TimePeriod: { Start: start, End: nextMonth }, Granularity: 'MONTHLY', Metrics: ['UnblendedCost'] });
    assert.equal(denied.json['__type'], 'AccessDeniedException');
    assert.equal(denied.json['message'], `User: arn:aws:iam::${s.accountId}:user/no-billing is not authorized to perform: ce:GetCostAndUsage because no identity-based policy allows the ce:GetCostAndUsage action`);
    const reader = await userWithKey(s, 'billing-reader', { policy: doc(allow('ce:GetCostAndUsage')) });
    const ok = await ce(reader, 'GetCostAndUsage', { TimePeriod: { Start: start, End: nextMonth }, Granularity: 'MONTHLY', Metrics: ['UnblendedCost'] });
    assert.equal(ok.status, 200, JSON.stringify(ok.json));
  });
});
