import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { allocate, tieredCost } from './charges.js';
import { aloneCosts, priceUsage, type UsageCell } from './cost-model.js';
import { buildInvoice } from './invoice.js';
import { CENT, formatCents, formatExact, parseUsd, roundToCent } from './money.js';
import { defaultPriceList, priceListOf } from './price-list.js';

const usd = parseUsd;
const TIERS = [
  { begin: 0n, end: 100n, price: usd('0.01') },
  { begin: 100n, end: 1000n, price: usd('0.005') },
  { begin: 1000n, end: undefined, price: usd('0.002') },
];

describe('money', () => {
  it('parses and formats ten decimals exactly', () => {
    assert.equal(formatExact(usd('0.0000000001')), '0.0000000001');
    assert.equal(formatExact(usd('12.5')), '12.5000000000');
    assert.throws(() => usd('0.00000000001'), RangeError);
    assert.throws(() => usd('1e-3'), RangeError);
  });
  it('rounds to the cent half away from zero', () => {
    assert.equal(formatCents(usd('0.005')), '0.01');
    assert.equal(formatCents(usd('0.0049999999')), '0.00');
    assert.equal(formatCents(usd('-0.005')), '-0.01');
    assert.equal(formatCents(usd('1234.565')), '1234.57');
    assert.equal(roundToCent(usd('0.994')), 99n * CENT);
  });
});

describe('tiers', () => {
  it('prices each unit at the price of the tier it falls in', () => {
    assert.equal(tieredCost(0n, TIERS), 0n);
    assert.equal(formatExact(tieredCost(100n, TIERS)), '1.0000000000');
    assert.equal(formatExact(tieredCost(101n, TIERS)), '1.0050000000');
    assert.equal(formatExact(tieredCost(1000n, TIERS)), '5.5000000000');
    assert.equal(formatExact(tieredCost(1500n, TIERS)), '6.5000000000');
  });
});

describe('allocation', () => {
  it('shares add up exactly; leftovers go to the largest remainders, ties to the earlier key', () => {
    const s = allocate(10n, [['a', 1n], ['b', 1n], ['c', 1n]]);
    assert.deepEqual([...s.values()], [4n, 3n, 3n]);
    const t = allocate(100n, [['a', 2n], ['b', 1n]]);
    assert.deepEqual([...t.entries()], [['a', 67n], ['b', 33n]]);
    assert.deepEqual([...allocate(5n, [['a', 0n], ['b', 0n]]).values()], [5n, 0n]);
    assert.deepEqual([...allocate(5n, []).values()], []);
  });
});

const cell = (accountId: string, quantity: number, operation = 'ListUsers', day = '2026-12-01'): UsageCell => ({ day, accountId, service: 'iam', operation, usageType: 'Requests-Tier2', quantity });

describe('consolidated pricing', () => {
  const prices = defaultPriceList();
  it('reads the price list (tiers per product) and refuses a gap in the tiers', () => {
    const p = prices.product('iam', 'Requests-Tier2')!;
    assert.equal(p.serviceName, 'AWS Identity and Access Management');
    assert.deepEqual(p.tiers.map((t) => [t.begin, t.end, formatExact(t.price)]), [[0n, 200n, '0.0040000000'], [200n, 2000n, '0.0020000000'], [2000n, undefined, '0.0010000000']]);
    const bad = { version: 'x', products: { A: { sku: 'A', attributes: { servicecode: 'iam', servicename: 'IAM', usagetype: 'U' } } }, terms: { OnDemand: { A: { 'A.T': { priceDimensions: { r1: { beginRange: '0', endRange: '10', unit: 'Requests', pricePerUnit: { USD: '1' } }, r2: { beginRange: '11', endRange: 'Inf', unit: 'Requests', pricePerUnit: { USD: '1' } } } } } } } };
    assert.throws(() => priceListOf(bad), /contiguous/);
  });

  it('prices the combined usage through the tiers and allocates it by quantity, to the cent', () => {
    // 150 + 100 + 50 = 300 reads: 200 x $0.004 + 100 x $0.002 = $1.00, shared 150:100:50.
    const cells = [cell('111111111111', 150), cell('222222222222', 100), cell('333333333333', 50)];
    const priced = priceUsage(cells, prices);
    assert.deepEqual(priced.map((c) => formatExact(c.cost)), ['0.5000000000', '0.3333333333', '0.1666666667']);
    const alone = aloneCosts(cells, prices);
    assert.deepEqual([...alone.values()].map(formatExact), ['0.6000000000', '0.4000000000', '0.2000000000']);
    const inv = buildInvoice('2026-12', { organizationId: 'o-x', payerAccountId: '111111111111', accounts: [{ id: '111111111111', name: 'm' }, { id: '222222222222', name: 'a' }, { id: '333333333333', name: 'b' }] }, cells, prices);
    assert.deepEqual(inv.lines.map((l) => formatCents(l.charge)), ['0.50', '0.33', '0.17']);
    assert.equal(formatCents(inv.total), '1.00');
    assert.equal(formatCents(inv.aloneTotal), '1.20');
    assert.equal(formatCents(inv.saving), '0.20');
  });

  it('gives the same total whatever the cells are split by (days, operations)', () => {
    const split = [cell('1', 60, 'ListUsers', '2026-12-01'), cell('1', 90, 'GetUser', '2026-12-02'), cell('2', 100), cell('3', 50)];
    const total = priceUsage(split, prices).reduce((t, c) => t + c.cost, 0n);
    assert.equal(formatExact(total), '1.0000000000');
  });

  it('prices products apart and leaves usage without a product free', () => {
    const cells = [cell('1', 10), { ...cell('1', 10, 'CreateUser'), usageType: 'Requests-Tier1' }, { ...cell('1', 5), service: 'nothing' }];
    assert.deepEqual(priceUsage(cells, prices).map((c) => formatExact(c.cost)), ['0.0400000000', '0.1000000000', '0.0000000000']);
  });
});
