/** Searching a value for any of a list of literal strings in one regex pass instead of one `includes` per entry. */

/** A regex that matches exactly where one of `words` occurs: `re.test(s)` is `words.some((w) => s.includes(w))`. */
export function anyOfLiterals(words: readonly string[]): RegExp {
  if (words.length === 0) throw new Error('anyOfLiterals: empty list');
  return new RegExp(words.map((w) => w.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|'));
}
