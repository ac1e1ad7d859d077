import assert from 'node:assert/strict';
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { describe, it } from 'node:test';
import { issueCa, issueServer } from './local-ca.js';

describe('local CA', () => {
  it('issues a CA and a server certificate that verifies under it, for the names asked', async () => {
    const now = Date.now();
    const ca = await issueCa(now);
    const caCert = new X509Certificate(ca.certificatePem);
    assert.equal(caCert.ca, true);
    assert.ok(caCert.verify(caCert.publicKey), 'self-signed');
    const server = await issueServer({ subjectDer: ca.subjectDer, keyId: ca.keyId, privateKey: createPrivateKey(ca.privateKeyPem) }, ['localhost', '*.s3.localhost', '127.0.0.1', '::1', 'rampart.internal'], now);
    const cert = new X509Certificate(server.certificatePem);
    assert.equal(cert.ca, false);
    assert.ok(cert.verify(caCert.publicKey), 'signed by the CA');
    assert.ok(cert.checkIssued(caCert), 'names the CA as issuer');
    assert.equal(cert.checkHost('localhost'), 'localhost');
    // OpenSSL (and so Python, the AWS CLI) accepts a wildcard only over two labels or more: *.s3.localhost, not *.localhost.
    assert.equal(cert.checkHost('my-bucket.s3.localhost'), '*.s3.localhost');
    assert.equal(cert.checkHost('rampart.internal'), 'rampart.internal');
    assert.equal(cert.checkHost('example.com'), undefined);
    assert.equal(cert.checkIP('127.0.0.1'), '127.0.0.1');
    assert.equal(cert.checkIP('::1'), '::1');
    assert.equal(cert.checkIP('10.0.0.1'), undefined);
    assert.deepEqual(cert.keyUsage, ['1.3.6.1.5.5.7.3.1']);
    assert.ok(new Date(cert.validTo).getTime() > now + 800 * 86_400_000);
    assert.equal(createPrivateKey(server.privateKeyPem).asymmetricKeyType, 'ec');
  });
});
