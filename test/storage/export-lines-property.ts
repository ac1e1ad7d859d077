/**
 * Property test (fast-check) of Store.exportLines: for random table names, keys, scopes and values
 * (any well-formed Unicode, control characters included), the database-built lines equal the
 * reference `itemLine` (JSON.stringify) byte for byte, cut by the same rule (item count, bytes,
 * group) on every backend.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { referenceCuts } from '../../src/storage/conformance/conformance-export.js';
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
        fc.asyncProperty(fc.array(item, { maxLength: 25 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 400 }), async (items, partItems, partBytes) => {
          await store.clearAll();
          await store.importAll((put) => items.forEach((i, n) => put(i.table, i.scope, { key: i.key, value: i.value, version: n + 1 })));
          let reference = '';
          const lines: { group: string; bytes: number }[] = [];
          await store.exportAll((table, s, it) => {
            const line = itemLine(table, s, it.key, it.version, JSON.stringify(it.value));
            reference += line;
            lines.push({ group: JSON.stringify([table, s]), bytes: Buffer.byteLength(line) });
          });
          const limits = { items: partItems, bytes: partBytes };
          const parts: Buffer[] = [];
          const sizes: number[] = [];
          await store.exportLines(limits, (p) => {
            parts.push(Buffer.from(p.bytes));
            sizes.push(p.items);
          });
          assert.equal(Buffer.concat(parts).toString('utf8'), reference);
          assert.deepEqual(sizes, referenceCuts(lines, limits));
        }),
        { numRuns: options.numRuns },
      );
    });
  });
}
