/**
 * Customer regexes (RegexMatchStatement, regex pattern sets) run on RE2 (npm `re2`, Google's
 * linear-time engine): no pattern can stall the proxy, whatever the input. Patterns are compiled
 * once per web ACL version (the compiler keeps a cache per version). Inputs are latin1 byte
 * strings; RE2 sees each byte as the code point of the same value.
 */
import RE2 from 're2';

export interface CompiledRegex {
  test(s: string): boolean;
}

const NEVER: CompiledRegex = { test: () => false };

/**
 * Compiles a pattern as AWS WAF reads it (PCRE syntax without the backtracking-only features the
 * control plane already refused; a leading inline flag group such as `(?i)` is RE2 syntax too).
 * A pattern RE2 refuses matches nothing (it cannot have been stored: the API compiles them first).
 */
export function compileRegex(pattern: string): CompiledRegex {
  try {
    const re = new RE2(pattern, 's');
    return { test: (s) => re.test(s) };
  } catch {
    return NEVER;
  }
}
