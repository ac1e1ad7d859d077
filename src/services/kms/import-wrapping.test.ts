import assert from 'node:assert/strict';
import { constants, createCipheriv, createPublicKey, publicEncrypt, randomBytes } from 'node:crypto';
import { before, describe, it } from 'node:test';
import { importedMaterialId, importTokenId, newImportToken, unwrapMaterial, wrappingKeyPair, type WrappingAlgorithm } from './import-wrapping.js';

/** What a customer does: wrap under the public key (DER SPKI). */
function wrap(alg: WrappingAlgorithm, pub: Buffer, material: Buffer): Buffer {
  const hash = alg.endsWith('SHA_1') ? 'sha1' : 'sha256';
  const oaep = (d: Buffer) => publicEncrypt({ key: createPublicKey({ key: pub, format: 'der', type: 'spki' }), padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: hash }, d);
  if (alg.startsWith('RSAES')) return oaep(material);
  const aes = randomBytes(32);
  const c = createCipheriv('id-aes256-wrap-pad', aes, Buffer.from('a65959a6', 'hex'));
  return Buffer.concat([oaep(aes), c.update(material), c.final()]);
}

describe('import wrapping', () => {
  let pair: { publicKey: Buffer; privateKey: Buffer };
  before(async () => {
    pair = await wrappingKeyPair(2048);
  });

  for (const alg of ['RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256', 'RSA_AES_KEY_WRAP_SHA_1', 'RSA_AES_KEY_WRAP_SHA_256'] as const) {
    it(`${alg}: unwraps what the customer wrapped; a changed byte, the other hash or a truncation does not`, () => {
      const m = randomBytes(32);
      const w = wrap(alg, pair.publicKey, m);
      assert.deepEqual(unwrapMaterial(alg, pair.privateKey, w), m);
      for (const at of [0, 100, w.length - 1]) {
        const t = Buffer.from(w);
        t[at]! ^= 1;
        assert.equal(unwrapMaterial(alg, pair.privateKey, t), undefined, `byte ${at}`);
      }
      const otherHash = (alg.endsWith('SHA_1') ? alg.replace('SHA_1', 'SHA_256') : alg.replace('SHA_256', 'SHA_1')) as WrappingAlgorithm;
      assert.equal(unwrapMaterial(otherHash, pair.privateKey, w), undefined);
      assert.equal(unwrapMaterial(alg, pair.privateKey, w.subarray(0, w.length - 8)), undefined);
      assert.equal(unwrapMaterial(alg, pair.privateKey, new Uint8Array(0)), undefined);
    });
  }

  it('key pairs: concurrent requests all get distinct keys (at most two generated at once)', async () => {
    const pairs = await Promise.all([1, 2, 3, 4, 5].map(() => wrappingKeyPair(2048)));
    assert.equal(new Set(pairs.map((p) => p.publicKey.toString('hex'))).size, 5);
  });

  it('tokens: a fresh id each, anything else is no token', () => {
    const a = newImportToken();
    const b = newImportToken();
    assert.notEqual(a.tokenId, b.tokenId);
    assert.equal(importTokenId(a.token), a.tokenId);
    assert.equal(importTokenId(a.token.subarray(1)), undefined);
    assert.equal(importTokenId(randomBytes(a.token.length)), undefined);
  });

  it('the imported material id is stable for the same material and reveals it not', () => {
    const m = randomBytes(32);
    assert.equal(importedMaterialId(Buffer.from(m)), importedMaterialId(m));
    assert.notEqual(importedMaterialId(randomBytes(32)), importedMaterialId(m));
    assert.equal(importedMaterialId(m).includes(m.toString('hex')), false);
  });
});
