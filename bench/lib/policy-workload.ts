/**
 * A realistic, deterministic authorization workload shared by the policy benches:
 * 10 identity policies x 20 statements with wildcards and conditions, a boundary,
 * 3 SCP levels and a resource policy, plus a stream of requests.
 */
export type Doc = { Version: string; Statement: Stmt[] };
export type Stmt = Record<string, unknown> & { Effect: 'Allow' | 'Deny' };

let seed = 12345;
const rnd = (): number => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;

export const ACCOUNT = '111122223333';
const SERVICES: Record<string, string[]> = {
  s3: ['GetObject', 'PutObject', 'DeleteObject', 'ListBucket', 'GetBucketPolicy'],
  ec2: ['DescribeInstances', 'RunInstances', 'StopInstances', 'TerminateInstances'],
  dynamodb: ['GetItem', 'PutItem', 'Query', 'Scan'],
  sqs: ['SendMessage', 'ReceiveMessage', 'DeleteMessage'],
  iam: ['GetUser', 'ListUsers', 'CreateUser', 'PassRole'],
  kms: ['Decrypt', 'Encrypt', 'GenerateDataKey'],
  lambda: ['InvokeFunction', 'GetFunction', 'UpdateFunctionCode'],
  logs: ['PutLogEvents', 'CreateLogStream', 'GetLogEvents'],
};
const resourceFor = (svc: string, i: number): string =>
  ({
    s3: `arn:aws:s3:::bucket-${i}/data/file-${i}.json`,
    ec2: `arn:aws:ec2:us-east-1:${ACCOUNT}:instance/i-${i}`,
    dynamodb: `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/table-${i}`,
    sqs: `arn:aws:sqs:us-east-1:${ACCOUNT}:queue-${i}`,
    iam: `arn:aws:iam::${ACCOUNT}:user/user-${i}`,
    kms: `arn:aws:kms:us-east-1:${ACCOUNT}:key/key-${i}`,
    lambda: `arn:aws:lambda:us-east-1:${ACCOUNT}:function:fn-${i}`,
    logs: `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:group-${i}`,
  })[svc] ?? '*';
const patternFor = (svc: string, i: number): string => {
  const r = resourceFor(svc, i);
  return pick([r, r.replace(/-\d+/, '-*'), r.replace(/[^/:]+$/, '*'), `arn:aws:${svc}:*:*:*`.replace('arn:aws:s3:*:*:*', 'arn:aws:s3:::*')]);
};
const CONDITIONS = [
  () => ({ StringEquals: { 'aws:PrincipalTag/team': pick(['red', 'blue', 'green']) } }),
  () => ({ IpAddress: { 'aws:SourceIp': pick(['10.0.0.0/8', '192.168.0.0/16', '203.0.113.0/24']) } }),
  () => ({ Bool: { 'aws:SecureTransport': 'true' } }),
  () => ({ StringLike: { 'aws:RequestedRegion': pick(['us-*', 'eu-*']) } }),
  () => ({ StringEqualsIfExists: { 'aws:PrincipalTag/env': pick(['prod', 'dev']) } }),
];

function statement(effect: 'Allow' | 'Deny'): Stmt {
  const svc = pick(Object.keys(SERVICES));
  const acts = SERVICES[svc] ?? [];
  const action = Array.from({ length: 1 + Math.floor(rnd() * 3) }, () =>
    pick([`${svc}:${pick(acts)}`, `${svc}:${pick(acts).slice(0, 3)}*`, `${svc}:*`]),
  );
  const resource = Array.from({ length: 1 + Math.floor(rnd() * 2) }, () => patternFor(svc, Math.floor(rnd() * 5)));
  const st: Stmt = { Effect: effect, Action: action, Resource: resource };
  if (rnd() < 0.6) st['Condition'] = pick(CONDITIONS)();
  return st;
}

const policy = (n: number, denyEvery: number): Doc => ({
  Version: '2012-10-17',
  Statement: Array.from({ length: n }, (_, i) => statement(i % denyEvery === denyEvery - 1 ? 'Deny' : 'Allow')),
});

export const identityPolicies: Doc[] = Array.from({ length: 10 }, () => policy(20, 10));
export const boundary: Doc = {
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Action: ['s3:*', 'ec2:*', 'dynamodb:*', 'sqs:*', 'lambda:*', 'logs:*', 'kms:*'], Resource: '*' },
    { Effect: 'Deny', Action: ['kms:Encrypt'], Resource: '*', Condition: { StringNotEquals: { 'aws:PrincipalTag/team': 'red' } } },
  ],
};
export const scps: Doc[][] = [
  [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }, { Effect: 'Deny', Action: '*', Resource: '*', Condition: { StringNotLike: { 'aws:RequestedRegion': ['us-*', 'eu-*'] } } }] }],
  [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:*', 'ec2:*', 'dynamodb:*', 'sqs:*', 'iam:*', 'kms:*', 'lambda:*', 'logs:*'], Resource: '*' }, { Effect: 'Deny', Action: ['ec2:TerminateInstances'], Resource: '*' }] }],
  [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }],
];
export const resourcePolicy: Doc = {
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:user/alice` }, Action: ['s3:GetObject', 's3:ListBucket'], Resource: 'arn:aws:s3:::bucket-1/*' },
    { Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: 'arn:aws:s3:::bucket-1/*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
    { Effect: 'Allow', Principal: { AWS: ACCOUNT }, Action: 's3:PutObject', Resource: 'arn:aws:s3:::bucket-1/*' },
  ],
};

export interface BenchRequest {
  principal: { arn: string; accountId: string; type: 'user' };
  action: string;
  resource: string;
  context: Record<string, string>;
}

export const requests: BenchRequest[] = Array.from({ length: 256 }, () => {
  const svc = pick(Object.keys(SERVICES));
  return {
    principal: { arn: `arn:aws:iam::${ACCOUNT}:user/${pick(['alice', 'bob'])}`, accountId: ACCOUNT, type: 'user' },
    action: `${svc}:${pick(SERVICES[svc] ?? [])}`,
    resource: resourceFor(svc, Math.floor(rnd() * 5)),
    context: {
      'aws:PrincipalTag/team': pick(['red', 'blue', 'green']),
      'aws:SourceIp': pick(['10.1.2.3', '192.168.1.1', '198.51.100.7']),
      'aws:SecureTransport': pick(['true', 'false']),
      'aws:RequestedRegion': pick(['us-east-1', 'eu-west-1', 'ap-south-1']),
    },
  };
});
