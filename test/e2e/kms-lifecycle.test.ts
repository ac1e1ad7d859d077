/**
 * KMS key lifecycle through the AWS SDK v3: rotation (on demand, automatic by the scheduler, old
 * ciphertexts still decrypting, across restarts of the server on the same data dir), ListKeyRotations
 * paging, the scheduler deleting a due key with an injected clock, and the scheduler's lease on
 * PostgreSQL (two nodes, one acts). Plus the AWS CLI and boto3 on rotation. Imported key material:
 * kms-import.test.ts.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  CreateKeyCommand,
  DecryptCommand,
  DescribeKeyCommand,
  DisableKeyCommand,
  DisableKeyRotationCommand,
  EnableKeyRotationCommand,
  EncryptCommand,
  GetKeyRotationStatusCommand,
  KMSClient,
  ListKeyRotationsCommand,
  RotateKeyOnDemandCommand,
  ScheduleKeyDeletionCommand,
} from '@aws-sdk/client-kms';
import { openStore } from '../../src/storage/open-store.js';
import type { Store } from '../../src/storage/types.js';
import { parseBlob } from '../../src/services/kms/ciphertext.js';
import { scheduleWork } from '../../src/services/kms/due-work.js';
import { currentLease as leaseOf } from '../../src/storage/lease.js';
import type { StoreOps } from '../../src/storage/types.js';

const currentLease = (ops: StoreOps) => leaseOf('kms.scheduler', ops);
import { addMaterial } from '../../src/services/kms/rotation.js';
import { KmsScheduler } from '../../src/services/kms/scheduler.js';
import { keys, regionScope, type KeyRecord } from '../../src/services/kms/store.js';
import { pythonWithBoto3 } from '../helpers/python.js';
import { dropSchema, freshSchema, PG_URL, requirePostgres } from '../helpers/postgres.js';
import { run } from './authz-support.js';
import { kmsFailure } from './kms-support.js';
import { awsEnv, startTestServer, type TestServer } from '../helpers/rampart.js';

const DAY = 86_400_000;
const enc = new TextEncoder();
let s: TestServer;
const kms = (srv: TestServer = s) => new KMSClient({ endpoint: srv.url, region: 'us-east-1', credentials: srv.credentials, maxAttempts: 1 });
const fail = kmsFailure;
const newKey = async (c = kms(), extra: Record<string, unknown> = {}) => (await c.send(new CreateKeyCommand({ Description: 'lifecycle', ...extra }))).KeyMetadata!;
const text = (b: Uint8Array | undefined) => Buffer.from(b!).toString();

before(async () => {
  s = await startTestServer();
});
after(() => s.close());

describe('KMS rotation', () => {
  it('EnableKeyRotation / GetKeyRotationStatus / DisableKeyRotation with AWS\'s period bounds', async () => {
    const m = await newKey();
    assert.deepEqual(await kms().send(new GetKeyRotationStatusCommand({ KeyId: m.KeyId! })).then((r) => [r.KeyRotationEnabled, r.KeyId]), [false, m.Arn]);
    const t0 = Date.now();
    await kms().send(new EnableKeyRotationCommand({ KeyId: m.KeyId! }));
    const st = await kms().send(new GetKeyRotationStatusCommand({ KeyId: m.Arn! }));
    assert.equal(st.KeyRotationEnabled, true);
    assert.equal(st.RotationPeriodInDays, 365);
    assert.ok(Math.abs(st.NextRotationDate!.getTime() - (t0 + 365 * DAY)) < 60_000, String(st.NextRotationDate));
    assert.equal(st.OnDemandRotationStartDate, undefined);
    for (const bad of [89, 2561]) assert.equal((await fail(kms().send(new EnableKeyRotationCommand({ KeyId: m.KeyId!, RotationPeriodInDays: bad })))).name, 'ValidationException', String(bad));
    await kms().send(new EnableKeyRotationCommand({ KeyId: m.KeyId!, RotationPeriodInDays: 90 }));
    assert.equal((await kms().send(new GetKeyRotationStatusCommand({ KeyId: m.KeyId! }))).RotationPeriodInDays, 90);
    await kms().send(new DisableKeyRotationCommand({ KeyId: m.KeyId! }));
    const off = await kms().send(new GetKeyRotationStatusCommand({ KeyId: m.KeyId! }));
    assert.equal(off.KeyRotationEnabled, false);
    assert.equal(off.NextRotationDate, undefined);
    // Key states: a disabled key refuses (DisabledException), GetKeyRotationStatus still answers.
    await kms().send(new DisableKeyCommand({ KeyId: m.KeyId! }));
    const d = await fail(kms().send(new EnableKeyRotationCommand({ KeyId: m.KeyId! })));
    assert.deepEqual([d.name, d.message], ['DisabledException', `${m.Arn} is disabled.`]);
    assert.equal((await fail(kms().send(new RotateKeyOnDemandCommand({ KeyId: m.KeyId! })))).name, 'DisabledException');
    await kms().send(new GetKeyRotationStatusCommand({ KeyId: m.KeyId! }));
    const p = await newKey();
    await kms().send(new ScheduleKeyDeletionCommand({ KeyId: p.KeyId!, PendingWindowInDays: 7 }));
    assert.equal((await fail(kms().send(new EnableKeyRotationCommand({ KeyId: p.KeyId! })))).name, 'KMSInvalidStateException');
  });

  it('RotateKeyOnDemand: new ciphertexts use the new material, old ones still decrypt; ListKeyRotations pages', async () => {
    const m = await newKey();
    const blobs = [(await kms().send(new EncryptCommand({ KeyId: m.KeyId!, Plaintext: enc.encode('v1'), EncryptionContext: { v: '1' } }))).CiphertextBlob!];
    for (let i = 2; i <= 4; i++) {
      assert.equal((await kms().send(new RotateKeyOnDemandCommand({ KeyId: m.KeyId! }))).KeyId, m.KeyId);
      blobs.push((await kms().send(new EncryptCommand({ KeyId: m.KeyId!, Plaintext: enc.encode(`v${i}`), EncryptionContext: { v: String(i) } }))).CiphertextBlob!);
    }
    for (const [i, b] of blobs.entries()) assert.equal(text((await kms().send(new DecryptCommand({ CiphertextBlob: b, EncryptionContext: { v: String(i + 1) } }))).Plaintext), `v${i + 1}`);
    // Different material: a blob's header names its version; changing it fails the tag check.
    const forged = Buffer.from(blobs[3]!);
    const at = forged.indexOf(Buffer.from([0, 0, 0, 4]), 14);
    forged[at + 3] = 1;
    assert.equal((await fail(kms().send(new DecryptCommand({ CiphertextBlob: forged, EncryptionContext: { v: '4' } })))).name, 'InvalidCiphertextException');
    const all = await kms().send(new ListKeyRotationsCommand({ KeyId: m.KeyId! }));
    assert.equal(all.Truncated, false);
    assert.deepEqual(all.Rotations!.map((r) => [r.RotationType, r.KeyMaterialState, r.KeyId]), [['ON_DEMAND', 'NON_CURRENT', m.Arn], ['ON_DEMAND', 'NON_CURRENT', m.Arn], ['ON_DEMAND', 'CURRENT', m.Arn]]);
    for (const r of all.Rotations!) {
      assert.match(r.KeyMaterialId!, /^[0-9a-f]{64}$/);
      assert.ok(r.RotationDate instanceof Date);
    }
    const seen: string[] = [];
    let marker: string | undefined;
    do {
      const p = await kms().send(new ListKeyRotationsCommand({ KeyId: m.KeyId!, Limit: 2, IncludeKeyMaterial: 'ALL_KEY_MATERIAL', ...(marker ? { Marker: marker } : {}) }));
      seen.push(...p.Rotations!.map((r) => r.KeyMaterialId!));
      assert.ok(p.Rotations!.length <= 2);
      marker = p.Truncated ? p.NextMarker : undefined;
    } while (marker);
    assert.equal(seen.length, 4, 'the initial material and three rotations');
    assert.equal(new Set(seen).size, 4);
    assert.deepEqual(seen.slice(1), all.Rotations!.map((r) => r.KeyMaterialId));
    assert.equal((await fail(kms().send(new ListKeyRotationsCommand({ KeyId: m.KeyId!, Marker: 'garbage' })))).name, 'InvalidMarkerException');
  });

  it(`RotateKeyOnDemand at most 25 times per key (LimitExceededException)`, async () => {
    const m = await newKey();
    for (let i = 0; i < 25; i++) await kms().send(new RotateKeyOnDemandCommand({ KeyId: m.KeyId! }));
    assert.equal((await fail(kms().send(new RotateKeyOnDemandCommand({ KeyId: m.KeyId! })))).name, 'LimitExceededException');
    assert.equal((await kms().send(new ListKeyRotationsCommand({ KeyId: m.KeyId!, Limit: 1000 }))).Rotations!.length, 25);
  });

  it('keys of origin EXTERNAL do not rotate: UnsupportedOperationException', async () => {
    const m = await newKey(kms(), { Origin: 'EXTERNAL' });
    for (const cmd of [new EnableKeyRotationCommand({ KeyId: m.KeyId! }), new RotateKeyOnDemandCommand({ KeyId: m.KeyId! }), new GetKeyRotationStatusCommand({ KeyId: m.KeyId! })]) {
      const e = await fail(kms().send(cmd as EnableKeyRotationCommand));
      assert.equal(e.name, 'UnsupportedOperationException', cmd.constructor.name);
      assert.equal(e.message, `${m.Arn} origin is EXTERNAL which is not valid for this operation.`);
    }
  });
});

describe('KMS scheduler in the runtime (injected clock) and rotation across restarts', () => {
  it('deletes a due key and rotates a due key on start, without any request; old ciphertexts still decrypt after restarts', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'rampart-kms-life-'));
    try {
      const blobs: Uint8Array[] = [];
      let rotating = '';
      let doomed = '';
      let accountId = '';
      {
        const s1 = await startTestServer({ dataDir });
        accountId = s1.accountId;
        const c = kms(s1);
        const k = await newKey(c);
        rotating = k.KeyId!;
        blobs.push((await c.send(new EncryptCommand({ KeyId: rotating, Plaintext: enc.encode('before rotation') }))).CiphertextBlob!);
        await c.send(new RotateKeyOnDemandCommand({ KeyId: rotating }));
        blobs.push((await c.send(new EncryptCommand({ KeyId: rotating, Plaintext: enc.encode('after on-demand') }))).CiphertextBlob!);
        await c.send(new EnableKeyRotationCommand({ KeyId: rotating, RotationPeriodInDays: 90 }));
        doomed = (await newKey(c)).KeyId!;
        await c.send(new ScheduleKeyDeletionCommand({ KeyId: doomed, PendingWindowInDays: 7 }));
        await s1.close();
      }
      {
        // 100 days later: the scheduler scans on start; nothing asks for either key.
        const offset = 100 * DAY;
        const s2 = await startTestServer({ dataDir, clock: () => Date.now() + offset });
        const scope = regionScope(accountId, 'us-east-1');
        const deadline = Date.now() + 15_000;
        for (;;) {
          const gone = (await keys.get(s2.runtime.store, scope, doomed)) === undefined;
          const rotated = (await keys.get(s2.runtime.store, scope, rotating))?.materialVersion === 3;
          if (gone && rotated) break;
          assert.ok(Date.now() < deadline, `scheduler did not act: gone=${gone} rotated=${rotated}`);
          await new Promise((r) => setTimeout(r, 100));
        }
        const k = (await keys.get(s2.runtime.store, scope, rotating))!;
        assert.ok(k.rotation!.nextAt > Date.now() + offset + 89 * DAY, 'the next rotation is a period later');
        await s2.close();
      }
      {
        const s3 = await startTestServer({ dataDir });
        const c = kms(s3);
        blobs.push((await c.send(new EncryptCommand({ KeyId: rotating, Plaintext: enc.encode('after automatic') }))).CiphertextBlob!);
        const plain = await Promise.all(blobs.map(async (b) => text((await c.send(new DecryptCommand({ CiphertextBlob: b }))).Plaintext)));
        assert.deepEqual(plain, ['before rotation', 'after on-demand', 'after automatic']);
        assert.deepEqual(blobs.map((b) => parseBlob(b)!.header.materialVersion), [1, 2, 3]);
        const r = await c.send(new ListKeyRotationsCommand({ KeyId: rotating }));
        assert.deepEqual(r.Rotations!.map((x) => x.RotationType), ['ON_DEMAND', 'AUTOMATIC']);
        assert.equal((await fail(c.send(new DescribeKeyCommand({ KeyId: doomed })))).name, 'NotFoundException');
        await s3.close();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('KMS scheduler lease on PostgreSQL: two nodes on one store, one acts', () => {
  const schema = freshSchema('rampart_kms_lease');
  const masterKey = 'test-master-key-0123456789abcdef0123456789';
  let a: Store;
  let b: Store;
  before(async () => {
    await requirePostgres();
    a = await openStore({ kind: 'postgres', url: PG_URL, schema, masterKey });
    b = await openStore({ kind: 'postgres', url: PG_URL, schema, masterKey });
  });
  after(async () => {
    await a?.close();
    await b?.close();
    await dropSchema(schema);
  });

  it('concurrent ticks: only the lease holder deletes due keys; each key once; the other takes over when it stops', async () => {
    const A = '111122223333';
    const R = 'eu-west-1';
    const now = Date.UTC(2030, 0, 1);
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) {
      const id = `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
      const k: KeyRecord = { id, accountId: A, region: R, arn: `arn:aws:kms:${R}:${A}:key/${id}`, createdAt: now - 30 * DAY, description: '', state: 'PendingDeletion', deletionDate: now - DAY, policy: '{}', tags: [], materialVersion: 1 };
      await a.transaction(async (tx) => {
        await addMaterial(tx, a, k, 1);
        await keys.put(tx, regionScope(A, R), id, k);
        await scheduleWork(tx, { kind: 'deletion', accountId: A, region: R, keyId: id, dueAt: k.deletionDate! });
      });
      ids.push(id);
    }
    const clock = { t: now };
    const na = new KmsScheduler(a, { now: () => clock.t, holderId: 'node-a', batch: 5, leaseMs: 60_000 });
    const nb = new KmsScheduler(b, { now: () => clock.t, holderId: 'node-b', batch: 5, leaseMs: 60_000 });
    const done = { a: 0, b: 0 };
    for (let round = 0; round < 4; round++) {
      const [x, y] = await Promise.all([na.tick(), nb.tick()]);
      done.a += x;
      done.b += y;
    }
    assert.ok((done.a === 0) !== (done.b === 0), `exactly one node acted: ${JSON.stringify(done)}`);
    assert.equal(done.a + done.b, 12, 'each key once');
    for (const id of ids) assert.equal(await keys.get(b, regionScope(A, R), id), undefined);
    const holder = (await currentLease(a))!.holder;
    const [leader, follower] = holder === 'node-a' ? [na, nb] : [nb, na];
    await leader.stop();
    assert.equal(await currentLease(a), undefined, 'released on stop');
    const id = '00000000-0000-4000-8000-000000000099';
    const k: KeyRecord = { id, accountId: A, region: R, arn: `arn:aws:kms:${R}:${A}:key/${id}`, createdAt: now, description: '', state: 'PendingDeletion', deletionDate: now, policy: '{}', tags: [], materialVersion: 1 };
    await keys.put(a, regionScope(A, R), id, k);
    await scheduleWork(a, { kind: 'deletion', accountId: A, region: R, keyId: id, dueAt: now });
    assert.equal(await follower.tick(), 1);
    assert.equal((await currentLease(a))!.holder, follower.holderId);
    await follower.stop();
  });
});

describe('KMS rotation through the AWS CLI and boto3', () => {
  it('AWS CLI: enable-key-rotation, get-key-rotation-status, rotate-key-on-demand, list-key-rotations', async () => {
    const cli = (args: string[]) => run('aws', ['--endpoint-url', s.url, '--output', 'json', 'kms', ...args], awsEnv(s));
    const created = await cli(['create-key', '--description', 'cli rotation']);
    assert.equal(created.status, 0, created.stderr);
    const keyId = (JSON.parse(created.stdout) as { KeyMetadata: { KeyId: string } }).KeyMetadata.KeyId;
    const en = await cli(['enable-key-rotation', '--key-id', keyId, '--rotation-period-in-days', '180']);
    assert.equal(en.status, 0, en.stderr);
    const st = await cli(['get-key-rotation-status', '--key-id', keyId]);
    assert.equal(st.status, 0, st.stderr);
    const status = JSON.parse(st.stdout) as { KeyRotationEnabled: boolean; RotationPeriodInDays: number; NextRotationDate: string };
    assert.equal(status.KeyRotationEnabled, true);
    assert.equal(status.RotationPeriodInDays, 180);
    assert.ok(status.NextRotationDate);
    // (A period out of range is refused by the CLI itself, before any request: boto3 below sends it.)
    assert.equal((await cli(['rotate-key-on-demand', '--key-id', keyId])).status, 0);
    const lr = await cli(['list-key-rotations', '--key-id', keyId]);
    assert.equal(lr.status, 0, lr.stderr);
    assert.deepEqual((JSON.parse(lr.stdout) as { Rotations: { RotationType: string }[] }).Rotations.map((r) => r.RotationType), ['ON_DEMAND']);
  });

  it('boto3: rotation status and errors with AWS\'s codes and statuses', async () => {
    const script = `
import boto3, json, sys, botocore
kms = boto3.client('kms', endpoint_url=sys.argv[1], region_name='us-east-1', aws_access_key_id=sys.argv[2], aws_secret_access_key=sys.argv[3], config=botocore.config.Config(retries={'max_attempts': 1}))
def err(f):
    try:
        f()
        return None
    except botocore.exceptions.ClientError as e:
        return [e.response['Error']['Code'], e.response['ResponseMetadata']['HTTPStatusCode']]
out = {}
key = kms.create_key()['KeyMetadata']
out['before'] = kms.get_key_rotation_status(KeyId=key['KeyId'])['KeyRotationEnabled']
kms.enable_key_rotation(KeyId=key['KeyId'])
st = kms.get_key_rotation_status(KeyId=key['Arn'])
out['after'] = [st['KeyRotationEnabled'], st['RotationPeriodInDays'], 'NextRotationDate' in st]
ext = kms.create_key(Origin='EXTERNAL')['KeyMetadata']
out['external'] = err(lambda: kms.enable_key_rotation(KeyId=ext['KeyId']))
out['range'] = err(lambda: kms.enable_key_rotation(KeyId=key['KeyId'], RotationPeriodInDays=3000))
print(json.dumps(out))
`;
    const r = await run(pythonWithBoto3(), ['-c', script, s.url, s.credentials.accessKeyId, s.credentials.secretAccessKey], awsEnv(s));
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout) as Record<string, unknown>;
    assert.equal(out['before'], false);
    assert.deepEqual(out['after'], [true, 365, true]);
    assert.deepEqual(out['external'], ['UnsupportedOperationException', 400]);
    assert.deepEqual(out['range'], ['ValidationException', 400]);
  });
});
