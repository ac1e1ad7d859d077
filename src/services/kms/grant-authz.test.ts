import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { callerIndexes, constraintFilter, withGrantStatement } from './grant-authz.js';
import { granteeIndex, type GrantRecord } from './store.js';

const g = (constraints?: GrantRecord['constraints']): GrantRecord => ({ id: 'a'.repeat(64), keyId: 'k', keyAccountId: '111122223333', region: 'us-east-1', keyArn: 'arn', createdAt: 0, granteePrincipal: 'p', issuingAccount: 'i', operations: ['Encrypt'], ...(constraints ? { constraints } : {}) });

describe('grants in authorization', () => {
  it('adds one Allow statement for the grantees to the key policy, keeping its statements', () => {
    const policy = '{"Version":"2012-10-17","Statement":{"Effect":"Deny","Principal":"*","Action":"kms:Decrypt","Resource":"*"}}';
    const doc = JSON.parse(withGrantStatement(policy, ['arn:aws:iam::111122223333:user/u', 'logs.amazonaws.com'], 'kms:Encrypt')) as { Statement: Record<string, unknown>[] };
    assert.equal(doc.Statement.length, 2);
    assert.equal(doc.Statement[0]!['Effect'], 'Deny');
    assert.deepEqual(doc.Statement[1], { Sid: 'RampartGrants', Effect: 'Allow', Principal: { AWS: ['arn:aws:iam::111122223333:user/u'], Service: ['logs.amazonaws.com'] }, Action: 'kms:Encrypt', Resource: '*' });
  });

  it('a caller is looked up as itself, its account and its role (sessions), in any partition', () => {
    const session = callerIndexes({ arn: 'arn:aws:sts::111122223333:assumed-role/App/s1', accountId: '111122223333', userId: 'AROA:s1', type: 'assumed-role' });
    assert.ok(session.includes(granteeIndex('arn:aws:iam::111122223333:role/path/app')));
    assert.ok(session.includes(granteeIndex('arn:aws:iam::111122223333:root')));
    assert.ok(session.includes(granteeIndex('arn:aws-cn:sts::111122223333:assumed-role/App/s1')));
    const svc = callerIndexes({ arn: 'logs.amazonaws.com', accountId: '', userId: '', type: 'service' });
    assert.deepEqual(svc, [granteeIndex('logs.amazonaws.com')]);
  });

  it('constraints are checked against the request\'s encryption context keys, not for operations without one', () => {
    const keys = { 'kms:EncryptionContextKeys': ['app'], 'kms:EncryptionContext:app': 'pay' };
    assert.equal(constraintFilter('Encrypt', keys)(g({ EncryptionContextSubset: { app: 'pay' } })), true);
    assert.equal(constraintFilter('Encrypt', {})(g({ EncryptionContextSubset: { app: 'pay' } })), false);
    assert.equal(constraintFilter('DescribeKey', {})(g({ EncryptionContextSubset: { app: 'pay' } })), true);
  });
});
