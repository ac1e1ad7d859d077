/**
 * SAML 2.0 metadata as CreateSAMLProvider / UpdateSAMLProvider take it: an `md:EntityDescriptor`
 * with an `entityID`, an `md:IDPSSODescriptor`, and at least one signing certificate in its
 * `md:KeyDescriptor`s (`use="signing"` or no `use`), each an X.509 certificate whose key is RSA of
 * at least 1024 bits or EC ("the x.509 certificate ... must use a key size of at least 1024 bits").
 * Anything else is AWS's InvalidInput "Could not parse metadata." (IAM "Troubleshoot SAML federation").
 */
import { X509Certificate } from 'node:crypto';
import { attrOf, childrenNS, isElementNS, onlyChildNS, parseStrictXml, textOf, XmlRefused } from '../../../shared/xml/strict-xml.js';
import { invalidInput } from '../errors.js';

export const MD_NS = 'urn:oasis:names:tc:SAML:2.0:metadata';
export const DS_NS = 'http://www.w3.org/2000/09/xmldsig#';
const PROTOCOL = 'urn:oasis:names:tc:SAML:2.0:protocol';

/** What Rampart keeps from a metadata document. */
export interface SamlMetadata {
  /** The IdP's entity id (the `Issuer` of its responses). */
  readonly entityId: string;
  /** The signing certificates, PEM. */
  readonly certificates: string[];
  /** `validUntil` of the EntityDescriptor (ISO 8601), when it has one. */
  readonly validUntil?: string;
}

/** The longest metadata document (the model's limit). */
const MAX_CHARS = 10_000_000;
/** Signing certificates kept at most (IdPs publish one or two, three during a rotation). */
const MAX_CERTIFICATES = 10;

/** AWS's answer to a metadata document it does not take. */
export function metadataRefused() {
  return invalidInput('Could not parse metadata.');
}

/** The certificate as PEM, if it is one Rampart can verify signatures with. */
function signingCertificate(base64: string): string | undefined {
  const compact = base64.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]+=*$/.test(compact)) return undefined;
  try {
    const cert = new X509Certificate(Buffer.from(compact, 'base64'));
    const key = cert.publicKey;
    if (key.asymmetricKeyType === 'rsa' && (key.asymmetricKeyDetails?.modulusLength ?? 0) >= 1024) return cert.toString();
    if (key.asymmetricKeyType === 'ec') return cert.toString();
    return undefined;
  } catch {
    return undefined;
  }
}

/** The signing certificates of an IDPSSODescriptor. */
function certificatesOf(idp: ReturnType<typeof childrenNS>[number]): string[] {
  const out: string[] = [];
  for (const kd of childrenNS(idp, MD_NS, 'KeyDescriptor')) {
    const use = attrOf(kd, 'use');
    if (use !== undefined && use !== 'signing') continue;
    for (const ki of childrenNS(kd, DS_NS, 'KeyInfo')) {
      for (const data of childrenNS(ki, DS_NS, 'X509Data')) {
        for (const c of childrenNS(data, DS_NS, 'X509Certificate')) {
          const pem = signingCertificate(textOf(c));
          if (!pem) throw new XmlRefused('a signing certificate is not usable');
          if (!out.includes(pem)) out.push(pem);
        }
      }
    }
  }
  return out;
}

/** Parses a metadata document; InvalidInput "Could not parse metadata." for anything else. */
export function parseSamlMetadata(text: string): SamlMetadata {
  try {
    // Metadata must be UTF-8 without a byte order mark (IAM's words).
    if (text.charCodeAt(0) === 0xfeff) throw new XmlRefused('byte order mark');
    const root = parseStrictXml(text, { maxChars: MAX_CHARS }).documentElement!;
    if (!isElementNS(root, MD_NS, 'EntityDescriptor')) throw new XmlRefused('not an EntityDescriptor');
    const entityId = attrOf(root, 'entityID')?.trim();
    if (!entityId || entityId.length > 1024) throw new XmlRefused('no entityID');
    const idp = onlyChildNS(root, MD_NS, 'IDPSSODescriptor');
    if (!idp) throw new XmlRefused('no IDPSSODescriptor');
    const support = attrOf(idp, 'protocolSupportEnumeration') ?? '';
    if (!support.split(/\s+/).includes(PROTOCOL)) throw new XmlRefused('not a SAML 2.0 IdP');
    const certificates = certificatesOf(idp);
    if (certificates.length === 0 || certificates.length > MAX_CERTIFICATES) throw new XmlRefused('no signing certificate');
    const until = attrOf(root, 'validUntil');
    let validUntil: string | undefined;
    if (until !== undefined) {
      const t = Date.parse(until);
      if (!/^\d{4}-\d\d-\d\dT/.test(until) || Number.isNaN(t)) throw new XmlRefused('validUntil is not a date');
      validUntil = new Date(t).toISOString();
    }
    return { entityId, certificates, ...(validUntil ? { validUntil } : {}) };
  } catch (e) {
    if (e instanceof XmlRefused) throw metadataRefused();
    throw e;
  }
}
