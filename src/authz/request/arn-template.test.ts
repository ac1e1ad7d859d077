import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fillTemplate, matchesTemplate, templateVariables } from './arn-template.js';

const USER = 'arn:${Partition}:iam::${Account}:user/${UserNameWithPath}';
const OBJECT = 'arn:${Partition}:s3:::${BucketName}/${ObjectName}';

describe('ARN templates', () => {
  it('lists variables', () => {
    assert.deepEqual(templateVariables(USER), ['Partition', 'Account', 'UserNameWithPath']);
  });

  it('fills all variables or reports a missing one', () => {
    const v: Record<string, string> = { Partition: 'aws', Account: '111122223333', UserNameWithPath: 'division/bob' };
    assert.equal(fillTemplate(USER, (n) => v[n]), 'arn:aws:iam::111122223333:user/division/bob');
    assert.equal(fillTemplate(USER, (n) => (n === 'Account' ? undefined : v[n])), undefined);
    assert.equal(fillTemplate(USER, (n) => (n === 'UserNameWithPath' ? '' : v[n])), 'arn:aws:iam::111122223333:user/');
  });

  it('recognises instances, with paths and colons in the last variable', () => {
    assert.ok(matchesTemplate(USER, 'arn:aws:iam::111122223333:user/a/b/c'));
    assert.ok(matchesTemplate(OBJECT, 'arn:aws:s3:::bucket/key:with:colons'));
    assert.ok(!matchesTemplate(USER, 'arn:aws:iam::111122223333:role/r'));
    assert.ok(!matchesTemplate(USER, 'arn:aws:iam::111122223333:user'));
  });
});
