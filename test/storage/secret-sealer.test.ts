import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  assertMasterKeyMatches,
  deriveKey,
  generateMasterKey,
  masterKeyCheckValue,
  validateMasterKey,
} from '../../src/storage/master-key.js';
import { SEALED_PREFIX, createSecretSealer, isLegacySealed, isSealed, sealAad } from '../../src/storage/secret-sealer.js';
import { StorageError, type SealContext } from '../../src/storage/types.js';
import { sealLegacy } from './legacy-seal.js';

const KEY_A = generateMasterKey();
const KEY_B = generateMasterKey();

const AT: SealContext = { table: 'iam.access-keys', scope: { kind: 'global' }, key: 'AKIAEXAMPLE' };
const corrupt = (e: unknown) => e instanceof StorageError && e.reason === 'Corrupt';

describe('secret sealer', () => {
  it('seals to rs2:<base64(iv|tag|mark|ciphertext)> with a fresh IV each time', () => {
    const sealer = createSecretSealer(KEY_A);
    const sealed = sealer.seal('hello', AT);
    assert.ok(isSealed(sealed));
    assert.ok(sealed.startsWith(SEALED_PREFIX) && SEALED_PREFIX === 'rs2:');
    const raw = Buffer.from(sealed.slice(SEALED_PREFIX.length), 'base64');
    assert.equal(raw.length, 12 + 16 + 16 + 5);
    const ivs = new Set(Array.from({ length: 100 }, () => sealer.seal('hello', AT).slice(0, 20)));
    assert.equal(ivs.size, 100);
  });

  it('opens with the same master key only', () => {
    const sealed = createSecretSealer(KEY_A).seal('top secret', AT);
    assert.equal(createSecretSealer(KEY_A).open(sealed, AT).toString(), 'top secret');
    assert.throws(() => createSecretSealer(KEY_B).open(sealed, AT), corrupt);
    assert.throws(() => createSecretSealer(KEY_A).open('rs2:AAAA', AT), corrupt);
  });

  it('opens at its own table, scope and key only: a value moved to another record does not open', () => {
    const sealer = createSecretSealer(KEY_A);
    const sealed = sealer.seal('top secret', AT);
    const elsewhere: SealContext[] = [
      { ...AT, key: 'AKIAOTHER' },
      { ...AT, table: 'sts.sessions' },
      { ...AT, scope: { kind: 'account', accountId: '123456789012' } },
      { table: 'iam.mfa-devices', scope: { kind: 'account', accountId: '123456789012' }, key: 'AKIAEXAMPLE' },
    ];
    for (const where of elsewhere) assert.throws(() => sealer.open(sealed, where), corrupt, JSON.stringify(where));
    assert.deepEqual(sealAad({ table: 'a', scope: { kind: 'account', accountId: 'x:y' }, key: 'k' }).toString(), 'rampart:rs2\n["a","account:x%3Ay","k"]');
  });

  it('inspect tells a value of this key at its place, one moved elsewhere, and anything else (user data, another key)', () => {
    const sealer = createSecretSealer(KEY_A);
    const sealed = sealer.seal('top secret', AT);
    assert.equal(sealer.inspect(sealed, AT), 'bound');
    assert.equal(sealer.inspect(sealed, { ...AT, key: 'AKIAOTHER' }), 'misplaced');
    assert.equal(sealer.inspect(createSecretSealer(KEY_B).seal('x', AT), AT), 'foreign');
    assert.equal(sealer.inspect(`rs2:${Buffer.alloc(60, 7).toString('base64')}`, AT), 'foreign', 'looks sealed, is not');
    assert.equal(sealer.inspect('rs2:hello', AT), 'foreign');
    assert.equal(sealer.inspect('plain text', AT), 'foreign');
  });

  it('open refuses rs1 values of earlier versions; openLegacy opens those this key made and nothing else', () => {
    const sealer = createSecretSealer(KEY_A);
    const legacy = sealLegacy(KEY_A, 'old secret');
    assert.ok(isLegacySealed(legacy) && !isSealed(legacy));
    assert.throws(() => sealer.open(legacy, AT), corrupt);
    assert.equal(sealer.openLegacy(legacy)?.toString(), 'old secret');
    assert.equal(createSecretSealer(KEY_B).openLegacy(legacy), undefined);
    assert.equal(sealer.openLegacy('rs1:only-looks-sealed'), undefined);
    assert.equal(sealer.openLegacy(sealer.seal('x', AT)), undefined);
  });

  it('round-trips unicode and large binary payloads', () => {
    const sealer = createSecretSealer(KEY_A);
    assert.equal(sealer.open(sealer.seal('päss \u{1F511}', AT), AT).toString('utf8'), 'päss \u{1F511}');
    const big = Buffer.alloc(1 << 20, 7);
    assert.deepEqual(sealer.open(sealer.seal(big, AT), AT), big);
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
