/**
 * CloudTrail delivery into S3 (s3-target.ts): PutObject through the internal client as the
 * CloudTrail service principal, which only the bucket policy AWS documents for CloudTrail (for this
 * trail's aws:SourceArn) lets in; the digest's signature comes back as x-amz-meta-signature.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { bootstrapDefaultAccount, type BootstrapResult } from '../../src/authz/bootstrap-account.js';
import { cloudTrailBucketPolicy } from '../../src/dataplane/trail/bucket-policy.js';
import { buildDigest } from '../../src/dataplane/trail/digest.js';
import { trailArn, type TrailLocation } from '../../src/dataplane/trail/names.js';
import { s3Target, type InternalCaller } from '../../src/dataplane/trail/s3-target.js';
import { generateSigningKey } from '../../src/dataplane/trail/signing-keys.js';
import { RingAuditSink } from '../../src/gateway/audit-sinks.js';
import { composeGateway, type Gateway } from '../../src/gateway/compose.js';
import { codecFor } from '../../src/protocol/codecs.js';
import { ServiceModel, type RawServiceModel } from '../../src/protocol/model/service-model.js';
import type { ServiceFactory } from '../../src/services/service-module.js';
import { openStore } from '../../src/storage/open-store.js';
import type { Store } from '../../src/storage/types.js';
import { gatewayRequest } from '../helpers/in-process.js';

const MODEL = new ServiceModel(JSON.parse(readFileSync(fileURLToPath(new URL('../toy/relay-model.json', import.meta.url)), 'utf8')) as RawServiceModel);

let dir: string;
let store: Store;
let g: Gateway;
let root: BootstrapResult;
let internal: InternalCaller;

/** A service that only hands out the internal client (what the CloudTrail service gets as parts.internal). */
const capture: ServiceFactory = (parts) => {
  internal = parts.internal;
  return { definition: { name: 'relay', model: MODEL, codec: codecFor(MODEL), handlers: {} }, authorization: { prefix: 'relay', operations: {} } };
};

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rampart-trail-s3-'));
  store = await openStore({ kind: 'sqlite', dataDir: dir });
  root = await bootstrapDefaultAccount(store, { now: Date.now() });
  g = composeGateway({ store, account: root, audit: new RingAuditSink(), log: () => {}, services: [capture], dataDir: dir });
});
after(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const s3 = async (method: string, path: string, body?: string, query?: Record<string, string>) =>
  g.chain(await gatewayRequest({ method, path, service: 's3', credentials: root, ...(body !== undefined ? { body } : {}), ...(query ? { query } : {}) }));

async function putPolicy(bucket: string, policy: string): Promise<void> {
  const res = await s3('PUT', `/${bucket}`, policy, { policy: '' });
  assert.ok(res.status === 200 || res.status === 204, `PutBucketPolicy: ${res.status} ${String(res.body)}`);
}

describe('CloudTrail delivery to S3', () => {
  it('writes as cloudtrail.amazonaws.com only where the documented bucket policy allows this trail, with the signature in the metadata', async () => {
    const loc: TrailLocation = { accountId: root.accountId, region: 'us-east-1', homeRegion: 'us-east-1', trailName: 'main', bucket: 'trail-logs-s3-test', prefix: 'audit' };
    assert.equal((await s3('PUT', `/${loc.bucket}`)).status, 200);
    const target = s3Target({ internal, bucket: loc.bucket, region: 'us-east-1', trailArn: trailArn(loc), accountId: loc.accountId });
    const k = generateSigningKey();
    const digest = buildDigest(loc, { start: Date.now() - 3_600_000, end: Date.now() }, [], undefined, { fingerprint: k.fingerprint, privateKey: k.privateKey });

    // No bucket policy: the service principal has no access.
    await assert.rejects(target.put(digest.key, digest.body, digest.metadata), (e: { code?: string; name?: string }) => (e.code ?? e.name) === 'AccessDenied');
    // The policy of another trail does not let this one in.
    const other = cloudTrailBucketPolicy({ bucket: loc.bucket, accountId: loc.accountId, region: 'us-east-1', trailName: 'other', prefix: 'audit' });
    await putPolicy(loc.bucket, other);
    await assert.rejects(target.put(digest.key, digest.body, digest.metadata), (e: { code?: string; name?: string }) => (e.code ?? e.name) === 'AccessDenied');

    const policy = cloudTrailBucketPolicy({ bucket: loc.bucket, accountId: loc.accountId, region: 'us-east-1', trailName: 'main', prefix: 'audit' });
    await putPolicy(loc.bucket, policy);
    await target.put(digest.key, digest.body, digest.metadata);
    const got = await s3('GET', `/${loc.bucket}/${digest.key}`);
    assert.equal(got.status, 200);
    assert.equal(got.headers['x-amz-meta-signature'], digest.metadata['signature']);
    assert.equal(got.headers['x-amz-meta-signature-algorithm'], 'SHA256withRSA');
    const chunks: Buffer[] = [];
    if (got.stream) for await (const c of got.stream) chunks.push(c as Buffer);
    const body = got.stream ? Buffer.concat(chunks) : Buffer.from(got.body);
    assert.deepEqual(JSON.parse(gunzipSync(body).toString()), digest.document);
  });
});
