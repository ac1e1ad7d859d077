/**
 * The strings of a JSON text (object keys and string values, in text order), for the managed rules'
 * body inspection, without building the parsed value: the rules only read the strings, and
 * JSON.parse makes an object per object and a property per key (a 4 KB body of 228 fields: 28 us
 * against 15 us for this scan). The scanner accepts exactly the texts JSON.parse accepts (RFC 8259:
 * any value at the top level, whitespace around it), so a text that is not JSON is still inspected as
 * text by the caller. Iterative, so no nesting depth can overflow the stack; strings with escapes are
 * decoded by JSON.parse on that string alone. Unlike JSON.parse it keeps every value of a duplicated
 * key (an application may read the first one).
 */

const OPEN_OBJECT = 123;
/** A control character: none may stand in a JSON string unescaped (whitespace between tokens is one too). */
// eslint-disable-next-line no-control-regex -- control characters are what this looks for
const CONTROL = /[\x00-\x1f]/;

const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const isHex = (c: number): boolean => (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);

/** Whether a scan left strings out (more than `max`): the caller then inspects the text as a whole too. */
export interface Cut {
  cut: boolean;
}

/** Index after the string token starting at `i` (a `"`), or -1; pushes it to `out` when there is room (else marks `cut`). */
function scanString(t: string, i: number, out: string[], max: number, cut: Cut | undefined): number {
  const start = i++;
  let escaped = false;
  const n = t.length;
  while (i < n) {
    const c = t.charCodeAt(i);
    if (c === 34) {
      if (out.length < max) out.push(escaped ? (JSON.parse(t.slice(start, i + 1)) as string) : t.slice(start + 1, i));
      else if (cut) cut.cut = true;
      return i + 1;
    }
    if (c === 92) {
      const e = t.charCodeAt(i + 1);
      if (e === 117) {
        if (!(isHex(t.charCodeAt(i + 2)) && isHex(t.charCodeAt(i + 3)) && isHex(t.charCodeAt(i + 4)) && isHex(t.charCodeAt(i + 5)))) return -1;
        i += 6;
      } else if (e === 34 || e === 92 || e === 47 || e === 98 || e === 102 || e === 110 || e === 114 || e === 116) i += 2;
      else return -1;
      escaped = true;
    } else if (c < 32) return -1;
    else i++;
  }
  return -1;
}

function scanNumber(t: string, i: number): number {
  if (t.charCodeAt(i) === 45) i++;
  if (t.charCodeAt(i) === 48) i++;
  else if (isDigit(t.charCodeAt(i))) while (isDigit(t.charCodeAt(i))) i++;
  else return -1;
  if (t.charCodeAt(i) === 46) {
    if (!isDigit(t.charCodeAt(++i))) return -1;
    while (isDigit(t.charCodeAt(i))) i++;
  }
  const e = t.charCodeAt(i);
  if (e === 101 || e === 69) {
    const s = t.charCodeAt(++i);
    if (s === 43 || s === 45) i++;
    if (!isDigit(t.charCodeAt(i))) return -1;
    while (isDigit(t.charCodeAt(i))) i++;
  }
  return i;
}

function skipSpace(t: string, i: number): number {
  for (let c = t.charCodeAt(i); c === 32 || c === 10 || c === 13 || c === 9; c = t.charCodeAt(++i));
  return i;
}

/** Index after `key :` at `i` (the key kept), or -1. */
function scanKey(t: string, i: number, out: string[], max: number, cut: Cut | undefined): number {
  i = skipSpace(t, i);
  if (t.charCodeAt(i) !== 34) return -1;
  i = scanString(t, i, out, max, cut);
  if (i < 0) return -1;
  i = skipSpace(t, i);
  return t.charCodeAt(i) === 58 ? i + 1 : -1;
}

/** What the plain scanner expects next: a value (the start, after `:`, after `,` in an array) ... */
const VALUE = 0;
/** ... a value or `]` (after `[`) ... */
const VALUE_OR_END = 1;
/** ... a key (after `,` in an object) ... */
const KEY = 2;
/** ... a key or `}` (after `{`) ... */
const KEY_OR_END = 3;
/** ... `:` (after a key) ... */
const COLON = 4;
/** ... or `,`, the end of the container, or the end of the text (after a value). */
const AFTER = 5;

/** A run is cut after the string that brings it to this many characters ... */
const RUN_CUT = 256;
/** ... or, earlier, after a string whose last character and length sum to a multiple of this (content-defined: a field added or removed moves no later cut). */
const RUN_SPACING = 16;

/**
 * The plain path (no backslash, no control character: every `"` delimits a string, found by indexOf):
 * one loop over the structure between the strings, in one state. Accepts what `scan` accepts. With
 * `runs`, it answers runs of the text instead of the strings: each from a string's opening quote to a
 * later string's closing quote, together holding the first `max` strings (see `jsonStringRuns`).
 */
function plainScan(t: string, max: number, runs: boolean, cut: Cut | undefined): string[] | undefined {
  const out: string[] = [];
  const stack: number[] = [];
  let next: number = VALUE;
  const n = t.length;
  let i = 0;
  let strings = 0;
  let runStart = -1;
  let lastEnd = -1;
  while (i < n) {
    const c = t.charCodeAt(i);
    if (c === 32) {
      i++;
      continue;
    }
    if (c === 34) {
      if (next === VALUE || next === VALUE_OR_END) next = AFTER;
      else if (next === KEY || next === KEY_OR_END) next = COLON;
      else return undefined;
      const end = t.indexOf('"', i + 1);
      if (end < 0) return undefined;
      if (strings < max) {
        strings++;
        if (!runs) out.push(t.slice(i + 1, end));
        else {
          if (runStart < 0) runStart = i;
          lastEnd = end;
          if (strings === max || end - runStart >= RUN_CUT || (t.charCodeAt(end - 1) + end - i) % RUN_SPACING === 0) {
            out.push(t.slice(runStart, end + 1));
            runStart = -1;
          }
        }
      } else if (cut) cut.cut = true;
      i = end + 1;
      continue;
    }
    switch (next) {
      case VALUE_OR_END:
      case VALUE:
        if (c === 93 && next === VALUE_OR_END) {
          stack.pop();
          next = AFTER;
          i++;
          continue;
        }
        if (c === 123 || c === 91) {
          stack.push(c);
          next = c === 123 ? KEY_OR_END : VALUE_OR_END;
          i++;
          continue;
        }
        i = scalar(t, i, c);
        break;
      case KEY_OR_END:
        if (c !== 125) return undefined;
        stack.pop();
        next = AFTER;
        i++;
        continue;
      case COLON:
        if (c !== 58) return undefined;
        next = VALUE;
        i++;
        continue;
      case AFTER: {
        const open = stack.length === 0 ? 0 : stack[stack.length - 1]!;
        if (c === 44 && open !== 0) next = open === OPEN_OBJECT ? KEY : VALUE;
        else if (open !== 0 && c === (open === OPEN_OBJECT ? 125 : 93)) stack.pop();
        else return undefined;
        i++;
        continue;
      }
      default:
        // A key is a string: nothing else may stand here.
        return undefined;
    }
    if (i < 0) return undefined;
    next = AFTER;
  }
  if (next !== AFTER || stack.length !== 0) return undefined;
  if (runStart >= 0) out.push(t.slice(runStart, lastEnd + 1));
  return out;
}

/** Index after the number or literal at `i` (first character `c`), or -1. */
function scalar(t: string, i: number, c: number): number {
  if (c === 116) return t.startsWith('true', i) ? i + 4 : -1;
  if (c === 102) return t.startsWith('false', i) ? i + 5 : -1;
  if (c === 110) return t.startsWith('null', i) ? i + 4 : -1;
  return scanNumber(t, i);
}

/**
 * The strings of `text` (at most `max` are kept, `cut` marked when more were left out; the rest of the
 * text is still checked), or undefined when it is not JSON.
 */
export function jsonStringLeaves(text: string, max: number, cut?: Cut): string[] | undefined {
  return isPlain(text) ? plainScan(text, max, false, cut) : scan(text, max, cut);
}

/** No backslash and no control character: every `"` delimits a string (the plain scanner's texts). */
const isPlain = (text: string): boolean => text.indexOf('\\') < 0 && !CONTROL.test(text);

/**
 * A JSON text without escapes or control characters as runs of its text, each from a string's opening
 * quote to a later string's closing quote; together they hold the first `max` strings (`cut` marked when
 * more were left out), in order, and in a run every `"` delimits a string. Undefined when the text has a backslash or a control character, or
 * is not JSON. Runs are cut where a string's own characters say (or at a length), so the same fields sent
 * again give the same runs, and a field added or changed changes the runs near it, not every later one:
 * what lets the managed rules keep a run's verdicts (rule.ts).
 */
export function jsonStringRuns(text: string, max: number, cut?: Cut): string[] | undefined {
  return isPlain(text) ? plainScan(text, max, true, cut) : undefined;
}

/**
 * A JSON text's strings in one scan: as `jsonStringRuns` answers them when the text has no escape or
 * control character, else one by one as `jsonStringLeaves` does; undefined when it is not JSON.
 */
export function jsonStrings(text: string, max: number, cut?: Cut): { readonly runs: string[] } | { readonly leaves: string[] } | undefined {
  if (isPlain(text)) {
    const runs = plainScan(text, max, true, cut);
    return runs && { runs };
  }
  const leaves = scan(text, max, cut);
  return leaves && { leaves };
}

/** The strings of a run `jsonStringRuns` answered. */
export function runStrings(run: string): string[] {
  const parts = run.split('"');
  const out: string[] = [];
  for (let i = 1; i < parts.length; i += 2) out.push(parts[i]!);
  return out;
}

/** The general scanner: any JSON text, string by string (escapes decoded). */
function scan(text: string, max: number, cut: Cut | undefined): string[] | undefined {
  const out: string[] = [];
  const stack: number[] = [];
  let i = 0;
  for (;;) {
    // A value.
    i = skipSpace(text, i);
    const c = text.charCodeAt(i);
    if (c === 123 || c === 91) {
      i = skipSpace(text, i + 1);
      if (text.charCodeAt(i) === (c === 123 ? 125 : 93)) i++;
      else {
        stack.push(c);
        if (c === OPEN_OBJECT && (i = scanKey(text, i, out, max, cut)) < 0) return undefined;
        continue;
      }
    } else if (c === 34) i = scanString(text, i, out, max, cut);
    else if (c === 116) i = text.startsWith('true', i) ? i + 4 : -1;
    else if (c === 102) i = text.startsWith('false', i) ? i + 5 : -1;
    else if (c === 110) i = text.startsWith('null', i) ? i + 4 : -1;
    else i = scanNumber(text, i);
    if (i < 0) return undefined;
    // After a value: the end, the next member or element, or the end of containers.
    for (;;) {
      i = skipSpace(text, i);
      if (stack.length === 0) return i === text.length ? out : undefined;
      const open = stack[stack.length - 1];
      const d = text.charCodeAt(i);
      if (d === 44) {
        i++;
        if (open === OPEN_OBJECT && (i = scanKey(text, i, out, max, cut)) < 0) return undefined;
        break;
      }
      if (d !== (open === OPEN_OBJECT ? 125 : 93)) return undefined;
      i++;
      stack.pop();
    }
  }
}
