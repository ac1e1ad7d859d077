import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isAwsError } from '../../shared/aws-error.js';
import { iamArnOrThrow, parseIamArn, parsePolicyArn, policyArnOrThrow } from './iam-arns.js';

const A = '123456789012';
const notValid = (arn: string) => (e: unknown) => isAwsError(e) && e.code === 'InvalidInput' && e.httpStatus === 400 && e.message === `ARN ${arn} is not valid.`;

describe('IAM ARNs given by callers', () => {
  it('parses the ARNs IAM makes, with and without paths', () => {
    assert.deepEqual(parseIamArn(`arn:aws:iam::${A}:user/alice`), { accountId: A, type: 'user', path: '/', name: 'alice' });
    assert.deepEqual(parseIamArn(`arn:aws:iam::${A}:role/service-role/a.b/app+x=y,z@w-v`), { accountId: A, type: 'role', path: '/service-role/a.b/', name: 'app+x=y,z@w-v' });
    assert.deepEqual(parseIamArn('arn:aws:iam::aws:policy/job-function/ViewOnlyAccess'), { accountId: 'aws', type: 'policy', path: '/job-function/', name: 'ViewOnlyAccess' });
    for (const type of ['group', 'instance-profile', 'mfa', 'server-certificate', 'saml-provider', 'oidc-provider']) assert.equal(parseIamArn(`arn:aws:iam::${A}:${type}/x`)?.type, type);
  });

  it('refuses a trailing `/`, NUL and other control characters, white space, unicode, another case, partition, service or account', () => {
    const bad = [
      `arn:aws:iam::${A}:policy/`,
      `arn:aws:iam::${A}:user/a/b/`,
      `arn:aws:iam::${A}:user/`,
      `arn:aws:iam::${A}:policy/a\u0000b`,
      `arn:aws:iam::${A}:user/\u0000`,
      `arn:aws:iam::${A}:user/a\nb`,
      `arn:aws:iam::${A}:user/a b`,
      `arn:aws:iam::${A}:user/alice `,
      `arn:aws:iam::${A}:user/\u00e9`,
      `arn:aws:iam::${A}:user//x`,
      `ARN:AWS:IAM::${A}:USER/X`,
      `arn:aws-cn:iam::${A}:user/x`,
      `arn:aws:s3:::bucket/key`,
      `arn:aws:iam:us-east-1:${A}:user/x`,
      'arn:aws:iam::12345:user/x',
      'arn:aws:iam::aws:user/x',
      `arn:aws:iam::${A}:nosuchtype/x`,
      `arn:aws:iam::${A}:root`,
      'not-an-arn',
      '',
    ];
    for (const arn of bad) {
      assert.equal(parseIamArn(arn), undefined, JSON.stringify(arn));
      assert.throws(() => iamArnOrThrow(arn), notValid(arn), JSON.stringify(arn));
    }
  });

  it('policy ARNs: valid ones parse, invalid ones are InvalidInput, other resource types are not policies (NoSuchEntity)', () => {
    assert.deepEqual(policyArnOrThrow(`arn:aws:iam::${A}:policy/a/b/p`), { accountId: A, path: '/a/b/', name: 'p' });
    assert.equal(policyArnOrThrow(`arn:aws:iam::${A}:user/p`), undefined);
    // The last one is an AWS answer quoted in aws-samples/aws-cdk-examples#287 (InvalidInput, 400).
    const bad = [`arn:aws:iam::${A}:policy/`, `arn:aws:iam::${A}:policy/a\u0000`, `arn:aws:iam::${A}:policy/a:b/p`, `arn:aws:iam::${A}:policy/a!/p`, 'arn:aws:iam::aws:policy/arn:aws:iam::aws:policy/AmazonDynamoDBFullAccess'];
    for (const arn of bad) {
      assert.throws(() => policyArnOrThrow(arn), notValid(arn), JSON.stringify(arn));
      assert.equal(parsePolicyArn(arn), undefined);
    }
  });
});
