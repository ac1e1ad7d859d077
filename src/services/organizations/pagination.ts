/**
 * NextToken / MaxResults (1..20, the model's; 20 when absent). A token is the base64url of the last
 * item's sort key; one the service cannot have made is InvalidInputException INVALID_NEXT_TOKEN.
 */
import { invalidInput } from './errors.js';

export const DEFAULT_MAX_RESULTS = 20;

export function page<T>(items: readonly T[], keyOf: (t: T) => string, input: { NextToken?: string; MaxResults?: number }): { items: T[]; NextToken?: string } {
  const sorted = [...items].sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0));
  let start = 0;
  if (input.NextToken !== undefined) {
    const after = /^[A-Za-z0-9_-]+$/.test(input.NextToken) ? Buffer.from(input.NextToken, 'base64url').toString('utf8') : '';
    // No sort key holds a control character: a token that decodes to one was not made here (`AAAA` is three NULs).
    if (!after || [...after].some((c) => c < ' ') || Buffer.from(after, 'utf8').toString('base64url') !== input.NextToken) throw invalidInput('You specified an invalid value for nextToken.', 'INVALID_NEXT_TOKEN');
    start = sorted.findIndex((t) => keyOf(t) > after);
    if (start < 0) start = sorted.length;
  }
  const max = input.MaxResults ?? DEFAULT_MAX_RESULTS;
  const out = sorted.slice(start, start + max);
  const more = start + max < sorted.length;
  return more ? { items: out, NextToken: Buffer.from(keyOf(out[out.length - 1]!), 'utf8').toString('base64url') } : { items: out };
}
