import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { callerConditionKeys, type CallerFacts } from './global-keys.js';

const role: CallerFacts = {
  accountId: '111122223333',
  arn: 'arn:aws:sts::111122223333:assumed-role/R/s',
  userId: 'AROAEXAMPLE:s',
  type: 'assumed-role',
  principalArn: 'arn:aws:iam::111122223333:role/R',
  tags: {},
  session: { kind: 'assume-role', issuedAt: 0 },
};

describe('callerConditionKeys: keys of federated sessions', () => {
  it('a session record without federation keys (older records too) has none', () => {
    const keys = callerConditionKeys(role);
    assert.equal(keys['aws:FederatedProvider'], undefined);
    assert.equal(Object.keys(keys).some((k) => k.startsWith('saml:')), false);
  });

  it('adds the stored saml:* / provider keys and aws:FederatedProvider, never a stored aws:* key', () => {
    const keys = callerConditionKeys({
      ...role,
      session: {
        kind: 'assume-role',
        issuedAt: 0,
        federatedProvider: 'arn:aws:iam::111122223333:oidc-provider/issuer.example',
        federationKeys: { 'saml:sub': 'alice', 'issuer.example:amr': ['pwd', 'mfa'], 'aws:PrincipalArn': 'arn:aws:iam::999999999999:root', 'AWS:userid': 'x' },
      },
    });
    assert.equal(keys['saml:sub'], 'alice');
    assert.deepEqual(keys['issuer.example:amr'], ['pwd', 'mfa']);
    assert.equal(keys['aws:FederatedProvider'], 'arn:aws:iam::111122223333:oidc-provider/issuer.example');
    assert.equal(keys['aws:PrincipalArn'], 'arn:aws:iam::111122223333:role/R');
    assert.equal(keys['AWS:userid'], undefined);
  });
});
