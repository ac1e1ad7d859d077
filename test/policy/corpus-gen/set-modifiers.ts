/** ForAllValues / ForAnyValue with multivalued keys, empty sets and missing keys. */
import { ALLOWED, ALLOW_ALL, allow, deny, doc, explicit, implicit, req } from './helpers.js';
import type { EvalCase } from './helpers.js';
import { S } from './sources.js';

type Row = readonly [operator: string, values: string[], request: string[] | string | undefined, matches: boolean];

const ROWS: readonly Row[] = [
  ['ForAllValues:StringLike', ['PostDateTime', 'Message', 'Tags'], ['PostDateTime', 'Message'], true],
  ['ForAllValues:StringLike', ['PostDateTime', 'Message', 'Tags'], ['PostDateTime', 'UserName'], false],
  ['ForAllValues:StringLike', ['PostDateTime', 'Message', 'Tags'], [], true],
  ['ForAllValues:StringLike', ['PostDateTime', 'Message', 'Tags'], undefined, true],
  ['ForAllValues:StringLike', ['PostDateTime', 'Message', 'Tags'], 'Message', true],
  ['ForAnyValue:StringLike', ['ID', 'PostDateTime'], ['UserName', 'Message', 'PostDateTime'], true],
  ['ForAnyValue:StringLike', ['ID', 'PostDateTime'], ['UserName'], false],
  ['ForAnyValue:StringLike', ['ID', 'PostDateTime'], [], false],
  ['ForAnyValue:StringLike', ['ID', 'PostDateTime'], undefined, false],
  ['ForAnyValue:StringLikeIfExists', ['ID', 'PostDateTime'], undefined, true],
  ['ForAnyValue:StringEquals', ['ID'], 'ID', true],
  ['ForAllValues:StringNotLike', ['key1*'], ['key1:legal'], false],
  ['ForAllValues:StringNotLike', ['key1*'], ['key1:hr', 'key1:personnel'], false],
  ['ForAllValues:StringNotLike', ['key1*'], ['key2:audit'], true],
  ['ForAllValues:StringNotLike', ['key1*'], undefined, true],
  ['ForAllValues:StringNotLike', ['key1*', 'key2*'], ['key1:a', 'key3:b'], false],
  ['ForAllValues:StringNotLike', ['key1*', 'key2*'], ['key3:a', 'key4:b'], true],
  ['ForAnyValue:StringNotEquals', ['a', 'b'], ['a', 'c'], true],
  ['ForAnyValue:StringNotEquals', ['a', 'b'], ['a', 'b'], false],
  ['ForAnyValue:StringNotEquals', ['a'], undefined, false],
  ['ForAllValues:StringEquals', ['a', 'b'], ['a', 'b', 'a'], true],
  ['ForAllValues:StringEqualsIgnoreCase', ['A', 'B'], ['a', 'b'], true],
  ['ForAnyValue:NumericGreaterThan', ['10'], ['1', '20'], true],
  ['ForAllValues:NumericGreaterThan', ['10'], ['1', '20'], false],
  ['ForAnyValue:IpAddress', ['10.0.0.0/8'], ['192.168.0.1', '10.1.1.1'], true],
  ['ForAllValues:ArnLike', ['arn:aws:iam::*:role/*'], ['arn:aws:iam::1:role/a', 'arn:aws:iam::2:role/b'], true],
  ['StringEquals', ['a'], ['a'], false],
  ['StringLike', ['*'], ['a', 'b'], false],
  ['StringNotEquals', ['a'], ['b'], false],
];

export function setModifierCases(): EvalCase[] {
  const key = 'dynamodb:Attributes';
  const out: EvalCase[] = [];
  for (const [op, values, value, matches] of ROWS) {
    const condition = { Condition: { [op]: { [key]: values } } };
    const context = value === undefined ? undefined : { [key]: value };
    const shown = value === undefined ? 'missing key' : JSON.stringify(value);
    const source = op.includes('key1') || values.some((v) => v.startsWith('key')) ? S.multiValueExamples : S.multiValue;
    out.push({
      name: `${op} ${JSON.stringify(values)} vs ${shown} (Allow) -> ${matches}`,
      source,
      policies: { identity: [doc(allow('dynamodb:GetItem', '*', condition))] },
      request: req(undefined, context, { action: 'dynamodb:GetItem', resource: `arn:aws:dynamodb:us-east-1:111122223333:table/Thread` }),
      expect: matches ? ALLOWED : implicit(),
    });
    out.push({
      name: `${op} ${JSON.stringify(values)} vs ${shown} (Deny) -> ${matches ? 'denied' : 'not denied'}`,
      source,
      policies: { identity: [ALLOW_ALL, doc(deny('dynamodb:GetItem', '*', condition))] },
      request: req(undefined, context, { action: 'dynamodb:GetItem', resource: `arn:aws:dynamodb:us-east-1:111122223333:table/Thread` }),
      expect: matches ? explicit() : ALLOWED,
    });
  }
  return out;
}
