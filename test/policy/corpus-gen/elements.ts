/** Version, Statement, Sid, Effect, Action/NotAction, Resource/NotResource matching. */
import { ALLOWED, ALLOW_ALL, allow, deny, doc, explicit, implicit, req } from './helpers.js';
import type { Doc, EvalCase } from './helpers.js';
import { S } from './sources.js';
import type { Source } from './sources.js';

type Row = [name: string, source: Source, policy: Doc, action: string, resource: string, ok: boolean];

const ROWS: Row[] = [
  ['Statement as a single object', S.statement, { Version: '2012-10-17', Statement: allow() }, 's3:GetObject', 'arn:aws:s3:::b/k', true],
  ['Statement as an array', S.statement, doc(allow()), 's3:GetObject', 'arn:aws:s3:::b/k', true],
  ['Id element is informational', S.grammar, { Version: '2012-10-17', Id: 'cd3ad3d9-2776-4ef1-a904-4c229d1642ee', Statement: [allow()] }, 's3:GetObject', 'x', true],
  ['Sid does not affect evaluation', S.sid, doc(allow('s3:GetObject', '*', { Sid: 'S1' })), 's3:GetObject', 'x', true],
  ['no statements match: implicit deny', S.explicitImplicit, doc(allow('s3:PutObject')), 's3:GetObject', 'x', false],
  ['action match is case-insensitive', S.action, doc(allow('S3:GETOBJECT')), 's3:GetObject', 'x', true],
  ['request action case does not matter', S.action, doc(allow('s3:GetObject')), 'S3:getobject', 'x', true],
  ['service wildcard', S.action, doc(allow('s3:*')), 's3:GetObject', 'x', true],
  ['prefix wildcard', S.action, doc(allow('iam:*AccessKey*')), 'iam:CreateAccessKey', 'x', true],
  ['prefix wildcard no match', S.action, doc(allow('iam:*AccessKey*')), 'iam:CreateUser', 'x', false],
  ['? wildcard', S.action, doc(allow('s3:Get?bject')), 's3:GetObject', 'x', true],
  ['action * allows everything', S.action, doc(allow('*')), 'ec2:RunInstances', 'x', true],
  ['other service prefix does not match', S.action, doc(allow('s3:*')), 'sqs:SendMessage', 'x', false],
  ['list of actions', S.action, doc(allow(['sqs:SendMessage', 'sqs:ReceiveMessage'])), 'sqs:ReceiveMessage', 'x', true],
  ['wildcard does not span service prefix', S.action, doc(allow('s3:Get*')), 's3express:GetObject', 'x', false],
  ['NotAction allows everything else', S.notAction, doc({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }), 's3:GetObject', 'x', true],
  ['NotAction excludes listed action', S.notAction, doc({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }), 'iam:CreateUser', 'x', false],
  ['NotAction with list', S.notAction, doc({ Effect: 'Allow', NotAction: ['iam:*', 's3:Delete*'], Resource: '*' }), 's3:DeleteObject', 'x', false],
  ['resource exact match', S.resource, doc(allow('s3:GetObject', 'arn:aws:s3:::b/k')), 's3:GetObject', 'arn:aws:s3:::b/k', true],
  ['resource is case-sensitive', S.resource, doc(allow('s3:GetObject', 'arn:aws:s3:::b/K')), 's3:GetObject', 'arn:aws:s3:::b/k', false],
  ['resource wildcard in resource part spans slashes', S.resource, doc(allow('s3:GetObject', 'arn:aws:s3:::b/*')), 's3:GetObject', 'arn:aws:s3:::b/a/b/c', true],
  ['resource wildcard in region and account', S.resource, doc(allow('ec2:*', 'arn:aws:ec2:*:*:instance/*')), 'ec2:StopInstances', 'arn:aws:ec2:us-east-1:111122223333:instance/i-1', true],
  ['resource wildcard does not cross components', S.resource, doc(allow('ec2:*', 'arn:aws:ec2:*:111122223333:instance/*')), 'ec2:StopInstances', 'arn:aws:ec2:us-east-1:999999999999:instance/i-1', false],
  ['resource ? wildcard', S.resource, doc(allow('s3:GetObject', 'arn:aws:s3:::b/k?')), 's3:GetObject', 'arn:aws:s3:::b/k1', true],
  ['bucket ARN does not match its objects', S.resource, doc(allow('s3:GetObject', 'arn:aws:s3:::b')), 's3:GetObject', 'arn:aws:s3:::b/k', false],
  ['resource list', S.resource, doc(allow('s3:*', ['arn:aws:s3:::b', 'arn:aws:s3:::b/*'])), 's3:ListBucket', 'arn:aws:s3:::b', true],
  ['specific resource does not match a wildcard-only action resource', S.resource, doc(allow('iam:ListUsers', 'arn:aws:iam::111122223333:user/*')), 'iam:ListUsers', '*', false],
  ['Resource * matches actions without resource-level permissions', S.resource, doc(allow('iam:ListUsers', '*')), 'iam:ListUsers', '*', true],
  ['NotResource allows everything else', S.notResource, doc({ Effect: 'Allow', Action: 's3:*', NotResource: 'arn:aws:s3:::secret/*' }), 's3:GetObject', 'arn:aws:s3:::b/k', true],
  ['NotResource excludes listed resource', S.notResource, doc({ Effect: 'Allow', Action: 's3:*', NotResource: 'arn:aws:s3:::secret/*' }), 's3:GetObject', 'arn:aws:s3:::secret/k', false],
  ['NotResource with multiple entries', S.notResource, doc({ Effect: 'Allow', Action: 's3:*', NotResource: ['arn:aws:s3:::a/*', 'arn:aws:s3:::b/*'] }), 's3:GetObject', 'arn:aws:s3:::b/k', false],
  ['Deny with NotAction and NotResource', S.notAction, doc(allow('*', '*'), { Effect: 'Deny', NotAction: 'iam:*', NotResource: 'arn:aws:s3:::ok/*' }), 's3:GetObject', 'arn:aws:s3:::ok/k', true],
  ['multiple Allow statements union', S.evaluation, doc(allow('s3:PutObject'), allow('s3:GetObject')), 's3:GetObject', 'x', true],
  ['policies of one principal union', S.singleAccount, doc(allow('sqs:*')), 's3:GetObject', 'x', false],
];

export function elementCases(): EvalCase[] {
  const out: EvalCase[] = ROWS.map(([name, source, policy, action, resource, ok]) => ({
    name: `elements: ${name}`,
    source,
    policies: { identity: [policy] },
    request: req(undefined, undefined, { action, resource }),
    expect: ok ? ALLOWED : implicit(),
  }));
  const denies: [string, Doc, string, boolean][] = [
    ['Deny overrides Allow in the same policy', doc(allow('s3:*'), deny('s3:GetObject')), 's3:GetObject', true],
    ['Deny overrides Allow across policies', ALLOW_ALL, 's3:GetObject', false],
    ['Deny with NotAction denies everything else', doc(allow('*'), { Effect: 'Deny', NotAction: 's3:GetObject', Resource: '*' }), 's3:PutObject', true],
    ['Deny with NotAction spares the listed action', doc(allow('*'), { Effect: 'Deny', NotAction: 's3:GetObject', Resource: '*' }), 's3:GetObject', false],
    ['Deny on a wildcard action', doc(allow('*'), deny('s3:*')), 's3:DeleteBucket', true],
  ];
  for (const [name, policy, action, denied] of denies) {
    out.push({
      name: `effect: ${name}`,
      source: S.effect,
      policies: { identity: name.includes('across') ? [ALLOW_ALL, doc(deny('s3:GetObject'))] : [policy] },
      request: req(undefined, undefined, { action }),
      expect: denied || name.includes('across') ? explicit() : ALLOWED,
    });
  }
  return out;
}
