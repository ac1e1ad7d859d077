/**
 * CloudTrail log file integrity end to end over the directory delivery target: the delivery
 * scheduler (manual clock, restarted midway, signing key rotated) writes three hours of log files
 * and digests; then each tampering (a deleted log file, one byte of a record edited, two files
 * swapped, a digest removed, a digest replaced by a forgery signed with another key, a digest edited)
 * is reported with its own message, and the untouched trail verifies clean, in process and through
 * `rampart audit verify` run as a child process.
 */
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, renameSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { gunzipSync, gzipSync } from 'node:zlib';
import { buildDigest, type DigestDocument } from '../../src/dataplane/trail/digest.js';
import { directoryTarget } from '../../src/dataplane/trail/delivery-target.js';
import { getState } from '../../src/dataplane/trail/delivery-state.js';
import { type CloudTrailRecord } from '../../src/dataplane/trail/log-file.js';
import { digestFolder, logFolder } from '../../src/dataplane/trail/names.js';
import { DeliveryScheduler, type EventSource, type TrailDelivery } from '../../src/dataplane/trail/scheduler.js';
import { generateSigningKey, listPublicKeys, type PublicKeyInfo } from '../../src/dataplane/trail/signing-keys.js';
import { verifyTrail, type VerifyReport } from '../../src/dataplane/trail/verify.js';
import { openStore } from '../../src/storage/open-store.js';
import type { Store } from '../../src/storage/types.js';
import { runAwscliValidator } from '../helpers/awscli-validator.js';
import { runCli } from '../helpers/spawn-cli.js';

const A = '111122223333';
const R = 'us-east-1';
const BUCKET = 'audit-trail-bucket';
const T0 = Date.UTC(2026, 2, 1, 10, 0, 0);
const MIN = 60_000;
const TRAIL: TrailDelivery = { accountId: A, region: R, homeRegion: R, trailName: 'org-audit', bucket: BUCKET, prefix: 'ct', logFileValidation: true };

let dataDir: string;
let store: Store;
let keys: PublicKeyInfo[];
let head: string | undefined;
let scratch: string;
let n = 0;

/** The events of the fake event log. */
const events: { seq: number; record: CloudTrailRecord }[] = [];
const source: EventSource = {
  async after(accountId, region, cursor, limit) {
    const out = events.filter((e) => e.seq > cursor && accountId === A && region === R).slice(0, limit);
    return { records: out.map((e) => e.record), next: out.length ? out[out.length - 1]!.seq : cursor };
  },
};

const root = () => join(dataDir, 'cloudtrail');
/** A fresh copy of the delivered files to tamper with. */
function copy(): string {
  const dir = join(scratch, `case-${++n}`);
  cpSync(root(), dir, { recursive: true });
  return dir;
}
const verify = (dir: string, expectedHead: string | undefined = head): Promise<VerifyReport> =>
  verifyTrail({ loc: TRAIL, files: directoryTarget(dir, BUCKET), publicKeys: keys, start: T0, end: T0 + 4 * 60 * MIN, ...(expectedHead ? { expectedHead } : {}) });
const objectPath = (dir: string, key: string) => join(dir, BUCKET, ...key.split('/'));
async function digestKeys(dir: string): Promise<string[]> {
  return (await directoryTarget(dir, BUCKET).list(digestFolder(TRAIL))).sort();
}
async function digestDoc(dir: string, key: string): Promise<DigestDocument> {
  return JSON.parse(gunzipSync(readFileSync(objectPath(dir, key))).toString()) as DigestDocument;
}
const messages = (r: VerifyReport) => r.findings.filter((f) => f.kind !== 'gap').map((f) => f.message);

before(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'rampart-trail-'));
  scratch = mkdtempSync(join(tmpdir(), 'rampart-trail-cases-'));
  store = await openStore({ kind: 'sqlite', dataDir });
  let now = T0;
  const make = () =>
    new DeliveryScheduler({ store, source, trails: async () => [TRAIL], targetFor: (b) => directoryTarget(root(), b), now: () => now, keyRotationMs: 2 * 60 * MIN });
  let scheduler = make();
  await scheduler.tick();
  let seq = 0;
  for (let m = 1; m <= 38; m++) {
    now = T0 + m * 5 * MIN + 7_000;
    for (let i = 0; i < 3; i++) {
      seq++;
      events.push({ seq, record: { eventVersion: '1.09', eventTime: new Date(now - MIN + i * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z'), eventSource: 'iam.amazonaws.com', eventName: `CreateUser${seq}`, awsRegion: R, recipientAccountId: A, eventID: `00000000-0000-4000-8000-${String(seq).padStart(12, '0')}` } });
    }
    if (m === 20) {
      // A restart: a new scheduler (another node id) continues from the stored state.
      await scheduler.stop();
      scheduler = make();
    }
    await scheduler.tick();
  }
  await scheduler.stop();
  keys = await listPublicKeys(store, A, R, 0, Number.MAX_SAFE_INTEGER);
  head = (await getState(store, TRAIL))?.lastDigest?.key;
});
after(async () => {
  await store.close();
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(scratch, { recursive: true, force: true });
});

describe('CloudTrail delivery and rampart audit verify', () => {
  it('delivers three hourly digests chained across a restart and a key rotation, and an untouched trail verifies clean', async () => {
    const digests = await digestKeys(root());
    assert.equal(digests.length, 3);
    assert.equal(keys.length, 2, 'the signing key was rotated');
    const docs = await Promise.all(digests.map((k) => digestDoc(root(), k)));
    assert.equal(docs[0]!.previousDigestSignature, null);
    assert.equal(docs[1]!.previousDigestS3Object, digests[0]);
    assert.equal(docs[2]!.previousDigestS3Object, digests[1]);
    assert.notEqual(docs[0]!.digestPublicKeyFingerprint, docs[2]!.digestPublicKeyFingerprint);
    assert.equal(head, digests[2]);
    const logs = await directoryTarget(root(), BUCKET).list(logFolder(TRAIL));
    assert.ok(logs.every((k) => /^ct\/AWSLogs\/111122223333\/CloudTrail\/us-east-1\/2026\/03\/01\/111122223333_CloudTrail_us-east-1_20260301T\d{4}Z_[A-Za-z0-9]{16}\.json\.gz$/.test(k)), logs[0]);
    const r = await verify(root());
    assert.deepEqual(messages(r), []);
    assert.equal(r.validDigests, 3);
    assert.equal(r.invalidDigests, 0);
    assert.equal(r.invalidLogs, 0);
    assert.equal(r.validLogs, docs.reduce((s, d) => s + d.logFiles.length, 0));
    assert.ok(r.validLogs >= 30);
  });

  it('--start/--end limit the walk: digests outside the range are neither checked nor reported', async () => {
    const dir = copy();
    const digests = await digestKeys(dir);
    unlinkSync(objectPath(dir, digests[0]!));
    const r = await verifyTrail({ loc: TRAIL, files: directoryTarget(dir, BUCKET), publicKeys: keys, start: T0 + 90 * MIN, end: T0 + 4 * 60 * MIN, expectedHead: head! });
    assert.deepEqual(messages(r), []);
    assert.equal(r.validDigests, 2);
    assert.equal(r.foundStart, T0 + 90 * MIN);
  });

  it('a deleted log file', async () => {
    const dir = copy();
    const doc = await digestDoc(dir, (await digestKeys(dir))[1]!);
    const victim = doc.logFiles[2]!.s3Object;
    unlinkSync(objectPath(dir, victim));
    assert.deepEqual(messages(await verify(dir)), [`Log file\ts3://${BUCKET}/${victim}\tINVALID: not found`]);
  });

  it('one byte of a record edited (file re-gzipped)', async () => {
    const dir = copy();
    const doc = await digestDoc(dir, (await digestKeys(dir))[1]!);
    const victim = doc.logFiles[3]!.s3Object;
    const json = gunzipSync(readFileSync(objectPath(dir, victim))).toString();
    const parsed = JSON.parse(json) as { Records: { eventName: string }[] };
    const name = parsed.Records[1]!.eventName;
    const at = json.indexOf(name);
    writeFileSync(objectPath(dir, victim), gzipSync(`${json.slice(0, at)}D${json.slice(at + 1)}`));
    assert.deepEqual(messages(await verify(dir)), [
      `Log file\ts3://${BUCKET}/${victim}\tINVALID: hash value doesn't match`,
      `Record 2 of log file\ts3://${BUCKET}/${victim}\tINVALID: modified (hash value doesn't match)`,
    ]);
  });

  it('records reordered inside a file', async () => {
    const dir = copy();
    const doc = await digestDoc(dir, (await digestKeys(dir))[0]!);
    const victim = doc.logFiles[1]!.s3Object;
    const parsed = JSON.parse(gunzipSync(readFileSync(objectPath(dir, victim))).toString()) as { Records: unknown[] };
    parsed.Records.reverse();
    writeFileSync(objectPath(dir, victim), gzipSync(JSON.stringify(parsed)));
    const m = messages(await verify(dir));
    assert.equal(m[0], `Log file\ts3://${BUCKET}/${victim}\tINVALID: hash value doesn't match`);
    assert.deepEqual(m.slice(1), [
      `Record 1 of log file\ts3://${BUCKET}/${victim}\tINVALID: out of order (record 3 in the digest)`,
      `Record 3 of log file\ts3://${BUCKET}/${victim}\tINVALID: out of order (record 1 in the digest)`,
    ]);
  });

  it('two log files reordered (contents swapped)', async () => {
    const dir = copy();
    const doc = await digestDoc(dir, (await digestKeys(dir))[2]!);
    const [a, b] = [doc.logFiles[1]!.s3Object, doc.logFiles[4]!.s3Object];
    renameSync(objectPath(dir, a), `${objectPath(dir, a)}.x`);
    renameSync(objectPath(dir, b), objectPath(dir, a));
    renameSync(`${objectPath(dir, a)}.x`, objectPath(dir, b));
    assert.deepEqual(messages(await verify(dir)), [
      `Log file\ts3://${BUCKET}/${a}\tINVALID: reordered (holds the content of log file s3://${BUCKET}/${b})`,
      `Log file\ts3://${BUCKET}/${b}\tINVALID: reordered (holds the content of log file s3://${BUCKET}/${a})`,
    ]);
  });

  it('a digest removed (in the chain, and the newest one)', async () => {
    const dir = copy();
    const digests = await digestKeys(dir);
    unlinkSync(objectPath(dir, digests[1]!));
    const r = await verify(dir);
    assert.deepEqual(messages(r), [`Digest file\ts3://${BUCKET}/${digests[1]}\tINVALID: not found`]);
    assert.equal(r.validDigests, 2);
    const dir2 = copy();
    unlinkSync(objectPath(dir2, digests[2]!));
    assert.deepEqual(messages(await verify(dir2)), [`Digest file\ts3://${BUCKET}/${digests[2]}\tINVALID: not found`]);
  });

  it('a digest replaced by a forgery signed with another key (its own fingerprint, or the genuine one)', async () => {
    const wrong = generateSigningKey();
    const digests = await digestKeys(root());
    const genuine = await digestDoc(root(), digests[1]!);
    const prev = { bucket: BUCKET, key: genuine.previousDigestS3Object!, hashValue: genuine.previousDigestHashValue!, signature: genuine.previousDigestSignature! };
    const period = { start: Date.parse(genuine.digestStartTime), end: Date.parse(genuine.digestEndTime) };
    // The forger drops a log file from the list (to hide it) and signs again.
    const files = genuine.logFiles.slice(1);
    for (const fingerprint of [wrong.fingerprint, genuine.digestPublicKeyFingerprint]) {
      const dir = copy();
      const forged = buildDigest(TRAIL, period, files, prev, { fingerprint, privateKey: wrong.privateKey });
      assert.equal(forged.key, digests[1]);
      await directoryTarget(dir, BUCKET).put(forged.key, forged.body, forged.metadata);
      const expected =
        fingerprint === wrong.fingerprint
          ? `Digest file\ts3://${BUCKET}/${digests[1]}\tINVALID: public key not found in region ${R} for fingerprint ${wrong.fingerprint}`
          : `Digest file\ts3://${BUCKET}/${digests[1]}\tINVALID: signature verification failed`;
      assert.deepEqual(messages(await verify(dir)), [expected]);
    }
  });

  it('a digest edited after delivery (signature kept)', async () => {
    const dir = copy();
    const digests = await digestKeys(dir);
    const doc = await digestDoc(dir, digests[1]!);
    const edited = { ...doc, logFiles: doc.logFiles.slice(0, -1) };
    writeFileSync(objectPath(dir, digests[1]!), gzipSync(JSON.stringify(edited)));
    assert.deepEqual(messages(await verify(dir)), [
      `Digest file\ts3://${BUCKET}/${digests[1]}\tINVALID: modified after delivery (hash value doesn't match the previousDigestHashValue of s3://${BUCKET}/${digests[2]})`,
    ]);
  });

  it('a log file added that no digest lists', async () => {
    const dir = copy();
    const doc = await digestDoc(dir, (await digestKeys(dir))[1]!);
    const model = doc.logFiles[0]!.s3Object;
    const added = model.replace(/_[A-Za-z0-9]{16}\.json\.gz$/, '_AAAAAAAAAAAAAAAA.json.gz');
    cpSync(objectPath(dir, model), objectPath(dir, added));
    assert.deepEqual(messages(await verify(dir)), [`Log file\ts3://${BUCKET}/${added}\tINVALID: not listed in any digest file (added)`]);
  });

  it("the AWS CLI's own digest traverser and validator accept the files, and catch the forged digest", async () => {
    const digests = await digestKeys(root());
    const dir = copy();
    const wrong = generateSigningKey();
    const genuine = await digestDoc(dir, digests[1]!);
    const prev = { bucket: BUCKET, key: genuine.previousDigestS3Object!, hashValue: genuine.previousDigestHashValue!, signature: genuine.previousDigestSignature! };
    const forged = buildDigest(TRAIL, { start: Date.parse(genuine.digestStartTime), end: Date.parse(genuine.digestEndTime) }, genuine.logFiles.slice(1), prev, { fingerprint: genuine.digestPublicKeyFingerprint, privateKey: wrong.privateKey });
    await directoryTarget(dir, BUCKET).put(forged.key, forged.body, forged.metadata);
    const [clean, tampered] = runAwscliValidator({ roots: [root(), dir], bucket: BUCKET, prefix: 'ct', account: A, region: R, trail: TRAIL.trailName, start: new Date(T0).toISOString(), end: new Date(T0 + 4 * 60 * MIN).toISOString(), keys: keys.map((k) => ({ Fingerprint: k.fingerprint, Value: k.value.toString('base64') })) });
    assert.deepEqual(clean!.valid, [...digests].reverse());
    assert.deepEqual(clean!.invalid, []);
    assert.deepEqual(clean!.logsBad, []);
    assert.ok(clean!.logsOk >= 30);
    assert.deepEqual(tampered!.invalid, [`Digest file\ts3://${BUCKET}/${digests[1]}\tINVALID: signature verification failed`]);
  });

  it('rampart audit verify (child process): clean exits 0 with validate-logs output; a tampered copy exits 1 and names the problem', async () => {
    const end = new Date(T0 + 4 * 60 * MIN).toISOString();
    const clean = runCli(['audit', 'verify', '--trail', 'org-audit', '--start', new Date(T0).toISOString(), '--end', end, '--data-dir', dataDir, '--delivery-dir', root()]);
    assert.equal(clean.status, 0, clean.stderr + clean.stdout);
    assert.match(clean.stdout, /^Validating log files for trail arn:aws:cloudtrail:us-east-1:111122223333:trail\/org-audit between 2026-03-01T10:00:00Z and 2026-03-01T14:00:00Z/);
    assert.match(clean.stdout, /Results requested for 2026-03-01T10:00:00Z to 2026-03-01T14:00:00Z\nResults found for 2026-03-01T10:00:00Z to 2026-03-01T13:00:07Z:\n\n3\/3 digest files valid\n\d+\/\d+ log files valid\n$/);
    assert.equal(clean.stderr, '');

    const dir = copy();
    const digests = await digestKeys(dir);
    unlinkSync(objectPath(dir, digests[0]!));
    const bad = runCli(['audit', 'verify', '--trail', `arn:aws:cloudtrail:${R}:${A}:trail/org-audit`, '--end', end, '--data-dir', dataDir, '--delivery-dir', dir]);
    assert.equal(bad.status, 1, bad.stderr + bad.stdout);
    assert.equal(bad.stderr, `Digest file\ts3://${BUCKET}/${digests[0]}\tINVALID: not found\n\n`);
    assert.match(bad.stdout, /2\/3 digest files valid, 1\/3 digest files INVALID\n/);

    const unknown = runCli(['audit', 'verify', '--trail', 'nope', '--data-dir', dataDir]);
    assert.equal(unknown.status, 2);
    assert.match(unknown.stderr, /no delivered files are known for trail nope/);
  });
});

