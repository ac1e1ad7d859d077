import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { issuedBy, rsaKeys, selfSigned, type TestKeys } from '../certs/cert-material.test.js';
import { ACCOUNT, openHarness, type Harness } from '../test-harness.js';

describe('IAM server certificates', () => {
  let h: Harness;
  let keys: TestKeys;
  let other: TestKeys;
  let body: string;
  before(async () => {
    h = await openHarness();
    h.now = Date.now();
    [keys, other] = await Promise.all([rsaKeys(), rsaKeys()]);
    body = await selfSigned(keys);
  });
  after(() => h.close());

  const upload = (name: string, extra: Record<string, unknown> = {}) =>
    h.call('UploadServerCertificate', { ServerCertificateName: name, CertificateBody: body, PrivateKey: keys.privatePem, ...extra });

  it('uploads with path and tags; the ARN, ASCA id and expiration come from the certificate', async () => {
    const out = await upload('web', { Path: '/cloudfront/', Tags: [{ Key: 'env', Value: 'prod' }] });
    const m = out.ServerCertificateMetadata!;
    assert.equal(m.Arn, `arn:aws:iam::${ACCOUNT}:server-certificate/cloudfront/web`);
    assert.match(m.ServerCertificateId, /^ASCA[A-Z2-7]{17}$/);
    assert.ok(m.Expiration!.getTime() > Date.now());
    assert.deepEqual(out.Tags, [{ Key: 'env', Value: 'prod' }]);
    const got = await h.call('GetServerCertificate', { ServerCertificateName: 'WEB' });
    assert.equal(got.ServerCertificate.CertificateBody, body.trim());
    assert.equal(got.ServerCertificate.ServerCertificateMetadata.ServerCertificateName, 'web');
  });

  it('refuses a duplicate name in any case (409), a garbage body, a mismatched or encrypted key', async () => {
    assert.equal((await h.fail('UploadServerCertificate', { ServerCertificateName: 'WEB', CertificateBody: body, PrivateKey: keys.privatePem })).code, 'EntityAlreadyExists');
    const garbage = await h.fail('UploadServerCertificate', { ServerCertificateName: 'g', CertificateBody: 'not a certificate', PrivateKey: keys.privatePem });
    assert.deepEqual([garbage.code, garbage.httpStatus, garbage.message], ['MalformedCertificate', 400, 'Unable to parse certificate. Please ensure the certificate is in PEM format.']);
    const mismatch = await h.fail('UploadServerCertificate', { ServerCertificateName: 'm', CertificateBody: body, PrivateKey: other.privatePem });
    assert.deepEqual([mismatch.code, mismatch.httpStatus], ['KeyPairMismatch', 400]);
    const enc = keys.privatePem.replace(/PRIVATE KEY/g, 'ENCRYPTED PRIVATE KEY');
    assert.equal((await h.fail('UploadServerCertificate', { ServerCertificateName: 'e', CertificateBody: body, PrivateKey: enc })).code, 'MalformedCertificate');
    const huge = `-----BEGIN CERTIFICATE-----\n${'A'.repeat(16_000)}\n-----END CERTIFICATE-----`;
    assert.equal((await h.fail('UploadServerCertificate', { ServerCertificateName: 'h', CertificateBody: huge, PrivateKey: keys.privatePem })).code, 'MalformedCertificate');
  });

  it('refuses an expired certificate', async () => {
    const old = await selfSigned(keys, 'old', { notBefore: new Date(Date.now() - 10 * 86_400_000), notAfter: new Date(Date.now() - 86_400_000) });
    assert.equal((await h.fail('UploadServerCertificate', { ServerCertificateName: 'old', CertificateBody: old, PrivateKey: keys.privatePem })).code, 'MalformedCertificate');
  });

  it('checks the chain: issuers in order, else the index of the wrong one', async () => {
    const [root, mid, leafKeys] = await Promise.all([rsaKeys(), rsaKeys(), rsaKeys()]);
    const rootCert = await selfSigned(root, 'root');
    const midCert = await issuedBy(mid, 'mid', root, 'root');
    const leaf = await issuedBy(leafKeys, 'leaf', mid, 'mid');
    const ok = await h.call('UploadServerCertificate', { ServerCertificateName: 'chained', CertificateBody: leaf, PrivateKey: leafKeys.privatePem, CertificateChain: midCert + rootCert });
    assert.ok(ok.ServerCertificateMetadata);
    assert.equal((await h.call('GetServerCertificate', { ServerCertificateName: 'chained' })).ServerCertificate.CertificateChain, (midCert + rootCert).trim());
    const bad = await h.fail('UploadServerCertificate', { ServerCertificateName: 'bad', CertificateBody: leaf, PrivateKey: leafKeys.privatePem, CertificateChain: rootCert + midCert });
    assert.equal(bad.code, 'MalformedCertificate');
    assert.match(bad.message, /The index within the chain of the invalid certificate is: 0$/);
  });

  it('lists by path prefix with paging', async () => {
    const all = await h.call('ListServerCertificates', {});
    assert.deepEqual(all.ServerCertificateMetadataList.map((m) => m.ServerCertificateName), ['chained', 'web']);
    const cf = await h.call('ListServerCertificates', { PathPrefix: '/cloudfront/' });
    assert.deepEqual(cf.ServerCertificateMetadataList.map((m) => m.ServerCertificateName), ['web']);
    const p1 = await h.call('ListServerCertificates', { MaxItems: 1 });
    assert.equal(p1.IsTruncated, true);
    const p2 = await h.call('ListServerCertificates', { MaxItems: 1, Marker: p1.Marker });
    assert.deepEqual(p2.ServerCertificateMetadataList.map((m) => m.ServerCertificateName), ['web']);
  });

  it('renames and moves; the old name is gone and the new one cannot clash', async () => {
    await h.call('UpdateServerCertificate', { ServerCertificateName: 'web', NewServerCertificateName: 'site', NewPath: '/p/' });
    assert.equal((await h.fail('GetServerCertificate', { ServerCertificateName: 'web' })).message, 'The Server Certificate with name web cannot be found.');
    const got = await h.call('GetServerCertificate', { ServerCertificateName: 'site' });
    assert.equal(got.ServerCertificate.ServerCertificateMetadata.Arn, `arn:aws:iam::${ACCOUNT}:server-certificate/p/site`);
    assert.equal((await h.fail('UpdateServerCertificate', { ServerCertificateName: 'site', NewServerCertificateName: 'CHAINED' })).code, 'EntityAlreadyExists');
  });

  it('tags, untags and lists tags', async () => {
    await h.call('TagServerCertificate', { ServerCertificateName: 'site', Tags: [{ Key: 'a', Value: '1' }] });
    await h.call('UntagServerCertificate', { ServerCertificateName: 'site', TagKeys: ['ENV'] });
    assert.deepEqual((await h.call('ListServerCertificateTags', { ServerCertificateName: 'site' })).Tags, [{ Key: 'a', Value: '1' }]);
  });

  it('never returns or stores the private key in clear', async () => {
    const secret = keys.privatePem.split('\n')[5]!;
    const outputs = [await h.call('GetServerCertificate', { ServerCertificateName: 'site' }), await h.call('ListServerCertificates', {})];
    for (const o of outputs) assert.ok(!JSON.stringify(o).includes('PRIVATE KEY') && !JSON.stringify(o).includes(secret));
    for (const f of readdirSync(h.dataDir).filter((n) => n.startsWith('rampart.db'))) {
      assert.ok(!readFileSync(join(h.dataDir, f)).includes(secret), `${f} holds the private key in clear`);
    }
  });

  it('deletes', async () => {
    await h.call('DeleteServerCertificate', { ServerCertificateName: 'SITE' });
    assert.equal((await h.fail('DeleteServerCertificate', { ServerCertificateName: 'site' })).code, 'NoSuchEntity');
  });
});
