import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  assertMasterKeyMatches,
  deriveKey,
  generateMasterKey,
  masterKeyCheckValue,
  validateMasterKey,
} from '../../src/storage/master-key.js';
import { SEALED_PREFIX, createSecretSealer, isSealed } from '../../src/storage/secret-sealer.js';
import { StorageError } from '../../src/storage/types.js';

const KEY_A = generateMasterKey();
const KEY_B = generateMasterKey();

describe('secret sealer', () => {
  it('seals to rs1:<base64(iv|tag|ciphertext)> with a fresh IV each time', () => {
    const sealer = createSecretSealer(KEY_A);
    const sealed = sealer.seal('hello');
    assert.ok(isSealed(sealed));
    assert.ok(sealed.startsWith(SEALED_PREFIX));
    const raw = Buffer.from(sealed.slice(SEALED_PREFIX.length), 'base64');
    assert.equal(raw.length, 12 + 16 + 5);
    const ivs = new Set(Array.from({ length: 100 }, () => sealer.seal('hello').slice(0, 20)));
    assert.equal(ivs.size, 100);
  });

  it('opens with the same master key only', () => {
    const sealed = createSecretSealer(KEY_A).seal('top secret');
    assert.equal(createSecretSealer(KEY_A).open(sealed).toString(), 'top secret');
    assert.throws(() => createSecretSealer(KEY_B).open(sealed), (e) => e instanceof StorageError && e.reason === 'Corrupt');
    assert.throws(() => createSecretSealer(KEY_A).open('rs1:AAAA'), (e) => e instanceof StorageError && e.reason === 'Corrupt');
  });

  it('round-trips unicode and large binary payloads', () => {
    const sealer = createSecretSealer(KEY_A);
    assert.equal(sealer.open(sealer.seal('päss \u{1F511}')).toString('utf8'), 'päss \u{1F511}');
    const big = Buffer.alloc(1 << 20, 7);
    assert.deepEqual(sealer.open(sealer.seal(big)), big);
  });
});

describe('master key', () => {
  it('derives distinct, deterministic keys per purpose', () => {
    assert.deepEqual(deriveKey(KEY_A, 'x'), deriveKey(KEY_A, 'x'));
    assert.notDeepEqual(deriveKey(KEY_A, 'x'), deriveKey(KEY_A, 'y'));
    assert.notDeepEqual(deriveKey(KEY_A, 'x'), deriveKey(KEY_B, 'x'));
    assert.equal(deriveKey(KEY_A, 'x').length, 32);
  });

  it('check value recognizes the key and reveals nothing of it', () => {
    const check = masterKeyCheckValue(KEY_A);
    assert.ok(!check.includes(KEY_A));
    assertMasterKeyMatches(KEY_A, check);
    assert.throws(() => assertMasterKeyMatches(KEY_B, check), (e) => e instanceof StorageError && e.reason === 'MasterKeyMismatch');
    assert.throws(() => assertMasterKeyMatches(KEY_A, 'garbage'), StorageError);
  });

  it('validates presence and length, trimming whitespace', () => {
    assert.equal(validateMasterKey(`  ${KEY_A}\n`), KEY_A);
    for (const bad of [undefined, '', '   ', 'too-short']) {
      assert.throws(() => validateMasterKey(bad), (e) => e instanceof StorageError && e.reason === 'InvalidMasterKey');
    }
  });
});
