/**
 * A SQL tokenizer in the spirit of libinjection (own code): one linear pass turning a value into typed tokens,
 * so that detection reasons about SQL grammar (a string closed then an operator, UNION then SELECT, a
 * stacked statement) instead of single words.
 */

/** s string, n number, k keyword, U union, f function call, & logic, o operator, v variable, c comment,
 *  ( ) , ; punctuation, b bareword, E anything else. */
export type TokType = 's' | 'n' | 'k' | 'U' | 'f' | '&' | 'o' | 'v' | 'c' | '(' | ')' | ',' | ';' | 'b' | 'E';

export interface Tok {
  readonly t: TokType;
  readonly v: string;
}

const KEYWORDS = new Set([
  'select', 'from', 'where', 'insert', 'into', 'values', 'update', 'set', 'delete', 'drop', 'create', 'alter',
  'table', 'database', 'exec', 'execute', 'declare', 'truncate', 'having', 'group', 'order', 'by', 'limit',
  'offset', 'procedure', 'waitfor', 'delay', 'shutdown', 'case', 'when', 'then', 'else', 'end', 'null', 'as',
  'distinct', 'all', 'into', 'outfile', 'dumpfile', 'load', 'data', 'infile', 'join', 'top', 'desc', 'asc',
  'cast', 'convert', 'begin', 'grant', 'revoke', 'replace', 'rename', 'handler', 'use', 'show', 'describe',
  'collate', 'sounds', 'escape', 'analyse', 'exists', 'union', 'dual',
]);
const LOGIC = new Set(['and', 'or', 'xor', 'not', 'div', 'mod']);
const WORD_OPS = new Set(['like', 'rlike', 'regexp', 'is', 'in', 'between', 'glob', 'match', 'against']);

/**
 * A whole word (in lower case) that tokenizes as a keyword, UNION, logic or operator token. In a value of ASCII
 * letters, digits, `_` and spaces the tokens are its words; when none matches this, all are barewords and numbers.
 */
export const SQL_WORD = new RegExp(`\\b(?:${[...KEYWORDS, ...LOGIC, ...WORD_OPS].join('|')})\\b`);

function isWordChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 95 || c === 36 || c === 46 || c > 127 || (c >= 65 && c <= 90);
}

const MAX_TOKENS = 4000;
const OPS3 = new Set(['<=>', '===', '!==']);
const OPS2 = new Set(['==', '!=', '<=', '>=', '<>', '||', '&&', ':=', '!<', '!>', '<<', '>>']);
/** Keywords that are also functions when called: `cast(`, `database(`, `replace(`. */
const FN_KEYWORDS = new Set(['cast', 'convert', 'database', 'replace', 'insert', 'values', 'default', 'user', 'left',
  'right', 'char', 'if', 'schema', 'exists', 'collate', 'load', 'data', 'describe', 'show', 'exec', 'execute']);

/** Tokenizes `s` (already decoded); `open` is the quote the value is assumed to start inside, if any. */
export function tokenize(s: string, open?: string): Tok[] {
  const out: Tok[] = [];
  const src = s.toLowerCase();
  let i = 0;
  if (open !== undefined) {
    const end = src.indexOf(open);
    if (end < 0) return out;
    out.push({ t: 's', v: src.slice(0, end) });
    i = end + 1;
  }
  const n = src.length;
  while (i < n && out.length < MAX_TOKENS) {
    const ch = src[i] as string;
    const c = src.charCodeAt(i);
    if (c <= 32 || c === 160) {
      i++;
      continue;
    }
    if (ch === "'" || ch === '"' || ch === '`') {
      let j = i + 1;
      while (j < n) {
        if (src[j] === '\\') j += 2;
        else if (src[j] === ch && src[j + 1] === ch) j += 2;
        else if (src[j] === ch) break;
        else j++;
      }
      out.push({ t: ch === '`' ? 'b' : 's', v: src.slice(i + 1, Math.min(j, n)) });
      i = j + 1;
      continue;
    }
    if (ch === '/' && src[i + 1] === '*') {
      if (src[i + 2] === '!') {
        // MySQL executable comment: its content is SQL.
        out.push({ t: 'c', v: '/*!' });
        i += 3;
        while (i < n && src.charCodeAt(i) >= 48 && src.charCodeAt(i) <= 57) i++;
        continue;
      }
      const end = src.indexOf('*/', i + 2);
      out.push({ t: 'c', v: '/*' });
      i = end < 0 ? n : end + 2;
      continue;
    }
    if ((ch === '-' && src[i + 1] === '-') || ch === '#') {
      const end = src.indexOf('\n', i);
      out.push({ t: 'c', v: ch === '#' ? '#' : '--' });
      i = end < 0 ? n : end + 1;
      continue;
    }
    if (ch === '*' && src[i + 1] === '/') {
      i += 2;
      continue;
    }
    if (ch === '(' || ch === ')' || ch === ',' || ch === ';') {
      out.push({ t: ch, v: ch });
      i++;
      continue;
    }
    if (ch === '@') {
      let j = i + 1;
      while (j < n && src[j] === '@') j++;
      while (j < n && isWordChar(src.charCodeAt(j))) j++;
      out.push({ t: 'v', v: src.slice(i, j) });
      i = j;
      continue;
    }
    if ((c >= 48 && c <= 57) || (ch === '.' && src.charCodeAt(i + 1) >= 48 && src.charCodeAt(i + 1) <= 57)) {
      let j = i + 1;
      if (ch === '0' && (src[j] === 'x' || src[j] === 'b')) j++;
      while (j < n && /[0-9a-f.e]/.test(src[j] as string)) j++;
      // 12abc is a bareword in most dialects; keep digits-then-letters as a bareword.
      if (j < n && isWordChar(src.charCodeAt(j))) {
        while (j < n && isWordChar(src.charCodeAt(j))) j++;
        out.push({ t: 'b', v: src.slice(i, j) });
      } else out.push({ t: 'n', v: src.slice(i, j) });
      i = j;
      continue;
    }
    if (isWordChar(c)) {
      let j = i + 1;
      while (j < n && isWordChar(src.charCodeAt(j))) j++;
      const w = src.slice(i, j);
      i = j;
      let k = i;
      while (k < n && (src.charCodeAt(k) <= 32 || src.startsWith('/**/', k))) k += src[k] === '/' ? 4 : 1;
      // A call right after a concatenation dot (`'.sleep(5).'`, PHP / Oracle string building) names the function.
      if (src[k] === '(' && ((!KEYWORDS.has(w) && !LOGIC.has(w) && !WORD_OPS.has(w)) || FN_KEYWORDS.has(w))) out.push({ t: 'f', v: w.replace(/^\.+/, '') });
      else if (w === 'union') out.push({ t: 'U', v: w });
      else if (LOGIC.has(w)) out.push({ t: '&', v: w });
      else if (WORD_OPS.has(w)) out.push({ t: 'o', v: w });
      else if (KEYWORDS.has(w)) out.push({ t: 'k', v: w });
      else out.push({ t: 'b', v: w });
      continue;
    }
    if ('=<>!|&^+-*/%~:'.includes(ch)) {
      const three = src.slice(i, i + 3);
      const two = src.slice(i, i + 2);
      const op = OPS3.has(three) ? three : OPS2.has(two) ? two : ch;
      const j = i + op.length;
      out.push({ t: op === '||' || op === '&&' ? '&' : 'o', v: op });
      i = j;
      continue;
    }
    out.push({ t: 'E', v: ch });
    i++;
  }
  return out;
}
