/** SCPs, RCPs, explicit-deny precedence, root, anonymous, service principals, trust policies. */
import { ACCT, ALLOWED, ALLOW_ALL, ANON, OTHER, ROOT, SERVICE, SESSION, USER, allow, deny, doc, explicit, implicit, req } from './helpers.js';
import type { CasePolicies, CasePrincipal, EvalCase, Expect } from './helpers.js';
import { S } from './sources.js';
import type { Source } from './sources.js';

const FULL = ALLOW_ALL;
const DENY_S3 = doc(allow('*'), deny('s3:*'));
const ONLY_EC2 = doc(allow('ec2:*'));
const RCP_DENY = doc({ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: '*', Condition: { BoolIfExists: { 'aws:SecureTransport': 'false' } } });
const SLR: CasePrincipal = {
  arn: `arn:aws:sts::${ACCT}:assumed-role/AWSServiceRoleForX/s`,
  accountId: ACCT,
  type: 'assumed-role',
  roleArn: `arn:aws:iam::${ACCT}:role/aws-service-role/x.amazonaws.com/AWSServiceRoleForX`,
};

type Row = [string, Source, CasePolicies, CasePrincipal, Expect, Record<string, string>?, string?];

const id = [doc(allow('s3:GetObject'))];
const ROWS: Row[] = [
  ['SCP FullAWSAccess at every level allows', S.scpEval, { identity: id, scps: [[FULL], [FULL], [FULL]] }, USER, ALLOWED],
  ['SCP missing allow at the OU level', S.scpEval, { identity: id, scps: [[FULL], [ONLY_EC2], [FULL]] }, USER, implicit('scp')],
  ['SCP missing allow at the account level', S.scpEval, { identity: id, scps: [[FULL], [FULL], [ONLY_EC2]] }, USER, implicit('scp')],
  ['SCP level with no policy attached allows nothing', S.scpEval, { identity: id, scps: [[FULL], []] }, USER, implicit('scp')],
  ['SCP allow at one level is enough within that level', S.scpEval, { identity: id, scps: [[FULL], [ONLY_EC2, FULL]] }, USER, ALLOWED],
  ['SCP explicit deny at root', S.scpEval, { identity: id, scps: [[DENY_S3], [FULL]] }, USER, explicit('scp')],
  ['SCP explicit deny at the account', S.scpEval, { identity: id, scps: [[FULL], [DENY_S3]] }, USER, explicit('scp')],
  ['SCPs do not grant permissions', S.scps, { identity: [], scps: [[FULL]] }, USER, implicit('identity')],
  ['SCPs restrict the member account root user', S.scps, { identity: [], scps: [[DENY_S3]] }, ROOT, explicit('scp')],
  ['SCP implicit deny applies to member root', S.scps, { identity: [], scps: [[ONLY_EC2]] }, ROOT, implicit('scp')],
  ['management account is not affected by SCPs', S.scps, { identity: id, scps: [[DENY_S3]], isManagementAccount: true }, USER, ALLOWED],
  ['management account root is not affected by SCPs', S.scps, { identity: [], scps: [[ONLY_EC2]], isManagementAccount: true }, ROOT, ALLOWED],
  ['service-linked roles are not affected by SCPs', S.scps, { identity: id, scps: [[DENY_S3]] }, SLR, ALLOWED],
  ['SCPs apply to role sessions', S.scps, { identity: id, scps: [[DENY_S3]] }, SESSION, explicit('scp')],
  ['SCP deny with condition that does not match', S.scpSyntax, { identity: id, scps: [[doc(allow('*'), deny('s3:*', '*', { Condition: { StringNotEquals: { 'aws:RequestedRegion': 'us-east-1' } } }))]] }, USER, ALLOWED, { 'aws:RequestedRegion': 'us-east-1' }],
  ['SCP deny with condition that matches', S.scpSyntax, { identity: id, scps: [[doc(allow('*'), deny('s3:*', '*', { Condition: { StringNotEquals: { 'aws:RequestedRegion': 'us-east-1' } } }))]] }, USER, explicit('scp'), { 'aws:RequestedRegion': 'eu-west-1' }],
  ['SCP deny with NotAction', S.scpSyntax, { identity: id, scps: [[doc(allow('*'), { Effect: 'Deny', NotAction: ['iam:*'], Resource: '*' })]] }, USER, explicit('scp')],
  ['SCP allow limited to a resource', S.scpSyntax, { identity: id, scps: [[doc(allow('s3:*', 'arn:aws:s3:::other/*'))]] }, USER, implicit('scp')],
  ['SCPs do not apply to service principals', S.scps, { identity: [], scps: [[DENY_S3]], resource: doc(allow('s3:GetObject', '*', { Principal: { Service: 'cloudtrail.amazonaws.com' } })) }, SERVICE, ALLOWED],
  ['RCP deny applies', S.rcps, { identity: id, rcps: [[RCP_DENY]] }, USER, explicit('rcp'), { 'aws:SecureTransport': 'false' }],
  ['RCP deny condition not met', S.rcps, { identity: id, rcps: [[RCP_DENY]] }, USER, ALLOWED, { 'aws:SecureTransport': 'true' }],
  ['RCPFullAWSAccess is implied: empty RCP levels do not deny', S.rcps, { identity: id, rcps: [[], []] }, USER, ALLOWED],
  ['RCP applies to anonymous access', S.rcps, { identity: [], rcps: [[RCP_DENY]], resource: doc(allow('s3:GetObject', '*', { Principal: '*' })) }, ANON, explicit('rcp'), { 'aws:SecureTransport': 'false' }],
  ['RCP applies to the root user', S.rcps, { identity: [], rcps: [[RCP_DENY]] }, ROOT, explicit('rcp'), { 'aws:SecureTransport': 'false' }],
  ['RCPs do not apply in the management account', S.rcps, { identity: id, rcps: [[RCP_DENY]], isManagementAccount: true }, USER, ALLOWED, { 'aws:SecureTransport': 'false' }],
  ['RCPs do not apply to service-linked roles', S.rcps, { identity: id, rcps: [[RCP_DENY]] }, SLR, ALLOWED, { 'aws:SecureTransport': 'false' }],
  ['SCP and RCP both deny: SCP reported', S.accessDenied, { identity: id, scps: [[DENY_S3]], rcps: [[RCP_DENY]] }, USER, explicit('scp'), { 'aws:SecureTransport': 'false' }],
  ['explicit deny in resource policy beats identity allow', S.evaluation, { identity: id, resource: doc(deny('s3:*', '*', { Principal: '*' })) }, USER, explicit('resource')],
  ['explicit deny in boundary', S.boundaries, { identity: id, boundary: DENY_S3 }, USER, explicit('boundary')],
  ['explicit deny in session policy', S.sessionPolicies, { identity: id, session: [DENY_S3] }, SESSION, explicit('session')],
  ['explicit deny in identity policy beats resource allow naming the user', S.evaluation, { identity: [DENY_S3], resource: doc(allow('s3:*', '*', { Principal: { AWS: USER.arn } })) }, USER, explicit('identity')],
  ['explicit deny in session policy beats a direct session grant', S.denyAllow, { identity: [], session: [DENY_S3], resource: doc(allow('s3:*', '*', { Principal: { AWS: SESSION.arn } })) }, SESSION, explicit('session')],
  ['resource policy deny applies to root', S.rootUser, { identity: [], resource: doc(deny('s3:*', '*', { Principal: '*' })) }, ROOT, explicit('resource')],
  ['root user has full access in its own account', S.rootUser, { identity: [] }, ROOT, ALLOWED],
  ['identity policies do not restrict root', S.rootUser, { identity: [DENY_S3] }, ROOT, ALLOWED],
  ['anonymous allowed by Principal *', S.principal, { identity: [], resource: doc(allow('s3:GetObject', '*', { Principal: '*' })) }, ANON, ALLOWED],
  ['anonymous allowed by AWS *', S.principal, { identity: [], resource: doc(allow('s3:GetObject', '*', { Principal: { AWS: '*' } })) }, ANON, ALLOWED],
  ['anonymous without resource policy', S.principal, { identity: [] }, ANON, implicit('resource')],
  ['anonymous not matched by an account principal', S.principal, { identity: [], resource: doc(allow('s3:GetObject', '*', { Principal: { AWS: ACCT } })) }, ANON, implicit('resource')],
  ['service principal allowed by resource policy', S.principal, { identity: [], resource: doc(allow('s3:GetObject', '*', { Principal: { Service: 'cloudtrail.amazonaws.com' } })) }, SERVICE, ALLOWED],
  ['service principal not named', S.principal, { identity: [], resource: doc(allow('s3:GetObject', '*', { Principal: { Service: 'config.amazonaws.com' } })) }, SERVICE, implicit('resource')],
  ['trust policy must allow even in the same account', S.trustPolicies, { identity: [doc(allow('sts:AssumeRole'))], resource: doc(allow('sts:AssumeRole', '*', { Principal: { AWS: `arn:aws:iam::${ACCT}:user/someone-else` } })), resourceKind: 'trust' }, USER, implicit('resource'), undefined, 'sts:AssumeRole'],
  ['trust policy naming the account needs an identity allow', S.trustPolicies, { identity: [], resource: doc(allow('sts:AssumeRole', '*', { Principal: { AWS: ACCT } })), resourceKind: 'trust' }, USER, implicit('identity'), undefined, 'sts:AssumeRole'],
  ['trust policy naming the account with identity allow', S.trustPolicies, { identity: [doc(allow('sts:AssumeRole'))], resource: doc(allow('sts:AssumeRole', '*', { Principal: { AWS: ACCT } })), resourceKind: 'trust' }, USER, ALLOWED, undefined, 'sts:AssumeRole'],
  ['trust policy naming the user directly', S.trustPolicies, { identity: [], resource: doc(allow('sts:AssumeRole', '*', { Principal: { AWS: USER.arn } })), resourceKind: 'trust' }, USER, ALLOWED, undefined, 'sts:AssumeRole'],
  ['trust policy must allow the root user too', S.trustPolicies, { identity: [], resource: doc(allow('sts:AssumeRole', '*', { Principal: { Service: 'ec2.amazonaws.com' } })), resourceKind: 'trust' }, ROOT, implicit('resource'), undefined, 'sts:AssumeRole'],
  ['cross-account root needs the resource policy', S.crossAccount, { identity: [], resource: doc(allow('s3:GetObject', '*', { Principal: { AWS: OTHER } })) }, { arn: `arn:aws:iam::${OTHER}:root`, accountId: OTHER, type: 'root' }, ALLOWED],
  ['cross-account root without grant', S.crossAccount, { identity: [] }, { arn: `arn:aws:iam::${OTHER}:root`, accountId: OTHER, type: 'root' }, implicit('resource')],
  ['NotPrincipal deny spares the listed user', S.notPrincipal, { identity: id, resource: doc({ Effect: 'Deny', NotPrincipal: { AWS: [USER.arn, `arn:aws:iam::${ACCT}:root`] }, Action: 's3:*', Resource: '*' }) }, USER, ALLOWED],
  ['NotPrincipal deny hits other users', S.notPrincipal, { identity: id, resource: doc({ Effect: 'Deny', NotPrincipal: { AWS: `arn:aws:iam::${ACCT}:user/someone-else` }, Action: 's3:*', Resource: '*' }) }, USER, explicit('resource')],
  ['NotPrincipal deny with a permissions boundary always denies', S.boundaries, { identity: id, boundary: FULL, resource: doc({ Effect: 'Deny', NotPrincipal: { AWS: USER.arn }, Action: 's3:*', Resource: '*' }) }, USER, explicit('resource')],
  ['NotPrincipal role ARN does not spare its sessions', S.notPrincipal, { identity: id, resource: doc({ Effect: 'Deny', NotPrincipal: { AWS: SESSION.roleArn ?? '' }, Action: 's3:*', Resource: '*' }) }, SESSION, explicit('resource')],
  ['NotPrincipal listing the session spares it', S.notPrincipal, { identity: id, resource: doc({ Effect: 'Deny', NotPrincipal: { AWS: [SESSION.arn, SESSION.roleArn ?? ''] }, Action: 's3:*', Resource: '*' }) }, SESSION, ALLOWED],
];

export function organizationCases(): EvalCase[] {
  return ROWS.map(([name, source, policies, principal, expect, context, action]) => ({
    name,
    source,
    policies,
    request: req(principal, context, {
      ...(action ? { action, resource: `arn:aws:iam::${ACCT}:role/Target` } : {}),
      ...(principal.accountId !== '' && principal.accountId !== ACCT ? { resourceAccountId: ACCT } : {}),
    }),
    expect,
  }));
}
