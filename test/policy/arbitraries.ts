/**
 * fast-check generators of policies and requests over a small vocabulary, so that
 * random statements actually hit random requests.
 */
import fc from 'fast-check';

export const ACCOUNT = '111122223333';
export const OTHER_ACCOUNT = '444455556666';
export const ACTIONS = ['s3:GetObject', 's3:PutObject', 's3:ListBucket', 'sqs:SendMessage', 'dynamodb:GetItem', 'ec2:DescribeInstances'] as const;
const ACTION_PATTERNS = [...ACTIONS, 's3:*', 's3:Get*', 's3:*Object', 's3:?utObject', 'sqs:*', '*', 'dynamodb:Get*', 'ec2:Describe*'];
export const RESOURCES = ['arn:aws:s3:::bucket/a/b.txt', 'arn:aws:s3:::bucket/alice/x', 'arn:aws:s3:::other/key', 'arn:aws:sqs:us-east-1:111122223333:queue'] as const;
const RESOURCE_PATTERNS = [...RESOURCES, '*', 'arn:aws:s3:::bucket/*', 'arn:aws:s3:::*', 'arn:aws:s3:::bucket/${aws:username}/*', 'arn:aws:sqs:*:*:*', 'arn:aws:s3:::b?cket/*'];
export const KEYS = ['aws:PrincipalTag/team', 'aws:SourceIp', 'aws:username', 's3:max-keys', 'aws:CurrentTime', 'aws:SecureTransport', 'aws:TagKeys'] as const;

const VALUES: Record<string, string[]> = {
  'aws:PrincipalTag/team': ['red', 'blue', 'r*', 'Red', '${aws:username}'],
  'aws:SourceIp': ['10.0.0.0/8', '203.0.113.0/24', '203.0.113.7'],
  'aws:username': ['alice', 'bob', 'a*'],
  's3:max-keys': ['10', '5', '100'],
  'aws:CurrentTime': ['2020-01-01T00:00:00Z', '2030-01-01T00:00:00Z'],
  'aws:SecureTransport': ['true', 'false'],
  'aws:TagKeys': ['a', 'b', 'c*'],
};
const OPERATORS: Record<string, string[]> = {
  'aws:PrincipalTag/team': ['StringEquals', 'StringNotEquals', 'StringLike', 'StringNotLike', 'StringEqualsIgnoreCase', 'StringEqualsIfExists', 'Null'],
  'aws:SourceIp': ['IpAddress', 'NotIpAddress', 'IpAddressIfExists'],
  'aws:username': ['StringEquals', 'StringLike', 'StringNotEquals'],
  's3:max-keys': ['NumericLessThan', 'NumericEquals', 'NumericGreaterThanEquals', 'NumericNotEquals'],
  'aws:CurrentTime': ['DateLessThan', 'DateGreaterThan'],
  'aws:SecureTransport': ['Bool', 'BoolIfExists'],
  'aws:TagKeys': ['ForAllValues:StringEquals', 'ForAnyValue:StringLike', 'ForAllValues:StringNotLike', 'ForAnyValue:StringEquals'],
};
const CONTEXT: Record<string, fc.Arbitrary<string | string[]>> = {
  'aws:PrincipalTag/team': fc.constantFrom('red', 'blue', 'Red'),
  'aws:SourceIp': fc.constantFrom('10.1.2.3', '203.0.113.7', '198.51.100.1'),
  'aws:username': fc.constantFrom('alice', 'bob'),
  's3:max-keys': fc.constantFrom('1', '10', '50'),
  'aws:CurrentTime': fc.constantFrom('2025-06-01T00:00:00Z', '2019-01-01T00:00:00Z'),
  'aws:SecureTransport': fc.constantFrom('true', 'false'),
  'aws:TagKeys': fc.subarray(['a', 'b', 'c1', 'd']),
};

const oneOrMany = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | T[]> => fc.oneof(arb, fc.array(arb, { minLength: 1, maxLength: 3 }));

export const conditionArb: fc.Arbitrary<Record<string, Record<string, string | string[]>>> = fc
  .array(
    fc.constantFrom(...KEYS).chain((key) =>
      fc.tuple(fc.constant(key), fc.constantFrom(...(OPERATORS[key] ?? ['StringEquals'])), oneOrMany(fc.constantFrom(...(VALUES[key] ?? ['x'])))),
    ),
    { maxLength: 2 },
  )
  .map((entries) => {
    const out: Record<string, Record<string, string | string[]>> = {};
    for (const [key, op, values] of entries) (out[op] ??= {})[key] = op === 'Null' ? 'true' : values;
    return out;
  });

export type Stmt = Record<string, unknown>;

/** A statement for identity-style policies (no Principal). */
export function statementArb(effect?: 'Allow' | 'Deny'): fc.Arbitrary<Stmt> {
  return fc.record({
    Effect: effect ? fc.constant(effect) : fc.constantFrom('Allow', 'Deny'),
    actionKey: fc.constantFrom('Action', 'Action', 'Action', 'NotAction'),
    actions: oneOrMany(fc.constantFrom(...ACTION_PATTERNS)),
    resourceKey: fc.constantFrom('Resource', 'Resource', 'Resource', 'NotResource'),
    resources: oneOrMany(fc.constantFrom(...RESOURCE_PATTERNS)),
    condition: conditionArb,
  }).map(({ Effect, actionKey, actions, resourceKey, resources, condition }) => ({
    Effect,
    [actionKey]: actions,
    [resourceKey]: resources,
    ...(Object.keys(condition).length ? { Condition: condition } : {}),
  }));
}

const PRINCIPALS = [`arn:aws:iam::${ACCOUNT}:user/alice`, ACCOUNT, '*', `arn:aws:iam::${ACCOUNT}:user/bob`, `arn:aws:iam::${OTHER_ACCOUNT}:user/carol`, OTHER_ACCOUNT];

/** A statement for resource-based policies (with Principal). */
export const resourceStatementArb: fc.Arbitrary<Stmt> = fc
  .tuple(statementArb(), fc.constantFrom(...PRINCIPALS))
  .map(([s, p]) => ({ ...s, Principal: p === '*' ? '*' : { AWS: p } }));

export const policyArb = (stmt: fc.Arbitrary<Stmt> = statementArb()): fc.Arbitrary<Record<string, unknown>> =>
  fc.array(stmt, { minLength: 1, maxLength: 4 }).map((Statement) => ({ Version: '2012-10-17', Statement }));

export interface GenRequest {
  principal: { arn: string; accountId: string; type: 'user' };
  action: string;
  resource: string;
  resourceAccountId: string;
  context: Record<string, string | string[]>;
}

export const requestArb: fc.Arbitrary<GenRequest> = fc.record({
  who: fc.constantFrom('alice', 'bob', 'carol'),
  action: fc.constantFrom(...ACTIONS),
  resource: fc.constantFrom(...RESOURCES),
  crossAccount: fc.boolean(),
  context: fc.dictionary(fc.constantFrom(...KEYS), fc.constant(null)).chain((keys) =>
    fc.record(Object.fromEntries(Object.keys(keys).map((k) => [k, CONTEXT[k] ?? fc.constant('x')]))),
  ),
}).map(({ who, action, resource, crossAccount, context }) => {
  const account = who === 'carol' ? OTHER_ACCOUNT : ACCOUNT;
  return {
    principal: { arn: `arn:aws:iam::${account}:user/${who}`, accountId: account, type: 'user' as const },
    action,
    resource,
    resourceAccountId: crossAccount ? OTHER_ACCOUNT : ACCOUNT,
    context: context as Record<string, string | string[]>,
  };
});

export interface GenScenario {
  identity: Record<string, unknown>[];
  boundary?: Record<string, unknown>;
  resource?: Record<string, unknown>;
  scps?: Record<string, unknown>[][];
}

export const scenarioArb: fc.Arbitrary<GenScenario> = fc.record(
  {
    identity: fc.array(policyArb(), { maxLength: 3 }),
    boundary: policyArb(),
    resource: policyArb(resourceStatementArb),
    scps: fc.array(fc.array(policyArb(), { minLength: 1, maxLength: 2 }), { minLength: 1, maxLength: 3 }),
  },
  { requiredKeys: ['identity'] },
);
