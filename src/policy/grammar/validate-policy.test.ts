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
  assert.deepEqual(messages(doc({ ...ok, Action: 5 })), ['Syntax errors in policy.']);
});

test('version, effect, sid', () => {
  assert.deepEqual(messages(doc(ok, { Version: '2012-10-18' })), ['Syntax errors in policy.']);
  assert.deepEqual(messages(doc({ ...ok, Effect: 'allow' })), ['The policy failed legacy parsing']);
  assert.deepEqual(messages(doc([{ ...ok, Sid: 'A' }, { ...ok, Sid: 'A' }])), ['Statement IDs (SID) in a single policy must be unique.']);
  assert.match(messages(doc({ ...ok, Sid: 'a-b' }))[0] ?? '', /must be alpha-numeric/);
  assert.equal(validatePolicy(doc({ ...ok, Sid: 'a-b', Principal: '*' }), 'resource').ok, true);
});

test('actions, resources, conditions', () => {
  assert.deepEqual(messages(doc({ ...ok, Action: 'GetObject' })), ['Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.']);
  assert.deepEqual(messages(doc({ ...ok, Resource: 'bucket' })), ['Resource bucket must be in ARN format or "*".']);
  assert.deepEqual(messages(doc({ ...ok, Resource: 'arn:aws:s*:::b' })), ['Resource vendor must be fully qualified and cannot contain regexes.']);
  assert.deepEqual(messages(doc({ ...ok, Condition: { StringEqualz: { 'aws:x': 'a' } } })), ['Syntax errors in policy.']);
  assert.deepEqual(messages(doc({ ...ok, Condition: { StringEquals: { username: 'a' } } })), []);
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
    errors: [{ code: 'LimitExceeded', message: 'Maximum policy size of 2048 bytes exceeded for user', check: 'size-quota' }],
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

test('one error, the first of the ordered checks', () => {
  const r = validatePolicy(doc([{ ...ok, Sid: 'a-b', Action: 'x' }, { ...ok, Sid: 'a-b' }]), 'managed');
  assert.equal(r.ok, false);
  if (!r.ok) {
    assert.equal(r.errors.length, 1);
    // Sid characters come before Sid uniqueness (an AWS answer for two equal Sids with "-").
    assert.deepEqual(r.errors[0], { code: 'MalformedPolicyDocument', message: messages(doc({ ...ok, Sid: 'a-b' }))[0], check: 'sid-characters' });
  }
  // Version before legacy parsing; legacy parsing before Sid uniqueness; Sid uniqueness before actions present.
  assert.deepEqual(messages(JSON.stringify({ Statement: { ...ok, Effect: 'DENY' } })), ['Policy document must be version 2012-10-17 or greater.']);
  assert.deepEqual(messages(doc([{ ...ok, Sid: 'Q', Effect: 'allow' }, { Sid: 'Q', Effect: 'Deny' }])), ['The policy failed legacy parsing']);
  assert.deepEqual(messages(doc([{ ...ok, Sid: 'A' }, { Sid: 'A', Effect: 'Allow' }])), ['Statement IDs (SID) in a single policy must be unique.']);
  // Actions present before the resource format error, which comes before the action vendor.
  assert.deepEqual(messages(doc([{ Effect: 'Allow', Resource: 'bad' }])), ['Policy statement must contain actions.']);
  assert.deepEqual(messages(doc([{ Effect: 'Allow', Action: 's:3:x', Resource: 'bad' }])), ['Resource bad must be in ARN format or "*".']);
  // The action vendor before resources present and the principal rules.
  assert.deepEqual(messages(doc([{ Effect: 'Allow', Action: 'x', Principal: '*' }])), ['Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.']);
  assert.deepEqual(messages(doc([{ Effect: 'Allow', Action: 's3:x', Principal: '*' }])), ['Policy document should not specify a principal.']);
});

test('a key twice in one JSON object is a syntax error; in different objects it is not', () => {
  const s = '{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}';
  assert.deepEqual(messages(`{"Version":"2012-10-17","Version":"2012-10-17","Statement":${s}}`), ['Syntax errors in policy.']);
  assert.deepEqual(messages(`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Effect":"Deny","Action":"s3:GetObject","Resource":"*"}}`), ['Syntax errors in policy.']);
  const cond = (c: string) => `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":${c}}}`;
  assert.deepEqual(messages(cond('{"StringEquals":{"aws:username":"a"},"StringEquals":{"aws:username":"b"}}')), ['Syntax errors in policy.']);
  assert.deepEqual(messages(cond('{"StringEquals":{"aws:username":"a","aws:username":"b"}}')), ['Syntax errors in policy.']);
  // Keys are compared decoded: "\u0041ction" is "Action".
  assert.deepEqual(messages(`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject","\\u0041ction":"s3:x","Resource":"*"}}`), ['Syntax errors in policy.']);
  // The same key in two statements, and a key equal to a string value, are fine.
  assert.deepEqual(messages(`{"Version":"2012-10-17","Statement":[${s},${s.replace('Allow', 'Deny')}],"Id":"Statement"}`), []);
  assert.deepEqual(messages(cond('{"StringEquals":{"aws:username":"StringEquals"},"StringLike":{"aws:username":["aws:username","aws:username"]}}')), []);
});

test('Version: managed policies and boundaries need 2012-10-17; inline, trust and session policies do not', () => {
  const v2008 = doc(ok, { Version: '2008-10-17' });
  const none = JSON.stringify({ Statement: ok });
  for (const kind of ['managed', 'boundary'] as const) {
    assert.deepEqual(messages(v2008, kind), ['Policy document must be version 2012-10-17 or greater.'], kind);
    assert.deepEqual(messages(none, kind), ['Policy document must be version 2012-10-17 or greater.'], kind);
  }
  for (const kind of ['user-inline', 'group-inline', 'role-inline', 'session'] as const) {
    assert.deepEqual(messages(v2008, kind), [], kind);
    assert.deepEqual(messages(none, kind), [], kind);
  }
  const trust = { Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { Service: 'ec2.amazonaws.com' } };
  assert.deepEqual(messages(JSON.stringify({ Version: '2008-10-17', Statement: trust }), 'trust'), []);
  assert.deepEqual(messages(JSON.stringify({ Statement: [trust] }), 'trust'), []);
  // Any other Version is a syntax error everywhere.
  assert.deepEqual(messages(doc(ok, { Version: '2012-10-18' }), 'role-inline'), ['Syntax errors in policy.']);
  assert.deepEqual(messages(doc(ok, { Version: 2012 }), 'role-inline'), ['Syntax errors in policy.']);
});

test('region and account rules of IAM, S3 and Route 53 ARNs', () => {
  const res = (Resource: unknown) => messages(doc({ ...ok, Resource }));
  assert.deepEqual(res('arn:aws:iam:us-east-1:111122223333:role/r'), ['IAM resource arn:aws:iam:us-east-1:111122223333:role/r cannot contain region information.']);
  assert.deepEqual(res('arn:aws:iam::111122223333:role/r'), []);
  assert.deepEqual(res('arn:aws:iam::111122223333:*'), []);
  assert.match(res('arn:aws:iam::111122223333:root')[0] ?? '', /^IAM resource path must either be "\*" or start with user\//);
  assert.deepEqual(res('arn:aws:s3:us-east-1::b'), ['Resource arn:aws:s3:us-east-1::b can not contain region information.']);
  assert.deepEqual(res('arn:aws:s3::111122223333:b/*'), ['Resource arn:aws:s3::111122223333:b/* cannot contain an account id.']);
  // S3 resource types that carry a region and an account.
  assert.deepEqual(res(['arn:aws:s3:us-west-2:111122223333:accesspoint/ap', 'arn:aws:s3::111122223333:accesspoint/mrap.mrap', 'arn:aws:s3:us-west-2:111122223333:job/*']), []);
  assert.deepEqual(res('arn:aws:route53:eu-west-1:111122223333:hostedzone/*'), ['Resource arn:aws:route53:eu-west-1:111122223333:hostedzone/* can not contain region information.']);
  assert.deepEqual(res('arn:aws:route53::111122223333:hostedzone/*'), ['Resource arn:aws:route53::111122223333:hostedzone/* cannot contain an account id.']);
  assert.deepEqual(res('arn:aws:route53:::hostedzone/*'), []);
  // Other services may carry both.
  assert.deepEqual(res('arn:aws:ec2:us-east-1:111122223333:instance/*'), []);
});

test('what AWS stores that Rampart refused: short and encoded ARNs, odd actions, keys without vendor, null resources', () => {
  assert.deepEqual(messages(doc({ ...ok, Resource: 'arn:aws:quantumledger' })), []);
  assert.deepEqual(messages(doc({ ...ok, Resource: 'arn:aws:sns%3Aeu-west-1%3Aalerts' }), 'role-inline'), []);
  assert.deepEqual(messages(doc({ ...ok, Action: ['kms: Decrypt for reports ', 'ledger.beta:Append', 'my-svc:x', '*:GetObject', 'sqs:'] })), []);
  assert.deepEqual(messages(doc({ ...ok, Condition: { StringEquals: { team: 'x' }, DateLessThan: { expiry: '2031-04-05T06:07:08Z' }, Null: { owner: false } } })), []);
  assert.deepEqual(messages(doc({ ...ok, Resource: ['arn:aws:s3:::b', null] })), []);
  assert.deepEqual(messages(doc({ ...ok, Action: ['s3:GetObject', null] })), ['Syntax errors in policy.']);
  assert.deepEqual(messages(doc({ ...ok, Condition: { StringEquals: { a: [{}] } } })), ['Syntax errors in policy.']);
  assert.deepEqual(messages(doc({ ...ok, Condition: { StringEquals: { a: null } } })), ['Syntax errors in policy.']);
});

test('validation is linear: 10 KiB pathological strings', () => {
  const big = 10 * 1024;
  const cases: [string, unknown][] = [
    ['Action', ':'.repeat(big)],
    ['Action', `${'a'.repeat(big)}:b`],
    ['Action', `${'a '.repeat(big / 2)}x`],
    ['Resource', `arn:aws:${'s'.repeat(big)}`],
    ['Resource', `arn:aws:s3:::${'${'.repeat(big / 2)}`],
    ['Resource', `arn:aws:iam::1:${'user/'.repeat(big / 5)}`],
    ['Resource', `a:${':'.repeat(big)}`],
    ['Resource', Array.from({ length: 1000 }, (_, i) => `arn:aws:s3:::b${'x'.repeat(i % 7)}/${i}`)],
    ['Condition', { DateLessThan: { 'aws:CurrentTime': `${'1'.repeat(big)}_` } }],
    ['Condition', { DateLessThan: { 'aws:CurrentTime': `${'1-'.repeat(big / 2)}` } }],
    ['Condition', { DateLessThan: { 'aws:CurrentTime': `2019-01-01t${'1:'.repeat(big / 2)}` } }],
    ['Sid', `${'a'.repeat(big)}-`],
    ['Principal', { AWS: `arn:aws:iam::111122223333:${'user/'.repeat(big / 5)}!` }],
  ];
  for (const [key, value] of cases) {
    const json = doc({ ...ok, Principal: { AWS: '111122223333' }, [key]: value });
    const start = process.hrtime.bigint();
    for (let i = 0; i < 5; i++) validatePolicy(json, 'resource');
    const ms = Number(process.hrtime.bigint() - start) / 5e6;
    assert.ok(ms < 50, `${key} ${JSON.stringify(value).slice(0, 30)}: ${ms.toFixed(2)} ms`);
  }
  // Deep nesting and many keys in the duplicate-key scan.
  const deep = `{"Version":"2012-10-17","Statement":${JSON.stringify(ok)},"Id":"x","Conditions":${'['.repeat(5000)}${']'.repeat(5000)}}`;
  const start = process.hrtime.bigint();
  validatePolicy(deep, 'resource');
  assert.ok(Number(process.hrtime.bigint() - start) / 1e6 < 50);
});

test('every check has a unique name, AWS\'s text and a source', async () => {
  const { POLICY_CHECKS } = await import('./policy-checks.js');
  assert.equal(new Set(POLICY_CHECKS.map((c) => c.name)).size, POLICY_CHECKS.length);
  for (const c of POLICY_CHECKS) assert.ok(c.message.length > 0 && c.source.length > 40, c.name);
});
