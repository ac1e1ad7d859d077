/**
 * Value arbitraries for the model-driven fuzzer: strings that honour or break a model string shape
 * (pattern, min, max), IAM ARNs of every kind (with and without paths, trailing `/`, NUL, other case,
 * unicode, huge), forged pagination markers and policy documents. Everything is a fast-check
 * arbitrary so that a seed reproduces the requests.
 */
import fc from 'fast-check';
import type { Shape } from '../../src/protocol/model/service-model.js';

/** What the generators know about the account under test (fixed before generation starts). */
export interface FuzzWorld {
  readonly accountId: string;
  /** Names of existing, fuzzable entities per kind (never the callers' own). */
  readonly names: Readonly<Record<'user' | 'group' | 'role' | 'instance-profile' | 'policy' | 'mfa', readonly string[]>>;
  /** Access key ids that exist and may be changed (never the callers' own). */
  readonly accessKeyIds: readonly string[];
  /** ARNs of existing entities by kind (`user`, `policy`, ...), paths included. */
  readonly arns: Readonly<Record<string, readonly string[]>>;
}

/** Marks a marker to be replaced at send time by one the server really returned. */
export const HARVESTED_MARKER = '\u0001harvested';

const patternArbs = new Map<string, fc.Arbitrary<string>>();

/** Strings matching a model pattern (Java regex read as JS); lookaheads dropped; `\w+` when JS cannot compile it. */
function patternArb(pattern: string): fc.Arbitrary<string> {
  let arb = patternArbs.get(pattern);
  if (!arb) {
    const attempt = (p: string): fc.Arbitrary<string> | undefined => {
      try {
        return fc.stringMatching(new RegExp(`^(?:${p})$`, 'u'));
      } catch {
        return undefined;
      }
    };
    arb = attempt(pattern) ?? attempt(pattern.replace(/\(\?[!=][^)]*\)/g, '')) ?? fc.stringMatching(/^\w+$/);
    patternArbs.set(pattern, arb);
  }
  return arb;
}

/** Clips a string to at most `max` code points and pads it to `min` with `pad`. */
function fit(s: string, min: number | undefined, max: number | undefined, pad = 'a'): string {
  let cps = [...s];
  if (max !== undefined && cps.length > max) cps = cps.slice(0, max);
  while (min !== undefined && cps.length < min) cps.push(pad);
  return cps.join('');
}

/** A string that satisfies the shape (pattern, length, enum) as far as the generator can tell. */
export function validString(shape: Shape): fc.Arbitrary<string> {
  if (shape.enum?.length) return fc.constantFrom(...shape.enum);
  const base = shape.pattern ? patternArb(shape.pattern) : fc.string({ unit: 'grapheme', maxLength: 40 });
  const max = shape.max !== undefined ? Math.min(shape.max, 128) : undefined;
  return base.map((s) => fit(s, shape.min, max, s.slice(-1) || 'a'));
}

const ODD_CHARS = ['\u0000', '\u0001', '\t', '\n', '\r', ' ', '/', '\\', '%', '%00', '&', '=', '+', '"', "'", '<', '>', ']]>', '\u00e9', '\u00ff', '\u0100', '\u2028', '\ufeff', '\uffff', '\u{1F600}', '\ud800', '*', '?', '$', '{', '}', ':', '..', '__proto__'];

/** A character or sequence that models and storage treat specially. */
export const oddChars = fc.constantFrom(...ODD_CHARS);

/** Inserts `piece` into `s` at a position chosen by `at` (0..1). */
function insertAt(s: string, piece: string, at: number): string {
  const i = Math.floor(at * (s.length + 1));
  return s.slice(0, i) + piece + s.slice(i);
}

/** Near-valid variants of a string: NUL or other odd characters inside, trailing `/`, other case, empty, too long, huge. */
export function breakString(base: fc.Arbitrary<string>, shape?: Shape): fc.Arbitrary<string> {
  const over = (shape?.max ?? 128) + 1;
  return fc.oneof(
    { weight: 4, arbitrary: fc.tuple(base, oddChars, fc.double({ min: 0, max: 1, noNaN: true })).map(([s, c, at]) => insertAt(s, c, at)) },
    // NUL on its own too: storage refuses it in keys (PostgreSQL in any text).
    { weight: 2, arbitrary: fc.tuple(base, fc.double({ min: 0, max: 1, noNaN: true })).map(([s, at]) => insertAt(s, '\u0000', at)) },
    { weight: 2, arbitrary: base.map((s) => `${s}/`) },
    { weight: 2, arbitrary: base.map((s) => (s === s.toUpperCase() ? s.toLowerCase() : s.toUpperCase())) },
    { weight: 1, arbitrary: fc.constant('') },
    { weight: 1, arbitrary: fc.tuple(base, fc.constantFrom('\u00e9', '\u{1F600}', 'x')).map(([s, c]) => `${s}${c.repeat(Math.max(1, over - [...s].length))}`) },
    { weight: 1, arbitrary: fc.tuple(fc.integer({ min: 5_000, max: 140_000 }), fc.constantFrom('a', '/', '\u00e9', '\u0000', '%')).map(([n, c]) => c.repeat(n)) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
  );
}

/** A value for a string shape: valid, or (`near`) mostly valid and sometimes near-valid. */
export function modelString(shape: Shape, near: boolean, valid: fc.Arbitrary<string> = validString(shape)): fc.Arbitrary<string> {
  return near ? fc.oneof({ weight: 3, arbitrary: valid }, { weight: 2, arbitrary: breakString(valid, shape) }) : valid;
}

const KINDS = ['user', 'group', 'role', 'instance-profile', 'policy', 'mfa', 'oidc-provider', 'saml-provider', 'server-certificate'] as const;
const PATHS = ['/', '/a/', '/a/b/', '/service-role/', '/aws-service-role/', '//', '/A/', '/\u00e9/', '/x y/'];

/** An IAM resource kind that ARNs name. */
export type ArnKind = (typeof KINDS)[number];

/**
 * ARNs of existing entities of `kinds` (exactly as the server made them), of every IAM (and STS
 * principal) kind for the world's account, AWS's, another account or none; `near` adds broken ones.
 */
export function arnArb(w: FuzzWorld, near: boolean, kinds: readonly ArnKind[] = KINDS): fc.Arbitrary<string> {
  const pooled = (kind: ArnKind): string[] => (kind in w.names ? [...w.names[kind as keyof FuzzWorld['names']]] : []);
  const name = (kind: ArnKind) => fc.oneof(fc.constantFrom('x', 'Name_1', 'AdministratorAccess', ...pooled(kind)), fc.stringMatching(/^[\w+=,.@-]{1,20}$/));
  const account = fc.constantFrom(w.accountId, w.accountId, w.accountId, 'aws', '123456789012', '000000000000', '', '12345');
  const existing = kinds.flatMap((k) => w.arns[k] ?? []);
  const known = existing.length ? fc.constantFrom(...existing) : fc.constant(`arn:aws:iam::${w.accountId}:root`);
  const anyArn = fc.tuple(fc.constantFrom(...kinds), account, fc.constantFrom(...PATHS), fc.constant(null)).chain(([kind, acct, path]) =>
    name(kind).map((n) => `arn:aws:iam::${acct}:${kind}${kind === 'mfa' || path === '/' ? '/' : path}${n}`),
  );
  const special = fc.constantFrom(
    `arn:aws:iam::${w.accountId}:root`,
    `arn:aws:iam::aws:policy/AdministratorAccess`,
    `arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole`,
    `arn:aws:sts::${w.accountId}:assumed-role/fz-r1/session`,
    `arn:aws:sts::${w.accountId}:federated-user/bob`,
    `arn:aws:iam::${w.accountId}:user/`,
    `arn:aws:iam::${w.accountId}:policy/`,
    `arn:aws:iam::${w.accountId}:role/a/`,
    `arn:aws:iam::${w.accountId}:`,
    `arn:aws:iam:::user/x`,
    `arn:aws-cn:iam::${w.accountId}:user/x`,
    `arn:aws:s3:::bucket/key`,
    `arn:aws:iam::${w.accountId}:user/a/b/c/d/e/f/g/h/x`,
    'arn:aws:iam',
    'arn:::::',
    '*',
    'not-an-arn',
  );
  const iamArn = fc.oneof({ weight: 3, arbitrary: known }, { weight: 2, arbitrary: anyArn });
  const base = fc.oneof({ weight: 6, arbitrary: iamArn }, { weight: 2, arbitrary: special });
  if (!near) return iamArn;
  // The name of an existing entity with NUL inside or `/` after it: past every check but the lookup.
  const nearName = fc.tuple(known, fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom('\u0000', '\u0000', '/')).map(([arn, at, c]) => {
    const start = arn.lastIndexOf('/') + 1;
    return c === '/' ? `${arn}/` : arn.slice(0, start) + insertAt(arn.slice(start), c, at);
  });
  return fc.oneof({ weight: 3, arbitrary: base }, { weight: 2, arbitrary: breakString(base) }, { weight: 1, arbitrary: nearName });
}

/** A marker the server returned, or (`near`) forged and real-looking ones (`AA` decodes to a NUL byte). */
export function markerArb(near: boolean): fc.Arbitrary<string> {
  const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64url');
  if (!near) return fc.constant(HARVESTED_MARKER);
  return fc.oneof(
    { weight: 3, arbitrary: fc.constant(HARVESTED_MARKER) },
    { weight: 2, arbitrary: fc.constantFrom('AA', 'AAAA', '', '!!', '====', 'A', '_-', '%00', 'AAE', '\u00e9', 'bnVsbA', 'Lw', 'Ly8', '/+==') },
    { weight: 2, arbitrary: fc.string({ maxLength: 30 }).map(b64) },
    { weight: 1, arbitrary: fc.tuple(fc.string({ maxLength: 10 }), oddChars).map(([s, c]) => b64(s + c)) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
    { weight: 1, arbitrary: fc.integer({ min: 1_000, max: 100_000 }).map((n) => 'A'.repeat(n)) },
  );
}

const STATEMENTS = [
  '{"Effect":"Allow","Action":"*","Resource":"*"}',
  '{"Effect":"Deny","Action":"iam:*","Resource":"arn:aws:iam::*:user/*"}',
  '{"Effect":"Allow","Action":["s3:GetObject","iam:Get*"],"Resource":"*","Condition":{"StringEquals":{"aws:username":"${aws:username}"}}}',
  '{"Effect":"Allow","NotAction":"iam:*","NotResource":"*"}',
  '{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"sts:AssumeRole"}',
  '{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}',
  '{"Sid":"x","Effect":"Allow","Action":"*","Resource":"*","Condition":{"DateGreaterThan":{"aws:CurrentTime":"2020-01-01T00:00:00Z"},"Bool":{"aws:MultiFactorAuthPresent":"true"}}}',
  '{"Effect":"Maybe","Action":"*","Resource":"*"}',
  '{"Effect":"Allow","Action":"","Resource":""}',
  '{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"NoSuchOperator":{"a":"b"}}}',
];

/** Policy documents: identity and trust policies; `near` adds broken JSON, odd values, deep nesting, huge ones. */
export function policyDocumentArb(near: boolean): fc.Arbitrary<string> {
  const doc = fc.tuple(fc.constantFrom('2012-10-17', '2008-10-17', '2099-01-01'), fc.array(fc.constantFrom(...STATEMENTS), { minLength: 0, maxLength: 4 }), fc.boolean()).map(
    ([v, st, asArray]) => (asArray || st.length !== 1 ? `{"Version":"${v}","Statement":[${st.join(',')}]}` : `{"Version":"${v}","Statement":${st[0]}}`),
  );
  if (!near) return doc;
  return fc.oneof(
    { weight: 4, arbitrary: doc },
    { weight: 2, arbitrary: breakString(doc) },
    { weight: 1, arbitrary: fc.constantFrom('{}', 'null', '[]', '""', '{"Statement":null}', '{"Version":"2012-10-17","Statement":[{}]}', '{"__proto__":{"x":1}}', '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"StringLike":{"__proto__":"x"}}}]}') },
    { weight: 1, arbitrary: fc.integer({ min: 100, max: 20_000 }).map((n) => '['.repeat(n) + ']'.repeat(n)) },
    { weight: 1, arbitrary: fc.json({ maxDepth: 4 }) },
  );
}

/** Access key ids: existing (fuzzable) ones, well-formed unknown ones, (`near`) broken ones. */
export function accessKeyIdArb(w: FuzzWorld, near: boolean): fc.Arbitrary<string> {
  const known = w.accessKeyIds.length ? fc.constantFrom(...w.accessKeyIds) : fc.constant('AKIAIOSFODNN7EXAMPLE');
  const formed = fc.stringMatching(/^(AKIA|ASIA)[A-Z2-7]{16}$/);
  const valid = fc.oneof(known, formed);
  return near ? fc.oneof({ weight: 3, arbitrary: valid }, { weight: 2, arbitrary: breakString(formed) }) : valid;
}
