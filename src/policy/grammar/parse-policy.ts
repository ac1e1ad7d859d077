/**
 * Reading policy JSON into a PolicyDocument ("Grammar of the IAM JSON policy language"). The
 * reading is lenient: it never fails on an element it does not understand, so that documents
 * stored earlier keep working. What IAM refuses on write is decided by `policy-checks.ts`, which
 * reads the document with this same function once every check has passed.
 */
import type { ConditionEntry, Effect, PolicyDocument, PolicyVersion, PrincipalElement, Statement } from '../model/policy-document.js';
import { MSG } from './messages.js';
import { ownLookup } from '../../shared/own-lookup.js';

type Obj = Readonly<Record<string, unknown>>;
export const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

export const PRINCIPAL_KEYS: Readonly<Record<string, 'aws' | 'service' | 'federated' | 'canonicalUser'>> = {
  AWS: 'aws',
  Service: 'service',
  Federated: 'federated',
  CanonicalUser: 'canonicalUser',
};

/**
 * A string, or the strings of a list. JSON `null` entries are left out: IAM accepts them in
 * Resource lists (an AWS answer recorded by moto's tests) and they name nothing.
 */
function stringList(v: unknown): string[] | undefined {
  if (typeof v === 'string') return [v];
  if (!Array.isArray(v)) return undefined;
  const out: string[] = [];
  for (const x of v) {
    if (typeof x === 'string') out.push(x);
    else if (x !== null) return undefined;
  }
  return out;
}

/** A Principal/NotPrincipal element; undefined when it is not `"*"` or a map of principal types. */
export function readPrincipal(v: unknown): PrincipalElement | undefined {
  if (v === '*') return { kind: 'wildcard' };
  if (!isObj(v)) return undefined;
  const out = { aws: [] as string[], service: [] as string[], federated: [] as string[], canonicalUser: [] as string[] };
  for (const [k, raw] of Object.entries(v)) {
    const slot = ownLookup(PRINCIPAL_KEYS, k);
    const list = stringList(raw);
    if (slot && list) out[slot].push(...list);
  }
  return { kind: 'map', ...out };
}

function conditionValue(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}

function readCondition(v: unknown): ConditionEntry[] {
  if (!isObj(v)) return [];
  const out: ConditionEntry[] = [];
  for (const [operator, block] of Object.entries(v)) {
    if (!isObj(block)) continue;
    for (const [key, raw] of Object.entries(block)) {
      const list = Array.isArray(raw) ? (raw as unknown[]) : [raw];
      const values = list.map(conditionValue).filter((x): x is string => x !== undefined);
      out.push({ operator, key, values, valuesWereArray: Array.isArray(raw) });
    }
  }
  return out;
}

/** Effect, its casing forgiven (stored documents); undefined when it is neither Allow nor Deny. */
function readEffect(v: unknown): Effect | undefined {
  if (typeof v !== 'string') return undefined;
  const lower = v.toLowerCase();
  return lower === 'allow' ? 'Allow' : lower === 'deny' ? 'Deny' : undefined;
}

function readStatement(s: unknown): Statement | undefined {
  if (!isObj(s)) return undefined;
  const effect = readEffect(s['Effect']);
  if (!effect) return undefined;
  const st: { -readonly [K in keyof Statement]: Statement[K] } = { effect, condition: [] };
  if (typeof s['Sid'] === 'string') st.sid = s['Sid'];
  const principal = s['Principal'] === undefined ? undefined : readPrincipal(s['Principal']);
  const notPrincipal = s['NotPrincipal'] === undefined ? undefined : readPrincipal(s['NotPrincipal']);
  if (principal) st.principal = principal;
  if (notPrincipal) st.notPrincipal = notPrincipal;
  // Exactly one of each pair is kept (the grammar allows one): the positive element wins.
  const action = stringList(s['Action']);
  const notAction = action ? undefined : stringList(s['NotAction']);
  if (action) st.action = action;
  if (notAction) st.notAction = notAction;
  // An unreadable Resource must not widen the statement to every resource: it becomes an empty list.
  if (s['Resource'] !== undefined) st.resource = stringList(s['Resource']) ?? [];
  else if (s['NotResource'] !== undefined) st.notResource = stringList(s['NotResource']) ?? [];
  if (s['Condition'] !== undefined) st.condition = readCondition(s['Condition']);
  return st;
}

/** Reads an already-decoded JSON value; undefined when it is not an object. */
export function readPolicy(raw: unknown): PolicyDocument | undefined {
  if (!isObj(raw)) return undefined;
  const v = raw['Version'];
  const version: PolicyVersion | undefined = v === '2012-10-17' || v === '2008-10-17' ? v : undefined;
  const id = raw['Id'];
  const st = raw['Statement'];
  const list: unknown[] = Array.isArray(st) ? st : st === undefined ? [] : [st];
  const statements = list.map(readStatement).filter((s): s is Statement => s !== undefined);
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
  const policy = readPolicy(raw);
  return policy ? { ok: true, policy } : { ok: false, error: MSG.syntax };
}
