import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkKeyPolicy, defaultKeyPolicy } from './key-policy.js';

describe('KMS key policy checks', () => {
  it('the default policy is AWS\'s, and passes the checks', () => {
    const p = defaultKeyPolicy('aws', '111122223333');
    checkKeyPolicy(p);
    assert.deepEqual(JSON.parse(p), {
      Version: '2012-10-17',
      Id: 'key-default-1',
      Statement: [{ Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'kms:*', Resource: '*' }],
    });
  });

  it('refuses what AWS refuses: no principal, not JSON, characters beyond U+00FF, over 32768 bytes', () => {
    const code = (json: string) => {
      try {
        checkKeyPolicy(json);
        return 'OK';
      } catch (e) {
        return (e as { code: string }).code;
      }
    };
    assert.equal(code('{"Statement":[{"Effect":"Allow","Action":"kms:*","Resource":"*"}]}'), 'MalformedPolicyDocumentException');
    assert.equal(code('{not json'), 'MalformedPolicyDocumentException');
    assert.equal(code('{"Statement":[{"Effect":"Allow","Principal":"*","Action":"kms:*","Resource":"*","Sid":"\u0100"}]}'), 'MalformedPolicyDocumentException');
    assert.equal(code(`{"Statement":[{"Effect":"Allow","Principal":"*","Action":"kms:*","Resource":"*","Sid":"${'a'.repeat(32800)}"}]}`), 'LimitExceededException');
    // Missing Action or Resource: accepted, the statement has no effect (AWS documents this).
    assert.equal(code('{"Statement":[{"Effect":"Allow","Principal":"*"}]}'), 'OK');
  });
});
