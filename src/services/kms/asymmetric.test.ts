import assert from 'node:assert/strict';
import { constants, createECDH, createHash, createPublicKey, generateKeyPairSync, publicEncrypt, verify } from 'node:crypto';
import { describe, it } from 'node:test';
import { newKeyMaterial, privateKeyOf, publicKeyDer, rsaDecrypt, rsaEncrypt, signWith, signingInfo, verifyWith } from './asymmetric.js';
import { CURVES, decodeSignature, encodeSignature } from './ecdsa-digest.js';
import { KEY_SPECS, oaepMaxPlaintext, type Curve } from './key-specs.js';
import type { KeySpec } from './api.generated.js';

const SIGNING_SPECS: KeySpec[] = ['RSA_2048', 'ECC_NIST_P256', 'ECC_NIST_P384', 'ECC_NIST_P521', 'ECC_SECG_P256K1', 'ECC_NIST_EDWARDS25519'];
const curveOf = (spec: KeySpec): Curve | undefined => {
  const k = KEY_SPECS[spec]!.key;
  return k.kind === 'ec' ? k.curve : undefined;
};
/** Node's own verification of a signature over `msg` (what a client does with GetPublicKey's key). */
function nodeVerify(spki: Buffer, alg: string, msg: Buffer, sig: Buffer): boolean {
  const pub = createPublicKey({ key: spki, format: 'der', type: 'spki' });
  const info = signingInfo(alg)!;
  if (info.scheme === 'ed25519') return verify(null, msg, pub, sig);
  if (info.scheme === 'pss') return verify(info.hash, msg, { key: pub, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: info.digest }, sig);
  if (info.scheme === 'pkcs1') return verify(info.hash, msg, { key: pub, padding: constants.RSA_PKCS1_PADDING }, sig);
  return verify(info.hash, msg, pub, sig);
}

describe('asymmetric signing (RAW and DIGEST) interoperates with Node\'s crypto', () => {
  for (const spec of SIGNING_SPECS) {
    it(spec, async () => {
      const priv = privateKeyOf(await newKeyMaterial(KEY_SPECS[spec]!.key));
      const spki = publicKeyDer(priv);
      const pub = createPublicKey({ key: spki, format: 'der', type: 'spki' });
      const curve = curveOf(spec);
      const msg = Buffer.from(`message for ${spec}`);
      for (const alg of KEY_SPECS[spec]!.signing!) {
        const info = signingInfo(alg)!;
        const raw = signWith(priv, info, msg, false, curve);
        assert.ok(nodeVerify(spki, alg, msg, raw), `${alg} RAW`);
        assert.ok(verifyWith(pub, info, msg, false, raw, curve));
        const tampered = Buffer.from(raw);
        tampered[tampered.length - 2]! ^= 1;
        assert.equal(verifyWith(pub, info, msg, false, tampered, curve), false);
        if (info.scheme === 'ed25519') continue;
        const digest = createHash(info.hash).update(msg).digest();
        const dsig = signWith(priv, info, digest, true, curve);
        assert.ok(nodeVerify(spki, alg, msg, dsig), `${alg} DIGEST signature verifies over the message`);
        assert.ok(verifyWith(pub, info, digest, true, dsig, curve), `${alg} DIGEST verify`);
        assert.ok(verifyWith(pub, info, digest, true, raw, curve), `${alg} a RAW signature verifies as DIGEST`);
        assert.equal(verifyWith(pub, info, digest, true, tampered, curve), false);
        const otherDigest = Buffer.from(digest);
        otherDigest[0]! ^= 1;
        assert.equal(verifyWith(pub, info, otherDigest, true, dsig, curve), false);
        assert.equal(verifyWith(pub, info, digest, true, Buffer.alloc(3), curve), false);
      }
    });
  }
  it('RSA_3072 and RSA_4096 PSS and PKCS#1 over a digest', async () => {
    for (const spec of ['RSA_3072', 'RSA_4096'] as const) {
      const priv = privateKeyOf(await newKeyMaterial(KEY_SPECS[spec]!.key));
      const spki = publicKeyDer(priv);
      for (const alg of ['RSASSA_PSS_SHA_512', 'RSASSA_PKCS1_V1_5_SHA_384'] as const) {
        const info = signingInfo(alg)!;
        const msg = Buffer.from('x');
        assert.ok(nodeVerify(spki, alg, msg, signWith(priv, info, createHash(info.hash).update(msg).digest(), true)), `${spec} ${alg}`);
      }
    }
  });
});

describe('ECDSA curve data', () => {
  for (const [name, c] of Object.entries(CURVES)) {
    it(`${name}: n is the order of OpenSSL's generator (n−1 is a valid scalar whose point is −G; n is not)`, () => {
      const g = createECDH(c.openssl);
      g.setPrivateKey(Buffer.from([1]));
      const m = createECDH(c.openssl);
      const len = Math.ceil(c.n.toString(16).length / 2);
      m.setPrivateKey(Buffer.from((c.n - 1n).toString(16).padStart(len * 2, '0'), 'hex'));
      const G = g.getPublicKey();
      const minusG = m.getPublicKey();
      const half = (G.length - 1) / 2;
      assert.deepEqual(minusG.subarray(1, 1 + half), G.subarray(1, 1 + half));
      assert.equal((BigInt(`0x${G.subarray(1 + half).toString('hex')}`) + BigInt(`0x${minusG.subarray(1 + half).toString('hex')}`)) % c.p, 0n);
      assert.throws(() => createECDH(c.openssl).setPrivateKey(Buffer.from(c.n.toString(16).padStart(len * 2, '0'), 'hex')));
    });
  }
  it('DER signatures round-trip; non-minimal or trailing bytes are refused', () => {
    const sig = encodeSignature(0x80n, 5n);
    assert.deepEqual(decodeSignature(sig), { r: 0x80n, s: 5n });
    assert.equal(decodeSignature(Buffer.concat([sig, Buffer.from([0])])), undefined);
    assert.equal(decodeSignature(Buffer.from('3007020200050201 05'.replace(/ /g, ''), 'hex')), undefined);
    assert.equal(decodeSignature(Buffer.from('3006020180020105', 'hex')), undefined);
  });
});

describe('RSAES-OAEP', () => {
  it('decrypts what Node encrypts with the public key (SHA-1 and SHA-256), up to AWS\'s plaintext limits', async () => {
    const priv = privateKeyOf(await newKeyMaterial({ kind: 'rsa', bits: 2048 }));
    const pub = createPublicKey({ key: publicKeyDer(priv), format: 'der', type: 'spki' });
    assert.equal(oaepMaxPlaintext(2048, 'RSAES_OAEP_SHA_1'), 214);
    assert.equal(oaepMaxPlaintext(2048, 'RSAES_OAEP_SHA_256'), 190);
    assert.equal(oaepMaxPlaintext(4096, 'RSAES_OAEP_SHA_256'), 446);
    for (const [alg, hash] of [['RSAES_OAEP_SHA_1', 'sha1'], ['RSAES_OAEP_SHA_256', 'sha256']] as const) {
      const pt = Buffer.alloc(oaepMaxPlaintext(2048, alg), 7);
      const ct = publicEncrypt({ key: pub, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: hash }, pt);
      assert.deepEqual(rsaDecrypt(priv, alg, ct), pt);
      assert.deepEqual(rsaDecrypt(priv, alg, rsaEncrypt(priv, alg, pt)), pt);
      const bad = Buffer.from(ct);
      bad[10]! ^= 1;
      assert.equal(rsaDecrypt(priv, alg, bad), undefined);
      assert.equal(rsaDecrypt(priv, alg, ct.subarray(1)), undefined);
    }
    assert.equal(rsaDecrypt(priv, 'RSAES_OAEP_SHA_256', publicEncrypt({ key: pub, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' }, Buffer.from('x'))), undefined);
  });
  it('generates no RSA key on the event loop (the promise settles after a timer set meanwhile)', async () => {
    let ticked = false;
    const t = setTimeout(() => (ticked = true), 0);
    await newKeyMaterial({ kind: 'rsa', bits: 3072 });
    clearTimeout(t);
    assert.equal(ticked, true);
    generateKeyPairSync('ec', { namedCurve: 'P-256' });
  });
});
