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
