import assert from 'node:assert/strict';
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { describe, it } from 'node:test';
import { TestSamlIdp, type Signed, type TestAssertion } from '../../../shared/testing/saml-test-idp.js';
import { encryptedElement, type TestEncryption } from '../../../shared/testing/saml-test-encryption.js';
import { DECRYPTION_FAILED, ENCRYPTION_NOT_ACCEPTED, ENCRYPTION_REQUIRED, NO_DECRYPTION_KEY, SamlRefused, verifySamlResponse, type SamlTrust } from './saml-response.js';

const ROLE = 'arn:aws:iam::111122223333:role/Admin';
const PROVIDER = 'arn:aws:iam::111122223333:saml-provider/Okta';
const idp = new TestSamlIdp();
const spKey = () => generateKeyPairSync('rsa', { modulusLength: 2048 });
const sp = spKey();
const other = spKey();
const keys = (...k: KeyObject[]) => () => k;
const trust: SamlTrust = { entityId: idp.entityId, certificates: [idp.identity.certificatePem], uuid: 'SAMLSPABCDEFGHIJKLMNOP', assertionEncryptionMode: 'Allowed', decryptionKeys: keys(sp.privateKey) };
const good: TestAssertion = { roleArn: ROLE, providerArn: PROVIDER, subject: 'enc-user' };
const b64 = (xml: string) => Buffer.from(xml, 'utf8').toString('base64');
const unb64 = (s: string) => Buffer.from(s, 'base64').toString('utf8');

function refusal(encoded: string, t: SamlTrust = trust): SamlRefused {
  try {
    verifySamlResponse(encoded, t, Date.now());
  } catch (e) {
    if (e instanceof SamlRefused) return e;
    throw e;
  }
  assert.fail('the response verified');
}

/** `encoded` with one byte of the EncryptedData's ciphertext (the last CipherValue) changed at `at` (fraction of its length). */
function tamper(encoded: string, at = 0.5): string {
  const xml = unb64(encoded);
  const start = xml.lastIndexOf('<xenc:CipherValue>') + '<xenc:CipherValue>'.length;
  const end = xml.indexOf('</xenc:CipherValue>', start);
  const bytes = Buffer.from(xml.slice(start, end), 'base64');
  const i = Math.floor(bytes.length * at);
  bytes[i] = bytes[i]! ^ 0x01;
  return b64(xml.slice(0, start) + bytes.toString('base64') + xml.slice(end));
}

describe('encrypted SAML assertions (XML Encryption)', () => {
  it('decrypts every accepted content and key-transport algorithm, key inside KeyInfo or beside the data', () => {
    const contents = ['aes128-gcm', 'aes256-gcm', 'aes128-cbc', 'aes256-cbc'] as const;
    for (const content of contents) {
      for (const keyTransport of ['oaep-mgf1p', 'oaep11'] as const) {
        for (const keyOutside of [false, true]) {
          const opts: TestEncryption = { content, keyTransport, keyOutside };
          const v = verifySamlResponse(idp.encryptedResponse(good, sp.publicKey, 'assertion', opts), trust, Date.now());
          assert.equal(v.subject, 'enc-user', JSON.stringify(opts));
        }
      }
    }
  });

  it('accepts the signature of the response instead of the assertion\'s, or both', () => {
    for (const signed of ['response', 'both'] as Signed[]) assert.equal(verifySamlResponse(idp.encryptedResponse(good, sp.publicKey, signed), trust, Date.now()).subject, 'enc-user', signed);
  });

  it('refuses a decrypted assertion that nobody signed (anyone can encrypt for the public key)', () => {
    assert.equal(refusal(idp.encryptedResponse(good, sp.publicKey, 'none')).message, 'Response signature invalid');
    const forger = new TestSamlIdp(idp.entityId);
    assert.equal(refusal(forger.encryptedResponse({ ...good, subject: 'root' }, sp.publicKey)).message, 'Response signature invalid');
  });

  it('answers one error for every failure to decrypt: changed ciphertext (GCM or CBC, any block), wrong key', () => {
    for (const content of ['aes256-gcm', 'aes128-cbc'] as const) {
      const encoded = idp.encryptedResponse(good, sp.publicKey, 'assertion', { content });
      for (const at of [0, 0.3, 0.6, 0.999]) assert.equal(refusal(tamper(encoded, at)).message, DECRYPTION_FAILED, `${content} ${at}`);
      assert.equal(refusal(encoded, { ...trust, decryptionKeys: keys(other.privateKey) }).message, DECRYPTION_FAILED, content);
    }
    // A changed encrypted key is the same answer.
    const encoded = idp.encryptedResponse(good, sp.publicKey);
    const xml = unb64(encoded);
    const first = xml.indexOf('<xenc:CipherValue>') + '<xenc:CipherValue>'.length;
    const flipped = xml.slice(0, first) + (xml[first] === 'A' ? 'B' : 'A') + xml.slice(first + 1);
    assert.equal(refusal(b64(flipped)).message, DECRYPTION_FAILED);
  });

  it('tries each of the provider\'s keys (two at most)', () => {
    const rotated = { ...trust, decryptionKeys: keys(other.privateKey, sp.privateKey) };
    assert.equal(verifySamlResponse(idp.encryptedResponse(good, sp.publicKey), rotated, Date.now()).subject, 'enc-user');
    assert.equal(refusal(idp.encryptedResponse(good, sp.publicKey), { ...trust, decryptionKeys: keys(other.privateKey, other.privateKey, sp.privateKey) }).message, DECRYPTION_FAILED);
  });

  it('Required refuses a plain assertion; Allowed takes both; no key refuses an encrypted one', () => {
    const required = { ...trust, assertionEncryptionMode: 'Required' as const };
    assert.equal(refusal(idp.response(good), required).message, ENCRYPTION_REQUIRED);
    assert.equal(verifySamlResponse(idp.encryptedResponse(good, sp.publicKey), required, Date.now()).subject, 'enc-user');
    assert.equal(verifySamlResponse(idp.response(good), trust, Date.now()).subject, 'enc-user');
    assert.equal(refusal(idp.encryptedResponse(good, sp.publicKey), { ...trust, decryptionKeys: keys() }).message, NO_DECRYPTION_KEY);
  });

  it('refuses RSA-1_5 key transport, and an encrypted assertion beside a plain one', () => {
    assert.equal(refusal(idp.encryptedResponse(good, sp.publicKey, 'assertion', { keyTransport: 'rsa-1_5' })).message, ENCRYPTION_NOT_ACCEPTED);
    const encrypted = unb64(idp.encryptedResponse(good, sp.publicKey));
    const plain = idp.signedXml({ ...good, subject: 'evil' }).match(/<saml:Assertion[\s\S]*<\/saml:Assertion>/)![0];
    assert.match(refusal(b64(encrypted.replace('</samlp:Response>', `${plain}</samlp:Response>`))).message, /exactly one Assertion/);
  });

  it('refuses a DTD, a second element or non-XML inside the encrypted content with the same one error', () => {
    const signed = idp.signedXml(good);
    const assertion = signed.match(/<saml:Assertion[\s\S]*<\/saml:Assertion>/)![0];
    for (const payload of [`<!DOCTYPE x [<!ENTITY a "b">]>${assertion}`, `${assertion}<saml:Assertion/>`, `${assertion}text`, 'not xml <', '']) {
      const doctored = signed.replace(assertion, () => encryptedElement(payload, sp.publicKey));
      assert.equal(refusal(b64(doctored)).message, DECRYPTION_FAILED, payload.slice(0, 20));
    }
  });
});
