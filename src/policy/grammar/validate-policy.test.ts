import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validatePolicy } from './validate-policy.js';
import { countWithoutWhitespace } from './policy-limits.js';
import { parsePolicyLenient } from './parse-policy.js';
import { serializePolicy } from './serialize-policy.js';
import type { PolicyKind } from './policy-kinds.js';

const doc = (statement: unknown, extra: Record<string, unknown> = {}) => JSON.stringify({ Version: '2012-10-17', ...extra, Statement: statement });
const messages = (json: string, kind: PolicyKind = 'managed') => {
  const r = validatePolicy(json, kind);
  return r.ok ? [] : r.errors.map((e) => e.message);
};
const ok = { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' };

test('a valid managed policy', () => {
  const r = validatePolicy(doc(ok), 'managed');
  assert.equal(r.ok, true);
});

test('syntax errors and unknown elements', () => {
  assert.deepEqual(messages('{'), ['Syntax errors in policy.']);
  assert.deepEqual(messages(doc({ ...ok, Foo: 1 })), ['Syntax errors in policy.']);
  assert.deepEqual(messages(JSON.stringify({ Version: '2012-10-17', Statement: ok, Extra: 1 })), ['Syntax errors in policy.']);
  assert.deepEqual(messages(doc({ ...ok, NotAction: 's3:*' })), ['Syntax errors in policy.']);
  assert.deepEqual(messages(doc({ ...ok, Action: 5 })), ['Syntax errors in policy.', 'Policy statement must contain actions.']);
});

test('version, effect, sid', () => {
  assert.deepEqual(messages(doc(ok, { Version: '2012-10-18' })), ['The policy failed legacy parsing']);
  assert.deepEqual(messages(doc({ ...ok, Effect: 'allow' })), ['Invalid effect: allow']);
  assert.deepEqual(messages(doc([{ ...ok, Sid: 'A' }, { ...ok, Sid: 'A' }])), ['Statement IDs (SID) in a single policy must be unique.']);
  assert.match(messages(doc({ ...ok, Sid: 'a-b' }))[0] ?? '', /must be alpha-numeric/);
  assert.equal(validatePolicy(doc({ ...ok, Sid: 'a-b', Principal: '*' }), 'resource').ok, true);
});

test('actions, resources, conditions', () => {
  assert.deepEqual(messages(doc({ ...ok, Action: 'GetObject' })), ['Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.']);
  assert.deepEqual(messages(doc({ ...ok, Resource: 'bucket' })), ['Resource bucket must be in ARN format or "*".']);
  assert.deepEqual(messages(doc({ ...ok, Resource: 'arn:aws:s*:::b' })), ['Resource vendor must be fully qualified and cannot contain regexes.']);
  assert.deepEqual(messages(doc({ ...ok, Condition: { StringEqualz: { 'aws:x': 'a' } } })), ['Invalid Condition type : StringEqualz']);
  assert.deepEqual(messages(doc({ ...ok, Condition: { StringEquals: { username: 'a' } } })), [
    'Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.',
  ]);
  assert.deepEqual(messages(doc({ Effect: 'Allow', Action: 's3:*' })), ['Policy statement must contain resources.']);
});

test('a principal key inherited from Object.prototype is a syntax error, not a crash', () => {
  for (const key of ['__proto__', 'constructor', 'toString']) {
    const json = `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"${key}":"x"}}}`;
    assert.deepEqual(messages(json, 'trust'), ['Syntax errors in policy.'], key);
  }
});

test('principal rules per kind', () => {
  assert.deepEqual(messages(doc({ ...ok, Principal: '*' })), ['Policy document should not specify a principal.']);
  assert.deepEqual(messages(doc(ok), 'resource'), ['Missing required field Principal']);
  assert.deepEqual(messages(doc({ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { AWS: '111122223333' }, Resource: '*' }), 'trust'), [
    'Has prohibited field Resource',
  ]);
  assert.equal(validatePolicy(doc({ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { Service: 'ec2.amazonaws.com' } }), 'trust').ok, true);
  assert.deepEqual(messages(doc({ ...ok, Principal: { AWS: 'bob' } }), 'resource'), ['Invalid principal in policy: "AWS":"bob"']);
  assert.deepEqual(messages(doc({ ...ok, Principal: '*' }), 'scp'), ['Has prohibited field Principal']);
  assert.deepEqual(messages(doc({ ...ok, Effect: 'Deny', Principal: { AWS: '111122223333' } }), 'rcp'), [
    'Resource control policies only support "Principal": "*".',
  ]);
  assert.deepEqual(messages(doc({ ...ok, NotPrincipal: { AWS: '111122223333' } }), 'resource'), ['NotPrincipal can only be used with "Effect": "Deny".']);
});

test('size limits exclude white space for IAM, include it for SCPs', () => {
  const big = (n: number) => doc({ ...ok, Sid: 'x'.repeat(n) });
  const base = countWithoutWhitespace(big(0));
  assert.equal(validatePolicy(big(2048 - base), 'user-inline').ok, true);
  assert.deepEqual(validatePolicy(big(2049 - base), 'user-inline'), {
    ok: false,
    errors: [{ code: 'LimitExceeded', message: 'Maximum policy size of 2048 bytes exceeded for user' }],
  });
  const padded = JSON.stringify(JSON.parse(big(6144 - base)), null, 8);
  assert.equal(validatePolicy(padded, 'managed').ok, true);
  assert.equal(validatePolicy(`${doc(ok)}${' '.repeat(5200)}`, 'scp').ok, false);
});

test('lenient parsing and re-serialisation', () => {
  const r = parsePolicyLenient(JSON.stringify({ Statement: { Effect: 'allow', Action: 's3:*', Resource: '*', Junk: 1 } }));
  assert.equal(r.ok, true);
  if (r.ok) {
    assert.equal(r.policy.statements[0]?.effect, 'Allow');
    assert.equal(r.policy.version, undefined);
    const again = parsePolicyLenient(serializePolicy(r.policy));
    assert.deepEqual(again.ok && again.policy, r.policy);
  }
  assert.equal(parsePolicyLenient('nope').ok, false);
});

test('condition operators and keys named __proto__ serialise as ordinary keys', () => {
  const json = '{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"__proto__":{"__proto__":"x"},"StringEquals":{"__proto__":["a","b"]}}}}';
  const r = parsePolicyLenient(json);
  assert.equal(r.ok, true);
  if (r.ok) {
    const out = serializePolicy(r.policy);
    assert.equal(out, json);
    assert.equal(({} as { x?: unknown }).x, undefined, 'Object.prototype untouched');
  }
});
