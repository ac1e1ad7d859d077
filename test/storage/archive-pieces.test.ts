/**
 * Pieces of the backup archive that need no store: the scope encoding, item migrations and the
 * progress output.
 */
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { describe, it } from 'node:test';
import { createProgress } from '../../src/cli/progress.js';
import { ArchiveError, scopeFromString, scopeToString, type ItemLine } from '../../src/storage/archive/archive-format.js';
import { migrateItem } from '../../src/storage/archive/archive-migrations.js';
import { LATEST_SCHEMA_VERSION } from '../../src/storage/migrations.js';
import { createSecretSealer } from '../../src/storage/secret-sealer.js';
import type { Scope } from '../../src/storage/types.js';

const KEY = 'archive-pieces-master-key-0123456789abcdefgh';

describe('archive pieces', () => {
  it('scopes round-trip through their string form, including ids with ":" and "%"', () => {
    const scopes: Scope[] = [
      { kind: 'global' },
      { kind: 'account', accountId: '123456789012' },
      { kind: 'region', accountId: '123456789012', region: 'us-east-1' },
      { kind: 'account', accountId: 'a:b%3A' },
      { kind: 'region', accountId: 'x:y', region: 'r%:z' },
    ];
    for (const s of scopes) assert.deepEqual(scopeFromString(scopeToString(s)), s);
    assert.equal(scopeToString(scopes[2]!), 'region:123456789012:us-east-1', 'plain ids are written as they are');
    for (const bad of ['', 'account', 'account:', 'region:1', 'region:1:', 'region:1:2:3', 'account:1:2', 'moon:1', 'account:%E0%A4%A']) {
      assert.throws(() => scopeFromString(bad), (e: unknown) => e instanceof ArchiveError && e.reason === 'corrupt', bad);
    }
  });

  it('item migrations apply every step from the archive schema version on, in order', () => {
    const item: ItemLine = { t: 't', s: 'global', k: 'k', v: 1, d: [] };
    const steps = [1, 2, 3].map((from) => ({ from, migrate: (i: ItemLine) => ({ ...i, d: [...(i.d as number[]), from] }) }));
    const sealer = createSecretSealer(KEY);
    assert.deepEqual(migrateItem(1, item, sealer, steps).d, [1, 2, 3]);
    assert.deepEqual(migrateItem(3, item, sealer, steps).d, [3]);
    assert.deepEqual(migrateItem(4, item, sealer, steps).d, []);
    assert.equal(migrateItem(LATEST_SCHEMA_VERSION, item, sealer), item, 'nothing to do for an item of the current schema');
  });

  it('progress off a terminal: plain lines, at most one per interval, the first update always', () => {
    const out = new PassThrough();
    const chunks: string[] = [];
    out.on('data', (d: Buffer) => chunks.push(d.toString()));
    const p = createProgress('backup', 2500, out, 60_000);
    p.note('starting');
    p.update(1000);
    p.update(2000); // within the interval: dropped
    p.finish(2500);
    const lines = chunks.join('').trimEnd().split('\n');
    assert.equal(lines.length, 3, chunks.join(''));
    assert.equal(lines[0], 'backup: starting');
    assert.match(lines[1]!, /^backup: 1000\/2500 items, \d+ items\/s$/);
    assert.match(lines[2]!, /^backup: done, 2500 items in \d+\.\d\d s \(\d+ items\/s\)$/);
  });

  it('progress on a terminal draws a bar and ends it', () => {
    const out = Object.assign(new PassThrough(), { isTTY: true, columns: 100, cursorTo: () => true, clearLine: () => true, moveCursor: () => true });
    const chunks: string[] = [];
    out.on('data', (d: Buffer) => chunks.push(d.toString()));
    const p = createProgress('restore', 0, out as unknown as NodeJS.WriteStream);
    p.update(500, 1000);
    p.finish(1000);
    const text = chunks.join('');
    assert.match(text, /restore \[.*\] 1000\/1000 items/);
  });
});
