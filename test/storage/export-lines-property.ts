/**
 * Property test (fast-check) of Store.exportLines: for random table names, keys, scopes and values
 * (any well-formed Unicode, control characters included), the database-built lines equal the
 * reference `itemLine` (JSON.stringify) byte for byte, cut by the same rule on every backend.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import type { MakeStore, StoreHarness } from '../../src/storage/conformance/store-conformance.js';
import { itemLine } from '../../src/storage/item-lines.js';
import type { JsonValue, Scope } from '../../src/storage/types.js';

/** Non-empty, well-formed, without U+0000 (what the store accepts as a name), biased to odd characters. */
const name = fc
  .string({ unit: fc.oneof(fc.constantFrom('"', '\\', '\n', '\u0001', '\u001f', '\u007f', '\u2028', ':', '%', ',', 'é', '\u{1F600}'), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 })), minLength: 1, maxLength: 8 })
  .filter((s) => !s.includes('\0'));
const scope: fc.Arbitrary<Scope> = fc.oneof(
  fc.constant<Scope>({ kind: 'global' }),
  name.map<Scope>((accountId) => ({ kind: 'account', accountId })),
  fc.tuple(name, name).map<Scope>(([accountId, region]) => ({ kind: 'region', accountId, region })),
);
const item = fc.record({ table: fc.oneof(name, fc.constantFrom('t1', 't2')), scope, key: name, value: fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<JsonValue> });

/** Registers the property; one store serves all runs (clearAll between them). */
export function runExportLinesProperty(label: string, makeStore: MakeStore, options: { numRuns: number }): void {
  describe(`${label}: exportLines property`, () => {
    let h: StoreHarness | undefined;
    before(async () => {
      h = await makeStore();
    });
    after(async () => {
      await h?.cleanup();
    });
    it('database-built lines equal JSON.stringify for any names and values, parts cut by table and scope', async () => {
      const store = h!.store;
      await fc.assert(
        fc.asyncProperty(fc.array(item, { maxLength: 25 }), fc.integer({ min: 1, max: 4 }), async (items, partItems) => {
          await store.clearAll();
          await store.importAll((put) => items.forEach((i, n) => put(i.table, i.scope, { key: i.key, value: i.value, version: n + 1 })));
          let reference = '';
          let group = '';
          const expectedSizes: number[] = [];
          await store.exportAll((table, s, it) => {
            reference += itemLine(table, s, it.key, it.version, JSON.stringify(it.value));
            const g = JSON.stringify([table, s]);
            if (g !== group || expectedSizes.at(-1) === partItems) expectedSizes.push(0);
            group = g;
            expectedSizes[expectedSizes.length - 1]!++;
          });
          const parts: Buffer[] = [];
          const sizes: number[] = [];
          await store.exportLines(partItems, (p) => {
            parts.push(Buffer.from(p.bytes));
            sizes.push(p.items);
          });
          assert.equal(Buffer.concat(parts).toString('utf8'), reference);
          assert.deepEqual(sizes, expectedSizes);
        }),
        { numRuns: options.numRuns },
      );
    });
  });
}
