/**
 * When Rampart trusts an identity provider's TLS server: its certificate chain is trusted by Node's
 * CA store (and names the host), or, as IAM's thumbprints are meant ("the thumbprint of the top
 * intermediate CA that signed the certificate"), the SHA-1 thumbprint of the top certificate of the
 * chain the server presents is one of the provider's thumbprints, every certificate of that chain is
 * signed by the next one and valid now, and the leaf names the host. The thumbprint alone is not
 * enough: a server could present a leaf of its own followed by a public CA certificate it does not
 * hold the key of.
 */
import { createHash, X509Certificate } from 'node:crypto';
import { checkServerIdentity, type DetailedPeerCertificate } from 'node:tls';

/** Longest chain looked at. */
const MAX_CHAIN = 10;

/** The chain the server presented, leaf first (Node links each certificate to its issuer). */
export function presentedChain(leaf: DetailedPeerCertificate): DetailedPeerCertificate[] {
  const out: DetailedPeerCertificate[] = [];
  let c: DetailedPeerCertificate | undefined = leaf;
  while (c && c.raw && out.length < MAX_CHAIN) {
    out.push(c);
    const next: DetailedPeerCertificate | undefined = c.issuerCertificate;
    if (!next || next === c || next.fingerprint256 === c.fingerprint256) break;
    c = next;
  }
  return out;
}

/** The SHA-1 thumbprint of a DER certificate, as IAM shows it: 40 lower-case hex digits. */
export function thumbprintOf(der: Buffer): string {
  return createHash('sha1').update(der).digest('hex');
}

/** Whether the presented chain is trusted through one of `thumbprints` for `hostname` at `now` (epoch ms). */
export function trustedByThumbprint(leaf: DetailedPeerCertificate, hostname: string, thumbprints: readonly string[], now: number): boolean {
  if (thumbprints.length === 0) return false;
  const chain = presentedChain(leaf);
  if (chain.length === 0) return false;
  const wanted = new Set(thumbprints.map((t) => t.toLowerCase()));
  if (!wanted.has(thumbprintOf(chain[chain.length - 1]!.raw))) return false;
  let certs: X509Certificate[];
  try {
    certs = chain.map((c) => new X509Certificate(c.raw));
  } catch {
    return false;
  }
  for (let i = 0; i < certs.length; i++) {
    const c = certs[i]!;
    if (Date.parse(c.validFrom) > now || Date.parse(c.validTo) < now) return false;
    const issuer = certs[i + 1];
    if (issuer && !(c.checkIssued(issuer) && c.verify(issuer.publicKey))) return false;
  }
  return checkServerIdentity(hostname, leaf) === undefined;
}
