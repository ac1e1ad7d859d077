import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openStore } from '../../storage/open-store.js';
import type { Store } from '../../storage/types.js';
import { aclOfVersion } from './object-acl.js';
import { GLOBAL, objectAcls, objectKey, type BucketRecord, type GrantRecord, type ObjectRecord } from './store.js';
import { deleteLatest, deleteVersion, findVersion, putCurrent, updateVersion, versionIdOf } from './versioning.js';

const OWNER = '111122223333';
const READ: GrantRecord = { type: 'Group', grantee: 'http://acs.amazonaws.com/groups/global/AllUsers', permission: 'READ' };
const bucket = (name: string, versioning?: 'Enabled' | 'Suspended'): BucketRecord => ({ name, accountId: OWNER, region: 'us-east-1', createdAt: 0, ownership: 'ObjectWriter', ...(versioning ? { versioning } : {}) });
const rec = (b: string, blobId: string, acl?: ObjectRecord['acl']): ObjectRecord => ({
  bucket: b,
  key: 'k',
  size: 1,
  md5: '',
  lastModified: Date.UTC(2026, 0, 1),
  blob: { id: blobId, sealedKey: '' },
  contentType: 'binary/octet-stream',
  metadata: {},
  checksums: {},
  tags: [],
  owner: OWNER,
  ...(acl ? { acl } : {}),
});

describe('object ACLs per version', () => {
  let dir: string;
  let store: Store;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rampart-s3-acl-'));
    store = await openStore({ kind: 'sqlite', dataDir: dir });
  });
  after(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("a version's own ACL wins; a legacy per-key row counts only for the body it was set on", async () => {
    await objectAcls.put(store, GLOBAL, objectKey('b1', 'k'), { blobId: 'blob-1', owner: OWNER, grants: [READ] });
    assert.deepEqual(await aclOfVersion(store, rec('b1', 'blob-1')), { owner: OWNER, grants: [READ] });
    assert.equal(await aclOfVersion(store, rec('b1', 'blob-2')), undefined);
    assert.deepEqual(await aclOfVersion(store, rec('b1', 'blob-1', { owner: OWNER, grants: [] })), { owner: OWNER, grants: [] });
  });

  it('a noncurrent version keeps its legacy ACL; removing that version sweeps the row', async () => {
    const b = bucket('b2', 'Enabled');
    const v1 = (await store.transaction((tx) => putCurrent(tx, b, rec('b2', 'blob-1')))).stored;
    await objectAcls.put(store, GLOBAL, objectKey('b2', 'k'), { blobId: 'blob-1', owner: OWNER, grants: [READ] });
    const v2 = (await store.transaction((tx) => putCurrent(tx, b, rec('b2', 'blob-2')))).stored;
    const old = (await findVersion(store, 'b2', 'k', versionIdOf(v1)))!.entry as ObjectRecord;
    assert.deepEqual((await aclOfVersion(store, old))?.grants, [READ]);
    assert.equal(await aclOfVersion(store, v2), undefined);
    // Setting v2's ACL on its record leaves v1's alone.
    await store.transaction((tx) => updateVersion(tx, 'b2', 'k', versionIdOf(v2), (r) => ({ ...r, acl: { owner: OWNER, grants: [] } }), 'PUT'));
    assert.deepEqual((await aclOfVersion(store, old))?.grants, [READ]);
    await store.transaction((tx) => deleteVersion(tx, 'b2', 'k', versionIdOf(v1)));
    assert.equal(await objectAcls.get(store, GLOBAL, objectKey('b2', 'k')), undefined);
  });

  it('replacing or deleting the object of a bucket never versioned sweeps its legacy row', async () => {
    const b = bucket('b3');
    await store.transaction((tx) => putCurrent(tx, b, rec('b3', 'blob-1')));
    await objectAcls.put(store, GLOBAL, objectKey('b3', 'k'), { blobId: 'blob-1', owner: OWNER, grants: [READ] });
    const { freed } = await store.transaction((tx) => putCurrent(tx, b, rec('b3', 'blob-2')));
    assert.deepEqual(freed.map((x) => x.id), ['blob-1']);
    assert.equal(await objectAcls.get(store, GLOBAL, objectKey('b3', 'k')), undefined);
    await objectAcls.put(store, GLOBAL, objectKey('b3', 'k'), { blobId: 'blob-2', owner: OWNER, grants: [READ] });
    await store.transaction((tx) => deleteLatest(tx, b, 'k', Date.now(), OWNER));
    assert.equal(await objectAcls.get(store, GLOBAL, objectKey('b3', 'k')), undefined);
  });
});
