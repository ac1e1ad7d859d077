/**
 * Structural parsing of policy JSON into a PolicyDocument ("Grammar of the IAM JSON
 * policy language"). `parseStructure` reports every grammar problem it meets;
 * `parsePolicyLenient` ignores them so that documents stored earlier keep working.
 */
import type { ConditionEntry, Effect, PolicyDocument, PolicyVersion, PrincipalElement, Statement } from '../model/policy-document.js';
import { MSG } from './messages.js';
import { ownLookup } from '../../shared/own-lookup.js';

/** A grammar problem found while parsing. */
export interface ParseIssue {
  readonly message: string;
}

type Obj = Readonly<Record<string, unknown>>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

const TOP_KEYS = new Set(['Version', 'Id', 'Statement']);
const STATEMENT_KEYS = new Set(['Sid', 'Effect', 'Principal', 'NotPrincipal', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition']);
const PRINCIPAL_KEYS: Readonly<Record<string, 'aws' | 'service' | 'federated' | 'canonicalUser'>> = {
  AWS: 'aws',
  Service: 'service',
  Federated: 'federated',
  CanonicalUser: 'canonicalUser',
};

function stringList(v: unknown, issues: ParseIssue[]): string[] | undefined {
  if (typeof v === 'string') return [v];
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v as string[];
  issues.push({ message: MSG.syntax });
  return undefined;
}

function parsePrincipal(v: unknown, issues: ParseIssue[]): PrincipalElement | undefined {
  if (v === '*') return { kind: 'wildcard' };
  if (!isObj(v)) {
    issues.push({ message: typeof v === 'string' ? MSG.invalidPrincipal('AWS', v) : MSG.syntax });
    return undefined;
  }
  const out = { aws: [] as string[], service: [] as string[], federated: [] as string[], canonicalUser: [] as string[] };
  for (const [k, raw] of Object.entries(v)) {
    const slot = ownLookup(PRINCIPAL_KEYS, k);
    const list = stringList(raw, issues);
    if (!slot) issues.push({ message: MSG.syntax });
    else if (list) out[slot].push(...list);
  }
  return { kind: 'map', ...out };
}

function conditionValue(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}

function parseCondition(v: unknown, issues: ParseIssue[]): ConditionEntry[] {
  if (!isObj(v)) {
    issues.push({ message: MSG.syntax });
    return [];
  }
  const out: ConditionEntry[] = [];
  for (const [operator, block] of Object.entries(v)) {
    if (!isObj(block)) {
      issues.push({ message: MSG.syntax });
      continue;
    }
    for (const [key, raw] of Object.entries(block)) {
      const list = Array.isArray(raw) ? raw : [raw];
      const values = list.map(conditionValue);
      if (values.some((x) => x === undefined)) issues.push({ message: MSG.syntax });
      out.push({ operator, key, values: values.filter((x): x is string => x !== undefined), valuesWereArray: Array.isArray(raw) });
    }
  }
  return out;
}

function parseEffect(v: unknown, issues: ParseIssue[]): Effect | undefined {
  if (v === 'Allow' || v === 'Deny') return v;
  if (v === undefined) issues.push({ message: MSG.missingEffect });
  else issues.push({ message: MSG.invalidEffect(String(v)) });
  // Lenient reading of stored documents: accept any casing.
  if (typeof v === 'string' && v.toLowerCase() === 'allow') return 'Allow';
  if (typeof v === 'string' && v.toLowerCase() === 'deny') return 'Deny';
  return undefined;
}

function parseStatement(s: unknown, issues: ParseIssue[]): Statement | undefined {
  if (!isObj(s)) {
    issues.push({ message: MSG.syntax });
    return undefined;
  }
  for (const k of Object.keys(s)) if (!STATEMENT_KEYS.has(k)) issues.push({ message: MSG.syntax });
  const effect = parseEffect(s['Effect'], issues);
  if (!effect) return undefined;
  const st: { -readonly [K in keyof Statement]: Statement[K] } = { effect, condition: [] };
  if (s['Sid'] !== undefined) {
    if (typeof s['Sid'] === 'string') st.sid = s['Sid'];
    else issues.push({ message: MSG.syntax });
  }
  if (s['Principal'] !== undefined) st.principal = parsePrincipal(s['Principal'], issues);
  if (s['NotPrincipal'] !== undefined) st.notPrincipal = parsePrincipal(s['NotPrincipal'], issues);
  if (s['Action'] !== undefined) st.action = stringList(s['Action'], issues);
  if (s['NotAction'] !== undefined) st.notAction = stringList(s['NotAction'], issues);
  if (s['Resource'] !== undefined) st.resource = stringList(s['Resource'], issues);
  if (s['NotResource'] !== undefined) st.notResource = stringList(s['NotResource'], issues);
  if (s['Condition'] !== undefined) st.condition = parseCondition(s['Condition'], issues);
  // Conflicting elements (IAM grammar: exactly one of each pair).
  if (s['Action'] !== undefined && s['NotAction'] !== undefined) issues.push({ message: MSG.syntax });
  if (s['Resource'] !== undefined && s['NotResource'] !== undefined) issues.push({ message: MSG.syntax });
  if (s['Principal'] !== undefined && s['NotPrincipal'] !== undefined) issues.push({ message: MSG.syntax });
  return st;
}

/** Parses an already-decoded JSON value, pushing grammar problems to `issues`. */
export function parseStructure(raw: unknown, issues: ParseIssue[]): PolicyDocument | undefined {
  if (!isObj(raw)) {
    issues.push({ message: MSG.syntax });
    return undefined;
  }
  for (const k of Object.keys(raw)) if (!TOP_KEYS.has(k)) issues.push({ message: MSG.syntax });
  let version: PolicyVersion | undefined;
  const v = raw['Version'];
  if (v === '2012-10-17' || v === '2008-10-17') version = v;
  else if (v !== undefined) issues.push({ message: MSG.legacyParsing });
  const id = raw['Id'];
  if (id !== undefined && typeof id !== 'string') issues.push({ message: MSG.syntax });
  const st = raw['Statement'];
  const list = Array.isArray(st) ? st : st === undefined ? [] : [st];
  if (st === undefined || list.length === 0) issues.push({ message: MSG.syntax });
  const statements = list.map((s) => parseStatement(s, issues)).filter((s): s is Statement => s !== undefined);
  return {
    ...(version ? { version } : {}),
    ...(typeof id === 'string' ? { id } : {}),
    statements,
    ...(isObj(st) ? { statementWasObject: true } : {}),
  };
}

/** Result of lenient parsing. */
export type LenientResult = { readonly ok: true; readonly policy: PolicyDocument } | { readonly ok: false; readonly error: string };

/**
 * Parses a stored policy leniently: unknown elements are ignored, Effect casing is
 * forgiven, unusable statements are dropped. Only non-JSON or non-object input fails.
 */
export function parsePolicyLenient(json: string | unknown): LenientResult {
  let raw: unknown = json;
  if (typeof json === 'string') {
    try {
      raw = JSON.parse(json);
    } catch {
      return { ok: false, error: MSG.syntax };
    }
  }
  const policy = parseStructure(raw, []);
  return policy ? { ok: true, policy } : { ok: false, error: MSG.syntax };
}
