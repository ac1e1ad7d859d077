import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { rsaKeys, selfSigned, type TestKeys } from '../certs/cert-material.test.js';
import { ACCOUNT, openHarness, ROLE_SESSION, userPrincipal, type Harness } from '../test-harness.js';

describe('IAM signing certificates', () => {
  let h: Harness;
  let keys: TestKeys;
  const certs: string[] = [];
  before(async () => {
    h = await openHarness();
    h.now = Date.now();
    keys = await rsaKeys();
    for (let i = 0; i < 4; i++) certs.push(await selfSigned(keys, `signer-${i}`));
    await h.call('CreateUser', { UserName: 'sam' });
  });
  after(() => h.close());

  it('uploads for a user: Active, a 32-character id, the body back', async () => {
    const pem = `${certs[0]!.trimEnd()}\n`;
    const { Certificate } = await h.call('UploadSigningCertificate', { UserName: 'SAM', CertificateBody: pem });
    assert.equal(Certificate.UserName, 'sam');
    assert.equal(Certificate.Status, 'Active');
    assert.match(Certificate.CertificateId, /^[A-Z0-9]{32}$/);
    assert.equal(Certificate.CertificateBody, pem, 'as uploaded, final newline kept');
  });

  it('refuses a malformed body, the same certificate anywhere in the account (409), a third one', async () => {
    const bad = await h.fail('UploadSigningCertificate', { UserName: 'sam', CertificateBody: '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----' });
    assert.deepEqual([bad.code, bad.httpStatus], ['MalformedCertificate', 400]);
    const dup = await h.fail('UploadSigningCertificate', { CertificateBody: certs[0]! });
    assert.deepEqual([dup.code, dup.httpStatus], ['DuplicateCertificate', 409]);
    await h.call('UploadSigningCertificate', { UserName: 'sam', CertificateBody: certs[1]! });
    const third = await h.fail('UploadSigningCertificate', { UserName: 'sam', CertificateBody: certs[2]! });
    assert.deepEqual([third.code, third.message], ['LimitExceeded', 'Cannot exceed quota for CertificatesPerUser: 2']);
  });

  it('refuses an expired certificate', async () => {
    const old = await selfSigned(keys, 'old', { notBefore: new Date(Date.now() - 9e8), notAfter: new Date(Date.now() - 1e8) });
    assert.equal((await h.fail('UploadSigningCertificate', { UserName: 'sam', CertificateBody: old })).code, 'InvalidCertificate');
  });

  it('without UserName: the root user its own, a user itself, a role session a ValidationError', async () => {
    const root = await h.call('UploadSigningCertificate', { CertificateBody: certs[3]! });
    assert.equal(root.Certificate.UserName, ACCOUNT);
    assert.deepEqual((await h.call('ListSigningCertificates', {})).Certificates.map((c) => c.CertificateId), [root.Certificate.CertificateId]);
    assert.equal((await h.call('ListSigningCertificates', {}, userPrincipal('sam'))).Certificates.length, 2);
    assert.equal((await h.fail('ListSigningCertificates', {}, ROLE_SESSION)).code, 'ValidationError');
    const summary = await h.call('GetAccountSummary', {});
    assert.equal(summary.SummaryMap?.['AccountSigningCertificatesPresent'], 1);
  });

  it('updates the status (Active/Inactive only) and shows it in the credential report', async () => {
    const [first] = (await h.call('ListSigningCertificates', { UserName: 'sam' })).Certificates;
    await h.call('UpdateSigningCertificate', { UserName: 'sam', CertificateId: first!.CertificateId, Status: 'Inactive' });
    assert.equal((await h.fail('UpdateSigningCertificate', { UserName: 'sam', CertificateId: first!.CertificateId, Status: 'Expired' })).code, 'ValidationError');
    const list = (await h.call('ListSigningCertificates', { UserName: 'sam' })).Certificates;
    assert.deepEqual(list.map((c) => c.Status), ['Inactive', 'Active']);
    await h.call('GenerateCredentialReport', {});
    const csv = Buffer.from((await h.call('GetCredentialReport', {})).Content!).toString('utf8').split('\n');
    const header = csv[0]!.split(',');
    const row = csv.find((l) => l.startsWith('sam,'))!.split(',');
    const col = (name: string) => row[header.indexOf(name)];
    assert.deepEqual([col('cert_1_active'), col('cert_2_active')], ['false', 'true']);
    assert.match(col('cert_1_last_rotated')!, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/);
    const rootRow = csv.find((l) => l.startsWith('<root_account>'))!.split(',');
    assert.equal(rootRow[header.indexOf('cert_1_active')], 'true');
    assert.equal(rootRow[header.indexOf('cert_2_last_rotated')], 'N/A');
  });

  it('another user cannot touch them by id (NoSuchEntity), and they follow a renamed user', async () => {
    await h.call('CreateUser', { UserName: 'eve' });
    const [first] = (await h.call('ListSigningCertificates', { UserName: 'sam' })).Certificates;
    assert.equal((await h.fail('DeleteSigningCertificate', { UserName: 'eve', CertificateId: first!.CertificateId })).code, 'NoSuchEntity');
    await h.call('UpdateUser', { UserName: 'sam', NewUserName: 'samuel' });
    const moved = (await h.call('ListSigningCertificates', { UserName: 'samuel' })).Certificates;
    assert.deepEqual(moved.map((c) => c.UserName), ['samuel', 'samuel']);
  });

  it('DeleteUser refuses while certificates remain; deleting frees the body for reuse', async () => {
    const e = await h.fail('DeleteUser', { UserName: 'samuel' });
    assert.deepEqual([e.code, e.httpStatus], ['DeleteConflict', 409]);
    for (const c of (await h.call('ListSigningCertificates', { UserName: 'samuel' })).Certificates) {
      await h.call('DeleteSigningCertificate', { UserName: 'samuel', CertificateId: c.CertificateId });
    }
    await h.call('DeleteUser', { UserName: 'samuel' });
    assert.equal((await h.call('UploadSigningCertificate', { UserName: 'eve', CertificateBody: certs[0]! })).Certificate.UserName, 'eve');
  });
});
