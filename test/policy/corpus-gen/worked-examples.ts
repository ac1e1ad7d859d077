/** Worked examples from the AWS pages, reproduced as cases (with AccessDenied texts). */
import { ALLOWED, allow, deny, doc, explicit, implicit } from './helpers.js';
import type { CasePolicies, CasePrincipal, EvalCase, Expect } from './helpers.js';
import { S } from './sources.js';
import type { Source } from './sources.js';

const CARLOS: CasePrincipal = { arn: 'arn:aws:iam::123456789012:user/carlossalazar', accountId: '123456789012', type: 'user' };
const carlosIdentity = doc(
  { Sid: 'AllowS3ListRead', Effect: 'Allow', Action: ['s3:GetBucketLocation', 's3:GetAccountPublicAccessBlock', 's3:ListAccessPoints', 's3:ListAllMyBuckets'], Resource: 'arn:aws:s3:::*' },
  { Sid: 'AllowS3Self', Effect: 'Allow', Action: 's3:*', Resource: ['arn:aws:s3:::carlossalazar/*', 'arn:aws:s3:::carlossalazar'] },
  { Sid: 'DenyS3Logs', Effect: 'Deny', Action: 's3:*', Resource: 'arn:aws:s3:::*log*' },
);
const carlosBucket = doc({ Effect: 'Allow', Principal: { AWS: CARLOS.arn }, Action: 's3:*', Resource: ['arn:aws:s3:::carlossalazar/*', 'arn:aws:s3:::carlossalazar'] });

const GETLIST = doc(
  { Sid: 'AllowGetList', Effect: 'Allow', Action: ['iam:Get*', 'iam:List*'], Resource: '*' },
  { Sid: 'DenyReports', Effect: 'Deny', Action: 'iam:*Report', Resource: '*' },
);
const SHIRLEY: CasePrincipal = { arn: 'arn:aws:iam::111122223333:user/ShirleyRodriguez', accountId: '111122223333', type: 'user' };
const SHIRLEY_BOUNDARY = doc(allow(['s3:*', 'cloudwatch:*', 'ec2:*'], '*'));
const ZHANG: CasePrincipal = { arn: 'arn:aws:iam::111122223333:user/Zhang', accountId: '111122223333', type: 'user' };
const ZHANG_BOUNDARY = doc(
  { Sid: 'CreateOrChangeOnlyWithBoundary', Effect: 'Allow', Action: ['iam:CreateUser', 'iam:DeleteUserPolicy', 'iam:AttachUserPolicy', 'iam:DetachUserPolicy', 'iam:PutUserPermissionsBoundary'], Resource: '*', Condition: { StringEquals: { 'iam:PermissionsBoundary': 'arn:aws:iam::111122223333:policy/XCompanyBoundaries' } } },
  { Sid: 'CloudWatchAndOtherIAMTasks', Effect: 'Allow', Action: ['cloudwatch:*', 'iam:GetUser', 'iam:ListUsers', 'iam:DeleteUser', 'iam:UpdateUser', 'iam:*Group*'], Resource: '*' },
  { Sid: 'NoBoundaryPolicyEdit', Effect: 'Deny', Action: ['iam:CreatePolicyVersion', 'iam:DeletePolicy', 'iam:DeletePolicyVersion', 'iam:SetDefaultPolicyVersion'], Resource: ['arn:aws:iam::123456789012:policy/XCompanyBoundaries', 'arn:aws:iam::123456789012:policy/DelegatedUserBoundary'] },
  { Sid: 'NoBoundaryUserDelete', Effect: 'Deny', Action: 'iam:DeleteUserPermissionsBoundary', Resource: '*' },
);
const ZHANG_PERMS = doc(
  { Sid: 'IAM', Effect: 'Allow', Action: 'iam:*', Resource: '*' },
  { Sid: 'CloudWatchLimited', Effect: 'Allow', Action: ['cloudwatch:GetDashboard', 'cloudwatch:GetMetricData', 'cloudwatch:ListDashboards', 'cloudwatch:GetMetricStatistics', 'cloudwatch:ListMetrics'], Resource: '*' },
);
const NOT_WORKING = doc({ Sid: 'THISPOLICYDOESNOTWORK', Effect: 'Allow', Action: 'ec2:RunInstances', Resource: '*', Condition: { StringLike: { 'ec2:InstanceType': ['t1.*', 't2.*', 'm3.*'] } } });
const IF_EXISTS = doc({ Sid: 'RunInstance', Effect: 'Allow', Action: 'ec2:RunInstances', Resource: '*', Condition: { StringLikeIfExists: { 'ec2:InstanceType': ['t1.*', 't2.*', 'm3.*'] } } });
const HOME = doc(
  allow(['s3:ListAllMyBuckets', 's3:GetBucketLocation'], 'arn:aws:s3:::*'),
  allow('s3:ListBucket', 'arn:aws:s3:::BUCKET-NAME', { Condition: { StringLike: { 's3:prefix': ['', 'home/', 'home/${aws:username}/'] } } }),
  allow('s3:*', ['arn:aws:s3:::BUCKET-NAME/home/${aws:username}', 'arn:aws:s3:::BUCKET-NAME/home/${aws:username}/*']),
);
const CASHIER: CasePrincipal = { arn: 'arn:aws:iam::111122223333:user/cashier', accountId: '111122223333', type: 'user' };

type Row = [string, Source, CasePolicies, CasePrincipal, string, string, Expect, Record<string, string | string[]>?];

const ROWS: Row[] = [
  ['Carlos: PutObject to carlossalazar-logs is denied by DenyS3Logs', S.evaluation, { identity: [carlosIdentity], resource: carlosBucket }, CARLOS, 's3:PutObject', 'arn:aws:s3:::carlossalazar-logs/file', explicit('identity')],
  ['Carlos: PutObject to carlossalazar is allowed by both policies', S.evaluation, { identity: [carlosIdentity], resource: carlosBucket }, CARLOS, 's3:PutObject', 'arn:aws:s3:::carlossalazar/file', ALLOWED],
  ['Carlos: bucket policy alone allows within the account', S.evaluation, { identity: [], resource: carlosBucket }, CARLOS, 's3:PutObject', 'arn:aws:s3:::carlossalazar/file', ALLOWED],
  ['Carlos: identity policy alone allows within the account', S.evaluation, { identity: [carlosIdentity] }, CARLOS, 's3:GetObject', 'arn:aws:s3:::carlossalazar/file', ALLOWED],
  ['Carlos: AllowS3ListRead covers GetBucketLocation', S.evaluation, { identity: [carlosIdentity] }, CARLOS, 's3:GetBucketLocation', 'arn:aws:s3:::any-bucket', ALLOWED],
  ['Carlos: other bucket objects are implicitly denied', S.evaluation, { identity: [carlosIdentity], resource: carlosBucket }, CARLOS, 's3:GetObject', 'arn:aws:s3:::other/file', implicit('identity')],
  ['AllowGetList: iam:GetUser allowed', S.explicitImplicit, { identity: [GETLIST] }, CASHIER, 'iam:GetUser', '*', ALLOWED],
  ['AllowGetList: iam:CreatePolicy implicitly denied', S.explicitImplicit, { identity: [GETLIST] }, CASHIER, 'iam:CreatePolicy', '*', implicit('identity')],
  ['DenyReports: iam:GetOrganizationsAccessReport explicitly denied', S.explicitImplicit, { identity: [GETLIST] }, CASHIER, 'iam:GetOrganizationsAccessReport', '*', explicit('identity')],
  ['DenyReports: another policy granting GenerateCredentialReport does not help', S.explicitImplicit, { identity: [GETLIST, doc(allow('iam:GenerateCredentialReport'))] }, CASHIER, 'iam:GenerateCredentialReport', '*', explicit('identity')],
  ['Shirley: iam:CreateUser allowed by policy but not by boundary', S.boundaries, { identity: [doc(allow('iam:CreateUser'))], boundary: SHIRLEY_BOUNDARY }, SHIRLEY, 'iam:CreateUser', '*', implicit('boundary')],
  ['Shirley: boundary alone grants nothing', S.boundaries, { identity: [], boundary: SHIRLEY_BOUNDARY }, SHIRLEY, 's3:ListAllMyBuckets', '*', implicit('identity')],
  ['Shirley: s3 allowed by both', S.boundaries, { identity: [doc(allow('s3:*'))], boundary: SHIRLEY_BOUNDARY }, SHIRLEY, 's3:ListAllMyBuckets', '*', ALLOWED],
  ['Zhang: CreateUser with the XCompanyBoundaries boundary', S.boundaries, { identity: [ZHANG_PERMS], boundary: ZHANG_BOUNDARY }, ZHANG, 'iam:CreateUser', 'arn:aws:iam::111122223333:user/new', ALLOWED, { 'iam:PermissionsBoundary': 'arn:aws:iam::111122223333:policy/XCompanyBoundaries' }],
  ['Zhang: CreateUser without a boundary', S.boundaries, { identity: [ZHANG_PERMS], boundary: ZHANG_BOUNDARY }, ZHANG, 'iam:CreateUser', 'arn:aws:iam::111122223333:user/new', implicit('boundary')],
  ['Zhang: cannot delete permissions boundaries', S.boundaries, { identity: [ZHANG_PERMS], boundary: ZHANG_BOUNDARY }, ZHANG, 'iam:DeleteUserPermissionsBoundary', 'arn:aws:iam::111122223333:user/x', explicit('boundary')],
  ['Zhang: cannot edit the boundary policy', S.boundaries, { identity: [ZHANG_PERMS], boundary: ZHANG_BOUNDARY }, ZHANG, 'iam:CreatePolicyVersion', 'arn:aws:iam::123456789012:policy/XCompanyBoundaries', explicit('boundary')],
  ['Zhang: cloudwatch:GetDashboard allowed', S.boundaries, { identity: [ZHANG_PERMS], boundary: ZHANG_BOUNDARY }, ZHANG, 'cloudwatch:GetDashboard', '*', ALLOWED],
  ['Zhang: cloudwatch:PutDashboard outside his permissions', S.boundaries, { identity: [ZHANG_PERMS], boundary: ZHANG_BOUNDARY }, ZHANG, 'cloudwatch:PutDashboard', '*', implicit('identity')],
  ['THISPOLICYDOESNOTWORK: image resource lacks ec2:InstanceType', S.ifExists, { identity: [NOT_WORKING] }, CASHIER, 'ec2:RunInstances', 'arn:aws:ec2:us-east-1::image/ami-1', implicit('identity')],
  ['StringLikeIfExists: image resource allowed', S.ifExists, { identity: [IF_EXISTS] }, CASHIER, 'ec2:RunInstances', 'arn:aws:ec2:us-east-1::image/ami-1', ALLOWED],
  ['StringLikeIfExists: t2.micro instance allowed', S.ifExists, { identity: [IF_EXISTS] }, CASHIER, 'ec2:RunInstances', 'arn:aws:ec2:us-east-1:111122223333:instance/*', ALLOWED, { 'ec2:InstanceType': 't2.micro' }],
  ['StringLikeIfExists: m5.large instance denied', S.ifExists, { identity: [IF_EXISTS] }, CASHIER, 'ec2:RunInstances', 'arn:aws:ec2:us-east-1:111122223333:instance/*', implicit('identity'), { 'ec2:InstanceType': 'm5.large' }],
  ['BooleanExample: deny S3 without SSL', S.operators, { identity: [doc(allow('s3:*')), doc({ Sid: 'BooleanExample', Action: 's3:*', Effect: 'Deny', Resource: ['arn:aws:s3:::DOC-EXAMPLE-BUCKET', 'arn:aws:s3:::DOC-EXAMPLE-BUCKET/*'], Condition: { Bool: { 'aws:SecureTransport': 'false' } } })] }, CASHIER, 's3:GetObject', 'arn:aws:s3:::DOC-EXAMPLE-BUCKET/x', explicit('identity'), { 'aws:SecureTransport': 'false' }],
  ['BooleanExample: SSL request not denied', S.operators, { identity: [doc(allow('s3:*')), doc({ Sid: 'BooleanExample', Action: 's3:*', Effect: 'Deny', Resource: ['arn:aws:s3:::DOC-EXAMPLE-BUCKET', 'arn:aws:s3:::DOC-EXAMPLE-BUCKET/*'], Condition: { Bool: { 'aws:SecureTransport': 'false' } } })] }, CASHIER, 's3:GetObject', 'arn:aws:s3:::DOC-EXAMPLE-BUCKET/x', ALLOWED, { 'aws:SecureTransport': 'true' }],
  ['Null TokenIssueTime: long-term credentials allowed', S.nullOp, { identity: [doc({ Action: 'ec2:*', Effect: 'Allow', Resource: '*', Condition: { Null: { 'aws:TokenIssueTime': 'true' } } })] }, CASHIER, 'ec2:DescribeInstances', '*', ALLOWED],
  ['Null TokenIssueTime: temporary credentials denied', S.nullOp, { identity: [doc({ Action: 'ec2:*', Effect: 'Allow', Resource: '*', Condition: { Null: { 'aws:TokenIssueTime': 'true' } } })] }, CASHIER, 'ec2:DescribeInstances', '*', implicit('identity'), { 'aws:TokenIssueTime': '2020-01-01T00:00:00Z' }],
  ['s3:max-keys up to 10', S.operators, { identity: [doc(allow('s3:ListBucket', 'arn:aws:s3:::example_bucket', { Condition: { NumericLessThanEquals: { 's3:max-keys': '10' } } }))] }, CASHIER, 's3:ListBucket', 'arn:aws:s3:::example_bucket', ALLOWED, { 's3:max-keys': '10' }],
  ['s3:max-keys 11 denied', S.operators, { identity: [doc(allow('s3:ListBucket', 'arn:aws:s3:::example_bucket', { Condition: { NumericLessThanEquals: { 's3:max-keys': '10' } } }))] }, CASHIER, 's3:ListBucket', 'arn:aws:s3:::example_bucket', implicit('identity'), { 's3:max-keys': '11' }],
  ['home directory: list own home prefix', S.operators, { identity: [HOME] }, CASHIER, 's3:ListBucket', 'arn:aws:s3:::BUCKET-NAME', ALLOWED, { 's3:prefix': 'home/cashier/', 'aws:username': 'cashier' }],
  ['home directory: list root prefix ""', S.operators, { identity: [HOME] }, CASHIER, 's3:ListBucket', 'arn:aws:s3:::BUCKET-NAME', ALLOWED, { 's3:prefix': '', 'aws:username': 'cashier' }],
  ['home directory: list another home', S.operators, { identity: [HOME] }, CASHIER, 's3:ListBucket', 'arn:aws:s3:::BUCKET-NAME', implicit('identity'), { 's3:prefix': 'home/bob/', 'aws:username': 'cashier' }],
  ['home directory: put into own home', S.operators, { identity: [HOME] }, CASHIER, 's3:PutObject', 'arn:aws:s3:::BUCKET-NAME/home/cashier/f.txt', ALLOWED, { 'aws:username': 'cashier' }],
  ['TokenIssueTime after 2020', S.operators, { identity: [doc(allow('iam:*AccessKey*', 'arn:aws:iam::111122223333:user/*', { Condition: { DateGreaterThan: { 'aws:TokenIssueTime': '2020-01-01T00:00:01Z' } } }))] }, CASHIER, 'iam:ListAccessKeys', 'arn:aws:iam::111122223333:user/cashier', ALLOWED, { 'aws:TokenIssueTime': '2020-05-01T00:00:00Z' }],
  ['TokenIssueTime missing for access keys', S.operators, { identity: [doc(allow('iam:*AccessKey*', 'arn:aws:iam::111122223333:user/*', { Condition: { DateGreaterThan: { 'aws:TokenIssueTime': '2020-01-01T00:00:01Z' } } }))] }, CASHIER, 'iam:ListAccessKeys', 'arn:aws:iam::111122223333:user/cashier', implicit('identity')],
  ['SourceIp inside 203.0.113.0/24', S.operators, { identity: [doc(allow('iam:*AccessKey*', 'arn:aws:iam::111122223333:user/*', { Condition: { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } } }))] }, CASHIER, 'iam:CreateAccessKey', 'arn:aws:iam::111122223333:user/cashier', ALLOWED, { 'aws:SourceIp': '203.0.113.77' }],
  ['SourceIp missing (VPC endpoint request)', S.operators, { identity: [doc(allow('iam:*AccessKey*', 'arn:aws:iam::111122223333:user/*', { Condition: { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } } }))] }, CASHIER, 'iam:CreateAccessKey', 'arn:aws:iam::111122223333:user/cashier', implicit('identity')],
  ['PrincipalTag job-category iamuser-admin', S.operators, { identity: [doc(allow('iam:*AccessKey*', 'arn:aws:iam::111122223333:user/*', { Condition: { StringEquals: { 'aws:PrincipalTag/job-category': 'iamuser-admin' } } }))] }, CASHIER, 'iam:CreateAccessKey', 'arn:aws:iam::111122223333:user/x', ALLOWED, { 'aws:PrincipalTag/job-category': 'iamuser-admin' }],
];

/** AccessDenied message cases: the exact texts of the troubleshooting page. */
const MESSAGES: [string, CasePolicies, string, string, Expect][] = [
  ['no identity-based policy allows iam:ListUsers', { identity: [] }, 'iam:ListUsers', 'arn:aws:iam::111122223333:user/', implicit('identity')],
  ['explicit deny in an identity-based policy', { identity: [doc(allow('*'), deny('iam:ListUsers'))] }, 'iam:ListUsers', 'arn:aws:iam::111122223333:user/', explicit('identity')],
  ['explicit deny in a service control policy', { identity: [doc(allow('*'))], scps: [[doc(allow('*'), deny('iam:*'))]] }, 'iam:ListUsers', 'arn:aws:iam::111122223333:user/', explicit('scp')],
  ['no service control policy allows', { identity: [doc(allow('*'))], scps: [[doc(allow('ec2:*'))]] }, 'iam:ListUsers', 'arn:aws:iam::111122223333:user/', implicit('scp')],
  ['no permissions boundary allows', { identity: [doc(allow('*'))], boundary: doc(allow('ec2:*')) }, 'iam:ListUsers', 'arn:aws:iam::111122223333:user/', implicit('boundary')],
  ['explicit deny in a permissions boundary', { identity: [doc(allow('*'))], boundary: doc(allow('*'), deny('iam:*')) }, 'iam:ListUsers', 'arn:aws:iam::111122223333:user/', explicit('boundary')],
  ['explicit deny in a resource-based policy', { identity: [doc(allow('*'))], resource: doc(deny('iam:*', '*', { Principal: '*' })) }, 'iam:ListUsers', 'arn:aws:iam::111122223333:user/', explicit('resource')],
  ['action without resource-level permissions', { identity: [] }, 'iam:ListUsers', '*', implicit('identity')],
];

const TEXT: Record<string, string> = {
  'ImplicitDeny:identity': 'because no identity-based policy allows the iam:ListUsers action',
  'ExplicitDeny:identity': 'with an explicit deny in an identity-based policy',
  'ExplicitDeny:scp': 'with an explicit deny in a service control policy',
  'ImplicitDeny:scp': 'because no service control policy allows the iam:ListUsers action',
  'ImplicitDeny:boundary': 'because no permissions boundary allows the iam:ListUsers action',
  'ExplicitDeny:boundary': 'with an explicit deny in a permissions boundary',
  'ExplicitDeny:resource': 'with an explicit deny in a resource-based policy',
};

export function workedExampleCases(): EvalCase[] {
  const out: EvalCase[] = ROWS.map(([name, source, policies, principal, action, resource, expect, context]) => ({
    name: `worked example: ${name}`,
    source,
    policies,
    request: { principal, action, resource, ...(context ? { context } : {}) },
    expect,
  }));
  for (const [name, policies, action, resource, expect] of MESSAGES) {
    const on = resource === '*' ? '' : ` on resource: ${resource}`;
    const message = `User: ${CASHIER.arn} is not authorized to perform: ${action}${on} ${TEXT[`${expect.decision}:${expect.deniedBy}`]}`;
    out.push({ name: `access denied text: ${name}`, source: S.accessDenied, policies, request: { principal: CASHIER, action, resource }, expect: { ...expect, message } });
  }
  return out;
}
