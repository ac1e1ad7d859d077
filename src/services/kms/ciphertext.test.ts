import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { BlobKey, canonicalContext, encodeHeader, openBlob, parseBlob, sealBlob } from './ciphertext.js';

const header = { accountId: '111122223333', region: 'eu-west-1', keyId: '1234abcd-12ab-34cd-56ef-1234567890ab', materialVersion: 3 };

describe('KMS ciphertext blob', () => {
  it('round-trips, names its key and material version in the clear header', () => {
    const m = randomBytes(32);
    const blob = sealBlob(m, header, Buffer.from('secret'), { b: '2', a: '1' });
    const p = parseBlob(blob)!;
    assert.deepEqual(p.header, { version: 2, ...header });
    assert.equal(blob.length, 62 + 16 + header.region.length + 6);
    assert.equal(openBlob(m, p, { a: '1', b: '2' })!.toString(), 'secret');
    assert.equal(blob.indexOf(Buffer.from('secret')), -1);
  });

  it('any changed byte, another context, another material or a truncation fails', () => {
    const m = randomBytes(32);
    const blob = sealBlob(m, header, Buffer.from('secret'), { a: '1' });
    for (let i = 0; i < blob.length; i++) {
      const t = Buffer.from(blob);
      t[i]! ^= 0x80;
      const p = parseBlob(t);
      assert.ok(!p || !openBlob(m, p, { a: '1' }), `byte ${i}`);
    }
    const p = parseBlob(blob)!;
    assert.equal(openBlob(m, p, { a: '2' }), undefined);
    assert.equal(openBlob(m, p, undefined), undefined);
    assert.equal(openBlob(randomBytes(32), p, { a: '1' }), undefined);
    for (let n = 0; n < blob.length; n++) {
      const q = parseBlob(blob.subarray(0, n));
      assert.ok(!q || !openBlob(m, q, { a: '1' }), `length ${n}`);
    }
  });

  it('the canonical context is unambiguous and independent of order', () => {
    assert.notDeepEqual(canonicalContext({ a: 'bc' }), canonicalContext({ ab: 'c' }));
    assert.deepEqual(canonicalContext({ x: '1', y: '2' }), canonicalContext({ y: '2', x: '1' }));
    assert.deepEqual(canonicalContext(undefined), canonicalContext({}));
    assert.notDeepEqual(canonicalContext({}), canonicalContext({ '': '' }));
  });

  it('refuses headers it cannot encode and blobs of another version', () => {
    assert.throws(() => encodeHeader({ ...header, keyId: 'not-a-uuid' }));
    assert.throws(() => encodeHeader({ ...header, accountId: '1' }));
    const blob = sealBlob(randomBytes(32), header, Buffer.from('x'), undefined);
    blob[0] = 3;
    assert.equal(parseBlob(blob), undefined);
  });

  it('still opens version 1 blobs (made by the first release), and a version byte changed either way fails', () => {
    // Sealed by version 1's code with material 0x07 x 32.
    const v1 = Buffer.from('ATExMTEyMjIyMzMzMwlldS13ZXN0LTESNKvNEqs0zVbvEjRWeJCrAAAAA306JXn1YO2ghuoL8FYz+en3XqBWzhkWQTEMT4GwR4fQxZ6mdhtV9mHUcATMMA==', 'base64');
    const m = Buffer.alloc(32, 7);
    const p = parseBlob(v1)!;
    assert.deepEqual(p.header, { version: 1, ...header });
    assert.equal(openBlob(m, p, { purpose: 'compat' })!.toString(), 'made by version 1');
    const up = Buffer.from(v1);
    up[0] = 2;
    assert.equal(openBlob(m, parseBlob(up)!, { purpose: 'compat' }), undefined);
    const v2 = sealBlob(m, header, Buffer.from('x'), undefined);
    v2[0] = 1;
    assert.equal(openBlob(m, parseBlob(v2)!, undefined), undefined);
  });

  it('a BlobKey reuses its salt, opens blobs of other salts of the same material, and nothing after destroy', () => {
    const m = randomBytes(32);
    const a = new BlobKey(m);
    const b = new BlobKey(m);
    const x = parseBlob(a.seal(header, Buffer.from('x'), undefined))!;
    const y = parseBlob(a.seal(header, Buffer.from('y'), undefined))!;
    const z = parseBlob(b.seal(header, Buffer.from('z'), { k: 'v' }))!;
    assert.deepEqual(x.salt, y.salt);
    assert.notDeepEqual(x.salt, z.salt);
    assert.notDeepEqual(x.nonce, y.nonce);
    assert.equal(a.open(z, { k: 'v' })!.toString(), 'z');
    assert.equal(b.open(x, undefined)!.toString(), 'x');
    assert.equal(openBlob(m, y, undefined)!.toString(), 'y');
    const changedSalt = Buffer.from(a.seal(header, Buffer.from('s'), undefined));
    changedSalt[34 + header.region.length]! ^= 1;
    assert.equal(a.open(parseBlob(changedSalt)!, undefined), undefined, 'the salt is authenticated');
    a.destroy();
    assert.equal(a.open(x, undefined), undefined);
  });
});

describe('ciphertext blob of a multi-Region key (version byte with the mrk flag)', () => {
  it('round-trips an mrk key id; single-Region blobs keep their version byte; a changed version byte fails the tag check', () => {
    const m = randomBytes(32);
    const h = { accountId: '111122223333', region: 'us-east-1', keyId: `mrk-${'ab'.repeat(16)}`, materialVersion: 3 };
    const blob = sealBlob(m, h, Buffer.from('multi'), { a: 'b' });
    assert.equal(blob[0], 0x82);
    const p = parseBlob(blob)!;
    assert.deepEqual(p.header, { version: 2, ...h });
    assert.equal(openBlob(m, p, { a: 'b' })?.toString(), 'multi');
    const single = sealBlob(m, { ...h, keyId: '1234abcd-12ab-34cd-56ef-1234567890ab' }, Buffer.from('single'), undefined);
    assert.equal(single[0], 2);
    assert.equal(parseBlob(single)!.header.keyId, '1234abcd-12ab-34cd-56ef-1234567890ab');
    assert.equal(parseBlob(Buffer.concat([Buffer.from([0x83]), blob.subarray(1)])), undefined, 'the flag on an unknown version');
    const flipped = Buffer.from(blob);
    flipped[0] = 2;
    const q = parseBlob(flipped)!;
    assert.match(q.header.keyId, /^[0-9a-f-]{36}$/);
    assert.equal(openBlob(m, q, { a: 'b' }), undefined);
  });
});
