import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { selfSignedIdentity } from '../../../shared/testing/self-signed-certificate.js';
import { TestSamlIdp } from '../../../shared/testing/saml-test-idp.js';
import { ACCOUNT, openHarness, type Harness } from '../test-harness.js';

const ARN = `arn:aws:iam::${ACCOUNT}:saml-provider/Okta`;

describe('IAM SAML providers', () => {
  let h: Harness;
  const idp = new TestSamlIdp();
  const key = selfSignedIdentity('enc').privateKeyPem;
  before(async () => {
    h = await openHarness();
  });
  after(() => h.close());

  it('creates a provider from metadata and answers it as AWS does', async () => {
    const made = await h.call('CreateSAMLProvider', { Name: 'Okta', SAMLMetadataDocument: idp.metadata(), Tags: [{ Key: 'team', Value: 'a' }] });
    assert.equal(made.SAMLProviderArn, ARN);
    assert.deepEqual(made.Tags, [{ Key: 'team', Value: 'a' }]);
    const got = await h.call('GetSAMLProvider', { SAMLProviderArn: ARN });
    assert.equal(got.SAMLMetadataDocument, idp.metadata());
    assert.match(got.SAMLProviderUUID!, /^SAMLSP[A-Z0-9]{16}$/);
    assert.equal(got.CreateDate!.toISOString(), new Date(h.now).toISOString());
    // No validUntil in the metadata: a hundred years, as AWS answers.
    assert.equal(got.ValidUntil!.getUTCFullYear(), got.CreateDate!.getUTCFullYear() + 100);
    assert.equal(got.AssertionEncryptionMode, 'Allowed');
    assert.deepEqual(got.PrivateKeyList, []);
    const list = await h.call('ListSAMLProviders', {});
    assert.deepEqual(list.SAMLProviderList, [{ Arn: ARN, ValidUntil: got.ValidUntil, CreateDate: got.CreateDate }]);
    assert.equal((await h.fail('CreateSAMLProvider', { Name: 'OKTA', SAMLMetadataDocument: idp.metadata() })).code, 'EntityAlreadyExists');
  });

  it('takes validUntil from the metadata', async () => {
    const doc = idp.metadata().replace('entityID=', 'validUntil="2030-01-01T00:00:00Z" entityID=');
    const { SAMLProviderArn } = await h.call('CreateSAMLProvider', { Name: 'Dated', SAMLMetadataDocument: doc });
    assert.equal((await h.call('GetSAMLProvider', { SAMLProviderArn: SAMLProviderArn! })).ValidUntil!.toISOString(), '2030-01-01T00:00:00.000Z');
    await h.call('DeleteSAMLProvider', { SAMLProviderArn: SAMLProviderArn! });
  });

  it('refuses metadata it cannot use: "Could not parse metadata."', async () => {
    const good = idp.metadata();
    const weak = new TestSamlIdp(undefined, selfSignedIdentity('weak', 512));
    const bad = {
      'not XML': `<a>${'x'.repeat(1000)}`,
      'another root': `<a>${'x'.repeat(1000)}</a>`,
      'a DTD': `<!DOCTYPE md [<!ENTITY x "y">]>${good.replace(/^<\?xml[^>]*>/, '')}`,
      'no IDPSSODescriptor': good.replace(/IDPSSODescriptor/g, 'SPSSODescriptor'),
      'no signing certificate': good.replace(/use="signing"/, 'use="encryption"'),
      'a certificate that is no certificate': good.replace(/<ds:X509Certificate>[^<]+/, '<ds:X509Certificate>AAAA'),
      'a 512-bit key': weak.metadata(),
      'a byte order mark': `\ufeff${good}`,
    };
    for (const [why, doc] of Object.entries(bad)) {
      const e = await h.fail('CreateSAMLProvider', { Name: 'Bad', SAMLMetadataDocument: doc.padEnd(1000, ' ') });
      assert.equal(e.code, 'InvalidInput', why);
      assert.equal(e.message, 'Could not parse metadata.', why);
    }
  });

  it('finds a provider only by its exact ARN (NoSuchEntity "Manifest not found for arn")', async () => {
    for (const arn of [ARN.replace('Okta', 'okta'), `arn:aws:iam::${ACCOUNT}:saml-provider/Nope`, `arn:aws:iam::999999999999:saml-provider/Okta`]) {
      const e = await h.fail('GetSAMLProvider', { SAMLProviderArn: arn });
      assert.equal(e.code, 'NoSuchEntity');
      assert.equal(e.message, `Manifest not found for arn ${arn}`);
    }
    assert.equal((await h.fail('GetSAMLProvider', { SAMLProviderArn: 'arn:aws:iam::123:saml-provider/' })).code, 'InvalidInput');
  });

  it('updates metadata and private keys with AWS rules; keys are never answered', async () => {
    const update = (rest: Record<string, string>) => h.fail('UpdateSAMLProvider', { SAMLProviderArn: ARN, ...rest });
    assert.match((await update({})).message, /No updates are defined for metadata or encryption assertion/);
    assert.match((await update({ AssertionEncryptionMode: 'Required' })).message, /because no private key is provided/);
    assert.match((await update({ AddPrivateKey: key, RemovePrivateKey: 'A'.repeat(22) })).message, /Unable to add and remove private keys in the same request/);
    assert.match((await update({ RemovePrivateKey: 'A'.repeat(22) })).message, /the Key ID does not match a private key/);
    assert.equal((await update({ AddPrivateKey: 'not a key' })).message, 'Invalid private key.');
    await h.call('UpdateSAMLProvider', { SAMLProviderArn: ARN, AddPrivateKey: key, AssertionEncryptionMode: 'Required' });
    await h.call('UpdateSAMLProvider', { SAMLProviderArn: ARN, AddPrivateKey: selfSignedIdentity('two').privateKeyPem });
    const third = await update({ AddPrivateKey: selfSignedIdentity('three').privateKeyPem });
    assert.equal(third.code, 'LimitExceeded');
    assert.equal(third.message, 'Private key limit of 2 is reached.');
    const got = await h.call('GetSAMLProvider', { SAMLProviderArn: ARN });
    assert.equal(got.AssertionEncryptionMode, 'Required');
    assert.equal(got.PrivateKeyList!.length, 2);
    for (const k of got.PrivateKeyList!) assert.match(k.KeyId!, /^[A-Z0-9]{22,64}$/);
    assert.ok(!JSON.stringify(got).includes('PRIVATE KEY'));
    const [first, second] = got.PrivateKeyList!;
    await h.call('UpdateSAMLProvider', { SAMLProviderArn: ARN, RemovePrivateKey: first!.KeyId! });
    assert.equal((await update({ RemovePrivateKey: second!.KeyId! })).message, 'Failed to remove private key.');
    await h.call('UpdateSAMLProvider', { SAMLProviderArn: ARN, AssertionEncryptionMode: 'Allowed' });
    await h.call('UpdateSAMLProvider', { SAMLProviderArn: ARN, RemovePrivateKey: second!.KeyId! });
    const other = new TestSamlIdp('https://other.example.test/saml');
    assert.deepEqual(await h.call('UpdateSAMLProvider', { SAMLProviderArn: ARN, SAMLMetadataDocument: other.metadata() }), { SAMLProviderArn: ARN });
    assert.equal((await h.call('GetSAMLProvider', { SAMLProviderArn: ARN })).SAMLMetadataDocument, other.metadata());
  });

  it('stores private keys only sealed', async () => {
    const { SAMLProviderArn } = await h.call('CreateSAMLProvider', { Name: 'Sealed', SAMLMetadataDocument: idp.metadata(), AssertionEncryptionMode: 'Required', AddPrivateKey: key });
    const body = key.split('\n')[1]!;
    for (const f of readdirSync(h.dataDir)) assert.ok(!readFileSync(join(h.dataDir, f)).includes(body), f);
    await h.call('DeleteSAMLProvider', { SAMLProviderArn: SAMLProviderArn! });
  });

  it('tags, untags and lists tags', async () => {
    await h.call('TagSAMLProvider', { SAMLProviderArn: ARN, Tags: [{ Key: 'Env', Value: 'prod' }] });
    await h.call('UntagSAMLProvider', { SAMLProviderArn: ARN, TagKeys: ['TEAM'] });
    assert.deepEqual((await h.call('ListSAMLProviderTags', { SAMLProviderArn: ARN })).Tags, [{ Key: 'Env', Value: 'prod' }]);
  });

  it('deletes', async () => {
    await h.call('DeleteSAMLProvider', { SAMLProviderArn: ARN });
    assert.equal((await h.fail('DeleteSAMLProvider', { SAMLProviderArn: ARN })).code, 'NoSuchEntity');
    assert.deepEqual((await h.call('ListSAMLProviders', {})).SAMLProviderList, []);
  });
});
