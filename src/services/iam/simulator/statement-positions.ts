/**
 * Where each statement of a policy document sits in its JSON text, for the simulator's
 * MatchedStatements (StartPosition / EndPosition): lines and columns count from 1, the start is the
 * statement's `{` and the end the column just after its `}`. A tolerant scanner: text that is not
 * JSON gives no positions.
 */
import type { Position } from '../api.generated.js';

/** The span of one statement. */
export interface StatementSpan {
  readonly start: Position;
  readonly end: Position;
}

class Scanner {
  i = 0;
  constructor(readonly s: string) {}

  ws(): void {
    while (this.i < this.s.length && /\s/.test(this.s[this.i]!)) this.i++;
  }

  string(): string {
    const from = ++this.i;
    while (this.i < this.s.length && this.s[this.i] !== '"') this.i += this.s[this.i] === '\\' ? 2 : 1;
    return this.s.slice(from, this.i++);
  }

  /** Skips one value; returns its [start, end) offsets. */
  value(onStatement?: (start: number, end: number) => void, depth = 0): [number, number] {
    this.ws();
    const start = this.i;
    const c = this.s[this.i];
    if (c === '"') this.string();
    else if (c === '{' || c === '[') {
      const close = c === '{' ? '}' : ']';
      this.i++;
      for (;;) {
        this.ws();
        if (this.s[this.i] === close || this.i >= this.s.length) break;
        let key: string | undefined;
        if (c === '{') {
          key = this.string();
          this.ws();
          this.i++; // ':'
        }
        const isStatement = depth === 0 && key === 'Statement';
        this.ws();
        const vStart = this.i;
        const isArray = this.s[vStart] === '[';
        const [a, b] = this.value(isStatement && isArray ? onStatement : undefined, isStatement && isArray ? 1 : 2);
        if (isStatement && !isArray && this.s[vStart] === '{') onStatement?.(a, b);
        if (depth === 1 && c === '[' && this.s[a] === '{') onStatement?.(a, b);
        this.ws();
        if (this.s[this.i] === ',') this.i++;
      }
      this.i++;
    } else {
      while (this.i < this.s.length && !/[\s,}\]]/.test(this.s[this.i]!)) this.i++;
    }
    return [start, this.i];
  }
}

/** Offsets where each line of `text` starts (line 1 at 0). */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let k = text.indexOf('\n'); k !== -1; k = text.indexOf('\n', k + 1)) starts.push(k + 1);
  return starts;
}

/** The line and column of `offset`: a binary search over the line starts (a policy may have thousands of statements). */
function positionOf(starts: readonly number[], offset: number): Position {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { Line: lo + 1, Column: offset - starts[lo]! + 1 };
}

/** The spans of the statements of `json` in document order (empty when it cannot be scanned). */
export function statementSpans(json: string): StatementSpan[] {
  const found: [number, number][] = [];
  try {
    const sc = new Scanner(json);
    sc.value((a, b) => {
      found.push([a, b]);
    });
  } catch {
    return [];
  }
  const starts = lineStarts(json);
  return found.map(([a, b]) => ({ start: positionOf(starts, a), end: positionOf(starts, b) }));
}
