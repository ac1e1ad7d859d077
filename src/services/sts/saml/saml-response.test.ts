import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TestSamlIdp, type TestAssertion } from '../../../shared/testing/saml-test-idp.js';
import { SamlRefused, verifySamlResponse, type SamlTrust } from './saml-response.js';

const ROLE = 'arn:aws:iam::111122223333:role/Admin';
const PROVIDER = 'arn:aws:iam::111122223333:saml-provider/Okta';
const idp = new TestSamlIdp();
const attacker = new TestSamlIdp(idp.entityId);
const trust: SamlTrust = { entityId: idp.entityId, certificates: [idp.identity.certificatePem], uuid: 'SAMLSPABCDEFGHIJKLMNOP', assertionEncryptionMode: 'Allowed' };
const good: TestAssertion = { roleArn: ROLE, providerArn: PROVIDER, subject: 'user-1234' };
const b64 = (xml: string) => Buffer.from(xml, 'utf8').toString('base64');

/** The refusal `encoded` gets (fails when it verifies). */
function refusal(encoded: string, t: SamlTrust = trust, now = Date.now()): SamlRefused {
  try {
    verifySamlResponse(encoded, t, now);
  } catch (e) {
    if (e instanceof SamlRefused) return e;
    throw e;
  }
  assert.fail('the response verified');
}

describe('SAML response verification', () => {
  it('reads a response whose assertion, response or both are signed', () => {
    for (const signed of ['assertion', 'response', 'both'] as const) {
      const v = verifySamlResponse(idp.response(good, signed), trust, Date.now());
      assert.equal(v.subject, 'user-1234', signed);
      assert.equal(v.subjectType, 'persistent');
      assert.equal(v.issuer, idp.entityId);
      assert.equal(v.recipient, 'https://signin.aws.amazon.com/saml');
      assert.deepEqual(v.attributes.find((a) => a.name.endsWith('/Role'))?.values, [`${ROLE},${PROVIDER}`]);
    }
  });

  it('accepts urn:amazon:webservices, regional endpoints and the provider\'s own ACS URL', () => {
    for (const audience of ['urn:amazon:webservices', 'https://us-east-2.signin.aws.amazon.com/saml', `https://signin.aws.amazon.com/saml/acs/${trust.uuid}`]) {
      assert.ok(verifySamlResponse(idp.response({ ...good, audience, recipient: audience === 'urn:amazon:webservices' ? undefined : audience }), trust, Date.now()));
    }
  });

  it('refuses an unsigned response', () => {
    const r = refusal(idp.response(good, 'none'));
    assert.equal(r.kind, 'invalid');
    assert.equal(r.message, 'Response signature invalid');
  });

  it('refuses a response when one byte of the signed assertion changes', () => {
    for (const signed of ['assertion', 'response'] as const) {
      const xml = idp.signedXml(good, signed);
      assert.ok(xml.includes('user-1234'));
      assert.equal(refusal(b64(xml.replace('user-1234', 'user-1235'))).message, 'Response signature invalid', signed);
      assert.equal(refusal(b64(xml.replace(ROLE, ROLE.replace('Admin', 'Admio')))).message, 'Response signature invalid', signed);
    }
  });

  it('refuses a signature made with another key, even with its certificate in KeyInfo', () => {
    assert.equal(refusal(attacker.response(good)).message, 'Response signature invalid');
    assert.equal(refusal(idp.response(good), { ...trust, certificates: [attacker.identity.certificatePem] }).message, 'Response signature invalid');
  });

  it('defeats signature wrapping: an unsigned assertion beside or instead of the signed one', () => {
    const signed = idp.signedXml(good, 'assertion');
    const evil = idp.responseXml({ ...good, subject: 'evil', roleArn: ROLE.replace('Admin', 'Root') }).match(/<saml:Assertion[\s\S]*<\/saml:Assertion>/)![0];
    const signedAssertion = signed.match(/<saml:Assertion[\s\S]*<\/saml:Assertion>/)![0];
    const attacks = {
      'a second assertion after the signed one': signed.replace('</samlp:Response>', `${evil}</samlp:Response>`),
      'a second assertion before the signed one': signed.replace('<saml:Assertion', `${evil}<saml:Assertion`),
      'the signed assertion moved into Extensions': signed.replace(signedAssertion, `<samlp:Extensions>${signedAssertion}</samlp:Extensions>${evil}`),
      'an unsigned copy with the signed assertion\'s ID': signed.replace(signedAssertion, `<samlp:Extensions>${signedAssertion}</samlp:Extensions>${evil.replace(/ID="[^"]+"/, `ID="${/ID="([^"]+)"/.exec(signedAssertion)![1]}"`)}`),
    };
    for (const [what, xml] of Object.entries(attacks)) assert.equal(refusal(b64(xml)).kind, 'invalid', what);
    // A signed response wrapping: the signed response's assertion is the one read, never another.
    const signedResponse = idp.signedXml(good, 'response');
    assert.equal(refusal(b64(signedResponse.replace('</samlp:Response>', `${evil}</samlp:Response>`))).kind, 'invalid');
  });

  it('refuses expired assertions (ExpiredTokenException) and ones not yet valid', () => {
    assert.equal(refusal(idp.response({ ...good, validFor: -600 })).kind, 'expired');
    assert.equal(refusal(idp.response({ ...good, now: Date.now() + 3_600_000 })).kind, 'invalid');
  });

  it('refuses another audience or recipient', () => {
    assert.equal(refusal(idp.response({ ...good, audience: 'https://evil.example/saml' })).message, 'Response does not contain the required audience.');
    assert.match(refusal(idp.response({ ...good, recipient: 'https://evil.example/saml' })).message, /Recipient/);
    assert.match(refusal(idp.response({ ...good, recipient: 'https://signin.aws.amazon.com/saml/acs/SAMLSPOTHERPROVIDER000' })).message, /Recipient/);
  });

  it('refuses another issuer and an unsuccessful status', () => {
    assert.equal(refusal(idp.response({ ...good, issuer: 'https://other.example/saml' })).message, 'Issuer not present in specified provider');
    assert.equal(refusal(idp.response({ ...good, status: 'urn:oasis:names:tc:SAML:2.0:status:Requester' })).kind, 'rejected');
  });

  it('refuses DTDs and entity expansion, malformed XML, non-base64 and oversized input', () => {
    const xml = idp.signedXml(good);
    const bomb = `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>${xml.replace('user-1234', '&b;')}`;
    const external = `<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>${xml.replace('user-1234', '&x;')}`;
    for (const bad of [b64(bomb), b64(external), b64(xml.slice(0, -5)), 'not base64!', b64('x'.repeat(80_000))]) assert.equal(refusal(bad).kind, 'invalid');
  });

  it('requires encrypted assertions when the provider does', () => {
    assert.match(refusal(idp.response(good), { ...trust, assertionEncryptionMode: 'Required' }).message, /requires encrypted assertions/);
  });
});
