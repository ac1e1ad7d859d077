/** Conformance tests of exportLines: the same lines and parts, byte for byte, on every backend. */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { addCount, itemLine, scopeToString } from '../item-lines.js';
import type { ExportCounts, LineBatch, PartLimits, Scope, Store } from '../types.js';
import { A1, A2, G, R1, R3, rejectsWith, type SuiteContext } from './conformance-context.js';

const BIG = 1 << 30;

/**
 * The part sizes the cutting rule gives for lines (group, UTF-8 bytes) in export order: a part ends
 * at a group change, after `items` lines, or with the line that brings it to `bytes` or more.
 */
export function referenceCuts(lines: readonly { group: string; bytes: number }[], limits: PartLimits): number[] {
  const sizes: number[] = [];
  let group: string | undefined;
  let items = 0;
  let bytes = 0;
  for (const l of lines) {
    if (items > 0 && l.group !== group) {
      sizes.push(items);
      items = bytes = 0;
    }
    group = l.group;
    items++;
    bytes += l.bytes;
    if (items === limits.items || bytes >= limits.bytes) {
      sizes.push(items);
      items = bytes = 0;
    }
  }
  if (items > 0) sizes.push(items);
  return sizes;
}

/** What exportAll says the lines must be: the reference text, counts, groups and line sizes. */
async function expected(s: Store): Promise<{ text: string; counts: ExportCounts; groups: string[]; lines: { group: string; bytes: number }[] }> {
  let text = '';
  const counts: Record<string, Record<string, number>> = {};
  const groups: string[] = [];
  const lines: { group: string; bytes: number }[] = [];
  await s.exportAll((table, scope, item) => {
    const line = itemLine(table, scope, item.key, item.version, JSON.stringify(item.value));
    text += line;
    lines.push({ group: JSON.stringify([table, scopeToString(scope)]), bytes: Buffer.byteLength(line) });
    const sc = scopeToString(scope);
    if (!Object.hasOwn(counts, sc) || !Object.hasOwn(counts[sc]!, table)) groups.push(JSON.stringify([table, sc]));
    addCount(counts, sc, table, 1);
  });
  return { text, counts, groups, lines };
}

async function exportParts(s: Store, items: number, bytes = BIG): Promise<{ parts: LineBatch[]; counts: ExportCounts }> {
  const parts: LineBatch[] = [];
  const counts = await s.exportLines({ items, bytes }, (p) => void parts.push({ items: p.items, bytes: Buffer.from(p.bytes) }));
  return { parts, counts };
}

/** Every line of a part, parsed, with its group. */
function linesOf(part: LineBatch): { group: string; key: string }[] {
  const text = part.bytes.toString('utf8');
  assert.ok(text.endsWith('\n'), 'a part ends with a newline');
  return text.slice(0, -1).split('\n').map((l) => {
    const o = JSON.parse(l) as { t: string; s: string; k: string };
    return { group: JSON.stringify([o.t, o.s]), key: o.k };
  });
}

/** Registers the exportLines tests. */
export function defineExportTests(ctx: SuiteContext): void {
  it('exportLines writes exactly the reference lines, even for names JSON must escape', async () => {
    const s = ctx.store();
    const odd = ['"quoted"', 'back\\slash', 'tab\there', 'nl\nand\rcr', '\b\f', '\u0001\u001f\u007f', '\u2028\u2029', 'é漢\u{1F600}', ',"k":"x"', '%:%3A'];
    const scopes: Scope[] = [G, A1, R1, { kind: 'account', accountId: '12%:34' }, { kind: 'region', accountId: 'a:b', region: 'eu%west\u0002' }];
    let n = 0;
    for (const name of odd) {
      const scope = scopes[n % scopes.length]!;
      await s.put(`t${name}`, scope, `k${name}`, { text: name, n: n++, nested: [name, { [name]: -0.5e-7 }] });
      await s.put('plain', scope, name, name);
    }
    for (const inherited of ['__proto__', 'constructor', 'toString']) await s.put(inherited, A1, inherited, inherited);
    const { text, counts } = await expected(s);
    const got = await exportParts(s, 3);
    assert.equal(Buffer.concat(got.parts.map((p) => p.bytes)).toString('utf8'), text);
    assert.deepEqual(got.counts, counts);
  });

  it('exportLines cuts parts of up to partItems items of one table and scope, keys in order', async () => {
    const s = ctx.store();
    const sizes: [string, Scope, number][] = [['a', G, 7], ['a', A1, 1], ['a', A2, 6], ['b', R1, 12], ['b', R3, 3]];
    for (const [table, scope, n] of sizes) {
      // Inserted in a scrambled order; exported in key order.
      for (let i = 0; i < n; i++) await s.put(table, scope, `k${String((i * 5) % n).padStart(3, '0')}`, i);
    }
    const { text, counts, groups } = await expected(s);
    const got = await exportParts(s, 3);
    assert.equal(Buffer.concat(got.parts.map((p) => p.bytes)).toString('utf8'), text);
    assert.deepEqual(got.counts, counts);
    const seen: string[] = [];
    for (const part of got.parts) {
      const lines = linesOf(part);
      assert.equal(lines.length, part.items);
      assert.ok(part.items >= 1 && part.items <= 3);
      assert.ok(lines.every((l) => l.group === lines[0]!.group), 'a part holds one table and scope');
      if (seen.at(-1) !== lines[0]!.group) seen.push(lines[0]!.group);
    }
    assert.deepEqual(seen, groups);
    // In export order (table, scope kind 'account' < 'global' < 'region', id, region, key):
    // a/A1 1, a/A2 6 → 3+3, a/G 7 → 3+3+1, b/R1 12 → 3+3+3+3, b/R3 3.
    assert.deepEqual(got.parts.map((p) => p.items), [1, 3, 3, 3, 3, 1, 3, 3, 3, 3, 3]);
    const one = await exportParts(s, 1);
    assert.equal(one.parts.length, 29);
    assert.equal(Buffer.concat(one.parts.map((p) => p.bytes)).toString('utf8'), text);
    const all = await exportParts(s, 1000);
    assert.deepEqual(all.parts.map((p) => p.items), [1, 6, 7, 12, 3]);
  });

  it('exportLines also ends a part with the line that reaches the byte limit; large items stay whole', async () => {
    const s = ctx.store();
    const sizes = [10, 120_000, 5, 300_000, 70_000, 70_000, 70_000, 1, 1, 250_000, 9];
    for (let i = 0; i < sizes.length; i++) await s.put('big', A1, `k${String(i).padStart(2, '0')}`, 'x'.repeat(sizes[i]!));
    for (let i = 0; i < 40; i++) await s.put('small', A1, `k${String(i).padStart(2, '0')}`, i);
    const ref = await expected(s);
    for (const limits of [{ items: 1000, bytes: 256 * 1024 }, { items: 4, bytes: 100_000 }, { items: 1000, bytes: 1 }, { items: 7, bytes: 300 }]) {
      const got = await exportParts(s, limits.items, limits.bytes);
      assert.equal(Buffer.concat(got.parts.map((p) => p.bytes)).toString('utf8'), ref.text, JSON.stringify(limits));
      assert.deepEqual(got.parts.map((p) => p.items), referenceCuts(ref.lines, limits), JSON.stringify(limits));
      assert.deepEqual(got.counts, ref.counts);
    }
  });

  it('exportLines reads one snapshot and waits for its sink', async () => {
    const s = ctx.store();
    for (let i = 0; i < 10; i++) await s.put('a', A1, `k${i}`, i);
    const before = await expected(s);
    let parts = 0;
    let inSink = false;
    const counts = await s.exportLines({ items: 2, bytes: BIG }, async () => {
      assert.equal(inSink, false, 'the next part waits for the sink');
      inSink = true;
      if (parts++ === 0) {
        await s.put('a', A1, 'k0', 'changed during export');
        await s.put('a', A1, 'k99', 'added during export');
        await s.delete('a', A1, 'k9');
      }
      await new Promise((r) => setTimeout(r, 1));
      inSink = false;
    });
    assert.equal(parts, 5);
    assert.deepEqual(counts, before.counts);
    assert.equal((await s.get('a', A1, 'k0'))?.value, 'changed during export');
  });

  it('exportLines of an empty store hands over nothing; bad sizes, sink failures and a closed store fail', async () => {
    const s = ctx.store();
    const empty = await exportParts(s, 10);
    assert.deepEqual(empty, { parts: [], counts: {} });
    await assert.rejects(s.exportLines({ items: 0, bytes: 1 }, () => undefined), RangeError);
    await assert.rejects(s.exportLines({ items: 1.5, bytes: 1 }, () => undefined), RangeError);
    await assert.rejects(s.exportLines({ items: 1, bytes: 0 }, () => undefined), RangeError);
    await s.put('a', G, 'k', 1);
    await assert.rejects(s.exportLines({ items: 1, bytes: BIG }, async () => Promise.reject(new Error('sink broke'))), /sink broke/);
    assert.equal((await s.get('a', G, 'k'))?.value, 1, 'the store still serves after a failed export');
    assert.equal((await exportParts(s, 1)).parts.length, 1);
    await s.close();
    await rejectsWith(s.exportLines({ items: 1, bytes: BIG }, () => undefined), 'Closed');
  });
}
