/**
 * X.509 certificates, private keys and chains as UploadServerCertificate and
 * UploadSigningCertificate check them, on node:crypto. Each function answers a typed outcome (no
 * AWS error here: the handlers word them); work is bounded by the model's length limits and by
 * `MAX_CHAIN_CERTIFICATES`.
 */
import { createPrivateKey, createPublicKey, X509Certificate, type KeyObject } from 'node:crypto';
import { pemBlocks, singlePem } from './pem.js';

/** Certificates a chain may hold (AWS documents none; 2 MiB of chain would be ~2,000). */
export const MAX_CHAIN_CERTIFICATES = 20;

/** A parsed certificate with what IAM shows of it. */
export interface ParsedCertificate {
  readonly x509: X509Certificate;
  /** ISO 8601 of notAfter. */
  readonly expiration: string;
  /** ISO 8601 of notBefore. */
  readonly notBefore: string;
  /** SHA-256 of the DER, hex (duplicate detection). */
  readonly sha256: string;
}

/** The certificate of a body that is exactly one `CERTIFICATE` PEM block, or undefined. */
export function parseCertificate(body: string): ParsedCertificate | undefined {
  const block = singlePem(body, ['CERTIFICATE']);
  return block && certificateOf(block.der);
}

function certificateOf(der: Buffer): ParsedCertificate | undefined {
  try {
    const x509 = new X509Certificate(der);
    const expiration = new Date(x509.validTo);
    const notBefore = new Date(x509.validFrom);
    if (Number.isNaN(expiration.getTime()) || Number.isNaN(notBefore.getTime())) return undefined;
    return { x509, expiration: expiration.toISOString(), notBefore: notBefore.toISOString(), sha256: x509.fingerprint256.replace(/:/g, '').toLowerCase() };
  } catch {
    return undefined;
  }
}

/** Whether the certificate is valid at `now` (epoch ms). */
export function isCurrent(c: ParsedCertificate, now: number): boolean {
  return Date.parse(c.notBefore) <= now && now <= Date.parse(c.expiration);
}

/** The unencrypted private key of a PKCS#8, PKCS#1 (RSA) or SEC1 (EC) PEM block, or undefined. */
export function parsePrivateKey(text: string): KeyObject | undefined {
  const block = singlePem(text, ['PRIVATE KEY', 'RSA PRIVATE KEY', 'EC PRIVATE KEY']);
  if (!block) return undefined;
  const type = block.label === 'PRIVATE KEY' ? 'pkcs8' : block.label === 'RSA PRIVATE KEY' ? 'pkcs1' : 'sec1';
  try {
    return createPrivateKey({ key: block.der, format: 'der', type });
  } catch {
    return undefined;
  }
}

/** Whether `key` is the private half of the certificate's public key. */
export function keyMatches(key: KeyObject, cert: ParsedCertificate): boolean {
  const spki = (k: KeyObject) => k.export({ type: 'spki', format: 'der' });
  try {
    return spki(createPublicKey(key)).equals(spki(cert.x509.publicKey));
  } catch {
    return false;
  }
}

/** Outcome of a chain check. */
export type ChainResult =
  | { readonly ok: true }
  /** Not PEM certificates, or more than MAX_CHAIN_CERTIFICATES. */
  | { readonly ok: false; readonly unparseable: true }
  /** `index`: the chain certificate that did not issue the one before it (the body for 0). */
  | { readonly ok: false; readonly unparseable: false; readonly index: number };

/**
 * Checks that the chain starts with the certificate that issued `body` and that each next one
 * issued the one before (names match and the signature verifies), as AWS asks: "The certificate
 * chain must start with the immediate signing certificate, followed by any intermediaries in order".
 * No trust store: a chain ending in any root (or none) is accepted.
 */
export function checkChain(body: ParsedCertificate, chain: string): ChainResult {
  const blocks = pemBlocks(chain, MAX_CHAIN_CERTIFICATES);
  if (!blocks || blocks.length === 0 || blocks.some((b) => b.label !== 'CERTIFICATE')) return { ok: false, unparseable: true };
  const certs: ParsedCertificate[] = [];
  for (const b of blocks) {
    const c = certificateOf(b.der);
    if (!c) return { ok: false, unparseable: true };
    certs.push(c);
  }
  let child = body.x509;
  for (let i = 0; i < certs.length; i++) {
    const issuer = certs[i]!.x509;
    if (!issued(issuer, child)) return { ok: false, unparseable: false, index: i };
    child = issuer;
  }
  return { ok: true };
}

function issued(issuer: X509Certificate, child: X509Certificate): boolean {
  try {
    return child.checkIssued(issuer) && child.verify(issuer.publicKey);
  } catch {
    return false;
  }
}
