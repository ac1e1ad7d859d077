/** Every condition operator family, with present, absent, IfExists and negated behaviour. */
import { ALLOWED, ALLOW_ALL, allow, deny, doc, explicit, implicit, req } from './helpers.js';
import type { EvalCase } from './helpers.js';
import { S } from './sources.js';
import type { Source } from './sources.js';

type Row = readonly [operator: string, values: string | string[], request: string | string[] | undefined, matches: boolean];

const KEY: Record<string, string> = {
  String: 'aws:PrincipalTag/team',
  Numeric: 's3:max-keys',
  Date: 'aws:CurrentTime',
  Bool: 'aws:SecureTransport',
  Binary: 'aws:RequestTag/blob',
  Ip: 'aws:SourceIp',
  Arn: 'aws:SourceArn',
  Null: 'aws:TokenIssueTime',
};

const family = (op: string): string =>
  op.includes('Ip') ? 'Ip' : (['String', 'Numeric', 'Date', 'Bool', 'Binary', 'Arn', 'Null'].find((f) => op.replace(/^For\w+:/, '').startsWith(f)) ?? 'String');

const ROWS: readonly Row[] = [
  ['StringEquals', 'red', 'red', true],
  ['StringEquals', 'red', 'Red', false],
  ['StringEquals', ['blue', 'red'], 'red', true],
  ['StringEquals', 're*', 'red', false],
  ['StringEquals', 'red', undefined, false],
  ['StringNotEquals', 'red', 'blue', true],
  ['StringNotEquals', 'red', 'red', false],
  ['StringNotEquals', ['red', 'blue'], 'blue', false],
  ['StringNotEquals', ['red', 'blue'], 'green', true],
  ['StringNotEquals', 'red', undefined, true],
  ['StringEqualsIgnoreCase', 'RED', 'red', true],
  ['StringEqualsIgnoreCase', 'red', 'blue', false],
  ['StringEqualsIgnoreCase', 'red', undefined, false],
  ['StringNotEqualsIgnoreCase', 'RED', 'red', false],
  ['StringNotEqualsIgnoreCase', 'RED', 'blue', true],
  ['StringNotEqualsIgnoreCase', 'RED', undefined, true],
  ['StringLike', 'r*', 'red', true],
  ['StringLike', 'r?d', 'red', true],
  ['StringLike', 'r?d', 'reed', false],
  ['StringLike', 'R*', 'red', false],
  ['StringLike', ['b*', '*d'], 'red', true],
  ['StringLike', 'r*', undefined, false],
  ['StringNotLike', 'r*', 'blue', true],
  ['StringNotLike', 'r*', 'red', false],
  ['StringNotLike', ['b*', 'r*'], 'red', false],
  ['StringNotLike', 'r*', undefined, true],
  ['StringEqualsIfExists', 'red', undefined, true],
  ['StringEqualsIfExists', 'red', 'red', true],
  ['StringEqualsIfExists', 'red', 'blue', false],
  ['StringLikeIfExists', 't2.*', undefined, true],
  ['StringNotEqualsIfExists', 'red', undefined, true],
  ['StringNotEqualsIfExists', 'red', 'red', false],
  ['NumericEquals', '10', '10', true],
  ['NumericEquals', '10', '10.0', true],
  ['NumericEquals', '10', '11', false],
  ['NumericEquals', '10', 'ten', false],
  ['NumericEquals', '10', undefined, false],
  ['NumericNotEquals', '10', '11', true],
  ['NumericNotEquals', '10', '10', false],
  ['NumericNotEquals', '10', undefined, true],
  ['NumericLessThan', '10', '9', true],
  ['NumericLessThan', '10', '10', false],
  ['NumericLessThanEquals', '10', '10', true],
  ['NumericLessThanEquals', '10', '11', false],
  ['NumericGreaterThan', '10', '11', true],
  ['NumericGreaterThan', '10', '10', false],
  ['NumericGreaterThanEquals', '10', '10', true],
  ['NumericGreaterThanEquals', '10', '9.5', false],
  ['NumericLessThanEqualsIfExists', '10', undefined, true],
  ['NumericGreaterThan', ['100', '5'], '6', true],
  ['DateEquals', '2020-01-01T00:00:00Z', '2020-01-01T00:00:00Z', true],
  ['DateEquals', '2020-01-01T00:00:00Z', '1577836800', true],
  ['DateEquals', '2020-01-01T00:00:00Z', '2020-01-01T00:00:01Z', false],
  ['DateNotEquals', '2020-01-01T00:00:00Z', '2020-01-02T00:00:00Z', true],
  ['DateNotEquals', '2020-01-01T00:00:00Z', undefined, true],
  ['DateLessThan', '2020-01-01T00:00:00Z', '2019-12-31T23:59:59Z', true],
  ['DateLessThan', '2020-01-01T00:00:00Z', '2020-01-01T00:00:00Z', false],
  ['DateLessThanEquals', '2020-01-01T00:00:00Z', '2020-01-01T00:00:00Z', true],
  ['DateGreaterThan', '2020-01-01T00:00:01Z', '2020-06-01T00:00:00Z', true],
  ['DateGreaterThan', '2020-01-01T00:00:01Z', '2019-06-01T00:00:00Z', false],
  ['DateGreaterThan', '1577836800', '2020-06-01T00:00:00Z', true],
  ['DateGreaterThanEquals', '2020-01-01', '2020-01-01T00:00:00Z', true],
  ['DateGreaterThan', '2020-01-01T00:00:01Z', undefined, false],
  ['DateLessThanIfExists', '2020-01-01T00:00:00Z', undefined, true],
  ['Bool', 'true', 'true', true],
  ['Bool', 'false', 'true', false],
  ['Bool', 'true', 'TRUE', true],
  ['Bool', 'false', undefined, false],
  ['BoolIfExists', 'false', undefined, true],
  ['BinaryEquals', 'QmluYXJ5VmFsdWVJbkJhc2U2NA==', 'QmluYXJ5VmFsdWVJbkJhc2U2NA==', true],
  ['BinaryEquals', 'QmluYXJ5VmFsdWVJbkJhc2U2NA==', 'T3RoZXI=', false],
  ['BinaryEquals', 'QmluYXJ5VmFsdWVJbkJhc2U2NA==', undefined, false],
  ['IpAddress', '203.0.113.0/24', '203.0.113.10', true],
  ['IpAddress', '203.0.113.0/24', '203.0.114.10', false],
  ['IpAddress', '203.0.113.7', '203.0.113.7', true],
  ['IpAddress', '203.0.113.7', '203.0.113.8', false],
  ['IpAddress', ['203.0.113.0/24', '2001:DB8:1234:5678::/64'], '2001:db8:1234:5678::10', true],
  ['IpAddress', '2001:DB8:1234:5678::/64', '2001:db8:1234:5679::10', false],
  ['IpAddress', '203.0.113.0/24', undefined, false],
  ['NotIpAddress', '203.0.113.0/24', '198.51.100.1', true],
  ['NotIpAddress', '203.0.113.0/24', '203.0.113.1', false],
  ['NotIpAddress', '203.0.113.0/24', undefined, true],
  ['IpAddressIfExists', '203.0.113.0/24', undefined, true],
  ['ArnEquals', 'arn:aws:sns:us-east-1:123456789012:topic', 'arn:aws:sns:us-east-1:123456789012:topic', true],
  ['ArnEquals', 'arn:aws:sns:*:123456789012:topic', 'arn:aws:sns:eu-west-1:123456789012:topic', true],
  ['ArnLike', 'arn:aws:someservice:*:111122223333:finance/*', 'arn:aws:someservice:us-east-2:999999999999:store/abc:111122223333:finance/document.txt', false],
  ['ArnLike', 'arn:aws:sqs:*:123456789012:queue-?', 'arn:aws:sqs:us-east-1:123456789012:queue-1', true],
  ['ArnLike', 'arn:aws:sqs:*:123456789012:*', 'arn:aws:sqs:us-east-1:210987654321:q', false],
  ['ArnLike', 'arn:aws:sqs:*:123456789012:*', undefined, false],
  ['ArnNotEquals', 'arn:aws:sns:us-east-1:123456789012:topic', 'arn:aws:sns:us-east-1:123456789012:other', true],
  ['ArnNotLike', 'arn:aws:sns:*:123456789012:*', 'arn:aws:sns:us-east-1:123456789012:t', false],
  ['ArnNotLike', 'arn:aws:sns:*:123456789012:*', undefined, true],
  ['ArnLikeIfExists', 'arn:aws:sns:*:123456789012:*', undefined, true],
  ['Null', 'true', undefined, true],
  ['Null', 'true', '2020-01-01T00:00:00Z', false],
  ['Null', 'false', '2020-01-01T00:00:00Z', true],
  ['Null', 'false', undefined, false],
];

const source = (op: string): Source => {
  if (op.endsWith('IfExists')) return S.ifExists;
  if (op === 'Null') return S.nullOp;
  return S.operators;
};

const show = (v: unknown) => (v === undefined ? 'missing' : JSON.stringify(v));

/** Allow- and Deny-statement cases for every row. */
export function operatorCases(): EvalCase[] {
  const out: EvalCase[] = [];
  for (const [op, values, value, matches] of ROWS) {
    const key = KEY[family(op)] ?? 'aws:PrincipalTag/team';
    const condition = { Condition: { [op]: { [key]: values } } };
    const context = value === undefined ? undefined : { [key]: value };
    out.push({
      name: `${op} ${JSON.stringify(values)} vs ${show(value)} in an Allow -> ${matches ? 'allowed' : 'implicitly denied'}`,
      source: source(op),
      policies: { identity: [doc(allow('s3:GetObject', '*', condition))] },
      request: req(undefined, context),
      expect: matches ? ALLOWED : implicit('identity'),
    });
    out.push({
      name: `${op} ${JSON.stringify(values)} vs ${show(value)} in a Deny -> ${matches ? 'explicitly denied' : 'allowed'}`,
      source: source(op),
      policies: { identity: [ALLOW_ALL, doc(deny('s3:GetObject', '*', condition))] },
      request: req(undefined, context),
      expect: matches ? explicit('identity') : ALLOWED,
    });
  }
  return out;
}

/** Several operators and keys AND together; several values OR (NOR when negated); key names are case-insensitive. */
export function conditionLogicCases(): EvalCase[] {
  const c = { StringEquals: { 'aws:PrincipalTag/department': ['finance', 'hr'], 'aws:PrincipalTag/role': ['audit', 'security'] }, ArnLike: { 'aws:PrincipalArn': ['arn:aws:iam::111122223333:user/*'] } };
  const pol = { identity: [doc(allow('s3:GetObject', '*', { Condition: c }))] };
  const arn = 'arn:aws:iam::111122223333:user/alice';
  const cases: [string, Record<string, string>, boolean][] = [
    ['all keys match', { 'aws:PrincipalTag/department': 'hr', 'aws:PrincipalTag/role': 'audit', 'aws:PrincipalArn': arn }, true],
    ['one key has a non-listed value', { 'aws:PrincipalTag/department': 'it', 'aws:PrincipalTag/role': 'audit', 'aws:PrincipalArn': arn }, false],
    ['one key missing', { 'aws:PrincipalTag/role': 'audit', 'aws:PrincipalArn': arn }, false],
    ['second operator fails', { 'aws:PrincipalTag/department': 'hr', 'aws:PrincipalTag/role': 'audit', 'aws:PrincipalArn': 'arn:aws:iam::111122223333:role/r' }, false],
    ['context key names differ in case', { 'AWS:PRINCIPALTAG/DEPARTMENT': 'finance', 'aws:principaltag/role': 'security', 'Aws:PrincipalArn': arn }, true],
  ];
  return cases.map(([name, context, ok]) => ({
    name: `Condition block AND/OR: ${name}`,
    source: S.condLogic,
    policies: pol,
    request: req(undefined, context),
    expect: ok ? ALLOWED : implicit(),
  }));
}
