/**
 * The backup archive in-process, on both backends: round trips, refusal of every kind of
 * damaged or foreign archive with the target left exactly as it was, master keys and non-empty
 * targets (authentication: archive-auth.test.ts; pieces without a store: archive-pieces.test.ts).
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { brotliCompressSync, constants as zlibConstants } from 'node:zlib';
import { ArchiveError, FORMAT_VERSION, PART_BYTES, PART_SIZE } from '../../src/storage/archive/archive-format.js';
import { readArchive } from '../../src/storage/archive/read-archive.js';
import { restoreArchive, restoreVerified, verifyArchive } from '../../src/storage/archive/restore-archive.js';
import { writeArchive } from '../../src/storage/archive/write-archive.js';
import { LATEST_SCHEMA_VERSION } from '../../src/storage/migrations.js';
import type { Store } from '../../src/storage/types.js';
import { archiveLines, archiveManifest, fillVaried, KEY_AT, partRanges, refusedWith, reseal, SECRET, snapshot, writeArchiveLines } from './archive-support.js';
import { archiveTestEnv } from './archive-stores.js';

const KEY = 'archive-test-master-key-0123456789abcdefgh';
const OTHER_KEY = 'archive-test-other-master-key-9876543210zyx';
const ITEMS = 2 * PART_SIZE + 500; // three parts
const env = archiveTestEnv('archive', KEY);
const { root, sqliteStore, pgStore, open, keyOf, backup } = env;

after(() => env.cleanup());

describe('archive round trip', () => {
  let source: Store;
  let good: string;
  before(async () => {
    source = await sqliteStore();
    await fillVaried(source, ITEMS);
    good = await backup(source, 'good.rbk');
  });

  it('writes a Brotli file, mode 0600, header first, parts of one table and scope, manifest last; no .partial left', async () => {
    assert.equal(statSync(good).mode & 0o777, 0o600);
    assert.deepEqual(readdirSync(root).filter((f) => f.endsWith('.partial')), []);
    const lines = archiveLines(good);
    const header = JSON.parse(lines[0]!) as { archiveId: string };
    assert.match(header.archiveId, /^[0-9a-f]{32}$/);
    assert.deepEqual(header, { kind: 'rampart-backup', formatVersion: FORMAT_VERSION, masterKeyCheck: source.masterKeyCheck, archiveId: header.archiveId });
    for (const r of partRanges(lines)) assert.match(lines[r.end]!, /^\{"part":\d+,"items":\d+,"sha256":"[0-9a-f]{64}","hmac":"[0-9a-f]{64}"\}$/);
    assert.match(lines.at(-1)!, /^\{"manifest":\{.*\},"hmac":"[0-9a-f]{64}"\}$/);
    const m = archiveManifest(good);
    const total = ITEMS + 4;
    assert.equal(m.totalItems, total);
    assert.equal(m.backend, 'sqlite');
    assert.equal(m.masterKeyCheck, source.masterKeyCheck);
    assert.equal(m.createdAt, '2025-01-02T00:00:00.000Z');
    const ranges = partRanges(lines);
    assert.equal(ranges.length, m.parts.length);
    assert.equal(lines.length, 1 + total + m.parts.length + 1);
    for (const { start, end } of ranges) {
      const groups = new Set(lines.slice(start, end).map((l) => JSON.stringify([JSON.parse(l).t, JSON.parse(l).s])));
      assert.equal(groups.size, 1, 'a part holds one table and scope');
      assert.ok(end - start >= 1 && end - start <= PART_SIZE);
    }
    assert.equal((await readArchive(good, { masterKey: KEY })).totalItems, total, 'readArchive accepts it');
  });

  it('an archive of an older storage schema (1, before the clustered items table) restores into the current one', async () => {
    assert.ok(LATEST_SCHEMA_VERSION > 1, 'there is an older schema to come from');
    const old = join(root, 'schema-1.rbk');
    const m = await writeArchive(source, old, { rampartVersion: '0.1.0', schemaVersion: 1, masterKey: keyOf(source), now: 0 });
    assert.equal(m.schemaVersion, 1);
    for (const backend of ['sqlite', 'postgres'] as const) {
      const target = await open[backend]();
      await restoreArchive(old, target, { masterKey: keyOf(target) });
      assert.deepEqual(await snapshot(target), await snapshot(source), backend);
    }
  });

  it('tables named like Object.prototype members are counted and restored like any other', async () => {
    const odd = await sqliteStore();
    for (const t of ['__proto__', 'constructor', 'toString']) await odd.put(t, { kind: 'account', accountId: '123456789012' }, 'k', t);
    const path = await backup(odd, 'proto-tables.rbk');
    assert.deepEqual(Object.keys(archiveManifest(path).counts['account:123456789012']!).sort(), ['__proto__', 'constructor', 'toString']);
    const target = await pgStore();
    await restoreArchive(path, target, { masterKey: keyOf(target) });
    assert.deepEqual(await snapshot(target), await snapshot(odd));
  });

  it('cuts parts of large items at PART_BYTES and restores them whole', async () => {
    const big = await sqliteStore();
    const mb = 'm'.repeat(1024 * 1024);
    await big.importAll((put) => {
      for (let i = 0; i < 20; i++) put('large.items', { kind: 'global' }, { key: `k${String(i).padStart(2, '0')}`, version: 1, value: { i, mb } });
    });
    const path = await backup(big, 'large-items.rbk');
    const lines = archiveLines(path);
    const perLine = Buffer.byteLength(lines[1]!) + 1;
    const perPart = Math.ceil(PART_BYTES / perLine);
    assert.deepEqual(partRanges(lines).map((r) => r.end - r.start), [perPart, 20 - perPart]);
    for (const backend of ['sqlite', 'postgres'] as const) {
      const target = await open[backend]();
      await restoreArchive(path, target, { masterKey: keyOf(target) });
      assert.deepEqual(await snapshot(target), await snapshot(big));
      assert.deepEqual(archiveManifest(await backup(target, `large-again-${backend}.rbk`)).parts, archiveManifest(path).parts);
    }
  });

  it('cuts a large table and scope into parts of PART_SIZE items', async () => {
    const big = await sqliteStore();
    await big.importAll((put) => {
      for (let i = 0; i < 2 * PART_SIZE + 500; i++) put('one.table', { kind: 'account', accountId: '123456789012' }, { key: `k${String(i).padStart(5, '0')}`, version: 1, value: i });
    });
    const lines = archiveLines(await backup(big, 'one-group.rbk'));
    assert.deepEqual(partRanges(lines).map((r) => r.end - r.start), [PART_SIZE, PART_SIZE, 500]);
  });

  for (const backend of ['sqlite', 'postgres'] as const) {
    it(`restores into an empty ${backend} store: same items, versions, values; a second backup lists the same part hashes`, async () => {
      const target = await open[backend]();
      await restoreArchive(good, target, { masterKey: keyOf(target) });
      assert.deepEqual(await snapshot(target), await snapshot(source));
      assert.equal(await target.countAll(), ITEMS + 4);
      const sealed = ((await target.get('iam.access-keys', { kind: 'global' }, 'AKIAEXAMPLE'))!.value as { sealedSecret: string }).sealedSecret;
      assert.equal(target.sealer.open(sealed, KEY_AT).toString(), SECRET, 'the secret opens with the shared master key');
      assert.equal((await target.get('svc0.table0', { kind: 'global' }, 'key-000000'))!.version, 2);
      const again = archiveManifest(await backup(target, `again-${backend}.rbk`));
      const first = archiveManifest(good);
      assert.deepEqual(again.parts, first.parts);
      assert.deepEqual(again.counts, first.counts);
      assert.equal(again.backend, backend);
    });
  }

  it('the archive holds no secret in clear, only the sealed form', () => {
    const text = archiveLines(good).join('\n');
    assert.ok(!text.includes(SECRET));
    assert.ok(text.includes('"sealedSecret":"rs2:'));
  });

  it('reports progress every part and at the end', async () => {
    const seen: number[] = [];
    await writeArchive(source, join(root, 'progress.rbk'), { rampartVersion: 't', schemaVersion: 1, masterKey: keyOf(source), now: 0, onProgress: (n) => seen.push(n) });
    const sizes = partRanges(archiveLines(join(root, 'progress.rbk'))).map((r) => r.end - r.start);
    const running = sizes.map((_, i) => sizes.slice(0, i + 1).reduce((a, b) => a + b, 0));
    assert.deepEqual(seen, running, 'after every part');
    assert.equal(seen.at(-1), ITEMS + 4);
    const target = await sqliteStore();
    const restored: [number, number][] = [];
    await restoreArchive(join(root, 'progress.rbk'), target, { masterKey: keyOf(target), onProgress: (n, t) => restored.push([n, t]) });
    assert.deepEqual(restored, running.map((n) => [n, ITEMS + 4]));
  });

  it('an empty store gives an archive of one empty part that restores to an empty store', async () => {
    const empty = await sqliteStore();
    const path = await backup(empty, 'empty.rbk');
    assert.equal(archiveManifest(path).totalItems, 0);
    assert.equal(archiveManifest(path).parts.length, 1);
    const target = await pgStore();
    await restoreArchive(path, target, { masterKey: keyOf(target) });
    assert.equal(await target.countAll(), 0);
  });

  it('a failed write (missing directory) rejects and leaves no file behind', async () => {
    const big = await sqliteStore();
    await big.importAll((put) => {
      for (let i = 0; i < 20_000; i++) put('t', { kind: 'global' }, { key: `k${i}`, version: 1, value: `${i}`.repeat(40) });
    });
    const out = join(root, 'missing-dir', 'x.rbk');
    await assert.rejects(writeArchive(big, out, { rampartVersion: 't', schemaVersion: 1, masterKey: keyOf(big), now: 0 }), /ENOENT/);
    assert.ok(!existsSync(out) && !existsSync(`${out}.partial`));
  });

  it('an error thrown by the part consumer (e.g. the store) passes through as it is, not blamed on the archive', async () => {
    await assert.rejects(
      readArchive(good, { masterKey: KEY }, () => {
        throw new Error('store went away');
      }),
      (e: unknown) => !(e instanceof ArchiveError) && /store went away/.test((e as Error).message),
    );
  });

  it('a missing archive file is a plain error naming it, not a crash', async () => {
    await assert.rejects(readArchive(join(root, 'nope.rbk'), { masterKey: KEY }), /cannot read the archive .*nope\.rbk: ENOENT/);
  });
});

describe('damaged, tampered and foreign archives are refused and the target is unchanged', () => {
  let good: string;
  let lines: string[];
  let other: string;
  let newerSchema: string;
  before(async () => {
    const source = await sqliteStore();
    await fillVaried(source, ITEMS);
    good = await backup(source, 'tamper-good.rbk');
    newerSchema = join(root, 'newer-schema.rbk');
    await writeArchive(source, newerSchema, { rampartVersion: 'future', schemaVersion: LATEST_SCHEMA_VERSION + 1, masterKey: KEY, now: 0 });
    lines = archiveLines(good);
    const second = await sqliteStore();
    await fillVaried(second, PART_SIZE + 10);
    await second.put('extra', { kind: 'global' }, 'x', 1);
    other = await backup(second, 'tamper-other.rbk');
  });

  const variant = (name: string, make: (lines: string[]) => string[]) => () => {
    const path = join(root, `${name}.rbk`);
    writeArchiveLines(path, make([...lines]));
    return path;
  };
  const bytes = (name: string, make: (b: Buffer) => Buffer) => () => {
    const path = join(root, `${name}.rbk`);
    writeFileSync(path, make(Buffer.from(readFileSync(good))));
    return path;
  };
  const swap = <T>(a: T[], i: number, j: number) => {
    [a[i], a[j]] = [a[j]!, a[i]!];
    return a;
  };
  /** Changes the first line that contains `marker` (an item line), failing loudly if there is none. */
  const edit = (l: string[], marker: string, change: (line: string) => string) => {
    const i = l.findIndex((x) => x.includes(marker));
    assert.ok(i > 0, `no line contains ${marker}`);
    const changed = change(l[i]!);
    assert.notEqual(changed, l[i]);
    l[i] = changed;
    return l;
  };
  /** The first part with at least two items. */
  const bigPart = (l: string[]) => partRanges(l).find((r) => r.end - r.start >= 2)!;
  const flip = (b: Buffer, at: number) => {
    b.writeUInt8(b.readUInt8(at) ^ 0x10, at);
    return b;
  };

  const cases: [string, () => string, ArchiveError['reason'][]][] = [
    ['truncated file (60% of the bytes)', bytes('trunc-60', (b) => b.subarray(0, Math.floor(b.length * 0.6))), ['truncated']],
    ['truncated file (last byte missing)', bytes('trunc-1', (b) => b.subarray(0, b.length - 1)), ['truncated']],
    ['manifest line missing', variant('no-manifest', (l) => l.slice(0, -1)), ['truncated']],
    ['last part and manifest missing', variant('no-last-part', (l) => l.slice(0, partRanges(l)[1]!.end + 1)), ['truncated']],
    ['empty file', bytes('empty', () => Buffer.alloc(0)), ['truncated']],
    ['not compressed at all', bytes('plain', () => Buffer.from('{"kind":"rampart-backup","formatVersion":1}\n')), ['truncated', 'corrupt']],
    ['one bit flipped in the compressed body', bytes('flip-body', (b) => flip(b, Math.floor(b.length / 2))), ['truncated', 'corrupt', 'unauthenticated']],
    ['one bit flipped near the start of the deflate data', bytes('flip-early', (b) => flip(b, 40)), ['truncated', 'corrupt', 'unauthenticated']],
    ['one bit flipped near the end of the compressed stream', bytes('flip-end', (b) => flip(b, b.length - 6)), ['truncated', 'corrupt', 'unauthenticated']],
    ['one character changed in an item value', variant('flip-item', (l) => edit(l, '"name":"item-', (x) => x.replace('item-', 'itex-'))), ['corrupt']],
    ['an item version changed', variant('flip-version', (l) => edit(l, '"v":1,', (x) => x.replace('"v":1,', '"v":9,'))), ['corrupt']],
    ['a part hash changed in the manifest', variant('flip-manifest', (l) => ((l[l.length - 1] = l.at(-1)!.replace(archiveManifest(good).parts[1]!, archiveManifest(other).parts[0]!)), l)), ['corrupt']],
    ['two item lines swapped inside a part', variant('swap-items', (l) => swap(l, bigPart(l).start, bigPart(l).start + 1)), ['corrupt']],
    [
      'two whole parts swapped (with their part lines)',
      variant('swap-parts', (l) => {
        const [p1, p2] = partRanges(l);
        return [l[0]!, ...l.slice(p2!.start, p2!.end + 1), ...l.slice(p1!.start, p1!.end + 1), ...l.slice(p2!.end + 1)];
      }),
      ['corrupt'],
    ],
    [
      'two parts swapped and renumbered',
      variant('swap-renumbered', (l) => {
        const [p1, p2] = partRanges(l);
        const out = [l[0]!, ...l.slice(p2!.start, p2!.end + 1), ...l.slice(p1!.start, p1!.end + 1), ...l.slice(p2!.end + 1)];
        const rs = partRanges(out);
        out[rs[0]!.end] = out[rs[0]!.end]!.replace('"part":2', '"part":1');
        out[rs[1]!.end] = out[rs[1]!.end]!.replace('"part":1', '"part":2');
        return out;
      }),
      ['unauthenticated'],
    ],
    [
      'a part spliced in from another archive',
      variant('splice', (l) => {
        const o = archiveLines(other);
        const [p1] = partRanges(o);
        const [, p2] = partRanges(l);
        return [...l.slice(0, p2!.start), ...o.slice(p1!.start, p1!.end), JSON.stringify({ ...JSON.parse(o[p1!.end]!), part: 2 }), ...l.slice(p2!.end + 1)];
      }),
      ['unauthenticated'],
    ],
    ['an item line dropped and its part re-hashed, manifest not', variant('drop-item', (l) => { const r = reseal(l.filter((_, i) => i !== bigPart(l).start + 1)); r[r.length - 1] = l.at(-1)!; return r; }), ['unauthenticated']],
    ['manifest counts changed', variant('counts', (l) => ((l[l.length - 1] = l.at(-1)!.replace('"totalItems":', '"totalItems":1')), l)), ['corrupt']],
    ['a manifest without its schema version', variant('no-schema', (l) => ((l[l.length - 1] = l.at(-1)!.replace(/"schemaVersion":\d+,/, '')), l)), ['corrupt']],
    ['a manifest that is not an object', variant('manifest-null', (l) => ((l[l.length - 1] = '{"manifest":null}'), l)), ['corrupt']],
    ['a line after the manifest', variant('after-manifest', (l) => [...l, l[1]!]), ['corrupt']],
    ['not a Rampart archive (wrong kind)', variant('kind', (l) => ((l[0] = '{"kind":"other","formatVersion":1}'), l)), ['corrupt']],
    ['a line that is not JSON', variant('garbage', (l) => ((l[2] = 'garbage'), l)), ['corrupt']],
    ['a consistently re-hashed item of the wrong shape', variant('shape', (l) => reseal(((l[1] = JSON.stringify({ t: 'x', s: 'global', k: 'k', v: 0, d: 1 })), l))), ['corrupt']],
    ['a consistently re-hashed item with an unknown scope', variant('scope', (l) => reseal(((l[1] = JSON.stringify({ t: 'x', s: 'planet:mars', k: 'k', v: 1, d: 1 })), l))), ['corrupt']],
    ['a newer archive format', variant('newer-format', (l) => ((l[0] = JSON.stringify({ kind: 'rampart-backup', formatVersion: FORMAT_VERSION + 1 })), l)), ['newer-format']],
    ['a part with more items than any part Rampart writes', variant('oversized-part', (l) => [l[0]!, ...Array.from({ length: PART_SIZE + 1 }, () => l[1]!), ...l.slice(1)]), ['corrupt']],
    [
      'a small file that decompresses to a 70 MB line (a decompression bomb)',
      () => {
        const path = join(root, 'bomb.rbk');
        const text = Buffer.concat([Buffer.from(`${lines[0]}\n`), Buffer.alloc(70 * 1024 * 1024, 'a')]);
        writeFileSync(path, brotliCompressSync(text, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 1 } }));
        return path;
      },
      ['corrupt'],
    ],
    ['a newer storage schema edited into the manifest', variant('newer-schema-edit', (l) => ((l[l.length - 1] = l.at(-1)!.replace(/"schemaVersion":\d+/, `"schemaVersion":${LATEST_SCHEMA_VERSION + 1}`)), l)), ['unauthenticated']],
    ['a newer storage schema', () => newerSchema, ['newer-schema']],
  ];

  for (const backend of ['sqlite', 'postgres'] as const) {
    describe(`target on ${backend}`, () => {
      let target: Store;
      let before0: string[];
      before(async () => {
        target = await open[backend]();
        await fillVaried(target, 30);
        await target.put('target.only', { kind: 'account', accountId: '999999999999' }, 'marker', { keep: true });
        before0 = await snapshot(target);
      });

      for (const [name, make, reasons] of cases) {
        it(`${name}: refused (${reasons.join('/')}), target unchanged`, async () => {
          const path = make();
          await assert.rejects(restoreArchive(path, target, { masterKey: keyOf(target), force: true }), refusedWith(...reasons));
          assert.equal(await target.countAll(), before0.length);
          assert.deepEqual(await snapshot(target), before0);
        });
      }

      it('an archive that changes between the verify pass and the import pass is rolled back', async () => {
        const manifest = await verifyArchive(good, { masterKey: KEY });
        await assert.rejects(restoreVerified(other, manifest, target, { masterKey: keyOf(target), force: true }), refusedWith('corrupt'));
        assert.deepEqual(await snapshot(target), before0);
        // An item of a part that comes after some parts were imported.
        const bad = variant(`late-damage-${backend}`, (l) => edit(l, `"name":"item-${ITEMS - 1}"`, (x) => x.replace('item', 'itex')))();
        await assert.rejects(restoreVerified(bad, manifest, target, { masterKey: keyOf(target), force: true }), refusedWith('corrupt'));
        assert.deepEqual(await snapshot(target), before0, 'parts 1 and 2 were imported, then rolled back');
      });

      it('the untouched archive is then accepted (the cases above failed for their defect only)', async () => {
        await restoreArchive(good, target, { masterKey: keyOf(target), force: true });
        assert.equal(await target.countAll(), ITEMS + 4);
        assert.equal(await target.get('target.only', { kind: 'account', accountId: '999999999999' }, 'marker'), undefined);
      });
    });
  }

  it('format 1 archives (gzip) are still read when unauthenticated archives are accepted; gzip header metadata (mtime) carries no data', async () => {
    const v1 = lines.map((l, i) => (i === 0 ? JSON.stringify({ kind: 'rampart-backup', formatVersion: 1 }) : i === lines.length - 1 ? l.replace(`"formatVersion":${FORMAT_VERSION}`, '"formatVersion":1') : l));
    const path = join(root, 'format-1.rbk');
    writeArchiveLines(path, v1, 'gzip');
    await assert.rejects(readArchive(path, { masterKey: KEY }), refusedWith('unauthenticated'));
    const accept = { acceptUnauthenticated: true };
    const m = await readArchive(path, accept);
    assert.equal(m.formatVersion, 1);
    assert.deepEqual(m.parts, (await readArchive(good, { masterKey: KEY })).parts);
    const flipped = join(root, 'format-1-mtime.rbk');
    writeFileSync(flipped, flip(readFileSync(path), 5));
    assert.deepEqual(await readArchive(flipped, accept), m);
    const target = await sqliteStore();
    await restoreArchive(path, target, { masterKey: keyOf(target), ...accept });
    assert.equal(await target.countAll(), m.totalItems);
  });

  it('a format and a container that do not go together are refused', async () => {
    const gz = join(root, 'v2-in-gzip.rbk');
    writeArchiveLines(gz, lines, 'gzip');
    await assert.rejects(readArchive(gz, { masterKey: KEY }), (e: unknown) => refusedWith('corrupt')(e) && new RegExp(`format ${FORMAT_VERSION} archives are Brotli-compressed`).test((e as Error).message));
    const br = join(root, 'v1-in-brotli.rbk');
    writeArchiveLines(br, [JSON.stringify({ kind: 'rampart-backup', formatVersion: 1 }), ...lines.slice(1)], 'brotli');
    await assert.rejects(readArchive(br, { acceptUnauthenticated: true }), (e: unknown) => refusedWith('corrupt')(e) && /format 1 archives are gzip-compressed/.test((e as Error).message));
  });
});

describe('master keys and non-empty targets', () => {
  let source: Store;
  let path: string;
  before(async () => {
    source = await sqliteStore();
    await fillVaried(source, 50);
    path = await backup(source, 'keys.rbk');
  });

  for (const backend of ['sqlite', 'postgres'] as const) {
    it(`${backend}: another master key is refused naming the mismatch; --from-master-key re-seals every secret`, async () => {
      const target = await open[backend](OTHER_KEY);
      await assert.rejects(restoreArchive(path, target, { masterKey: keyOf(target) }), (e: unknown) => refusedWith('key-mismatch')(e) && /master key mismatch/.test((e as Error).message));
      await assert.rejects(restoreArchive(path, target, { masterKey: keyOf(target), fromMasterKey: OTHER_KEY }), /master key mismatch: --from-master-key is not the key/);
      assert.equal(await target.countAll(), 0);
      await restoreArchive(path, target, { masterKey: keyOf(target), fromMasterKey: `${KEY}\n` });
      const value = (await target.get('iam.access-keys', { kind: 'global' }, 'AKIAEXAMPLE'))!.value as { sealedSecret: string; note: string; legacyNote: string };
      assert.equal(target.sealer.open(value.sealedSecret, KEY_AT).toString(), SECRET);
      assert.throws(() => source.sealer.open(value.sealedSecret, KEY_AT), 'sealed with the target key, not the archive key');
      assert.equal(value.note, 'rs2:only-looks-sealed', 'a string that only looks sealed is kept');
      assert.equal(value.legacyNote, 'rs1:only-looks-sealed');
      assert.equal(await target.countAll(), await source.countAll());
    });

    it(`${backend}: a non-empty target is refused unless force, and force replaces it`, async () => {
      const target = await open[backend]();
      await target.put('stale', { kind: 'global' }, 'old', 1);
      await assert.rejects(restoreArchive(path, target, { masterKey: keyOf(target) }), (e: unknown) => refusedWith('target-not-empty')(e) && /--force/.test((e as Error).message));
      assert.deepEqual(await snapshot(target), [JSON.stringify(['stale', { kind: 'global' }, 'old', 1, 1])]);
      await restoreArchive(path, target, { masterKey: keyOf(target), force: true });
      assert.equal(await target.get('stale', { kind: 'global' }, 'old'), undefined);
      assert.deepEqual(await snapshot(target), await snapshot(source));
    });
  }
});
