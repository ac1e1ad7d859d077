/**
 * Wildcard (`*`, `?`) matching without regular expressions. Patterns are token
 * lists; matching is the classic single-backtrack-point glob algorithm, so the
 * worst case is O(pattern × input) and there is no catastrophic backtracking.
 */

/** Token for `*` (any run of characters, possibly empty). */
export const STAR = 0;
/** Token for `?` (exactly one character). */
export const QMARK = 1;

/** A literal chunk or a wildcard. */
export type GlobToken = string | typeof STAR | typeof QMARK;

/** A compiled predicate over strings. */
export type Matcher = (input: string) => boolean;

/** Appends the tokens of `text` to `out`, treating `*` and `?` as wildcards. */
export function tokenizeWildcards(text: string, out: GlobToken[] = []): GlobToken[] {
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 42 /* * */ || c === 63 /* ? */) {
      if (i > start) pushLiteral(out, text.slice(start, i));
      // INVARIANT: no two STAR tokens are adjacent (they are equivalent to one).
      if (c === 42) {
        if (out[out.length - 1] !== STAR) out.push(STAR);
      } else out.push(QMARK);
      start = i + 1;
    }
  }
  if (start < text.length) pushLiteral(out, text.slice(start));
  return out;
}

/** Appends a literal chunk, merging it with a preceding literal. */
export function pushLiteral(out: GlobToken[], text: string): void {
  if (text.length === 0) return;
  const last = out[out.length - 1];
  if (typeof last === 'string') out[out.length - 1] = last + text;
  else out.push(text);
}

/** Whether `input` matches the whole token list. */
export function matchTokens(tokens: readonly GlobToken[], input: string): boolean {
  let ti = 0;
  let si = 0;
  let starTi = -1;
  let starSi = 0;
  const n = tokens.length;
  for (;;) {
    if (ti < n) {
      const t = tokens[ti];
      if (t === STAR) {
        starTi = ti++;
        starSi = si;
        continue;
      }
      if (t === QMARK) {
        if (si < input.length) {
          ti++;
          si++;
          continue;
        }
      } else if (t !== undefined && input.startsWith(t, si)) {
        ti++;
        si += t.length;
        continue;
      }
    } else if (si === input.length) {
      return true;
    }
    // Mismatch: let the most recent `*` absorb one more character.
    if (starTi < 0 || starSi >= input.length) return false;
    starSi++;
    ti = starTi + 1;
    si = starSi;
  }
}

/** Compiles tokens to a matcher, with fast paths for the common shapes. */
export function compileTokens(tokens: readonly GlobToken[]): Matcher {
  const [first, second] = tokens;
  if (tokens.length === 0) return (s) => s.length === 0;
  if (tokens.length === 1) {
    if (first === STAR) return () => true;
    if (typeof first === 'string') return (s) => s === first;
  }
  if (tokens.length === 2) {
    if (typeof first === 'string' && second === STAR) return (s) => s.startsWith(first);
    if (first === STAR && typeof second === 'string') return (s) => s.endsWith(second);
  }
  const frozen = tokens.slice();
  return (s) => matchTokens(frozen, s);
}

/** Compiles a wildcard pattern; with `ignoreCase` the caller must lowercase inputs. */
export function compileWildcard(pattern: string, ignoreCase = false): Matcher {
  return compileTokens(tokenizeWildcards(ignoreCase ? pattern.toLowerCase() : pattern));
}

/** True when `text` contains `*` or `?`. */
export function hasWildcard(text: string): boolean {
  return text.includes('*') || text.includes('?');
}
