/** Write-time validation cases: grammar, per-kind element rules and size quotas. */
import type { ValidationCase } from './helpers.js';
import { S } from './sources.js';
import type { Source } from './sources.js';

const V = '2012-10-17';
const st = (extra: Record<string, unknown> = {}) => ({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*', ...extra });
const pol = (statement: unknown, top: Record<string, unknown> = {}) => JSON.stringify({ Version: V, ...top, Statement: statement });
const withSid = (len: number) => pol(st({ Sid: 'a'.repeat(len) }));
const base = withSid(0).length; // no white space in JSON.stringify output

type Row = [string, Source, string, string, string[]];

const ROWS: Row[] = [
  ['valid managed policy', S.grammar, 'managed', pol(st()), []],
  ['valid policy with Statement object', S.statement, 'managed', pol(st()), []],
  ['valid 2008-10-17 policy', S.version, 'managed', pol([st()], { Version: '2008-10-17' }), []],
  ['Version omitted is accepted', S.version, 'managed', JSON.stringify({ Statement: [st()] }), []],
  ['unsupported Version', S.version, 'managed', pol([st()], { Version: '2012-10-18' }), ['The policy failed legacy parsing']],
  ['Id element allowed', S.grammar, 'managed', pol([st()], { Id: 'my-policy' }), []],
  ['not JSON', S.grammar, 'managed', '{"Version":', ['Syntax errors in policy.']],
  ['top-level array', S.grammar, 'managed', '[]', ['Syntax errors in policy.']],
  ['unknown top-level element', S.grammar, 'managed', pol([st()], { Foo: 'x' }), ['Syntax errors in policy.']],
  ['unknown statement element', S.grammar, 'managed', pol([st({ Actions: 's3:*' })]), ['Syntax errors in policy.']],
  ['missing Statement', S.statement, 'managed', JSON.stringify({ Version: V }), ['Syntax errors in policy.']],
  ['empty Statement array', S.statement, 'managed', pol([]), ['Syntax errors in policy.']],
  ['Statement is a string', S.statement, 'managed', pol('x'), ['Syntax errors in policy.']],
  ['missing Effect', S.effect, 'managed', pol([{ Action: 's3:*', Resource: '*' }]), ['Missing required field Effect']],
  ['lowercase effect', S.effect, 'managed', pol([st({ Effect: 'allow' })]), ['Invalid effect: allow']],
  ['unknown effect', S.effect, 'managed', pol([st({ Effect: 'Permit' })]), ['Invalid effect: Permit']],
  ['missing Action', S.action, 'managed', pol([{ Effect: 'Allow', Resource: '*' }]), ['Policy statement must contain actions.']],
  ['empty Action list', S.action, 'managed', pol([st({ Action: [] })]), ['Policy statement must contain actions.']],
  ['action without service prefix', S.action, 'managed', pol([st({ Action: 'GetObject' })]), ['Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.']],
  ['action with empty service prefix', S.action, 'managed', pol([st({ Action: ':GetObject' })]), ['Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.']],
  ['action as a number', S.action, 'managed', pol([st({ Action: 7 })]), ['Syntax errors in policy.', 'Policy statement must contain actions.']],
  ['Action and NotAction together', S.notAction, 'managed', pol([st({ NotAction: 's3:PutObject' })]), ['Syntax errors in policy.']],
  ['NotAction alone is valid', S.notAction, 'managed', pol([{ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }]), []],
  ['missing Resource', S.resource, 'managed', pol([{ Effect: 'Allow', Action: 's3:*' }]), ['Policy statement must contain resources.']],
  ['Resource not an ARN', S.resource, 'managed', pol([st({ Resource: 'my-bucket' })]), ['Resource my-bucket must be in ARN format or "*".']],
  ['Resource ARN too short', S.resource, 'managed', pol([st({ Resource: 'arn:aws:s3' })]), ['Resource arn:aws:s3 must be in ARN format or "*".']],
  ['Resource with wildcard vendor', S.resource, 'managed', pol([st({ Resource: 'arn:aws:s3*:::b' })]), ['Resource vendor must be fully qualified and cannot contain regexes.']],
  ['Resource with unknown partition', S.resource, 'managed', pol([st({ Resource: 'arn:aws1:s3:::b' })]), ['Partition "aws1" is not valid for resource "arn:aws1:s3:::b".']],
  ['Resource with variable is valid', S.variables, 'managed', pol([st({ Resource: 'arn:aws:s3:::b/${aws:username}/*' })]), []],
  ['Resource and NotResource together', S.notResource, 'managed', pol([st({ NotResource: 'arn:aws:s3:::x' })]), ['Syntax errors in policy.']],
  ['Sid must be alphanumeric', S.sid, 'managed', pol([st({ Sid: 'my-sid' })]), ['Statement IDs (SID) must be alpha-numeric. Check that your input satisfies the regular expression [0-9A-Za-z]*']],
  ['duplicate Sids', S.sid, 'managed', pol([st({ Sid: 'One' }), st({ Sid: 'One' })]), ['Statement IDs (SID) in a single policy must be unique.']],
  ['Sid with spaces allowed in resource policies', S.sid, 'resource', pol([st({ Sid: 'Allow read', Principal: '*' })]), []],
  ['Sid not a string', S.sid, 'managed', pol([st({ Sid: 5 })]), ['Syntax errors in policy.']],
  ['invalid condition operator', S.operators, 'managed', pol([st({ Condition: { StringEqual: { 'aws:username': 'a' } } })]), ['Invalid Condition type : StringEqual']],
  ['invalid set modifier', S.multiValue, 'managed', pol([st({ Condition: { 'ForSomeValues:StringEquals': { 'aws:TagKeys': 'a' } } })]), ['Invalid Condition type : ForSomeValues:StringEquals']],
  ['NullIfExists is not an operator', S.nullOp, 'managed', pol([st({ Condition: { NullIfExists: { 'aws:TokenIssueTime': 'true' } } })]), ['Invalid Condition type : NullIfExists']],
  ['condition key without vendor', S.condition, 'managed', pol([st({ Condition: { StringEquals: { username: 'a' } } })]), ['Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.']],
  ['condition value object', S.condition, 'managed', pol([st({ Condition: { StringEquals: { 'aws:username': { a: 1 } } } })]), ['Syntax errors in policy.']],
  ['condition values may be numbers and booleans', S.condition, 'managed', pol([st({ Condition: { NumericLessThan: { 's3:max-keys': 10 }, Bool: { 'aws:SecureTransport': true } } })]), []],
  ['condition block not an object', S.condition, 'managed', pol([st({ Condition: ['x'] })]), ['Syntax errors in policy.']],
  ['every operator family accepted', S.operators, 'managed', pol([st({ Condition: { 'ForAllValues:StringLike': { 'aws:TagKeys': 'a*' }, ArnNotLikeIfExists: { 'aws:SourceArn': 'arn:aws:sns:*:*:*' }, NotIpAddress: { 'aws:SourceIp': '10.0.0.0/8' }, DateLessThan: { 'aws:CurrentTime': '2030-01-01T00:00:00Z' }, BinaryEquals: { 'aws:x': 'QQ==' }, Null: { 'aws:TokenIssueTime': 'true' } } })]), []],
  ['identity policy must not specify Principal', S.principal, 'managed', pol([st({ Principal: '*' })]), ['Policy document should not specify a principal.']],
  ['inline user policy must not specify NotPrincipal', S.notPrincipal, 'user-inline', pol([st({ Effect: 'Deny', NotPrincipal: { AWS: '111122223333' } })]), ['Policy document should not specify a principal.']],
  ['boundary must not specify Principal', S.boundaries, 'boundary', pol([st({ Principal: { AWS: '111122223333' } })]), ['Policy document should not specify a principal.']],
  ['resource policy requires Principal', S.principal, 'resource', pol([st()]), ['Missing required field Principal']],
  ['resource policy with account principal', S.principal, 'resource', pol([st({ Principal: { AWS: '111122223333' } })]), []],
  ['resource policy with user, role, session principals', S.principal, 'resource', pol([st({ Principal: { AWS: ['arn:aws:iam::111122223333:user/u', 'arn:aws:iam::111122223333:role/r', 'arn:aws:sts::111122223333:assumed-role/r/s', 'arn:aws:sts::111122223333:federated-user/f', 'arn:aws:iam::111122223333:root'] } })]), []],
  ['resource policy with service and canonical user', S.principal, 'resource', pol([st({ Principal: { Service: ['cloudtrail.amazonaws.com'], CanonicalUser: '79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be' } })]), []],
  ['resource policy with federated principal', S.principal, 'resource', pol([st({ Principal: { Federated: 'cognito-identity.amazonaws.com' } })]), []],
  ['invalid AWS principal', S.principal, 'resource', pol([st({ Principal: { AWS: 'someone' } })]), ['Invalid principal in policy: "AWS":"someone"']],
  ['wildcard in principal ARN is invalid', S.principal, 'resource', pol([st({ Principal: { AWS: 'arn:aws:iam::111122223333:user/*' } })]), ['Invalid principal in policy: "AWS":"arn:aws:iam::111122223333:user/*"']],
  ['unknown principal type', S.principal, 'resource', pol([st({ Principal: { Group: 'admins' } })]), ['Syntax errors in policy.']],
  ['Principal and NotPrincipal together', S.notPrincipal, 'resource', pol([st({ Effect: 'Deny', Principal: '*', NotPrincipal: { AWS: '111122223333' } })]), ['Syntax errors in policy.']],
  ['NotPrincipal with Allow', S.notPrincipal, 'resource', pol([st({ NotPrincipal: { AWS: '111122223333' } })]), ['NotPrincipal can only be used with "Effect": "Deny".']],
  ['NotPrincipal with Deny in a resource policy', S.notPrincipal, 'resource', pol([st({ Effect: 'Deny', NotPrincipal: { AWS: '111122223333' } })]), []],
  ['trust policy requires Principal', S.trustPolicies, 'trust', pol([{ Effect: 'Allow', Action: 'sts:AssumeRole' }]), ['Missing required field Principal']],
  ['trust policy prohibits Resource', S.trustPolicies, 'trust', pol([{ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { Service: 'ec2.amazonaws.com' }, Resource: '*' }]), ['Has prohibited field Resource']],
  ['trust policy prohibits NotPrincipal', S.notPrincipal, 'trust', pol([{ Effect: 'Deny', Action: 'sts:AssumeRole', NotPrincipal: { AWS: '111122223333' } }]), ['Has prohibited field NotPrincipal']],
  ['valid trust policy', S.trustPolicies, 'trust', pol([{ Effect: 'Allow', Action: ['sts:AssumeRole', 'sts:TagSession'], Principal: { AWS: '111122223333' }, Condition: { StringEquals: { 'sts:ExternalId': 'x' } } }]), []],
  ['SCP prohibits Principal', S.scpSyntax, 'scp', pol([st({ Principal: '*' })]), ['Has prohibited field Principal']],
  ['valid SCP deny with condition', S.scpSyntax, 'scp', pol([{ Effect: 'Deny', NotAction: ['iam:*'], Resource: '*', Condition: { StringNotEquals: { 'aws:RequestedRegion': ['us-east-1'] } } }]), []],
  ['RCP requires Principal *', S.rcps, 'rcp', pol([{ Effect: 'Deny', Principal: { AWS: '111122223333' }, Action: 's3:*', Resource: '*' }]), ['Resource control policies only support "Principal": "*".']],
  ['valid RCP', S.rcps, 'rcp', pol([{ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: '*', Condition: { BoolIfExists: { 'aws:SecureTransport': 'false' } } }]), []],
  ['managed policy at 6,144 characters', S.quotas, 'managed', withSid(6144 - base), []],
  ['managed policy over 6,144 characters', S.quotas, 'managed', withSid(6145 - base), ['Cannot exceed quota for PolicySize: 6144']],
  ['white space is not counted', S.quotas, 'managed', JSON.stringify(JSON.parse(withSid(6144 - base)), null, 4), []],
  ['user inline policy over 2,048', S.quotas, 'user-inline', withSid(2049 - base), ['Maximum policy size of 2048 bytes exceeded for user']],
  ['group inline policy at 5,120', S.quotas, 'group-inline', withSid(5120 - base), []],
  ['group inline policy over 5,120', S.quotas, 'group-inline', withSid(5121 - base), ['Maximum policy size of 5120 bytes exceeded for group']],
  ['role inline policy at 10,240', S.quotas, 'role-inline', withSid(10240 - base), []],
  ['role inline policy over 10,240', S.quotas, 'role-inline', withSid(10241 - base), ['Maximum policy size of 10240 bytes exceeded for role']],
  ['trust policy over 2,048', S.quotas, 'trust', pol([{ Sid: 'a'.repeat(2048), Effect: 'Allow', Action: 'sts:AssumeRole', Principal: '*' }]), ['Cannot exceed quota for ACLSizePerRole: 2048']],
  ['session policy over 2,048', S.stsAssumeRole, 'session', withSid(2049 - base), ['Session policy size exceeds the maximum of 2048 characters.']],
  ['SCP at 5,120 characters', S.orgQuotas, 'scp', withSid(5120 - base), []],
  ['SCP counts white space', S.orgQuotas, 'scp', JSON.stringify(JSON.parse(withSid(5100 - base)), null, 4), ['Policy document exceeds the maximum size of 5120 characters.']],
  ['IAM policies are limited to Latin-1 characters', S.quotas, 'managed', pol([st({ Sid: 'caf\u00e9' })]), ['Statement IDs (SID) must be alpha-numeric. Check that your input satisfies the regular expression [0-9A-Za-z]*']],
  ['characters above U+00FF are rejected', S.quotas, 'managed', pol([st({ Condition: { StringEquals: { 'aws:username': '\u4e2d' } } })]).replace('\\u4e2d', '\u4e2d'), ['Syntax errors in policy.']],
];

export function validationCases(): ValidationCase[] {
  return ROWS.map(([name, source, kind, json, messages]) => ({
    name: `validate ${kind}: ${name}`,
    source,
    validate: { kind, json },
    expect: messages.length === 0 ? { ok: true } : { ok: false, messages },
  }));
}
