import assert from 'node:assert/strict';
import { createHash, createPublicKey, verify } from 'node:crypto';
import { describe, it } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { buildDigest, logFileEntry, signingString, SIGNATURE_ALGORITHM } from './digest.js';
import { buildLogFile, recordHashesOf } from './log-file.js';
import { compactMinutes, digestFileKey, digestKeyPattern, digestKeyTime, isoSeconds, logFileKey, uniquePart, type TrailLocation } from './names.js';
import { fingerprintOf, generateSigningKey } from './signing-keys.js';

const LOC: TrailLocation = { accountId: '111122223333', region: 'us-east-2', homeRegion: 'us-east-2', trailName: 'your-trail-name', bucket: 'amzn-s3-demo-bucket' };
const T = Date.UTC(2015, 7, 17, 15, 1, 31, 456);
const rec = (i: number, t: string): Record<string, unknown> => ({ eventVersion: '1.08', eventTime: t, eventSource: 'iam.amazonaws.com', eventName: `Op${i}`, awsRegion: 'us-east-2' });

describe('CloudTrail file names (AWS layout)', () => {
  it('log file keys: AWSLogs/ACCOUNT/CloudTrail/REGION/YYYY/MM/DD/ACCOUNT_CloudTrail_REGION_YYYYMMDDTHHmmZ_UNIQUE.json.gz', () => {
    const u = uniquePart('seed');
    assert.match(u, /^[A-Za-z0-9]{16}$/);
    assert.equal(uniquePart('seed'), u, 'deterministic: a re-delivered batch keeps its key');
    assert.equal(logFileKey(LOC, T, u), `AWSLogs/111122223333/CloudTrail/us-east-2/2015/08/17/111122223333_CloudTrail_us-east-2_20150817T1501Z_${u}.json.gz`);
    assert.equal(logFileKey({ ...LOC, prefix: 'p/q' }, T, u).slice(0, 12), 'p/q/AWSLogs/');
    assert.equal(compactMinutes(Date.UTC(2026, 0, 2, 3, 4)), '20260102T0304Z');
  });

  it('digest keys: ..._CloudTrail-Digest_REGION_TRAIL_HOMEREGION_YYYYMMDDTHHmmssZ.json.gz, time in the last 24..8 characters', () => {
    const k = digestFileKey(LOC, T);
    assert.equal(k, 'AWSLogs/111122223333/CloudTrail-Digest/us-east-2/2015/08/17/111122223333_CloudTrail-Digest_us-east-2_your-trail-name_us-east-2_20150817T150131Z.json.gz');
    assert.equal(k.slice(-24, -8), '20150817T150131Z', 'where validate-logs reads the date');
    assert.equal(digestKeyTime(k), Date.UTC(2015, 7, 17, 15, 1, 31));
    assert.ok(digestKeyPattern(LOC).test(k));
    assert.ok(!digestKeyPattern({ ...LOC, trailName: 'other' }).test(k));
    assert.equal(isoSeconds(T), '2015-08-17T15:01:31Z');
  });

  it('an organization trail delivers each account under AWSLogs/O-ID/ACCOUNT/, the files named by that account', () => {
    const member: TrailLocation = { ...LOC, organizationId: 'o-exampleorgid', sourceAccountId: '444455556666' };
    const u = uniquePart('seed');
    assert.equal(logFileKey(member, T, u), `AWSLogs/o-exampleorgid/444455556666/CloudTrail/us-east-2/2015/08/17/444455556666_CloudTrail_us-east-2_20150817T1501Z_${u}.json.gz`);
    const k = digestFileKey(member, T);
    assert.equal(k, 'AWSLogs/o-exampleorgid/444455556666/CloudTrail-Digest/us-east-2/2015/08/17/444455556666_CloudTrail-Digest_us-east-2_your-trail-name_us-east-2_20150817T150131Z.json.gz');
    assert.ok(digestKeyPattern(member).test(k));
    assert.ok(!digestKeyPattern({ ...member, sourceAccountId: LOC.accountId }).test(k), 'one chain per account');
    assert.ok(!digestKeyPattern(LOC).test(k));
    // The owner's own events in the organization layout.
    assert.ok(digestFileKey({ ...LOC, organizationId: 'o-exampleorgid' }, T).startsWith('AWSLogs/o-exampleorgid/111122223333/CloudTrail-Digest/us-east-2/2015/08/17/111122223333_CloudTrail-Digest_'));
  });
});

describe('log files', () => {
  it('are the gzip of {"Records":[...]} in the given order, hashed uncompressed', () => {
    const records = [rec(1, '2015-08-17T14:52:27Z'), rec(2, '2015-08-17T14:42:27Z')];
    const f = buildLogFile(records);
    const json = gunzipSync(f.body);
    assert.deepEqual(JSON.parse(json.toString()), { Records: records });
    assert.equal(f.hashValue, createHash('sha256').update(json).digest('hex'));
    assert.equal(f.oldestEventTime, '2015-08-17T14:42:27Z');
    assert.equal(f.newestEventTime, '2015-08-17T14:52:27Z');
    assert.deepEqual(recordHashesOf(json), f.recordHashes);
    assert.equal(f.recordHashes.length, 2);
  });
});

describe('digest files', () => {
  const k = generateSigningKey();

  it('fingerprint = hex MD5 of the PKCS#1 DER public key', () => {
    assert.equal(k.fingerprint, createHash('md5').update(k.publicDer).digest('hex'));
    assert.equal(fingerprintOf(k.publicDer), k.fingerprint);
    assert.match(k.fingerprint, /^[0-9a-f]{32}$/);
  });

  it('the data signing string is endTime \\n bucket/key \\n sha256hex \\n previous signature ("null" for the first)', () => {
    const d = { digestEndTime: '2015-08-17T15:01:31Z', digestS3Bucket: 'b', digestS3Object: 'AWSLogs/x.json.gz', previousDigestSignature: null };
    assert.equal(signingString(d, 'ab'), '2015-08-17T15:01:31Z\nb/AWSLogs/x.json.gz\nab\nnull');
    assert.equal(signingString({ ...d, previousDigestSignature: 'cd' }, 'ab'), '2015-08-17T15:01:31Z\nb/AWSLogs/x.json.gz\nab\ncd');
  });

  it('carry AWS fields, chain to the previous digest, and are signed SHA256withRSA as a third-party validator checks', () => {
    const f = buildLogFile([rec(1, '2015-08-17T14:52:27Z')]);
    const entry = logFileEntry(LOC.bucket, 'AWSLogs/111122223333/CloudTrail/us-east-2/2015/08/17/f.json.gz', f);
    const signer = { fingerprint: k.fingerprint, privateKey: k.privateKey };
    const first = buildDigest(LOC, { start: T - 3_600_000, end: T }, [entry], undefined, signer);
    const second = buildDigest(LOC, { start: T, end: T + 3_600_000 }, [], first.link, signer);
    for (const d of [first, second]) {
      const doc = JSON.parse(gunzipSync(d.body).toString()) as Record<string, unknown>;
      assert.deepEqual(Object.keys(doc), [
        'awsAccountId', 'digestStartTime', 'digestEndTime', 'digestS3Bucket', 'digestS3Object', 'digestPublicKeyFingerprint', 'digestSignatureAlgorithm',
        'newestEventTime', 'oldestEventTime', 'previousDigestS3Bucket', 'previousDigestS3Object', 'previousDigestHashValue', 'previousDigestHashAlgorithm',
        'previousDigestSignature', 'logFiles',
      ]);
      assert.equal(doc['digestSignatureAlgorithm'], 'SHA256withRSA');
      assert.equal(d.metadata['signature-algorithm'], SIGNATURE_ALGORITHM);
      // What aws-cli's validator does: hex-decode the signature, DER (PKCS#1) public key, PKCS#1 v1.5 over SHA-256 of the string.
      const inflated = gunzipSync(d.body);
      const toSign = `${String(doc['digestEndTime'])}\n${String(doc['digestS3Bucket'])}/${String(doc['digestS3Object'])}\n${createHash('sha256').update(inflated).digest('hex')}\n${doc['previousDigestSignature'] === null ? 'null' : String(doc['previousDigestSignature'])}`;
      const pub = createPublicKey({ key: k.publicDer, format: 'der', type: 'pkcs1' });
      assert.ok(verify('sha256', Buffer.from(toSign), pub, Buffer.from(d.metadata['signature']!, 'hex')));
    }
    const doc1 = JSON.parse(gunzipSync(first.body).toString()) as Record<string, unknown>;
    assert.equal(doc1['previousDigestSignature'], null);
    assert.equal(doc1['previousDigestS3Object'], null);
    assert.equal(doc1['newestEventTime'], '2015-08-17T14:52:27Z');
    assert.deepEqual((doc1['logFiles'] as Record<string, unknown>[])[0]!['hashAlgorithm'], 'SHA-256');
    const doc2 = JSON.parse(gunzipSync(second.body).toString()) as Record<string, unknown>;
    assert.equal(doc2['previousDigestS3Object'], first.key);
    assert.equal(doc2['previousDigestSignature'], first.metadata['signature']);
    assert.equal(doc2['previousDigestHashValue'], createHash('sha256').update(gunzipSync(first.body)).digest('hex'));
    assert.equal(doc2['previousDigestHashAlgorithm'], 'SHA-256');
    assert.deepEqual(doc2['logFiles'], []);
    assert.equal(doc2['newestEventTime'], null);
  });
});
