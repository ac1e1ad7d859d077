/**
 * Statements compiled once per web ACL version into predicates over one request. Nested statements
 * are pure and synchronous; rate-based, rule group and managed rule group statements are rule-level
 * (evaluate.ts). Match semantics follow the AWS WAF developer guide's statement pages.
 */
import type { ByteMatchStatement, ForwardedIPConfig, IPSetForwardedIPConfig, Statement } from '../../services/wafv2/api.generated.js';
import type { Detectors } from './detectors.js';
import { compileField, headerValues, type FieldValue } from './fields.js';
import type { GeoDb } from './geo.js';
import type { InspectedRequest } from './inspected-request.js';
import { parseIp, type CidrSet, type Ip } from './ip.js';
import type { CompiledRegex } from './regex.js';
import type { RequestMemo } from './request-memo.js';

/** The state of one evaluation: the request, the memo of transformed fields, the labels so far. */
export interface EvalCtx {
  readonly req: InspectedRequest;
  readonly memo: RequestMemo;
  readonly labels: Set<string>;
}

export type Predicate = (ctx: EvalCtx) => boolean;

/** What compiling needs: referenced entities (by ARN) and engines. */
export interface CompileEnv {
  readonly ipSets: ReadonlyMap<string, CidrSet>;
  readonly regexSets: ReadonlyMap<string, readonly CompiledRegex[]>;
  readonly regex: (pattern: string) => CompiledRegex;
  readonly geo: GeoDb;
  readonly detectors: Detectors;
  /** The namespace unqualified label keys are read in: `awswaf:ACCOUNT:webacl:NAME:` or a rule group's. */
  readonly labelNamespace: string;
}

/**
 * A stored blob as a byte string. Records hold `{ $blob: base64 }` (store.ts `storable`); those
 * written before `storable` looked past a Buffer's toJSON hold `{ type: 'Buffer', data: [...] }`.
 */
export function blobText(b: unknown): string {
  if (typeof b === 'string') return Buffer.from(b, 'utf8').toString('latin1');
  if (b instanceof Uint8Array) return Buffer.from(b).toString('latin1');
  if (b && typeof b === 'object') {
    const o = b as { $blob?: unknown; type?: unknown; data?: unknown };
    if (typeof o.$blob === 'string') return Buffer.from(o.$blob, 'base64').toString('latin1');
    if (o.type === 'Buffer' && Array.isArray(o.data)) return Buffer.from(o.data as number[]).toString('latin1');
  }
  return '';
}

const isWordChar = (c: string | undefined) => c !== undefined && /[A-Za-z0-9_]/.test(c);

function byteMatch(s: ByteMatchStatement): (v: string) => boolean {
  const needle = blobText(s.SearchString);
  switch (s.PositionalConstraint) {
    case 'EXACTLY':
      return (v) => v === needle;
    case 'STARTS_WITH':
      return (v) => v.startsWith(needle);
    case 'ENDS_WITH':
      return (v) => v.endsWith(needle);
    case 'CONTAINS':
      return (v) => v.includes(needle);
    case 'CONTAINS_WORD':
      // The search string must appear delimited by non-word characters (or the value's ends).
      return (v) => {
        for (let i = v.indexOf(needle); i >= 0; i = v.indexOf(needle, i + 1)) {
          if (!isWordChar(v[i - 1]) && !isWordChar(v[i + needle.length])) return true;
        }
        return false;
      };
  }
}

/** A predicate over a field's values: decided outcomes short-circuit. */
function onField(read: ReturnType<typeof compileField>, test: (v: string) => boolean): Predicate {
  return ({ req, memo }) => {
    const fv: FieldValue = read(req, memo);
    if (fv === 'MATCH') return true;
    if (fv === 'NO_MATCH') return false;
    return fv.values.some(test);
  };
}

/** The address a statement inspects: the peer, or the first address of a forwarded header. */
export function forwardedIp(req: InspectedRequest, cfg: ForwardedIPConfig | IPSetForwardedIPConfig | undefined): Ip[] | 'MATCH' | 'NO_MATCH' {
  if (!cfg) {
    const ip = parseIp(req.clientIp);
    return ip ? [ip] : 'NO_MATCH';
  }
  const raw = headerValues(req, cfg.HeaderName)[0];
  const parts = raw === undefined ? [] : raw.split(',').map((x) => x.trim()).filter((x) => x !== '');
  const pos = 'Position' in cfg ? cfg.Position : 'FIRST';
  // ANY inspects the first 10 addresses (AWS: "up to 10"); FIRST and LAST one each.
  const chosen = pos === 'ANY' ? parts.slice(0, 10) : pos === 'LAST' ? parts.slice(-1) : parts.slice(0, 1);
  const ips = chosen.map(parseIp);
  // A missing header or an address that is not one: the fallback behavior decides.
  if (ips.length === 0 || ips.some((x) => x === undefined)) return cfg.FallbackBehavior === 'MATCH' ? 'MATCH' : 'NO_MATCH';
  return ips as Ip[];
}

function sizeTest(op: string, size: number): (n: number) => boolean {
  switch (op) {
    case 'EQ': return (n) => n === size;
    case 'NE': return (n) => n !== size;
    case 'LE': return (n) => n <= size;
    case 'LT': return (n) => n < size;
    case 'GE': return (n) => n >= size;
    default: return (n) => n > size;
  }
}

/** Fully qualified label key (an unqualified one is read in the current namespace). */
export const qualify = (key: string, ns: string) => (key.startsWith('awswaf:') ? key : ns + key);

export function compileStatement(s: Statement, env: CompileEnv): Predicate {
  if (s.ByteMatchStatement) return onField(compileField(s.ByteMatchStatement.FieldToMatch, s.ByteMatchStatement.TextTransformations), byteMatch(s.ByteMatchStatement));
  if (s.RegexMatchStatement) {
    const re = env.regex(s.RegexMatchStatement.RegexString);
    return onField(compileField(s.RegexMatchStatement.FieldToMatch, s.RegexMatchStatement.TextTransformations), (v) => re.test(v));
  }
  if (s.RegexPatternSetReferenceStatement) {
    const st = s.RegexPatternSetReferenceStatement;
    const res = env.regexSets.get(st.ARN) ?? [];
    return onField(compileField(st.FieldToMatch, st.TextTransformations), (v) => res.some((r) => r.test(v)));
  }
  if (s.SqliMatchStatement) {
    const d = env.detectors.sqli(s.SqliMatchStatement.SensitivityLevel ?? 'LOW');
    return onField(compileField(s.SqliMatchStatement.FieldToMatch, s.SqliMatchStatement.TextTransformations), d);
  }
  if (s.XssMatchStatement) return onField(compileField(s.XssMatchStatement.FieldToMatch, s.XssMatchStatement.TextTransformations), env.detectors.xss());
  if (s.SizeConstraintStatement) {
    const st = s.SizeConstraintStatement;
    const t = sizeTest(st.ComparisonOperator, st.Size);
    const read = compileField(st.FieldToMatch, st.TextTransformations);
    // Body sizes: an oversize body is larger than any inspected prefix, so compare its real excess as "big".
    return ({ req, memo }) => {
      const fv = read(req, memo);
      if (fv === 'MATCH') return true;
      if (fv === 'NO_MATCH') return false;
      if ((st.FieldToMatch.Body || st.FieldToMatch.JsonBody) && req.bodyOversize) return t(Number.MAX_SAFE_INTEGER);
      return fv.values.some((v) => t(v.length));
    };
  }
  if (s.GeoMatchStatement) {
    const st = s.GeoMatchStatement;
    const codes = new Set(st.CountryCodes ?? []);
    const prefix = st.ForwardedIPConfig ? 'awswaf:forwardedip:geo:country:' : 'awswaf:clientip:geo:country:';
    return ({ req, labels }) => {
      const ips = forwardedIp(req, st.ForwardedIPConfig);
      if (ips === 'MATCH') return true;
      if (ips === 'NO_MATCH') return false;
      const cc = env.geo.countryOf(ips[0]!);
      if (cc) labels.add(prefix + cc);
      return cc !== undefined && codes.has(cc as never);
    };
  }
  if (s.IPSetReferenceStatement) {
    const st = s.IPSetReferenceStatement;
    const set = env.ipSets.get(st.ARN);
    return ({ req }) => {
      const ips = forwardedIp(req, st.IPSetForwardedIPConfig);
      if (ips === 'MATCH') return true;
      if (ips === 'NO_MATCH' || !set) return false;
      return ips.some((ip) => set.has(ip));
    };
  }
  if (s.LabelMatchStatement) {
    const { Scope, Key } = s.LabelMatchStatement;
    const key = qualify(Key, env.labelNamespace);
    if (Scope === 'LABEL') return ({ labels }) => labels.has(key);
    const ns = key.endsWith(':') ? key : key + ':';
    return ({ labels }) => {
      for (const l of labels) if (l.startsWith(ns)) return true;
      return false;
    };
  }
  if (s.AndStatement) {
    const ps = s.AndStatement.Statements.map((x) => compileStatement(x, env));
    return (ctx) => ps.every((p) => p(ctx));
  }
  if (s.OrStatement) {
    const ps = s.OrStatement.Statements.map((x) => compileStatement(x, env));
    return (ctx) => ps.some((p) => p(ctx));
  }
  if (s.NotStatement) {
    const p = compileStatement(s.NotStatement.Statement, env);
    return (ctx) => !p(ctx);
  }
  // AsnMatch needs an ASN database Rampart does not have: it matches nothing (documented).
  // Rate-based and rule group statements are rule-level, never nested (the control plane refuses them).
  return () => false;
}
