import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isNarrowCidr, isPublicPolicy, isPublicPolicyDocument, isPublicStatement, withoutAllows } from './public-policy.js';

const allow = (extra: Record<string, unknown>) => ({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*', ...extra });
const doc = (...Statement: unknown[]) => ({ Version: '2012-10-17', Statement });

describe('isPublicStatement (S3 User Guide, "The meaning of public")', () => {
  it('AWS example: a wildcard principal with aws:SourceVpc vpc-* is public; a fixed vpc id is not', () => {
    assert.equal(isPublicStatement(allow({ Principal: '*', Action: 's3:PutObject', Condition: { StringLike: { 'aws:SourceVpc': 'vpc-*' } } })), true);
    assert.equal(isPublicStatement(allow({ Principal: '*', Action: 's3:PutObject', Condition: { StringEquals: { 'aws:SourceVpc': 'vpc-91237329' } } })), false);
  });
  it('a wildcard principal without condition is public, in every spelling', () => {
    for (const Principal of ['*', { AWS: '*' }, { AWS: ['*'] }, { AWS: ['arn:aws:iam::111122223333:root', '*'] }, { AWS: 'arn:aws:iam::*:root' }, { CanonicalUser: '*' }, { Service: '*' }]) {
      assert.equal(isPublicStatement(allow({ Principal })), true, JSON.stringify(Principal));
    }
  });
  it('fixed principals are not public', () => {
    assert.equal(isPublicStatement(allow({ Principal: { AWS: 'arn:aws:iam::111122223333:root' } })), false);
    assert.equal(isPublicStatement(allow({ Principal: { AWS: '111122223333' } })), false);
    assert.equal(isPublicStatement(allow({ Principal: { Service: 'cloudtrail.amazonaws.com' } })), false);
  });
  it('Allow with NotPrincipal grants everyone else: public (attack: Principal * hidden behind NotPrincipal)', () => {
    assert.equal(isPublicStatement(allow({ NotPrincipal: { AWS: 'arn:aws:iam::111122223333:root' } })), true);
  });
  it('Deny statements never make a policy public', () => {
    assert.equal(isPublicStatement({ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: 'arn:aws:s3:::b/*' }), false);
  });
  it('the narrowing keys with fixed values make a wildcard principal non-public', () => {
    const cases: Record<string, Record<string, unknown>> = {
      'aws:SourceArn': { ArnEquals: { 'aws:SourceArn': 'arn:aws:cloudtrail:us-east-1:111122223333:trail/t' } },
      'aws:SourceAccount': { StringEquals: { 'aws:SourceAccount': '111122223333' } },
      'aws:SourceOwner': { StringEquals: { 'aws:SourceOwner': '111122223333' } },
      'aws:SourceVpce': { StringEquals: { 'aws:SourceVpce': 'vpce-1a2b3c4d' } },
      'aws:PrincipalOrgID': { StringEquals: { 'aws:PrincipalOrgID': 'o-abcdef1234' } },
      's3:DataAccessPointArn': { StringEquals: { 's3:DataAccessPointArn': 'arn:aws:s3:us-east-1:111122223333:accesspoint/ap' } },
      'aws:SourceIp /24': { IpAddress: { 'aws:SourceIp': '192.0.2.0/24' } },
      'aws:SourceIp list': { IpAddress: { 'aws:SourceIp': ['192.0.2.0/24', '203.0.113.7'] } },
      'key case': { stringequals: { 'AWS:SOURCEACCOUNT': '111122223333' } },
      ForAnyValue: { 'ForAnyValue:StringEquals': { 'aws:SourceVpc': 'vpc-1' } },
    };
    for (const [name, Condition] of Object.entries(cases)) assert.equal(isPublicStatement(allow({ Principal: '*', Condition })), false, name);
  });
  it('conditions that do not narrow leave it public (attack cases)', () => {
    const cases: Record<string, Record<string, unknown>> = {
      'CIDR /0': { IpAddress: { 'aws:SourceIp': '0.0.0.0/0' } },
      'CIDR /1 among narrow ones': { IpAddress: { 'aws:SourceIp': ['192.0.2.0/24', '0.0.0.0/1'] } },
      'IPv6 ::/0': { IpAddress: { 'aws:SourceIp': '::/0' } },
      'NotIpAddress': { NotIpAddress: { 'aws:SourceIp': '192.0.2.0/24' } },
      'negated operator': { StringNotEquals: { 'aws:SourceAccount': '111122223333' } },
      IfExists: { StringEqualsIfExists: { 'aws:SourceAccount': '111122223333' } },
      ForAllValues: { 'ForAllValues:StringEquals': { 'aws:SourceVpc': 'vpc-1' } },
      'wildcard value': { StringLike: { 'aws:SourceArn': 'arn:aws:cloudtrail:*' } },
      'policy variable': { StringEquals: { 'aws:SourceAccount': '${aws:PrincipalAccount}' } },
      'key that does not narrow': { Bool: { 'aws:SecureTransport': 'true' } },
      's3 key that does not narrow': { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control' } },
      'IpAddress on another key': { IpAddress: { 'aws:SourceVpc': '10.0.0.0/16' } },
      'empty value list': { StringEquals: { 'aws:SourceAccount': [] } },
    };
    for (const [name, Condition] of Object.entries(cases)) assert.equal(isPublicStatement(allow({ Principal: '*', Condition })), true, name);
  });
  it('one narrowing entry among others is enough', () => {
    assert.equal(isPublicStatement(allow({ Principal: '*', Condition: { Bool: { 'aws:SecureTransport': 'true' }, StringEquals: { 'aws:SourceAccount': '111122223333' } } })), false);
  });
});

describe('isPublicPolicy', () => {
  it('is public when any statement is', () => {
    assert.equal(isPublicPolicyDocument(doc(allow({ Principal: { AWS: '111122223333' } }), allow({ Principal: '*' }))), true);
    assert.equal(isPublicPolicyDocument(doc(allow({ Principal: { AWS: '111122223333' } }))), false);
    assert.equal(isPublicPolicy(JSON.stringify({ Statement: allow({ Principal: '*' }) })), true);
    assert.equal(isPublicPolicy('not json'), false);
  });
  it('CIDR widths', () => {
    assert.equal(isNarrowCidr('10.0.0.0/8'), true);
    assert.equal(isNarrowCidr('10.0.0.0/7'), false);
    assert.equal(isNarrowCidr('203.0.113.7'), true);
    assert.equal(isNarrowCidr('2001:db8::/32'), true);
    assert.equal(isNarrowCidr('2001:db8::/16'), false);
    assert.equal(isNarrowCidr('10.0.0.0/33'), false);
    assert.equal(isNarrowCidr('*'), false);
    // Every IPv4 address, written as an IPv4-mapped IPv6 range (attack: a /96 looks narrow).
    assert.equal(isNarrowCidr('::ffff:0.0.0.0/96'), false);
    assert.equal(isNarrowCidr('::FFFF:0:0/96'), false);
    assert.equal(isNarrowCidr('::ffff:10.0.0.0/104'), true);
    assert.equal(isNarrowCidr('10.0.0.0/00'), false);
  });
  it('withoutAllows keeps the Deny statements only', () => {
    const p = JSON.stringify(doc(allow({ Principal: '*' }), { Effect: 'Deny', Principal: '*', Action: 's3:DeleteObject', Resource: 'arn:aws:s3:::b/*' }));
    assert.deepEqual(JSON.parse(withoutAllows(p)!).Statement.map((s: { Effect: string }) => s.Effect), ['Deny']);
    assert.equal(withoutAllows(JSON.stringify(doc(allow({ Principal: '*' })))), undefined);
  });
});
