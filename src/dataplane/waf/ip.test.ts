import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CidrSet, parseCidr, parseIp, PrefixTable, type Ip } from './ip.js';
import { CsvGeoDb } from './geo.js';
import { prng } from '../../shared/testing/prng.js';

const v4 = (r: () => number) => [0, 0, 0, 0].map(() => Math.floor(r() * 4) * 64 + Math.floor(r() * 2)).join('.');

test('PrefixTable answers the longest block holding an address, as a linear scan of every block does', () => {
  const r = prng(5);
  const blocks: { cidr: string; cc: string }[] = [];
  for (let i = 0; i < 3000; i++) blocks.push({ cidr: `${v4(r)}/${Math.floor(r() * 33)}`, cc: `C${i}` });
  blocks.push({ cidr: '2001:db8::/32', cc: 'V6' }, { cidr: '2001:db8:1::/48', cc: 'V6L' });
  const table = new PrefixTable<string>();
  for (const b of blocks) table.add(parseCidr(b.cidr)!, b.cc);
  // The reference: longest prefix first, the first block listed among equal ones.
  const parsed = blocks.map((b) => ({ c: parseCidr(b.cidr)!, cc: b.cc }));
  const reference = (ip: Ip) => [...parsed].sort((a, b) => b.c.len - a.c.len).find((b) => b.c.v === ip.v && (ip.n & b.c.mask) === b.c.base)?.cc;
  for (let i = 0; i < 2000; i++) {
    const ip = parseIp(v4(r))!;
    assert.equal(table.longest(ip), reference(ip));
  }
  assert.equal(table.longest(parseIp('2001:db8:1::5')!), 'V6L');
  assert.equal(table.longest(parseIp('2001:db8:2::5')!), 'V6');
  assert.equal(table.longest(parseIp('2001:db9::1')!), undefined);
});

test('CidrSet and the country database use the longest block; IPv4-mapped peers count as IPv4', () => {
  const set = new CidrSet(['10.0.0.0/8', '192.0.2.7', '2001:db8::/32', 'not-an-ip']);
  assert.equal(set.has(parseIp('10.200.1.1')!), true);
  assert.equal(set.has(parseIp('::ffff:10.1.1.1')!), true);
  assert.equal(set.has(parseIp('192.0.2.7')!), true);
  assert.equal(set.has(parseIp('192.0.2.8')!), false);
  assert.equal(set.has(parseIp('2001:db8:ffff::1')!), true);
  const geo = new CsvGeoDb('# test\n198.51.100.0/24,FR\n203.0.113.0/24,JP\n203.0.113.128/25,KR\n203.0.113.0/24,US\nbad,XX\n');
  assert.equal(geo.countryOf(parseIp('198.51.100.9')!), 'FR');
  assert.equal(geo.countryOf(parseIp('203.0.113.9')!), 'JP');
  assert.equal(geo.countryOf(parseIp('203.0.113.200')!), 'KR');
  assert.equal(geo.countryOf(parseIp('192.0.2.1')!), undefined);
});
