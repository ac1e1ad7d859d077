/** Policy variables in Resource and Condition, defaults, escapes, version handling. */
import { ALLOWED, allow, doc, implicit, req, USER, SESSION } from './helpers.js';
import type { Doc, EvalCase } from './helpers.js';
import { S } from './sources.js';

const home = 'arn:aws:s3:::mybucket/${aws:username}/*';
type Row = [name: string, policy: Doc, resource: string, context: Record<string, string | string[]> | undefined, ok: boolean, source?: typeof S.variables];

const ROWS: Row[] = [
  ['resource variable resolves to the user name', doc(allow('s3:GetObject', home)), 'arn:aws:s3:::mybucket/alice/f', { 'aws:username': 'alice' }, true],
  ['resource variable: another user folder', doc(allow('s3:GetObject', home)), 'arn:aws:s3:::mybucket/bob/f', { 'aws:username': 'alice' }, false],
  ['resource variable with missing key matches no resource', doc(allow('s3:GetObject', home)), 'arn:aws:s3:::mybucket/alice/f', {}, false, S.varsNoValue],
  ['missing variable does not match even a literal ${...} resource', doc(allow('s3:GetObject', home)), 'arn:aws:s3:::mybucket/${aws:username}/f', {}, false, S.varsNoValue],
  ['variable key names are case-insensitive', doc(allow('s3:GetObject', 'arn:aws:s3:::mybucket/${AWS:UserName}/*')), 'arn:aws:s3:::mybucket/alice/f', { 'aws:username': 'alice' }, true],
  ['tag variable in resource', doc(allow('s3:GetObject', 'arn:aws:s3:::bucket/${aws:PrincipalTag/department}/*')), 'arn:aws:s3:::bucket/hr/x', { 'aws:PrincipalTag/department': 'hr' }, true],
  ['multivalued key does not resolve as a variable', doc(allow('s3:GetObject', 'arn:aws:s3:::bucket/${aws:TagKeys}/*')), 'arn:aws:s3:::bucket/a/x', { 'aws:TagKeys': ['a'] }, false, S.varsNoValue],
  ["default value used when key missing", doc(allow('s3:GetObject', "arn:aws:s3:::bucket/${aws:userid, 'anonymous'}/*")), 'arn:aws:s3:::bucket/anonymous/x', {}, true, S.varsDefault],
  ["default value ignored when key present", doc(allow('s3:GetObject', "arn:aws:s3:::bucket/${aws:userid, 'anonymous'}/*")), 'arn:aws:s3:::bucket/anonymous/x', { 'aws:userid': 'AIDA1' }, false, S.varsDefault],
  ['${*} is a literal asterisk', doc(allow('s3:GetObject', 'arn:aws:s3:::bucket/a${*}b')), 'arn:aws:s3:::bucket/a*b', {}, true, S.varsSpecial],
  ['${*} is not a wildcard', doc(allow('s3:GetObject', 'arn:aws:s3:::bucket/a${*}b')), 'arn:aws:s3:::bucket/axyzb', {}, false, S.varsSpecial],
  ['${?} is a literal question mark', doc(allow('s3:GetObject', 'arn:aws:s3:::bucket/a${?}')), 'arn:aws:s3:::bucket/a?', {}, true, S.varsSpecial],
  ['${?} does not match any character', doc(allow('s3:GetObject', 'arn:aws:s3:::bucket/a${?}')), 'arn:aws:s3:::bucket/ab', {}, false, S.varsSpecial],
  ['${$} is a literal dollar', doc(allow('s3:GetObject', 'arn:aws:s3:::bucket/${$}{x}')), 'arn:aws:s3:::bucket/${x}', {}, true, S.varsSpecial],
  ['variable value containing * is literal', doc(allow('s3:GetObject', home)), 'arn:aws:s3:::mybucket/alice/f', { 'aws:username': '*' }, false],
  [
    '2008-10-17 treats ${...} as literal text',
    { Version: '2008-10-17', Statement: [allow('s3:GetObject', home)] },
    'arn:aws:s3:::mybucket/${aws:username}/f',
    { 'aws:username': 'alice' },
    true,
    S.version,
  ],
  ['2008-10-17 does not substitute', { Version: '2008-10-17', Statement: [allow('s3:GetObject', home)] }, 'arn:aws:s3:::mybucket/alice/f', { 'aws:username': 'alice' }, false, S.version],
  ['no Version element: variables are literal', { Statement: [allow('s3:GetObject', home)] }, 'arn:aws:s3:::mybucket/alice/f', { 'aws:username': 'alice' }, false, S.variables],
  [
    'StringLike with variable in s3:prefix',
    doc(allow('s3:ListBucket', 'arn:aws:s3:::mybucket', { Condition: { StringLike: { 's3:prefix': ['${aws:username}/*'] } } })),
    'arn:aws:s3:::mybucket',
    { 'aws:username': 'alice', 's3:prefix': 'alice/docs' },
    true,
  ],
  [
    'StringLike with variable: other prefix',
    doc(allow('s3:ListBucket', 'arn:aws:s3:::mybucket', { Condition: { StringLike: { 's3:prefix': ['${aws:username}/*'] } } })),
    'arn:aws:s3:::mybucket',
    { 'aws:username': 'alice', 's3:prefix': 'bob/docs' },
    false,
  ],
  [
    'StringEquals with a variable whose key is missing does not match',
    doc(allow('s3:GetObject', '*', { Condition: { StringEquals: { 's3:ExistingObjectTag/team': '${aws:PrincipalTag/team}' } } })),
    'arn:aws:s3:::b/k',
    { 's3:ExistingObjectTag/team': 'red' },
    false,
    S.varsNoValue,
  ],
  [
    'StringNotEquals with a variable whose key is missing matches',
    doc(allow('s3:GetObject', '*', { Condition: { StringNotEquals: { 's3:ExistingObjectTag/team': '${aws:PrincipalTag/team}' } } })),
    'arn:aws:s3:::b/k',
    { 's3:ExistingObjectTag/team': 'red' },
    true,
    S.varsNoValue,
  ],
  [
    'tag-to-tag comparison with variables',
    doc(allow('s3:GetObject', '*', { Condition: { StringEquals: { 's3:ExistingObjectTag/team': '${aws:PrincipalTag/team}' } } })),
    'arn:aws:s3:::b/k',
    { 's3:ExistingObjectTag/team': 'red', 'aws:PrincipalTag/team': 'red' },
    true,
  ],
  [
    'ArnLike with variable',
    doc(allow('sqs:SendMessage', '*', { Condition: { ArnLike: { 'aws:SourceArn': 'arn:aws:sns:*:*:${aws:username}-*' } } })),
    'arn:aws:sqs:us-east-2:111122223333:q',
    { 'aws:username': 'alice', 'aws:SourceArn': 'arn:aws:sns:us-east-2:111122223333:alice-topic' },
    true,
  ],
  [
    'variables are not interpreted by Numeric operators',
    doc(allow('s3:GetObject', '*', { Condition: { NumericEquals: { 's3:max-keys': '${aws:username}' } } })),
    'arn:aws:s3:::b/k',
    { 'aws:username': '10', 's3:max-keys': '10' },
    false,
    S.operators,
  ],
  ['Version 2012-10-17 sqs queue named after user', doc(allow('sqs:*', 'arn:aws:sqs:us-east-2:*:${aws:username}-queue')), 'arn:aws:sqs:us-east-2:111122223333:alice-queue', { 'aws:username': 'alice' }, true],
];

export function variableCases(): EvalCase[] {
  return ROWS.map(([name, policy, resource, context, ok, source]) => {
    const stmt = (policy['Statement'] as Doc[])[0] ?? {};
    const action = Array.isArray(stmt['Action']) ? String(stmt['Action'][0]) : String(stmt['Action']);
    return {
      name: `variables: ${name}`,
      source: source ?? S.variables,
      policies: { identity: [policy] },
      request: req(name.includes('session') ? SESSION : USER, context, { action: action === 'sqs:*' ? 'sqs:SendMessage' : action, resource }),
      expect: ok ? ALLOWED : implicit(),
    };
  });
}
