import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openStore } from '../../storage/open-store.js';
import type { Store } from '../../storage/types.js';
import { regionScope, trails, type TrailRecord } from './store.js';
import { backfillTrailIndex, indexEntries, indexTrail, sameNameElsewhere, shadowTrails, trailIndex, unindexTrail } from './trail-index.js';

const A = '111122223333';
const B = '444455556666';
let dir: string;
let store: Store;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rampart-trail-index-'));
  store = await openStore({ kind: 'sqlite', dataDir: dir });
});
after(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const trail = (accountId: string, homeRegion: string, name: string, isMultiRegionTrail: boolean): TrailRecord => ({
  name, arn: `arn:aws:cloudtrail:${homeRegion}:${accountId}:trail/${name}`, homeRegion, s3BucketName: 'b', includeGlobalServiceEvents: true,
  isMultiRegionTrail, logFileValidationEnabled: false, isOrganizationTrail: false, logging: false, tags: [],
});

async function create(accountId: string, t: TrailRecord, index = true): Promise<void> {
  await trails.put(store, regionScope(accountId, t.homeRegion), t.name, t);
  if (index) await indexTrail(store, accountId, t);
}

describe('the global trail index', () => {
  it('finds an account\'s shadow trails: multi-region trails of other regions of the same partition', async () => {
    await create(A, trail(A, 'us-east-1', 'org-wide', true));
    await create(A, trail(A, 'us-east-1', 'local', false));
    await create(A, trail(A, 'us-west-2', 'west-wide', true));
    await create(A, trail(A, 'cn-north-1', 'china-wide', true));
    await create(B, trail(B, 'us-east-1', 'other-account', true));
    const names = async (region: string) => (await shadowTrails(store, A, region)).map((t) => t.name);
    assert.deepEqual(await names('eu-west-1'), ['org-wide', 'west-wide']);
    assert.deepEqual(await names('us-east-1'), ['west-wide'], 'a trail is no shadow in its home region');
    assert.deepEqual(await names('cn-northwest-1'), ['china-wide'], 'shadows stay in their partition');
    assert.equal(await sameNameElsewhere(store, A, 'eu-west-1', 'local'), true);
    assert.equal(await sameNameElsewhere(store, A, 'us-east-1', 'local'), false, 'the same region is not elsewhere');
    assert.equal(await sameNameElsewhere(store, A, 'cn-north-1', 'local'), false, 'another partition');
  });

  it('reads the row of an entry written without multiRegion, and skips entries whose row is gone', async () => {
    const t = trail(A, 'eu-central-1', 'legacy-wide', true);
    await create(A, t, false);
    await trailIndex.put(store, { kind: 'global' }, `${A}/eu-central-1/legacy-wide`, { accountId: A, region: 'eu-central-1', name: 'legacy-wide' });
    assert.ok((await shadowTrails(store, A, 'eu-west-1')).some((x) => x.name === 'legacy-wide'));
    await trails.delete(store, regionScope(A, 'eu-central-1'), 'legacy-wide');
    assert.ok(!(await shadowTrails(store, A, 'eu-west-1')).some((x) => x.name === 'legacy-wide'));
    await unindexTrail(store, A, 'eu-central-1', 'legacy-wide');
  });

  it('is backfilled once from the trail rows of the given accounts and regions', async () => {
    await create(B, trail(B, 'ap-south-1', 'unindexed', true), false);
    await trailIndex.put(store, { kind: 'global' }, `${A}/us-east-1/local`, { accountId: A, region: 'us-east-1', name: 'local' });
    const before = (await collect()).length;
    assert.equal(await backfillTrailIndex(store, [A, B], ['us-east-1', 'ap-south-1'], 1), 2, 'the missing entry and the one without multiRegion');
    const entries = await collect();
    assert.equal(entries.length, before + 1);
    assert.deepEqual(entries.find((e) => e.name === 'unindexed'), { accountId: B, region: 'ap-south-1', name: 'unindexed', multiRegion: true });
    assert.deepEqual(entries.find((e) => e.name === 'local'), { accountId: A, region: 'us-east-1', name: 'local', multiRegion: false });
    await create(B, trail(B, 'ap-south-1', 'later', false), false);
    assert.equal(await backfillTrailIndex(store, [A, B], ['ap-south-1'], 2), 0, 'done once: later starts only read the mark');
  });
});

async function collect() {
  const out = [];
  for await (const e of indexEntries(store)) out.push(e);
  return out;
}
