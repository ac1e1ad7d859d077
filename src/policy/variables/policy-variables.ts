/**
 * Policy variables (IAM "Policy elements: Variables and tags"): `${key}`,
 * `${key, 'default'}` and the escapes `${*}`, `${?}`, `${$}`. Only documents with
 * `Version: 2012-10-17` interpret them; elsewhere the text is literal.
 */
import { pushLiteral, tokenizeWildcards } from '../compile/wildcard-matcher.js';
import type { GlobToken } from '../compile/wildcard-matcher.js';

/** One piece of a policy string. */
export type TemplatePart =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'escape'; readonly text: '*' | '?' | '$' }
  | { readonly kind: 'var'; readonly key: string; readonly fallback?: string };

/** A policy string split into literal text, escapes and variable references. */
export interface Template {
  readonly source: string;
  readonly parts: readonly TemplatePart[];
  /** True when at least one part is a `var` (escapes alone resolve statically). */
  readonly hasVariables: boolean;
}

const VARIABLE = /^\s*([^\s,'{}]+)\s*(?:,\s*'((?:[^']|'')*)'\s*)?$/;

/** Splits `source` into template parts. Malformed `${...}` stays literal text. */
export function parseTemplate(source: string): Template {
  const parts: TemplatePart[] = [];
  let text = '';
  let hasVariables = false;
  let i = 0;
  while (i < source.length) {
    const open = source.indexOf('${', i);
    if (open < 0) break;
    const close = source.indexOf('}', open + 2);
    if (close < 0) break;
    const inner = source.slice(open + 2, close);
    const m = VARIABLE.exec(inner);
    text += source.slice(i, open);
    if (inner === '*' || inner === '?' || inner === '$') {
      flush();
      parts.push({ kind: 'escape', text: inner });
    } else if (m?.[1] !== undefined) {
      flush();
      const key = m[1].toLowerCase();
      parts.push(m[2] === undefined ? { kind: 'var', key } : { kind: 'var', key, fallback: m[2].replace(/''/g, "'") });
      hasVariables = true;
    } else {
      text += source.slice(open, close + 1);
    }
    i = close + 1;
  }
  text += source.slice(i);
  flush();
  return { source, parts, hasVariables };

  function flush(): void {
    if (text.length > 0) parts.push({ kind: 'text', text });
    text = '';
  }
}

/** Looks a variable key (lowercase) up; returns undefined when absent or multivalued. */
export type VariableLookup = (lowerKey: string) => string | undefined;

/**
 * Resolves a template to a plain string (wildcard characters in policy text are kept
 * as-is). Returns undefined when a variable has no value and no default: AWS then
 * treats the value as null, so it matches nothing.
 */
export function resolveToString(t: Template, lookup: VariableLookup): string | undefined {
  let out = '';
  for (const p of t.parts) {
    if (p.kind === 'var') {
      const v = lookup(p.key) ?? p.fallback;
      if (v === undefined) return undefined;
      out += v;
    } else out += p.text;
  }
  return out;
}

/**
 * Resolves a template to glob tokens: `*`/`?` written in the policy are wildcards,
 * while variable values and `${*}`-style escapes are literal characters.
 */
export function resolveToTokens(t: Template, lookup: VariableLookup, lower = false): GlobToken[] | undefined {
  const out: GlobToken[] = [];
  for (const p of t.parts) {
    if (p.kind === 'text') tokenizeWildcards(lower ? p.text.toLowerCase() : p.text, out);
    else {
      const v = p.kind === 'escape' ? p.text : (lookup(p.key) ?? p.fallback);
      if (v === undefined) return undefined;
      pushLiteral(out, lower ? v.toLowerCase() : v);
    }
  }
  return out;
}

/** A lookup that never finds anything (for templates without variables). */
export const NO_VARIABLES: VariableLookup = () => undefined;
