/**
 * A SAML 2.0 response as AssumeRoleWithSAML takes it ("Configure SAML assertions for the
 * authentication response"): base64 of a `samlp:Response` with a success status and exactly one
 * assertion, the response or its assertion signed with a key of the provider's metadata, issued by
 * the provider's entity, for AWS (an audience AWS accepts; a bearer confirmation whose Recipient is
 * AWS's SAML endpoint), within its times (5 minutes of clock skew), naming a subject.
 *
 * Everything returned is read from signed content only (see xml-signature.ts).
 */
import type { KeyObject } from 'node:crypto';
import type { Element } from '@xmldom/xmldom';
import { attrOf, childrenNS, isElementNS, onlyChildNS, parseStrictXml, textOf, XmlRefused } from '../../../shared/xml/strict-xml.js';
import { readAttributes, type SamlAttribute } from './saml-attributes.js';
import { decryptAssertion } from './encrypted-assertion.js';
import { signedContent } from './xml-signature.js';
import { DecryptionFailed } from './xml-encryption.js';

export const PROTOCOL_NS = 'urn:oasis:names:tc:SAML:2.0:protocol';
export const ASSERTION_NS = 'urn:oasis:names:tc:SAML:2.0:assertion';
const SUCCESS = 'urn:oasis:names:tc:SAML:2.0:status:Success';
const BEARER = 'urn:oasis:names:tc:SAML:2.0:cm:bearer';
const NAMEID_PREFIX = 'urn:oasis:names:tc:SAML:2.0:nameid-format:';
/** How far the IdP's clock may be from Rampart's. */
export const CLOCK_SKEW_MS = 5 * 60 * 1000;
/** The longest SAMLAssertion (the model's limit, base64 characters). */
export const MAX_ENCODED = 100_000;

/** Why a response is refused, as STS answers it. */
export class SamlRefused extends Error {
  constructor(
    /** invalid: InvalidIdentityToken; expired: ExpiredTokenException; rejected: IDPRejectedClaim; denied: AccessDenied. */
    readonly kind: 'invalid' | 'expired' | 'rejected' | 'denied',
    message: string,
  ) {
    super(message);
  }
}

/** The provider a response is checked against. */
export interface SamlTrust {
  readonly entityId: string;
  readonly certificates: readonly string[];
  readonly uuid: string;
  readonly assertionEncryptionMode: 'Required' | 'Allowed';
  /** The provider's private keys (at most two), opened only when an assertion is encrypted. */
  readonly decryptionKeys?: () => readonly KeyObject[];
}

/** What a verified response says. */
export interface VerifiedAssertion {
  readonly issuer: string;
  readonly subject: string;
  /** `persistent`, `transient` or the NameID's full Format. */
  readonly subjectType: string;
  /** The bearer confirmation's Recipient (`saml:aud`, the response's Audience). */
  readonly recipient: string;
  readonly attributes: readonly SamlAttribute[];
  /** Epoch ms of the earliest SessionNotOnOrAfter, if any. */
  readonly sessionNotOnOrAfter?: number;
}

const invalid = (m: string) => new SamlRefused('invalid', m);
const SIGNATURE_INVALID = 'Response signature invalid';
export const ENCRYPTION_REQUIRED = 'Invalid SAML response: the SAML provider requires encrypted assertions.';
export const NO_DECRYPTION_KEY = 'Invalid SAML response: the SAML provider has no private key to decrypt the assertion.';
/** One answer for every failure to decrypt (wrong key, tampered ciphertext, bad padding or tag). */
export const DECRYPTION_FAILED = 'Invalid SAML response: the encrypted assertion could not be decrypted.';
export const ENCRYPTION_NOT_ACCEPTED = 'Invalid SAML response: the assertion\'s encryption is not supported.';

/** Whether `url` is AWS's SAML endpoint: global or regional, or a provider's own `/saml/acs/UUID`. */
export function isAwsSamlEndpoint(url: string, uuid: string): boolean {
  const m = /^https:\/\/(?:([a-z0-9-]+)\.)?signin\.(?:aws\.amazon\.com|amazonaws\.cn|amazonaws-us-gov\.com)\/saml(?:\/acs\/([A-Za-z0-9]+))?$/.exec(url);
  return !!m && (m[2] === undefined || m[2] === uuid);
}

function time(e: Element, name: string): number | undefined {
  const v = attrOf(e, name);
  if (v === undefined) return undefined;
  const t = Date.parse(v);
  if (!/^\d{4}-\d\d-\d\dT[\d:.]+(Z|[+-]\d\d:\d\d)$/.test(v) || Number.isNaN(t)) throw invalid(`Invalid SAML response: ${name} is not a date and time.`);
  return t;
}

function decode(encoded: string): string {
  if (encoded.length > MAX_ENCODED) throw invalid('Invalid SAML response: too long.');
  const compact = encoded.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact) || compact.length % 4 !== 0) throw invalid('Invalid SAML response: not base64.');
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(compact, 'base64'));
  } catch {
    throw invalid('Invalid SAML response: not UTF-8.');
  }
}

function checkConditions(assertion: Element, trust: SamlTrust, now: number): void {
  const noAudience = 'Response does not contain the required audience.';
  const conditions = onlyChildNS(assertion, ASSERTION_NS, 'Conditions');
  if (!conditions) throw invalid(noAudience);
  const notBefore = time(conditions, 'NotBefore');
  if (notBefore !== undefined && notBefore > now + CLOCK_SKEW_MS) throw invalid('Invalid SAML response: the assertion is not yet valid (NotBefore).');
  const notOnOrAfter = time(conditions, 'NotOnOrAfter');
  if (notOnOrAfter !== undefined && notOnOrAfter + CLOCK_SKEW_MS <= now) throw new SamlRefused('expired', 'Token is expired: the SAML assertion is no longer valid (NotOnOrAfter).');
  const restrictions = childrenNS(conditions, ASSERTION_NS, 'AudienceRestriction');
  if (restrictions.length === 0) throw invalid(noAudience);
  for (const r of restrictions) {
    const audiences = childrenNS(r, ASSERTION_NS, 'Audience').map(textOf);
    if (!audiences.some((a) => a === 'urn:amazon:webservices' || isAwsSamlEndpoint(a, trust.uuid))) throw invalid(noAudience);
  }
}

function readSubject(assertion: Element, trust: SamlTrust, now: number): { subject: string; subjectType: string; recipient: string } {
  const denied = new SamlRefused('denied', 'Not authorized to perform sts:AssumeRoleWithSAML');
  const subject = onlyChildNS(assertion, ASSERTION_NS, 'Subject');
  const nameId = subject && onlyChildNS(subject, ASSERTION_NS, 'NameID');
  const name = nameId ? textOf(nameId) : '';
  if (!subject || !nameId || name === '') throw denied;
  const format = attrOf(nameId, 'Format') ?? 'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified';
  const subjectType = format === `${NAMEID_PREFIX}persistent` || format === `${NAMEID_PREFIX}transient` ? format.slice(NAMEID_PREFIX.length) : format;
  const bearers = childrenNS(subject, ASSERTION_NS, 'SubjectConfirmation').filter((c) => attrOf(c, 'Method') === BEARER);
  if (bearers.length !== 1) throw invalid('Invalid SAML response: exactly one bearer SubjectConfirmation is required.');
  const data = onlyChildNS(bearers[0]!, ASSERTION_NS, 'SubjectConfirmationData');
  if (!data) throw invalid('Invalid SAML response: SubjectConfirmationData is required.');
  const until = time(data, 'NotOnOrAfter');
  if (until === undefined) throw invalid('Invalid SAML response: SubjectConfirmationData NotOnOrAfter is required.');
  if (until + CLOCK_SKEW_MS <= now) throw new SamlRefused('expired', 'Token is expired: the SAML assertion is no longer valid (SubjectConfirmationData NotOnOrAfter).');
  const notBefore = time(data, 'NotBefore');
  if (notBefore !== undefined && notBefore > now + CLOCK_SKEW_MS) throw invalid('Invalid SAML response: the assertion is not yet valid (NotBefore).');
  const recipient = attrOf(data, 'Recipient') ?? '';
  if (!isAwsSamlEndpoint(recipient, trust.uuid)) throw invalid(`Invalid SAML response: Recipient must be AWS's SAML endpoint (https://signin.aws.amazon.com/saml).`);
  return { subject: name, subjectType, recipient };
}

/** `from`'s only assertion, plain or encrypted (refused: none, several, a plain one when encryption is required). */
function onlyAssertion(from: Element, trust: SamlTrust): { plain?: Element; encrypted?: Element } {
  const plain = childrenNS(from, ASSERTION_NS, 'Assertion');
  const encrypted = childrenNS(from, ASSERTION_NS, 'EncryptedAssertion');
  if (plain.length + encrypted.length !== 1) throw invalid('Invalid SAML response: exactly one Assertion is required.');
  if (plain.length && trust.assertionEncryptionMode === 'Required') throw invalid(ENCRYPTION_REQUIRED);
  if (encrypted.length && !trust.decryptionKeys?.().length) throw invalid(NO_DECRYPTION_KEY);
  return plain.length ? { plain: plain[0]! } : { encrypted: encrypted[0]! };
}

/** The assertion of the response `from` (the signed copy when signed): plain, or decrypted with `xml` its document's text. */
function assertionOf(from: Element, trust: SamlTrust): { xml?: string; assertion: Element } {
  const { plain, encrypted } = onlyAssertion(from, trust);
  if (plain) return { assertion: plain };
  try {
    return decryptAssertion(encrypted!, trust.decryptionKeys!(), MAX_ENCODED);
  } catch (e) {
    if (e instanceof DecryptionFailed) throw invalid(DECRYPTION_FAILED);
    if (e instanceof XmlRefused) throw invalid(ENCRYPTION_NOT_ACCEPTED);
    throw e;
  }
}

/** Runs `check` (signature checks); XmlRefused becomes "Response signature invalid". */
function signatureCheck<T>(check: () => T): T {
  try {
    return check();
  } catch (e) {
    if (e instanceof XmlRefused) throw invalid(SIGNATURE_INVALID);
    throw e;
  }
}

/**
 * The assertion to read: from the signed response, or the signed assertion itself. An encrypted
 * assertion is decrypted (the signed response's copy when the response is signed) and then checked
 * exactly as a plain one: its own signature, or the response's, must verify.
 */
function signedAssertion(xml: string, root: Element, trust: SamlTrust): { response?: Element; assertion: Element } {
  const outer = onlyAssertion(root, trust);
  const response = signatureCheck(() => signedContent(xml, root, trust.certificates, MAX_ENCODED));
  if (outer.plain) {
    return signatureCheck(() => {
      const assertion = signedContent(xml, outer.plain!, trust.certificates, MAX_ENCODED);
      if (response) {
        const inside = childrenNS(response, ASSERTION_NS, 'Assertion');
        if (inside.length !== 1) throw new XmlRefused('the signed response holds no single assertion');
        return { response, assertion: inside[0]! };
      }
      if (assertion) return { assertion };
      throw new XmlRefused('neither the response nor the assertion is signed');
    });
  }
  const found = assertionOf(response ?? root, trust);
  return signatureCheck(() => {
    const assertion = signedContent(found.xml!, found.assertion, trust.certificates, MAX_ENCODED);
    if (response) return { response, assertion: assertion ?? found.assertion };
    if (assertion) return { assertion };
    throw new XmlRefused('neither the response nor the decrypted assertion is signed');
  });
}

/** Decodes, verifies and reads `encoded` (the SAMLAssertion parameter) at `now` against `trust`. */
export function verifySamlResponse(encoded: string, trust: SamlTrust, now: number): VerifiedAssertion {
  const xml = decode(encoded);
  let root: Element;
  try {
    root = parseStrictXml(xml, { maxChars: MAX_ENCODED, maxElements: 5000, maxDepth: 32 }).documentElement!;
  } catch (e) {
    if (e instanceof XmlRefused) throw invalid('Invalid SAML response: not well-formed XML.');
    throw e;
  }
  if (!isElementNS(root, PROTOCOL_NS, 'Response') || attrOf(root, 'Version') !== '2.0') throw invalid('Invalid SAML response: not a SAML 2.0 Response.');
  const { response, assertion } = signedAssertion(xml, root, trust);
  // The status is read from the signed response when there is one (it only ever refuses).
  const statusCode = childrenNS(childrenNS(response ?? root, PROTOCOL_NS, 'Status')[0] ?? root, PROTOCOL_NS, 'StatusCode')[0];
  const status = statusCode ? attrOf(statusCode, 'Value') : undefined;
  if (status !== SUCCESS) throw new SamlRefused('rejected', `The identity provider did not authenticate the user (StatusCode ${status ?? 'missing'}).`);
  if (attrOf(assertion, 'Version') !== '2.0') throw invalid('Invalid SAML response: not a SAML 2.0 Assertion.');
  const issuers = [onlyChildNS(assertion, ASSERTION_NS, 'Issuer'), response && onlyChildNS(response, ASSERTION_NS, 'Issuer')];
  if (!issuers[0] || textOf(issuers[0]) !== trust.entityId || (issuers[1] && textOf(issuers[1]) !== trust.entityId)) {
    throw invalid('Issuer not present in specified provider');
  }
  checkConditions(assertion, trust, now);
  const { subject, subjectType, recipient } = readSubject(assertion, trust, now);
  let sessionNotOnOrAfter: number | undefined;
  for (const s of childrenNS(assertion, ASSERTION_NS, 'AuthnStatement')) {
    const t = time(s, 'SessionNotOnOrAfter');
    if (t !== undefined) sessionNotOnOrAfter = Math.min(sessionNotOnOrAfter ?? t, t);
  }
  return { issuer: trust.entityId, subject, subjectType, recipient, attributes: readAttributes(assertion), ...(sessionNotOnOrAfter !== undefined ? { sessionNotOnOrAfter } : {}) };
}
