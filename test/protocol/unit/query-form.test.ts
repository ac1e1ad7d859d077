import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { codecFor } from '../../../src/protocol/codecs.js';
import { loadModel } from '../../../src/protocol/model/load-model.js';
import { decodeFormComponent, MAX_QUERY_KEY_LENGTH, MAX_QUERY_PARAMETERS, MAX_SCANNED_ACTION_LENGTH, scanAction } from '../../../src/protocol/query/query-form.js';
import { QueryParams } from '../../../src/protocol/query/query-params.js';
import { decodeOrKeep, isStrictlyDecodable } from '../../../src/protocol/percent-decoding.js';
import type { ProtocolRequest } from '../../../src/protocol/types.js';
import { isAwsError, type AwsError } from '../../../src/shared/aws-error.js';

const req = (r: Partial<ProtocolRequest>): ProtocolRequest => ({ method: 'POST', rawPath: '/', rawQuery: '', headers: {}, body: Buffer.alloc(0), ...r });

function thrown(fn: () => unknown): AwsError {
  try {
    fn();
  } catch (e) {
    if (isAwsError(e)) return e;
    throw e;
  }
  assert.fail('expected an AwsError');
}

/** What URLSearchParams reads (first occurrence wins), the reference both readers must agree with. */
function reference(encoded: string): Map<string, string> {
  const m = new Map<string, string>();
  for (const [k, v] of new URLSearchParams(encoded)) if (!m.has(k)) m.set(k, v);
  return m;
}

const SAMPLES = [
  'Action=GetUser&Version=2010-05-08&UserName=bob',
  '?Action=GetUser',
  '??Action=GetUser',
  'Version=1&Action=ListUsers&Action=GetUser',
  '%41ction=GetUser',
  '%41%63%74%69%6F%6E=Get%55ser',
  '%41%63%74%69%6f%6e=x',
  'Action',
  'Action=',
  '&&Action=a+b%20c&',
  'x%20=1&a....&Action=GetUser',
  'Act%69on=%E2%82%AC&b=%FF%ZZ%',
  'Action=%ZZbad&x=%',
  'a=b=c&Action=d=e',
  'Action%3D=x&Action=y',
  'A+ction=1&Action=%F0%9F%98%80',
  'Acti%6Fn=1&x=\u00e9',
  'name.with.dots=1&Tags.member.1.Key=k&Tags.member.1.Value=v',
  '',
  '&',
  '=',
  '=x&Action=GetUser',
  'Acti%7zn=1&Action=ok',
  'Actio%6=x&Action=ok',
  '%41ctio%6e=lower&Action=no',
  'Action%=x&Action=ok',
  'Acti%6F%6E=x&Action=ok',
];

describe('query form decoding (decodeFormComponent, QueryParams)', () => {
  it('decodes names and values exactly as URLSearchParams does', () => {
    for (const s of SAMPLES) assert.deepEqual(new QueryParams(s).values, reference(s), s);
    for (const c of ['%', '%4', '%zz', '%C3', '%C3%28', '%ED%A0%80', 'a+b', '%2B+', '%E2%82%AC', '\u00e9%C3%A9']) {
      assert.equal(decodeFormComponent(c), new URLSearchParams(`a=${c}`).get('a'), c);
    }
  });

  it('answers prefix probes without building prefixes', () => {
    const p = new QueryParams('Tags.member.1.Key=k&Tags.member.1.Value=v&Tagsx=1&A.b=2&Ab.c=3');
    for (const k of ['Tags', 'Tags.member', 'Tags.member.1', 'Tags.member.1.Key', 'Tagsx', 'A', 'Ab', 'A.b']) assert.equal(p.has(k), true, k);
    for (const k of ['Tag', 'Tags.member.2', 'Tags.member.1.K', 'B', 'A.b.c', 'Tags.']) assert.equal(p.has(k), false, k);
  });

  it('refuses more than MAX_QUERY_PARAMETERS pieces, empty ones included, with InvalidQueryParameter', () => {
    assert.equal(new QueryParams(Array.from({ length: MAX_QUERY_PARAMETERS }, (_, i) => `k${i}=v`).join('&')).values.size, MAX_QUERY_PARAMETERS);
    for (const s of [Array.from({ length: MAX_QUERY_PARAMETERS + 1 }, (_, i) => `k${i}=v`).join('&'), `a=1${'&'.repeat(MAX_QUERY_PARAMETERS + 1)}`]) {
      const e = thrown(() => new QueryParams(s));
      assert.deepEqual([e.code, e.httpStatus], ['InvalidQueryParameter', 400]);
    }
  });

  it('refuses a name longer than MAX_QUERY_KEY_LENGTH (as sent), however many dots it has', () => {
    assert.equal(new QueryParams(`${'a'.repeat(MAX_QUERY_KEY_LENGTH)}=1`).values.size, 1);
    for (const s of [`${'a'.repeat(MAX_QUERY_KEY_LENGTH + 1)}=1`, `x%20=1&a${'.'.repeat(1_000_000)}`, `Action=GetUser&${'%41'.repeat(400)}=1`]) {
      const e = thrown(() => new QueryParams(s));
      assert.deepEqual([e.code, e.httpStatus], ['InvalidQueryParameter', 400]);
    }
  });

  it('reads 19 MB of dots in linear time after authentication: refused, not a 500', () => {
    const iam = loadModel('iam');
    const body = Buffer.concat([Buffer.from('x%20=1&a'), Buffer.alloc(19_000_000, '.')]);
    const t0 = performance.now();
    const e = thrown(() => codecFor(iam).parse(iam, req({ body })));
    const ms = performance.now() - t0;
    assert.deepEqual([e.code, e.httpStatus], ['InvalidQueryParameter', 400]);
    // Tens of milliseconds when idle; the bound is loose so that a loaded machine passes, while a
    // parser that rescanned the dots (quadratic: about 10^14 steps here) would take hours, not seconds.
    assert.ok(ms < 10_000, `${ms.toFixed(0)} ms`);
  });
});

describe('the pre-authentication Action scan (scanAction)', () => {
  const scan = (s: string) => scanAction(Buffer.from(s, 'utf8'));

  it('finds the Action the full parser finds', () => {
    for (const s of SAMPLES) assert.equal(scan(s), reference(s).get('Action'), s);
  });

  it('decodes no other parameter: a name too long to spell Action is skipped unread', () => {
    assert.equal(scan(`${'%41'.repeat(7)}=1&Action=GetUser`), 'GetUser');
    assert.equal(scan(`x%20=1&a${'.'.repeat(100_000)}&Action=GetUser`), 'GetUser');
  });

  it('gives up (an unknown operation) past MAX_QUERY_PARAMETERS pieces or on an overlong Action value', () => {
    assert.equal(scan(`${'a=1&'.repeat(MAX_QUERY_PARAMETERS - 1)}Action=GetUser`), 'GetUser');
    assert.equal(scan(`${'a=1&'.repeat(MAX_QUERY_PARAMETERS)}Action=GetUser`), undefined);
    assert.equal(scan(`${'&'.repeat(MAX_QUERY_PARAMETERS)}Action=GetUser`), undefined);
    assert.equal(scan(`Action=${'G'.repeat(MAX_SCANNED_ACTION_LENGTH)}`), 'G'.repeat(MAX_SCANNED_ACTION_LENGTH));
    assert.equal(scan(`Action=${'G'.repeat(MAX_SCANNED_ACTION_LENGTH + 1)}&Action=GetUser`), undefined);
  });

  // Bounded work, not speed (benchmarks measure speed): a pass over these inputs takes tens of
  // milliseconds and anything quadratic in them minutes, so the limits leave room for a busy machine.
  it('costs a pass over the bytes of 19 MB of dots, in milliseconds', () => {
    const iam = loadModel('iam');
    const ec2 = loadModel('ec2');
    for (const body of [Buffer.concat([Buffer.from('x%20=1&a'), Buffer.alloc(19_000_000, '.')]), Buffer.alloc(19_000_000, '&'), Buffer.alloc(19_000_000, 'a'), Buffer.concat([Buffer.from('Action='), Buffer.alloc(19_000_000, '%')])]) {
      for (const model of [iam, ec2]) {
        const t0 = performance.now();
        const op = codecFor(model).route(model, req({ body }))?.operation;
        const ms = performance.now() - t0;
        assert.equal(op, undefined);
        assert.ok(ms < 2000, `${model.metadata.protocol}: ${ms.toFixed(1)} ms`);
      }
    }
  });

  it('reads GET query strings too (awsQuery and ec2)', () => {
    for (const name of ['iam', 'ec2']) {
      const model = loadModel(name);
      assert.equal(codecFor(model).route(model, req({ method: 'GET', rawQuery: 'Version=1&Action=Describe%49nstances' }))?.operation, 'DescribeInstances');
    }
  });
});

describe('percent-decoding without exceptions (isStrictlyDecodable, decodeOrKeep)', () => {
  const throws = (s: string) => {
    try {
      decodeURIComponent(s);
      return false;
    } catch {
      return true;
    }
  };

  it('says exactly when decodeURIComponent would throw', () => {
    const fixed = ['%', '%4', '%41', '%zz', '%C3', '%C3%A9', '%C3%28', '%C0%AF', '%C1%BF', '%E0%80%AF', '%ED%A0%80', '%ED%9F%BF', '%EF%BF%BD', '%F0%9F%98%80', '%F0%9F%98', '%F4%90%80%80', '%F5%80%80%80', '%F8%80%80%80%80', '%80', '%C3%A9%', 'a%2', 'é%C3'];
    for (const s of fixed) assert.equal(isStrictlyDecodable(s), !throws(s), s);
    // Random strings over an alphabet rich in escapes.
    const parts = ['%', '%2', '%41', '%C3', '%A9', '%E2', '%82', '%AC', '%F0', '%9F', '%98', '%80', '%ED', '%A0', '%C0', '%FF', '%zz', 'a', 'é', '+'];
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff);
    for (let i = 0; i < 20_000; i++) {
      const s = Array.from({ length: 1 + (next() % 6) }, () => parts[next() % parts.length]).join('');
      assert.equal(isStrictlyDecodable(s), !throws(s), s);
      assert.equal(decodeOrKeep(s), throws(s) ? s : decodeURIComponent(s), s);
      assert.equal(decodeFormComponent(s), new URLSearchParams(`a=${s}`).get('a'), s);
    }
  });

  it('decodes a request line of malformed escapes before authentication in milliseconds (REST routing)', () => {
    const s3 = loadModel('s3');
    const t0 = performance.now();
    const op = codecFor(s3).route(s3, req({ method: 'GET', rawPath: '/%zz'.repeat(8000), rawQuery: '%FF=1&'.repeat(4000), headers: { host: 'b.s3.amazonaws.com' } }))?.operation;
    const ms = performance.now() - t0;
    assert.equal(op, 'GetObject');
    assert.ok(ms < 1000, `${ms.toFixed(1)} ms`);
  });
});
