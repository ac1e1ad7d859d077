/** String condition operators (IAM "Condition operators": String). Variables allowed. */
import { compileTokens } from '../compile/wildcard-matcher.js';
import { resolveToString, resolveToTokens } from '../variables/policy-variables.js';
import { operatorPair } from './base-operator.js';
import type { BaseOperator } from './base-operator.js';

export const STRING_OPERATORS: readonly BaseOperator[] = [
  // Exact, case-sensitive; `*` and `?` are literal characters here.
  ...operatorPair('StringEquals', 'StringNotEquals', true, (t, lookup) => {
    const v = resolveToString(t, lookup);
    return v === undefined ? undefined : (s) => s === v;
  }),
  ...operatorPair('StringEqualsIgnoreCase', 'StringNotEqualsIgnoreCase', true, (t, lookup) => {
    const v = resolveToString(t, lookup)?.toLowerCase();
    return v === undefined ? undefined : (s) => s.toLowerCase() === v;
  }),
  // Case-sensitive with `*` / `?` wildcards written in the policy.
  ...operatorPair('StringLike', 'StringNotLike', true, (t, lookup) => {
    const tokens = resolveToTokens(t, lookup);
    return tokens === undefined ? undefined : compileTokens(tokens);
  }),
];
