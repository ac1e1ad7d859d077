/**
 * ARN condition operators (IAM "Condition operators": ARN). Each of the six
 * colon-delimited components is matched separately with `*`/`?` wildcards, case
 * sensitively; ArnEquals and ArnLike behave identically. Also used for the
 * Resource element. Variables allowed.
 */
import { STAR, compileTokens } from '../compile/wildcard-matcher.js';
import type { GlobToken } from '../compile/wildcard-matcher.js';
import { resolveToTokens } from '../variables/policy-variables.js';
import { operatorPair } from './base-operator.js';
import type { BaseOperator } from './base-operator.js';

/** Splits an ARN into its first five components and the resource remainder. */
export function splitArn(value: string): string[] | undefined {
  const parts: string[] = [];
  let start = 0;
  for (let i = 0; i < 5; i++) {
    const colon = value.indexOf(':', start);
    if (colon < 0) return undefined;
    parts.push(value.slice(start, colon));
    start = colon + 1;
  }
  parts.push(value.slice(start));
  return parts;
}

/** Splits pattern tokens on the first five literal colons. */
function splitTokens(tokens: readonly GlobToken[]): GlobToken[][] {
  const segments: GlobToken[][] = [[]];
  for (const t of tokens) {
    let rest = t;
    while (typeof rest === 'string' && segments.length < 6 && rest.includes(':')) {
      const i = rest.indexOf(':');
      if (i > 0) segments[segments.length - 1]?.push(rest.slice(0, i));
      segments.push([]);
      rest = rest.slice(i + 1);
    }
    if (rest !== '') segments[segments.length - 1]?.push(rest);
  }
  return segments;
}

/** Matches a value, given its ARN components when the caller already split it. */
export type ArnMatcher = (value: string, parts: readonly string[] | undefined) => boolean;

/** Compiles an ARN pattern (already tokenised) into a matcher over ARN strings. */
export function compileArnTokens(tokens: readonly GlobToken[]): ArnMatcher {
  if (tokens.length === 1 && tokens[0] === STAR) return () => true;
  const segments = splitTokens(tokens);
  const whole = compileTokens(tokens);
  if (segments.length < 6) return (value) => whole(value); // not an ARN pattern: plain wildcard match
  const matchers = segments.map((s) => compileTokens(s));
  return (value, parts) => {
    if (!parts) return whole(value);
    for (let i = 0; i < 6; i++) if (!matchers[i]?.(parts[i] ?? '')) return false;
    return true;
  };
}

const prepareArn: BaseOperator['prepare'] = (t, lookup) => {
  const tokens = resolveToTokens(t, lookup);
  if (tokens === undefined) return undefined;
  const m = compileArnTokens(tokens);
  // A request value that is not an ARN never matches an ARN operator.
  return (s) => {
    const parts = splitArn(s);
    return parts !== undefined && m(s, parts);
  };
};

export const ARN_OPERATORS: readonly BaseOperator[] = [
  ...operatorPair('ArnEquals', 'ArnNotEquals', true, prepareArn),
  ...operatorPair('ArnLike', 'ArnNotLike', true, prepareArn),
];
