/**
 * The context keys a policy refers to: the keys of its Condition blocks and, in 2012-10-17
 * documents, the policy variables (`${aws:username}`) of its Resource, NotResource and condition
 * values. GetContextKeysFor*Policy list them; the simulator reports those it was not given.
 */
import type { PolicyDocument, Statement } from '../../../policy/index.js';

const VARIABLE = /\$\{\s*([^\s,'{}*?$]+)\s*(?:,[^}]*)?\}/g;

function variablesIn(values: readonly string[] | undefined, out: string[]): void {
  for (const v of values ?? []) for (const m of v.matchAll(VARIABLE)) out.push(m[1]!);
}

/** The context keys of one statement, in order of appearance (duplicates included). */
export function statementContextKeys(st: Statement, variables: boolean): string[] {
  const out: string[] = [];
  if (variables) {
    variablesIn(st.resource, out);
    variablesIn(st.notResource, out);
  }
  for (const c of st.condition) {
    out.push(c.key);
    if (variables) variablesIn(c.values, out);
  }
  return out;
}

/** Adds `keys` to `acc` unless already there (compared case-insensitively, first spelling kept). */
export function addKeys(acc: Map<string, string>, keys: readonly string[]): void {
  for (const k of keys) if (!acc.has(k.toLowerCase())) acc.set(k.toLowerCase(), k);
}

/** Every context key of a parsed policy document. */
export function documentContextKeys(doc: PolicyDocument): string[] {
  const acc = new Map<string, string>();
  for (const st of doc.statements) addKeys(acc, statementContextKeys(st, doc.version === '2012-10-17'));
  return [...acc.values()];
}

/** `${...}` anywhere, and the key at the start of its inside, as the engine reads a policy variable. */
const ANY_VARIABLE = /\$\{([^}]*)\}/g;
const VARIABLE_KEY = /^\s*([^\s,'{}]+)/;

function eachString(v: unknown, visit: (s: string) => void): void {
  if (typeof v === 'string') visit(v);
  else if (Array.isArray(v)) for (const x of v) eachString(x, visit);
  else if (v !== null && typeof v === 'object') for (const x of Object.values(v)) eachString(x, visit);
}

/**
 * Adds to `out`, lower-cased, every context key `st` could make the engine look up: its condition
 * keys and any policy variable in any of its strings, whatever the document's version. A superset:
 * the simulator hands the engine only these keys of the request context, which decides the same.
 */
export function readableKeys(st: Statement, out: Set<string>): void {
  for (const c of st.condition) out.add(c.key.toLowerCase());
  eachString(st, (s) => {
    if (!s.includes('${')) return;
    for (const m of s.matchAll(ANY_VARIABLE)) {
      const key = VARIABLE_KEY.exec(m[1]!)?.[1];
      if (key) out.add(key.toLowerCase());
    }
  });
}
