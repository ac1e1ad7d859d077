/**
 * Regular expressions as AWS WAF accepts them ("Supported regular expression syntax in AWS WAF"):
 * PCRE syntax without backreferences, lookaround (arbitrary zero-width assertions), subroutine
 * references and recursion, conditional patterns, backtracking control verbs, callouts, atomic
 * groups and possessive quantifiers, and the \C, \R and \K directives. A pattern that uses one of
 * those or does not compile is refused. Compiling bounds the work: patterns are at most 512
 * characters (the model) and are never run here.
 */

/** Why a pattern is refused, or undefined when WAF accepts it. */
export function regexProblem(pattern: string): string | undefined {
  if (pattern.length === 0) return 'empty';
  if (/\(\?(?:[=!]|<[=!])/.test(pattern)) return 'lookaround';
  if (/\(\?>/.test(pattern)) return 'atomic group';
  if (/\(\?\(/.test(pattern)) return 'conditional';
  if (/\(\?(?:R|[+-]?\d|&|P>|C)/.test(pattern)) return 'recursion or callout';
  if (/\(\*/.test(pattern)) return 'backtracking verb';
  // Escapes are read pairwise so that `\\1` (a backslash, then 1) is not taken for a backreference.
  for (let i = 0; i < pattern.length; i++) {
    if (pattern[i] !== '\\') continue;
    const c = pattern[i + 1] ?? '';
    if (/[1-9]/.test(c) || c === 'g' || c === 'k') return 'backreference';
    if (c === 'C' || c === 'R' || c === 'K') return `\\${c}`;
    i++;
  }
  if (/(?:[*+?}])\+/.test(pattern.replace(/\\./g, '__'))) return 'possessive quantifier';
  // PCRE's inline options at the start ((?i), (?s), (?m), (?x) and combinations) have no JS form.
  const body = pattern.replace(/^\(\?[imsx]+\)/, '');
  const flags = /^\(\?[imsx]*i/.test(pattern) ? 'i' : '';
  try {
    new RegExp(body.replace(/\(\?[imsx]+:/g, '(?:'), flags);
  } catch {
    return 'does not compile';
  }
  return undefined;
}
