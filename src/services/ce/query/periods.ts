/** Dates of Cost Explorer requests: `yyyy-MM-dd` (UTC), `End` exclusive. */
import { invalidDate } from '../errors.js';

const DAY_MS = 86_400_000;

/** Epoch ms of a `yyyy-MM-dd` date (a ValidationException for anything else, times included). */
export function parseDay(value: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const t = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : NaN;
  if (!m || Number.isNaN(t) || new Date(t).toISOString().slice(0, 10) !== value) throw invalidDate(value);
  return t;
}

export const dayOf = (t: number): string => new Date(t).toISOString().slice(0, 10);
export const monthOf = (day: string): string => day.slice(0, 7);

/** The first day of the month after the one `t` is in. */
export function nextMonthStart(t: number): number {
  const d = new Date(t);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
}

/** The first day of the month `t` is in. */
export function monthStart(t: number): number {
  const d = new Date(t);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
}

/** The months (`yyyy-MM`) that [start, end) touches. */
export function monthsIn(start: number, end: number): string[] {
  const out: string[] = [];
  for (let t = monthStart(start); t < end; t = nextMonthStart(t)) out.push(dayOf(t).slice(0, 7));
  return out;
}

/** The periods of a granularity over [start, end): one per day, or one per month clipped to the range. */
export function periodsOf(start: number, end: number, granularity: 'DAILY' | 'MONTHLY'): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  for (let t = start; t < end; ) {
    const next = granularity === 'DAILY' ? t + DAY_MS : Math.min(nextMonthStart(t), end);
    out.push({ start: t, end: Math.min(next, end) });
    t = next;
  }
  return out;
}

export { DAY_MS };
