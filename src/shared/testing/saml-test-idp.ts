/**
 * For tests only: a SAML 2.0 identity provider that signs with a real key (xml-crypto), as AWS's
 * IdPs do: its metadata document, and base64 `samlp:Response`s with the response, its assertion,
 * both or neither signed (RSA-SHA256, exclusive c14n, enveloped signatures).
 */
import { randomUUID, type KeyLike } from 'node:crypto';
import { SignedXml } from 'xml-crypto';
import { encryptAssertion, type TestEncryption } from './saml-test-encryption.js';
import { selfSignedIdentity, type TestSigningIdentity } from './self-signed-certificate.js';

export const AWS_SAML_ENDPOINT = 'https://signin.aws.amazon.com/saml';
const ATTR = 'https://aws.amazon.com/SAML/Attributes/';

/** What a response says (defaults: a good one). */
export interface TestAssertion {
  readonly roleArn: string;
  readonly providerArn: string;
  readonly sessionName?: string | null;
  readonly subject?: string;
  readonly nameIdFormat?: string;
  readonly issuer?: string;
  readonly audience?: string;
  readonly recipient?: string;
  /** Seconds from `now` the assertion stays valid (negative: already expired). */
  readonly validFor?: number;
  readonly now?: number;
  readonly sessionDuration?: number;
  readonly sourceIdentity?: string;
  readonly tags?: Readonly<Record<string, string>>;
  /** More attributes: Name -> values. */
  readonly attributes?: Readonly<Record<string, readonly string[]>>;
  /** The Role attribute's values instead of `roleArn,providerArn`. */
  readonly roleValues?: readonly string[];
  readonly status?: string;
}

export type Signed = 'response' | 'assertion' | 'both' | 'none';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function attribute(name: string, values: readonly string[]): string {
  return `<saml:Attribute Name="${esc(name)}">${values.map((v) => `<saml:AttributeValue>${esc(v)}</saml:AttributeValue>`).join('')}</saml:Attribute>`;
}

/** A test IdP with a fresh key. */
export class TestSamlIdp {
  readonly identity: TestSigningIdentity;
  constructor(
    readonly entityId = 'https://idp.example.test/saml',
    identity?: TestSigningIdentity,
  ) {
    this.identity = identity ?? selfSignedIdentity();
  }

  /** The IdP's metadata (at least 1000 characters, as CreateSAMLProvider requires). */
  metadata(certificates: readonly string[] = [this.identity.certificateBase64]): string {
    const keys = certificates.map((c) => `<md:KeyDescriptor use="signing"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>${c}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>`).join('');
    return (
      `<?xml version="1.0" encoding="UTF-8"?><md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" entityID="${esc(this.entityId)}">` +
      `<md:IDPSSODescriptor WantAuthnRequestsSigned="false" protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">${keys}` +
      '<md:NameIDFormat>urn:oasis:names:tc:SAML:2.0:nameid-format:persistent</md:NameIDFormat>' +
      `<md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="${esc(this.entityId)}/sso"/></md:IDPSSODescriptor></md:EntityDescriptor>`
    );
  }

  /** The response XML, unsigned. */
  responseXml(a: TestAssertion): string {
    const now = a.now ?? Date.now();
    const iso = (ms: number) => new Date(ms).toISOString();
    const until = iso(now + (a.validFor ?? 300) * 1000);
    const issuer = esc(a.issuer ?? this.entityId);
    const attrs = [
      attribute(`${ATTR}Role`, a.roleValues ?? [`${a.roleArn},${a.providerArn}`]),
      ...(a.sessionName === null ? [] : [attribute(`${ATTR}RoleSessionName`, [a.sessionName ?? 'alice@example.test'])]),
      ...(a.sessionDuration !== undefined ? [attribute(`${ATTR}SessionDuration`, [String(a.sessionDuration)])] : []),
      ...(a.sourceIdentity !== undefined ? [attribute(`${ATTR}SourceIdentity`, [a.sourceIdentity])] : []),
      ...Object.entries(a.tags ?? {}).map(([k, v]) => attribute(`${ATTR}PrincipalTag:${k}`, [v])),
      ...Object.entries(a.attributes ?? {}).map(([k, v]) => attribute(k, v)),
    ].join('');
    return (
      `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_${randomUUID()}" Version="2.0" IssueInstant="${iso(now)}" Destination="${AWS_SAML_ENDPOINT}">` +
      `<saml:Issuer>${issuer}</saml:Issuer><samlp:Status><samlp:StatusCode Value="${a.status ?? 'urn:oasis:names:tc:SAML:2.0:status:Success'}"/></samlp:Status>` +
      `<saml:Assertion ID="_${randomUUID()}" Version="2.0" IssueInstant="${iso(now)}"><saml:Issuer>${issuer}</saml:Issuer>` +
      `<saml:Subject><saml:NameID Format="${a.nameIdFormat ?? 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent'}">${esc(a.subject ?? 'user-1234')}</saml:NameID>` +
      `<saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><saml:SubjectConfirmationData NotOnOrAfter="${until}" Recipient="${esc(a.recipient ?? AWS_SAML_ENDPOINT)}"/></saml:SubjectConfirmation></saml:Subject>` +
      `<saml:Conditions NotBefore="${iso(now - 60_000)}" NotOnOrAfter="${until}"><saml:AudienceRestriction><saml:Audience>${esc(a.audience ?? AWS_SAML_ENDPOINT)}</saml:Audience></saml:AudienceRestriction></saml:Conditions>` +
      `<saml:AuthnStatement AuthnInstant="${iso(now)}"><saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>` +
      `<saml:AttributeStatement>${attrs}</saml:AttributeStatement></saml:Assertion></samlp:Response>`
    );
  }

  /** Signs the element `local` (Response or Assertion) of `xml`, the signature placed after its Issuer. */
  sign(xml: string, local: 'Response' | 'Assertion'): string {
    const sig = new SignedXml({
      privateKey: this.identity.privateKeyPem,
      publicCert: this.identity.certificatePem,
      signatureAlgorithm: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
      canonicalizationAlgorithm: 'http://www.w3.org/2001/10/xml-exc-c14n#',
    });
    const el = `/*[local-name(.)='Response']${local === 'Assertion' ? "/*[local-name(.)='Assertion']" : ''}`;
    sig.addReference({ xpath: el, transforms: ['http://www.w3.org/2000/09/xmldsig#enveloped-signature', 'http://www.w3.org/2001/10/xml-exc-c14n#'], digestAlgorithm: 'http://www.w3.org/2001/04/xmlenc#sha256' });
    sig.computeSignature(xml, { location: { reference: `${el}/*[local-name(.)='Issuer']`, action: 'after' } });
    return sig.getSignedXml();
  }

  /** The signed response XML. */
  signedXml(a: TestAssertion, signed: Signed = 'assertion'): string {
    let xml = this.responseXml(a);
    if (signed === 'assertion' || signed === 'both') xml = this.sign(xml, 'Assertion');
    if (signed === 'response' || signed === 'both') xml = this.sign(xml, 'Response');
    return xml;
  }

  /** The base64 SAMLAssertion parameter whose assertion is encrypted for the provider's `publicKey` (signed first, as IdPs do). */
  encryptedResponse(a: TestAssertion, publicKey: KeyLike, signed: Signed = 'assertion', opts: TestEncryption = {}): string {
    let xml = encryptAssertion(this.signedXml(a, signed === 'response' ? 'none' : signed === 'both' ? 'assertion' : signed), publicKey, opts);
    if (signed === 'response' || signed === 'both') xml = this.sign(xml, 'Response');
    return Buffer.from(xml, 'utf8').toString('base64');
  }

  /** The base64 SAMLAssertion parameter. */
  response(a: TestAssertion, signed: Signed = 'assertion'): string {
    return Buffer.from(this.signedXml(a, signed), 'utf8').toString('base64');
  }
}
