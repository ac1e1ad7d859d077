import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { HandlerContext } from '../../../protocol/service-definition.js';
import { isAwsError } from '../../../shared/aws-error.js';
import { openStore } from '../../../storage/open-store.js';
import type { Store } from '../../../storage/types.js';
import type { CeHandlers } from '../api.generated.js';
import type { CeDeps } from '../deps.js';
import { ceHandlers } from '../index.js';
import { addUsage } from '../meter/usage-store.js';
import { defaultPriceList } from '../pricing/price-list.js';

const M = '111111111111';
const A = '222222222222';
const NOW = Date.UTC(2026, 11, 3, 15);
const ctx = (accountId: string, now = NOW) => ({ requestId: 'r', caller: { principal: { accountId, arn: `arn:aws:iam::${accountId}:root`, userId: accountId, type: 'root' }, now, region: 'us-east-1', sourceIp: '127.0.0.1', secureTransport: false } }) as unknown as HandlerContext;
const cell = (day: string, accountId: string, operation: string, quantity: number) => ({ day, accountId, service: 'iam', operation, usageType: operation.startsWith('List') ? 'Requests-Tier2' : 'Requests-Tier1', quantity });

async function code(p: Promise<unknown> | unknown): Promise<string> {
  try {
    await p;
  } catch (e) {
    return isAwsError(e) ? `${e.code}: ${e.message}` : String(e);
  }
  return 'no error';
}

describe('Cost Explorer handlers', () => {
  let dir: string;
  let store: Store;
  let h: CeHandlers;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rampart-ce-'));
    store = await openStore({ kind: 'sqlite', dataDir: dir });
    const deps: CeDeps = {
      store,
      prices: defaultPriceList(),
      families: { familyOf: async (id) => (id === M || id === A ? { organizationId: 'o-test', managementAccountId: M, accounts: [{ id: M, name: 'mgmt' }, { id: A, name: 'alpha' }] } : undefined) },
    };
    h = ceHandlers(deps);
    // November: 150 + 100 reads (250: 200 x 0.004 + 50 x 0.002 = $0.90), 10 writes ($0.10).
    await addUsage(store, [cell('2026-11-01', M, 'ListUsers', 100), cell('2026-11-02', M, 'ListUsers', 50), cell('2026-11-02', A, 'ListUsers', 100), cell('2026-11-02', A, 'CreateUser', 10)]);
  });
  after(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const call = (accountId: string, input: object) => (h.GetCostAndUsage as (i: unknown, c: HandlerContext) => Promise<{ ResultsByTime: { TimePeriod: { Start: string }; Total: Record<string, { Amount: string }>; Groups: { Keys: string[]; Metrics: Record<string, { Amount: string }> }[]; Estimated: boolean }[] }>)(input, ctx(accountId));

  it('DAILY: one result per day, allocated at the family\'s tiers ($0.90 / 250 reads = $0.0036 each)', async () => {
    const r = await call(M, { TimePeriod: { Start: '2026-11-01', End: '2026-11-04' }, Granularity: 'DAILY', Metrics: ['UnblendedCost', 'UsageQuantity'] });
    assert.deepEqual(r.ResultsByTime.map((x) => [x.TimePeriod.Start, x.Total['UnblendedCost']!.Amount, x.Total['UsageQuantity']!.Amount, x.Estimated]), [
      ['2026-11-01', '0.36', '100', false],
      ['2026-11-02', '0.64', '160', false],
      ['2026-11-03', '0', '0', false],
    ]);
  });

  it('groups by two dimensions and filters; a member sees itself only', async () => {
    const r = await call(M, { TimePeriod: { Start: '2026-11-01', End: '2026-12-01' }, Granularity: 'MONTHLY', Metrics: ['BlendedCost'], GroupBy: [{ Type: 'DIMENSION', Key: 'LINKED_ACCOUNT' }, { Type: 'DIMENSION', Key: 'USAGE_TYPE' }], Filter: { Dimensions: { Key: 'OPERATION', Values: ['list'], MatchOptions: ['STARTS_WITH', 'CASE_INSENSITIVE'] } } });
    assert.deepEqual(r.ResultsByTime[0]!.Groups.map((g) => [...g.Keys, g.Metrics['BlendedCost']!.Amount]), [[M, 'Requests-Tier2', '0.54'], [A, 'Requests-Tier2', '0.36']].sort());
    const member = await call(A, { TimePeriod: { Start: '2026-11-01', End: '2026-12-01' }, Granularity: 'MONTHLY', Metrics: ['UnblendedCost'] });
    assert.equal(member.ResultsByTime[0]!.Total['UnblendedCost']!.Amount, '0.46');
    const none = await call('999999999999', { TimePeriod: { Start: '2026-11-01', End: '2026-12-01' }, Granularity: 'MONTHLY', Metrics: ['UnblendedCost'] });
    assert.equal(none.ResultsByTime[0]!.Total['UnblendedCost']!.Amount, '0');
  });

  it('refuses what AWS refuses', async () => {
    const period = { Start: '2026-11-01', End: '2026-12-01' };
    assert.equal(await code(call(M, { TimePeriod: { Start: '2026-11-01', End: '2026-11-01' }, Granularity: 'DAILY', Metrics: ['UnblendedCost'] })), 'ValidationException: Start date (and hour) should be before end date (and hour)');
    assert.match(await code(call(M, { TimePeriod: { Start: '2026-11-31', End: '2026-12-01' }, Granularity: 'DAILY', Metrics: ['UnblendedCost'] })), /^ValidationException: Invalid date format: 2026-11-31/);
    assert.match(await code(call(M, { TimePeriod: period, Granularity: 'HOURLY', Metrics: ['UnblendedCost'] })), /^ValidationException: Hourly/);
    assert.match(await code(call(M, { TimePeriod: period, Granularity: 'DAILY', Metrics: ['Cost'] })), /^ValidationException: Metric Cost is invalid/);
    const three = [{ Type: 'DIMENSION', Key: 'SERVICE' }, { Type: 'DIMENSION', Key: 'USAGE_TYPE' }, { Type: 'DIMENSION', Key: 'OPERATION' }];
    assert.match(await code(call(M, { TimePeriod: period, Granularity: 'DAILY', Metrics: ['UnblendedCost'], GroupBy: three })), /^ValidationException: Group Definition has more than 2/);
    assert.equal(await code(call(M, { TimePeriod: period, Granularity: 'DAILY', Metrics: ['UnblendedCost'], GroupBy: [{ Type: 'TAG', Key: 'team' }] })), 'ValidationException: Group Definition type is invalid.');
    assert.match(await code(call(M, { TimePeriod: period, Granularity: 'DAILY', Metrics: ['UnblendedCost'], Filter: { And: [{ Dimensions: { Key: 'SERVICE', Values: ['x'] } }] } })), /^ValidationException: Expression is invalid/);
  });

  it('forecasts from the previous month when this one has no usage yet, and refuses the past', async () => {
    const f = h.GetCostForecast as (i: unknown, c: HandlerContext) => Promise<{ Total: { Amount: string }; ForecastResultsByTime: { MeanValue: string; PredictionIntervalLowerBound?: string }[] }>;
    // November: $1.00 over 30 days -> $0.0333333333 a day, 4 days.
    const r = await f({ TimePeriod: { Start: '2026-12-03', End: '2026-12-07' }, Metric: 'UNBLENDED_COST', Granularity: 'MONTHLY', PredictionIntervalLevel: 80 }, ctx(M));
    assert.equal(r.Total.Amount, '0.1333333333');
    assert.equal(r.ForecastResultsByTime[0]!.PredictionIntervalLowerBound, r.ForecastResultsByTime[0]!.MeanValue);
    assert.match(await code(f({ TimePeriod: { Start: '2026-12-02', End: '2026-12-07' }, Metric: 'UNBLENDED_COST', Granularity: 'DAILY' }, ctx(M))), /^ValidationException: Start date must be/);
    assert.equal(await code(f({ TimePeriod: { Start: '2026-12-07', End: '2026-12-07' }, Metric: 'UNBLENDED_COST', Granularity: 'DAILY' }, ctx(M))), 'ValidationException: Requested Start: 2026-12-07 must be before requested End: 2026-12-07');
    assert.match(await code(f({ TimePeriod: { Start: '2027-03-03', End: '2027-03-07' }, Metric: 'UNBLENDED_COST', Granularity: 'DAILY' }, ctx(M, Date.UTC(2027, 2, 3)))), /^DataUnavailableException/);
  });

  it('lists dimension values', async () => {
    const d = h.GetDimensionValues as (i: unknown, c: HandlerContext) => Promise<{ DimensionValues: { Value: string; Attributes: Record<string, string> }[]; TotalSize: number }>;
    const r = await d({ TimePeriod: { Start: '2026-11-01', End: '2026-12-01' }, Dimension: 'USAGE_TYPE' }, ctx(M));
    assert.deepEqual(r.DimensionValues.map((v) => v.Value), ['Requests-Tier1', 'Requests-Tier2']);
    const az = await d({ TimePeriod: { Start: '2026-11-01', End: '2026-12-01' }, Dimension: 'AZ' }, ctx(M));
    assert.equal(az.TotalSize, 0);
  });
});
