import assert from 'node:assert/strict';
import { createHash, generateKeyPairSync } from 'node:crypto';
import { before, describe, it } from 'node:test';
import { ecKeys, issuedBy, opensshEd25519, opensshRsa, rsaKeys, selfSigned, type TestKeys } from './cert-material.test.js';
import { pemBlocks } from './pem.js';
import { parseSshPublicKey } from './ssh-key.js';
import { checkChain, keyMatches, parseCertificate, parsePrivateKey } from './x509.js';

describe('PEM, X.509 and private keys', () => {
  let a: TestKeys;
  let b: TestKeys;
  let certA: string;
  before(async () => {
    [a, b] = await Promise.all([rsaKeys(), rsaKeys()]);
    certA = await selfSigned(a);
  });

  it('parses a certificate and matches its own key only', () => {
    const c = parseCertificate(certA)!;
    assert.ok(c);
    assert.ok(keyMatches(parsePrivateKey(a.privatePem)!, c));
    assert.equal(keyMatches(parsePrivateKey(b.privatePem)!, c), false);
  });

  it('matches EC keys too', async () => {
    const ec = await ecKeys();
    assert.ok(keyMatches(parsePrivateKey(ec.privatePem)!, parseCertificate(await selfSigned(ec))!));
  });

  it('refuses text around or inside the PEM, other labels, bad base64 and several blocks', () => {
    assert.equal(parseCertificate(`text\n${certA}`), undefined);
    assert.equal(parseCertificate(certA.replace('CERTIFICATE-----\n', 'CERTIFICATE-----\nProc-Type: 4,ENCRYPTED\n')), undefined);
    assert.equal(parseCertificate(certA + certA), undefined);
    assert.equal(parseCertificate(certA.replace(/BEGIN CERTIFICATE/, 'BEGIN X509 CRL').replace(/END CERTIFICATE/, 'END X509 CRL')), undefined);
    assert.equal(parseCertificate(certA.replace(/\n[A-Za-z0-9+/]{10}/, '\n!!!!!!!!!!')), undefined);
    assert.equal(parseCertificate('-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----'), undefined);
    assert.equal(parsePrivateKey(a.privatePem.replace(/PRIVATE KEY/g, 'ENCRYPTED PRIVATE KEY')), undefined);
    assert.equal(pemBlocks('-----BEGIN A-----\nAAAA\n-----END B-----'), undefined);
    assert.ok(parseCertificate(`\n\n  ${certA}  \n`));
  });

  it('a large run of garbage is refused in linear time', () => {
    assert.equal(pemBlocks(`-----BEGIN CERTIFICATE-----${'A'.repeat(2_000_000)}`), undefined);
    assert.equal(pemBlocks('-----BEGIN '.repeat(100_000)), undefined);
  });

  it('checks the chain order', async () => {
    const [root, mid] = await Promise.all([rsaKeys(), rsaKeys()]);
    const rootCert = await selfSigned(root, 'root');
    const midCert = await issuedBy(mid, 'mid', root, 'root');
    const leaf = parseCertificate(await issuedBy(a, 'leaf', mid, 'mid'))!;
    assert.deepEqual(checkChain(leaf, midCert + rootCert), { ok: true });
    assert.deepEqual(checkChain(leaf, midCert), { ok: true });
    assert.deepEqual(checkChain(leaf, rootCert + midCert), { ok: false, unparseable: false, index: 0 });
    assert.deepEqual(checkChain(leaf, midCert + certA), { ok: false, unparseable: false, index: 1 });
    assert.deepEqual(checkChain(leaf, 'garbage'), { ok: false, unparseable: true });
    assert.deepEqual(checkChain(leaf, midCert.repeat(21)), { ok: false, unparseable: true });
  });
});

describe('SSH public keys', () => {
  it('reads ssh-rsa and PEM forms of the same key alike, with the MD5 fingerprint of the blob', () => {
    const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const text = opensshRsa(publicKey);
    const ssh = parseSshPublicKey(text);
    assert.ok(ssh.ok);
    const blob = Buffer.from(text.split(' ')[1]!, 'base64');
    assert.equal(ssh.key.fingerprint, createHash('md5').update(blob).digest('hex').match(/../g)!.join(':'));
    assert.equal(ssh.key.ssh, text.split(' ').slice(0, 2).join(' '));
    for (const pem of [publicKey.export({ type: 'spki', format: 'pem' }) as string, publicKey.export({ type: 'pkcs1', format: 'pem' }) as string]) {
      const p = parseSshPublicKey(pem);
      assert.ok(p.ok);
      assert.deepEqual(p.key, ssh.key);
    }
  });

  it('refuses short RSA keys, other key types and malformed blobs', () => {
    const short = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey;
    assert.deepEqual(parseSshPublicKey(opensshRsa(short)), { ok: false, reason: 'too-short' });
    assert.deepEqual(parseSshPublicKey(short.export({ type: 'spki', format: 'pem' }) as string), { ok: false, reason: 'too-short' });
    const ed = generateKeyPairSync('ed25519').publicKey;
    assert.deepEqual(parseSshPublicKey(opensshEd25519(ed)), { ok: false, reason: 'encoding' });
    assert.deepEqual(parseSshPublicKey(ed.export({ type: 'spki', format: 'pem' }) as string), { ok: false, reason: 'encoding' });
    const dsa = generateKeyPairSync('dsa', { modulusLength: 2048, divisorLength: 256 }).publicKey;
    assert.deepEqual(parseSshPublicKey(dsa.export({ type: 'spki', format: 'pem' }) as string), { ok: false, reason: 'encoding' });
    assert.deepEqual(parseSshPublicKey('ssh-dss AAAAB3NzaC1kc3MAAAA= x'), { ok: false, reason: 'encoding' });
    const good = opensshRsa(generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey);
    const blob = Buffer.from(good.split(' ')[1]!, 'base64');
    assert.deepEqual(parseSshPublicKey(`ssh-rsa ${blob.subarray(0, blob.length - 1).toString('base64')}`), { ok: false, reason: 'invalid' });
    assert.deepEqual(parseSshPublicKey(`ssh-rsa ${Buffer.concat([blob, Buffer.from([0])]).toString('base64')}`), { ok: false, reason: 'invalid' });
    assert.deepEqual(parseSshPublicKey('ssh-rsa !!!'), { ok: false, reason: 'encoding' });
    assert.deepEqual(parseSshPublicKey('garbage'), { ok: false, reason: 'encoding' });
  });
});
