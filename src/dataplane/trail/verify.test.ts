import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { buildDigest } from './digest.js';
import { checkDigest } from './digest-check.js';
import { directoryTarget } from './delivery-target.js';
import { compareRecords } from './log-check.js';
import type { TrailLocation } from './names.js';
import { generateSigningKey, type PublicKeyInfo } from './signing-keys.js';
import { formatReport, verifyTrail } from './verify.js';

const LOC: TrailLocation = { accountId: '111122223333', region: 'eu-west-1', homeRegion: 'eu-west-1', trailName: 't', bucket: 'bkt-unit' };
const T = Date.UTC(2026, 4, 1, 12, 0, 0);
const key = generateSigningKey();
const pub: PublicKeyInfo[] = [{ fingerprint: key.fingerprint, value: key.publicDer, validFrom: 0, validTo: undefined }];
const signer = { fingerprint: key.fingerprint, privateKey: key.privateKey };
const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('record comparison', () => {
  it('names modified, removed, added and moved records by position', () => {
    assert.deepEqual(compareRecords(['a', 'b', 'c'], ['a', 'b', 'c']), []);
    assert.deepEqual(compareRecords(['a', 'b', 'c'], ['a', 'x', 'c']).map((f) => [f.position, f.problem]), [[2, 'modified']]);
    assert.deepEqual(compareRecords(['a', 'b', 'c'], ['a', 'b']).map((f) => [f.position, f.problem]), [[3, 'removed']]);
    assert.deepEqual(compareRecords(['a', 'b'], ['a', 'b', 'z']).map((f) => [f.position, f.problem]), [[3, 'added']]);
    assert.deepEqual(compareRecords(['a', 'b', 'c'], ['b', 'a', 'c']).map((f) => [f.position, f.problem]), [[1, 'out-of-order'], [2, 'out-of-order']]);
  });
});

describe('digest checks', () => {
  const d = buildDigest(LOC, { start: T - 3_600_000, end: T }, [], undefined, signer);
  it('accepts the genuine digest', () => {
    assert.equal(checkDigest(LOC.bucket, d.key, { body: d.body, metadata: d.metadata }, pub, 'eu-west-1', undefined).ok, true);
  });
  it('reports a file that is not gzip JSON, one without signature metadata, one moved, one with a non-hex signature', () => {
    const check = (body: Buffer, metadata: Record<string, string>, k = d.key) => {
      const c = checkDigest(LOC.bucket, k, { body, metadata }, pub, 'eu-west-1', undefined);
      return c.ok ? 'ok' : c.detail;
    };
    assert.equal(check(Buffer.from('not gzip'), d.metadata), 'invalid format');
    assert.equal(check(gzipSync('{"digestS3Bucket":1}'), d.metadata), 'invalid format');
    assert.equal(check(gzipSync('[]'), d.metadata), 'invalid format');
    assert.equal(check(d.body, {}), 'signature verification failed');
    assert.equal(check(d.body, d.metadata, d.key.replace('.json.gz', 'x.json.gz')), 'has been moved from its original location');
    assert.equal(check(d.body, { ...d.metadata, signature: 'zz' }), 'signature verification failed');
  });
  it('a key used outside its validity (a retired key signing a later digest) is refused', () => {
    const retired: PublicKeyInfo[] = [{ ...pub[0]!, validTo: T - 7_200_000 }];
    const c = checkDigest(LOC.bucket, d.key, { body: d.body, metadata: d.metadata }, retired, 'eu-west-1', undefined);
    assert.equal(c.ok ? 'ok' : c.detail, `public key with fingerprint ${key.fingerprint} was not valid at 2026-05-01T12:00:00Z`);
  });
  it('a key made for the digest it first signs (valid from within the second the digest ends in) is accepted', () => {
    const made = buildDigest(LOC, { start: T - 3_600_000, end: T + 999 }, [], undefined, signer);
    const fresh: PublicKeyInfo[] = [{ ...pub[0]!, validFrom: T + 999 }];
    assert.equal(checkDigest(LOC.bucket, made.key, { body: made.body, metadata: made.metadata }, fresh, 'eu-west-1', undefined).ok, true);
    const later: PublicKeyInfo[] = [{ ...pub[0]!, validFrom: T + 1000 }];
    const c = checkDigest(LOC.bucket, made.key, { body: made.body, metadata: made.metadata }, later, 'eu-west-1', undefined);
    assert.equal(c.ok ? 'ok' : c.detail, `public key with fingerprint ${key.fingerprint} was not valid at 2026-05-01T12:00:00Z`);
  });
  it('a gzip bomb is an invalid format, not an out-of-memory', () => {
    const bomb = gzipSync(Buffer.alloc(80 * 1024 * 1024, 0x20));
    const c = checkDigest(LOC.bucket, d.key, { body: bomb, metadata: d.metadata }, pub, 'eu-west-1', undefined);
    assert.equal(c.ok ? 'ok' : c.detail, 'invalid format');
  });
});

describe('verifyTrail', () => {
  it('reports no digests found for an empty bucket, in validate-logs format', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rampart-verify-'));
    dirs.push(dir);
    const r = await verifyTrail({ loc: LOC, files: directoryTarget(dir, LOC.bucket), publicKeys: pub, start: T - 7_200_000, end: T });
    const out = formatReport(r, 'arn:aws:cloudtrail:eu-west-1:111122223333:trail/t');
    assert.equal(out.stdout, 'Validating log files for trail arn:aws:cloudtrail:eu-west-1:111122223333:trail/t between 2026-05-01T10:00:00Z and 2026-05-01T12:00:00Z\n\nResults requested for 2026-05-01T10:00:00Z to 2026-05-01T12:00:00Z\nNo digests found\n');
  });
  it('a chain that restarts (no previous digest) is a gap, not an error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rampart-verify-'));
    dirs.push(dir);
    const files = directoryTarget(dir, LOC.bucket);
    const first = buildDigest(LOC, { start: T - 7_200_000, end: T - 3_600_000 }, [], undefined, signer);
    const second = buildDigest(LOC, { start: T - 1_800_000, end: T }, [], undefined, signer);
    for (const x of [first, second]) await files.put(x.key, x.body, x.metadata);
    const r = await verifyTrail({ loc: LOC, files, publicKeys: pub, start: T - 7_200_000, end: T });
    assert.equal(r.validDigests, 2);
    assert.deepEqual(r.findings.map((f) => f.message), ['No log files were delivered by CloudTrail between 2026-05-01T11:00:00Z and 2026-05-01T11:30:00Z']);
    assert.match(formatReport(r, 'arn').stdout, /\n2\/2 digest files valid\n$/);
  });
});

describe('directory target', () => {
  it('keeps metadata outside the bucket folder and refuses keys that leave it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rampart-target-'));
    dirs.push(dir);
    const t = directoryTarget(dir, 'bkt-unit');
    await t.put('a/b/c.json.gz', Buffer.from('x'), { signature: 'ab' });
    assert.deepEqual(await t.list(''), ['a/b/c.json.gz']);
    assert.deepEqual(await t.list('a/b/'), ['a/b/c.json.gz']);
    assert.deepEqual(await t.list('a/x'), []);
    assert.deepEqual((await t.get('a/b/c.json.gz'))?.metadata, { signature: 'ab' });
    assert.equal(await t.get('a/b/none'), undefined);
    assert.deepEqual(readdirSync(join(dir, 'bkt-unit')), ['a']);
    for (const bad of ['../x', 'a/../../x', '/abs', 'a//b', 'a\\b', 'a\0b']) {
      await assert.rejects(t.put(bad, Buffer.from('x'), {}), RangeError, bad);
      assert.equal(await t.get(bad), undefined, 'a key from a digest that leaves the bucket names no object');
    }
    assert.throws(() => directoryTarget(dir, '../up'), RangeError);
  });
});
