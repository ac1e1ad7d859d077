/**
 * Archive authentication (format 3) and the sealed values inside archives, on both backends: a
 * forger who recomputes every SHA-256 (editing an access key into root's, reordering, dropping,
 * editing the manifest) is refused; a sealed value in another record than its own is refused;
 * format 1 and 2 archives are refused unless accepted explicitly, and then their secrets are sealed
 * again, bound to their records; --from-master-key authenticates with the archive's key.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ArchiveChain, archiveKey } from '../../src/storage/archive/archive-auth.js';
import { ArchiveError, PART_SIZE, type ArchiveHeader, type ArchiveManifest } from '../../src/storage/archive/archive-format.js';
import { restoreArchive } from '../../src/storage/archive/restore-archive.js';
import { masterKeyCheckValue } from '../../src/storage/master-key.js';
import type { JsonValue, SealContext, Store } from '../../src/storage/types.js';
import { archiveLines, fillVaried, partRanges, reseal, snapshot, writeArchiveLines, writeLegacyArchive, type ArchivedItem } from './archive-support.js';
import { sealLegacy } from './legacy-seal.js';
import { archiveTestEnv } from './archive-stores.js';

const KEY = 'archive-auth-master-key-0123456789abcdefghij';
const OTHER_KEY = 'archive-auth-other-master-key-9876543210zyxw';
const env = archiveTestEnv('archive-auth', KEY);
const { root, sqliteStore, open, backup } = env;
const G = { kind: 'global' } as const;
const ACCT = { kind: 'account', accountId: '123456789012' } as const;
const USER_KEY: SealContext = { table: 'iam.access-keys', scope: G, key: 'AKIAUSERKEY000000001' };

const refusedWith = (reason: ArchiveError['reason'], message?: RegExp) => (e: unknown) => {
  assert.ok(e instanceof ArchiveError, `expected an ArchiveError, got ${String(e)}`);
  assert.equal(e.reason, reason, e.message);
  if (message) assert.match(e.message, message);
  return true;
};

/** The user access key record an attacker wants to turn into root's. */
function userKeyRecord(store: Store, secret = 'user-secret-0123456789'): JsonValue {
  return { accessKeyId: USER_KEY.key, accountId: ACCT.accountId, principalType: 'user', arn: 'arn:aws:iam::123456789012:user/mallory', userId: 'AIDAMALLORY', userName: 'mallory', status: 'Active', sealedSecret: store.sealer.seal(secret, USER_KEY), createdAt: '2025-01-01T00:00:00.000Z' };
}

after(() => env.cleanup());

describe('a format 3 archive changed by someone without the master key is refused, even with every checksum recomputed', () => {
  let lines: string[];
  const write = (name: string, l: readonly string[]) => {
    const path = join(root, `${name}.rbk`);
    writeArchiveLines(path, l);
    return path;
  };
  /** Recomputes every MAC with another master key's archive key (the check value kept or replaced). */
  const remac = (l: readonly string[], key: string, header: Partial<ArchiveHeader> = {}) => {
    const out = [...l];
    const h = { ...(JSON.parse(out[0]!) as ArchiveHeader), ...header };
    out[0] = JSON.stringify(h);
    const chain = new ArchiveChain(archiveKey(key), h);
    for (const { end } of partRanges(out)) {
      const p = JSON.parse(out[end]!) as { part: number; items: number; sha256: string };
      out[end] = JSON.stringify({ ...p, hmac: chain.part(p.part, p.items, p.sha256) });
    }
    const { manifest } = JSON.parse(out.at(-1)!) as { manifest: ArchiveManifest };
    out[out.length - 1] = JSON.stringify({ manifest, hmac: chain.manifest(manifest) });
    return out;
  };

  before(async () => {
    const source = await sqliteStore();
    await fillVaried(source, PART_SIZE + 50);
    await source.put(USER_KEY.table, USER_KEY.scope, USER_KEY.key, userKeyRecord(source));
    lines = archiveLines(await backup(source, 'auth-good.rbk'));
  });

  const cases: [string, () => string[], RegExp][] = [
    [
      "an access key's principalType edited to root, part SHA-256 and manifest recomputed",
      () => reseal(lines.map((l) => (l.includes(`"k":"${USER_KEY.key}"`) ? l.replace('"principalType":"user"', '"principalType":"root"').replace('"arn":"arn:aws:iam::123456789012:user/mallory"', '"arn":"arn:aws:iam::123456789012:root"') : l))),
      /^part \d+ fails authentication/,
    ],
    [
      'two parts swapped and renumbered, checksums and manifest recomputed',
      () => {
        const [p1, p2] = partRanges(lines);
        return reseal([lines[0]!, ...lines.slice(p2!.start, p2!.end + 1), ...lines.slice(p1!.start, p1!.end + 1), ...lines.slice(p2!.end + 1)]);
      },
      /^part 1 fails authentication/,
    ],
    [
      'a part in the middle dropped, the manifest fixed',
      () => {
        const [, p2] = partRanges(lines);
        return reseal([...lines.slice(0, p2!.start), ...lines.slice(p2!.end + 1)]);
      },
      /^part 2 fails authentication/,
    ],
    [
      'the last part dropped, the manifest fixed',
      () => {
        const last = partRanges(lines).at(-1)!;
        return reseal([...lines.slice(0, last.start), ...lines.slice(last.end + 1)]);
      },
      /^the manifest fails authentication/,
    ],
    ['the manifest edited (creation date)', () => lines.map((l, i) => (i === lines.length - 1 ? l.replace('2025-01-02T', '2024-01-02T') : l)), /^the manifest fails authentication/],
    ['the manifest MAC removed', () => lines.map((l, i) => (i === lines.length - 1 ? JSON.stringify({ manifest: (JSON.parse(l) as { manifest: unknown }).manifest }) : l)), /^the manifest fails authentication/],
    ['the header archive id changed (parts of another archive)', () => lines.map((l, i) => (i === 0 ? l.replace(/"archiveId":"[0-9a-f]{32}"/, `"archiveId":"${'0'.repeat(32)}"`) : l)), /^part 1 fails authentication/],
    ['a part MAC removed', () => lines.map((l, i) => (i === partRanges(lines)[0]!.end ? l.replace(/,"hmac":"[0-9a-f]+"/, '') : l)), /^part 1 fails authentication/],
    ['every MAC recomputed with another master key (check value kept)', () => remac(reseal(lines), OTHER_KEY), /^part 1 fails authentication/],
  ];

  for (const backend of ['sqlite', 'postgres'] as const) {
    describe(`target on ${backend}`, () => {
      let target: Store;
      let before0: string[];
      before(async () => {
        target = await open[backend]();
        await target.put('target.only', ACCT, 'marker', { keep: true });
        before0 = await snapshot(target);
      });

      for (const [name, make, message] of cases) {
        it(`${name}: refused (unauthenticated), target unchanged`, async () => {
          await assert.rejects(restoreArchive(write(`${name.replace(/\W+/g, '-')}-${backend}`, make()), target, { masterKey: KEY, force: true }), refusedWith('unauthenticated', message));
          assert.deepEqual(await snapshot(target), before0);
        });
      }

      it("every MAC recomputed with the forger's own key and check value: refused as made with another master key", async () => {
        const forged = remac(lines, OTHER_KEY, { masterKeyCheck: masterKeyCheckValue(OTHER_KEY) });
        await assert.rejects(restoreArchive(write(`forged-key-${backend}`, forged), target, { masterKey: KEY, force: true }), refusedWith('key-mismatch'));
        assert.deepEqual(await snapshot(target), before0);
      });

      it('with --from-master-key the archive is authenticated with the archive key: a forgery is refused, the archive restores', async () => {
        const other = await open[backend](OTHER_KEY);
        const o = { masterKey: OTHER_KEY, fromMasterKey: KEY };
        await assert.rejects(restoreArchive(write(`from-key-forged-${backend}`, cases[0]![1]()), other, o), refusedWith('unauthenticated'));
        await assert.rejects(restoreArchive(write(`from-key-good-${backend}`, lines), other, { ...o, fromMasterKey: `${OTHER_KEY}x` }), refusedWith('key-mismatch', /--from-master-key is not the key/));
        assert.equal(await other.countAll(), 0);
        await restoreArchive(write(`from-key-good-${backend}`, lines), other, o);
        const rec = (await other.get<{ sealedSecret: string; principalType: string }>(USER_KEY.table, USER_KEY.scope, USER_KEY.key))!.value;
        assert.equal(rec.principalType, 'user');
        assert.equal(other.sealer.open(rec.sealedSecret, USER_KEY).toString(), 'user-secret-0123456789', 'sealed again with the target key, for its record');
      });
    });
  }
});

describe('sealed values in an archive must open at their own record', () => {
  for (const backend of ['sqlite', 'postgres'] as const) {
    it(`${backend}: a sealed secret copied into another record of the source (same table, then another table) is refused as corrupt`, async () => {
      for (const [table, key] of [[USER_KEY.table, 'AKIACOPYOFUSERKEY001'], ['sts.sessions', USER_KEY.key]] as const) {
        const source = await open[backend]();
        const rec = userKeyRecord(source) as { sealedSecret: string };
        await source.put(USER_KEY.table, USER_KEY.scope, USER_KEY.key, rec);
        // Someone with write access to the source database copies the sealed secret elsewhere.
        await source.put(table, G, key, { ...rec, accessKeyId: key, principalType: 'root' });
        const path = await backup(source, `copied-${backend}-${table}.rbk`);
        const target = await open[backend]();
        await assert.rejects(restoreArchive(path, target, { masterKey: KEY }), refusedWith('corrupt', new RegExp(`the item ${table.replace('.', '\\.')} global "${key}" holds a value sealed for another record`)));
        assert.equal(await target.countAll(), 0);
      }
    });
  }
});

describe('format 1 and 2 archives (unauthenticated)', () => {
  const SECRET = 'legacy-secret-access-key-0123456789';
  const HASH = 'scrypt$c2FsdHNhbHRzYWx0c2FsdA==$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g=';
  const OLD_HASH = 'scrypt$b2xkc2FsdG9sZHNhbHQ=$b2xkaGFzaG9sZGhhc2hvbGRoYXNob2xkaGFzaG9sZGg=';
  const PROFILE: SealContext = { table: 'iam.login-profiles', scope: ACCT, key: 'alice' };
  const SESSION: SealContext = { table: 'sts.sessions', scope: G, key: 'ASIASESSION000000001' };
  let format2: string;
  let format1: string;
  before(() => {
    const items: ArchivedItem[] = [
      { t: USER_KEY.table, s: G, k: USER_KEY.key, d: { principalType: 'user', sealedSecret: sealLegacy(KEY, SECRET), note: 'rs1:only-looks-sealed', foreign: sealLegacy(OTHER_KEY, 'x') } },
      { t: SESSION.table, s: G, k: SESSION.key, v: 3, d: { sealedSecret: sealLegacy(KEY, 'session-secret'), sealedToken: sealLegacy(KEY, 'session-token') } },
      { t: PROFILE.table, s: ACCT, k: PROFILE.key, d: { userName: 'alice', passwordHash: HASH, previousHashes: [OLD_HASH] } },
      { t: 'iam.users', s: ACCT, k: 'alice', d: { userName: 'alice', description: 'scrypt$ is just text here' } },
    ];
    format2 = join(root, 'format-2.rbk');
    writeLegacyArchive(format2, items, { format: 2, schemaVersion: 2, masterKey: KEY });
    format1 = join(root, 'format-1.rbk');
    writeLegacyArchive(format1, items, { format: 1, schemaVersion: 1, masterKey: KEY });
  });

  /** Checks that every legacy secret of the archive was sealed again, bound, with `store`'s key. */
  async function assertBound(store: Store): Promise<void> {
    const key = (await store.get<Record<string, string>>(USER_KEY.table, G, USER_KEY.key))!.value;
    assert.equal(store.sealer.open(key['sealedSecret']!, USER_KEY).toString(), SECRET);
    assert.throws(() => store.sealer.open(key['sealedSecret']!, { ...USER_KEY, key: 'AKIAOTHER' }), 'bound to its record');
    assert.equal(key['note'], 'rs1:only-looks-sealed', 'user data that only looks sealed is kept');
    assert.match(key['foreign']!, /^rs1:/, 'an rs1 value of another key does not open and is kept');
    const session = (await store.get<Record<string, string>>(SESSION.table, G, SESSION.key))!;
    assert.equal(session.version, 3);
    assert.equal(store.sealer.open(session.value['sealedToken']!, SESSION).toString(), 'session-token');
    const profile = (await store.get<{ passwordHash: string; previousHashes: string[] }>(PROFILE.table, ACCT, PROFILE.key))!.value;
    assert.match(profile.passwordHash, /^rs2:/);
    assert.equal(store.sealer.open(profile.passwordHash, PROFILE).toString(), HASH);
    assert.equal(store.sealer.open(profile.previousHashes[0]!, PROFILE).toString(), OLD_HASH);
    assert.equal(((await store.get<{ description: string }>('iam.users', ACCT, 'alice'))!.value).description, 'scrypt$ is just text here');
    const again = archiveLines(await backup(store, `after-legacy-${++backups}.rbk`)).join('\n');
    assert.ok(!again.includes('scrypt$c2Fsd') && !again.includes('scrypt$b2xk'), 'no password hash in clear in a new archive');
  }
  let backups = 0;

  for (const backend of ['sqlite', 'postgres'] as const) {
    it(`${backend}: refused without the explicit option, naming it; the target is untouched`, async () => {
      const target = await open[backend]();
      await target.put('target.only', ACCT, 'marker', 1);
      for (const path of [format2, format1]) {
        await assert.rejects(restoreArchive(path, target, { masterKey: KEY, force: true }), refusedWith('unauthenticated', /carries no authentication.*--accept-unauthenticated-archive/));
      }
      assert.equal(await target.countAll(), 1);
    });

    it(`${backend}: with the option, restored and every secret sealed again bound to its record (format 2 and format 1)`, async () => {
      for (const path of [format2, format1]) {
        const target = await open[backend]();
        await restoreArchive(path, target, { masterKey: KEY, acceptUnauthenticated: true });
        await assertBound(target);
      }
    });

    it(`${backend}: with the option and --from-master-key, the legacy secrets are opened with the archive's key and sealed with the target's`, async () => {
      const target = await open[backend](OTHER_KEY);
      await assert.rejects(restoreArchive(format2, target, { masterKey: OTHER_KEY, acceptUnauthenticated: true }), refusedWith('key-mismatch'));
      await restoreArchive(format2, target, { masterKey: OTHER_KEY, fromMasterKey: KEY, acceptUnauthenticated: true });
      await assertBound(target);
    });
  }
});
