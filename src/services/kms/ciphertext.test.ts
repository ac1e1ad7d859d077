import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { canonicalContext, encodeHeader, openBlob, parseBlob, sealBlob } from './ciphertext.js';

const header = { accountId: '111122223333', region: 'eu-west-1', keyId: '1234abcd-12ab-34cd-56ef-1234567890ab', materialVersion: 3 };

describe('KMS ciphertext blob v1', () => {
  it('round-trips, names its key and material version in the clear header', () => {
    const m = randomBytes(32);
    const blob = sealBlob(m, header, Buffer.from('secret'), { b: '2', a: '1' });
    const p = parseBlob(blob)!;
    assert.deepEqual(p.header, header);
    assert.equal(blob.length, 62 + header.region.length + 6);
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
    blob[0] = 2;
    assert.equal(parseBlob(blob), undefined);
  });
});

describe('ciphertext blob of a multi-Region key (version byte with the mrk flag)', () => {
  it('round-trips an mrk key id; version 1 blobs keep parsing; a changed version byte fails the tag check', () => {
    const m = randomBytes(32);
    const h = { accountId: '111122223333', region: 'us-east-1', keyId: `mrk-${'ab'.repeat(16)}`, materialVersion: 3 };
    const blob = sealBlob(m, h, Buffer.from('multi'), { a: 'b' });
    assert.equal(blob[0], 0x81);
    const p = parseBlob(blob)!;
    assert.deepEqual(p.header, h);
    assert.equal(openBlob(m, p, { a: 'b' })?.toString(), 'multi');
    const v1 = sealBlob(m, { ...h, keyId: '1234abcd-12ab-34cd-56ef-1234567890ab' }, Buffer.from('single'), undefined);
    assert.equal(v1[0], 1);
    assert.equal(parseBlob(v1)!.header.keyId, '1234abcd-12ab-34cd-56ef-1234567890ab');
    const flipped = Buffer.from(blob);
    flipped[0] = 1;
    assert.equal(parseBlob(Buffer.concat([Buffer.from([0x82]), blob.subarray(1)])), undefined, 'flag on another version');
    const q = parseBlob(flipped)!;
    assert.match(q.header.keyId, /^[0-9a-f-]{36}$/);
    assert.equal(openBlob(m, q, { a: 'b' }), undefined);
  });
});
