import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KeyRecord } from './store.js';
import { checkConstraints, constraintsApply, contextOfKeys, grantOperationsFor, isGrantPrincipal, satisfies, withinParent } from './grant-rules.js';

const key = (extra: Partial<KeyRecord> = {}): KeyRecord => ({ id: 'k', accountId: '111122223333', region: 'us-east-1', arn: 'arn', createdAt: 0, description: '', state: 'Enabled', policy: '{}', tags: [], materialVersion: 1, ...extra });

describe('grant constraints', () => {
  it('EncryptionContextSubset: the request includes every pair; keys case-insensitive, values exact', () => {
    const c = { EncryptionContextSubset: { App: 'pay', tenant: 'a' } };
    assert.equal(satisfies(c, { app: 'pay', TENANT: 'a' }), true);
    assert.equal(satisfies(c, { app: 'pay', tenant: 'a', extra: 'x' }), true);
    assert.equal(satisfies(c, { app: 'pay' }), false);
    assert.equal(satisfies(c, { app: 'PAY', tenant: 'a' }), false);
    assert.equal(satisfies(c, {}), false);
  });

  it('EncryptionContextEquals: exactly the pairs, no more, no fewer', () => {
    const c = { EncryptionContextEquals: { app: 'pay' } };
    assert.equal(satisfies(c, { APP: 'pay' }), true);
    assert.equal(satisfies(c, { app: 'pay', x: 'y' }), false);
    assert.equal(satisfies(c, {}), false);
    assert.equal(satisfies(c, { app: 'Pay' }), false);
    assert.equal(satisfies(undefined, {}), true);
  });

  it('apply to operations that take an encryption context only', () => {
    for (const op of ['Encrypt', 'Decrypt', 'ReEncryptFrom', 'ReEncryptTo', 'GenerateDataKey', 'GenerateDataKeyPairWithoutPlaintext']) assert.equal(constraintsApply(op), true, op);
    for (const op of ['DescribeKey', 'RetireGrant', 'CreateGrant', 'Sign', 'GenerateMac', 'GetPublicKey']) assert.equal(constraintsApply(op), false, op);
  });

  it('a grant made through a grant stays within its operations and is equally strict or stricter', () => {
    const sub = { operations: ['Encrypt', 'Decrypt', 'CreateGrant'], constraints: { EncryptionContextSubset: { a: '1' } } };
    assert.equal(withinParent(sub, { operations: ['Encrypt'], constraints: { EncryptionContextSubset: { A: '1', b: '2' } } }), true);
    assert.equal(withinParent(sub, { operations: ['Encrypt'], constraints: { EncryptionContextEquals: { a: '1' } } }), true);
    assert.equal(withinParent(sub, { operations: ['Encrypt'] }), false);
    assert.equal(withinParent(sub, { operations: ['Encrypt'], constraints: { EncryptionContextSubset: { a: '2' } } }), false);
    assert.equal(withinParent(sub, { operations: ['GenerateDataKey'], constraints: { EncryptionContextSubset: { a: '1' } } }), false);
    const eq = { operations: ['Encrypt'], constraints: { EncryptionContextEquals: { a: '1' } } };
    assert.equal(withinParent(eq, { operations: ['Encrypt'], constraints: { EncryptionContextEquals: { a: '1' } } }), true);
    assert.equal(withinParent(eq, { operations: ['Encrypt'], constraints: { EncryptionContextSubset: { a: '1' } } }), false);
    assert.equal(withinParent(eq, { operations: ['Encrypt'], constraints: { EncryptionContextEquals: { a: '1', b: '2' } } }), false);
    assert.equal(withinParent({ operations: ['Encrypt'] }, { operations: ['Encrypt'] }), true);
  });

  it('checkConstraints: empty maps are none; at most 8 pairs; never on operations without an encryption context or asymmetric keys', () => {
    assert.equal(checkConstraints({ EncryptionContextSubset: {} }, ['Encrypt'], key()), undefined);
    assert.deepEqual(checkConstraints({ EncryptionContextEquals: { a: 'b' } }, ['Encrypt', 'DescribeKey', 'RetireGrant', 'CreateGrant'], key()), { EncryptionContextEquals: { a: 'b' } });
    const nine = Object.fromEntries([...Array(9).keys()].map((i) => [`k${i}`, 'v']));
    assert.throws(() => checkConstraints({ EncryptionContextSubset: nine }, ['Encrypt'], key()), /8/);
    assert.throws(() => checkConstraints({ EncryptionContextSubset: { a: 'x'.repeat(385) } }, ['Encrypt'], key()), /384/);
    assert.throws(() => checkConstraints({ EncryptionContextSubset: { a: 'b' } }, ['Sign'], key({ keySpec: 'ECC_NIST_P256', keyUsage: 'SIGN_VERIFY' })), /Sign/);
    assert.throws(() => checkConstraints({ EncryptionContextSubset: { a: 'b' } }, ['Decrypt'], key({ keySpec: 'RSA_2048' })), /Decrypt/);
  });

  it('the request\'s encryption context from its condition keys', () => {
    assert.deepEqual(contextOfKeys({ 'kms:EncryptionContextKeys': ['A', 'b'], 'kms:EncryptionContext:A': '1', 'kms:EncryptionContext:b': '2' }), { A: '1', b: '2' });
    assert.deepEqual(contextOfKeys({}), {});
  });
});

describe('grant operations and principals', () => {
  it('operations by key type', () => {
    assert.ok(grantOperationsFor(key()).has('GenerateDataKeyPair'));
    assert.ok(!grantOperationsFor(key()).has('Sign'));
    const sign = grantOperationsFor(key({ keySpec: 'ECC_NIST_P256', keyUsage: 'SIGN_VERIFY' }));
    assert.ok(sign.has('Sign') && sign.has('GetPublicKey') && sign.has('CreateGrant') && !sign.has('Encrypt'));
    const mac = grantOperationsFor(key({ keySpec: 'HMAC_256', keyUsage: 'GENERATE_VERIFY_MAC' }));
    assert.ok(mac.has('VerifyMac') && !mac.has('GetPublicKey'));
    assert.ok(grantOperationsFor(key({ keySpec: 'ECC_NIST_P256', keyUsage: 'KEY_AGREEMENT' })).has('DeriveSharedSecret'));
    assert.ok(!grantOperationsFor(key({ keySpec: 'RSA_2048' })).has('GenerateDataKey'));
  });

  it('principals: accounts, users, roles (with paths), sessions, federated users, service principals', () => {
    for (const p of ['arn:aws:iam::111122223333:root', 'arn:aws:iam::111122223333:user/a/b/bob', 'arn:aws:iam::111122223333:role/r', 'arn:aws:sts::111122223333:assumed-role/r/s@x', 'arn:aws:sts::111122223333:federated-user/fed', 'dynamodb.us-east-1.amazonaws.com', 'logs.amazonaws.com']) assert.equal(isGrantPrincipal(p, 'aws'), true, p);
    for (const p of ['*', 'bob', '111122223333', 'arn:aws:iam::111122223333:group/g', 'arn:aws:iam::1111:root', 'arn:aws-cn:iam::111122223333:root', 'arn:aws:iam::111122223333:user/', 'arn:aws:sts::111122223333:assumed-role/r', 'arn:aws:s3:::b', 'amazonaws.com', 'evil.example.com']) assert.equal(isGrantPrincipal(p, 'aws'), false, p);
    assert.equal(isGrantPrincipal('arn:aws-cn:iam::111122223333:root', 'aws-cn'), true);
  });
});
