import assert from 'node:assert/strict';
import { webcrypto } from 'node:crypto';
import { describe, it } from 'node:test';
import type { DetailedPeerCertificate } from 'node:tls';
import '../helpers/reflect-metadata.js';
import { thumbprintOf, trustedByThumbprint } from '../../src/services/sts/web-identity/tls-trust.js';

const x509 = await import('@peculiar/x509');
x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);
const ALG = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
const NOW = Date.now();
const keys = () => webcrypto.subtle.generateKey(ALG, true, ['sign', 'verify']) as Promise<webcrypto.CryptoKeyPair>;
const ca = await keys();
const caCert = await x509.X509CertificateGenerator.createSelfSigned({ serialNumber: '01', name: 'CN=Test CA', notBefore: new Date(NOW - 3600_000), notAfter: new Date(NOW + 3600_000), signingAlgorithm: ALG, keys: ca, extensions: [new x509.BasicConstraintsExtension(true, undefined, true)] });

async function leaf(signer: webcrypto.CryptoKeyPair, ip = '127.0.0.1', notAfter = new Date(NOW + 3600_000)) {
  const own = await keys();
  return x509.X509CertificateGenerator.create({ serialNumber: '02', subject: `CN=${ip}`, issuer: caCert.subject, notBefore: new Date(NOW - 60_000), notAfter, signingAlgorithm: ALG, publicKey: own.publicKey, signingKey: signer.privateKey, extensions: [new x509.SubjectAlternativeNameExtension([{ type: 'ip', value: ip }])] });
}

/** The chain as Node's getPeerCertificate(true) links it. */
function peer(chain: { rawData: ArrayBuffer; subject: string }[], ip: string): DetailedPeerCertificate {
  const nodes = chain.map((c, i) => ({ raw: Buffer.from(c.rawData), fingerprint256: String(i), subject: { CN: c.subject.replace('CN=', '') }, subjectaltname: i === 0 ? `IP Address:${ip}` : undefined }) as unknown as DetailedPeerCertificate);
  nodes.forEach((n, i) => ((n as { issuerCertificate: DetailedPeerCertificate }).issuerCertificate = nodes[i + 1] ?? n));
  return nodes[0]!;
}

describe('TLS trust by thumbprint', () => {
  const pinned = thumbprintOf(Buffer.from(caCert.rawData));

  it('trusts a chain whose top certificate has a registered thumbprint and that names the host', async () => {
    const good = await leaf(ca);
    assert.equal(trustedByThumbprint(peer([good, caCert], '127.0.0.1'), '127.0.0.1', [pinned.toUpperCase()], NOW), true);
    assert.equal(trustedByThumbprint(peer([good, caCert], '127.0.0.1'), '127.0.0.1', ['ab'.repeat(20)], NOW), false, 'other thumbprint');
    assert.equal(trustedByThumbprint(peer([good, caCert], '127.0.0.1'), '127.0.0.2', [pinned], NOW), false, 'another host');
    assert.equal(trustedByThumbprint(peer([good, caCert], '127.0.0.1'), '127.0.0.1', [], NOW), false, 'no thumbprints');
  });

  it('refuses a leaf that is not signed by the pinned certificate it presents (attack)', async () => {
    const attacker = await keys();
    const forged = await leaf(attacker);
    assert.equal(trustedByThumbprint(peer([forged, caCert], '127.0.0.1'), '127.0.0.1', [pinned], NOW), false);
  });

  it('refuses an expired certificate in the chain', async () => {
    const old = await leaf(ca, '127.0.0.1', new Date(NOW - 1000));
    assert.equal(trustedByThumbprint(peer([old, caCert], '127.0.0.1'), '127.0.0.1', [pinned], NOW), false);
  });
});
