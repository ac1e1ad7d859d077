/** Checks shared by the operations: time period, granularity, group definitions, page tokens. */
import type { DateInterval, GroupDefinition } from '../api.generated.js';
import { groupDimensionInvalid, groupIncomplete, groupTypeInvalid, hourlyNotSupported, invalidToken, startNotBeforeEnd, tooManyGroups } from '../errors.js';
import { METERED_DIMENSIONS, isMetered, type MeteredDimension } from './dimensions.js';
import { parseDay } from './periods.js';

export function timePeriod(p: DateInterval): { start: number; end: number } {
  const start = parseDay(p.Start);
  const end = parseDay(p.End);
  if (start >= end) throw startNotBeforeEnd();
  return { start, end };
}

export function granularity(g: string): 'DAILY' | 'MONTHLY' {
  if (g === 'HOURLY') throw hourlyNotSupported();
  return g as 'DAILY' | 'MONTHLY';
}

/** Up to two DIMENSION groups of metered dimensions (TAG and COST_CATEGORY groups: Rampart has neither). */
export function groupDimensions(groups: readonly GroupDefinition[] | undefined): MeteredDimension[] {
  const list = groups ?? [];
  if (list.length > 2) throw tooManyGroups();
  return list.map((g) => {
    if (!g.Type || !g.Key) throw groupIncomplete();
    if (g.Type !== 'DIMENSION') throw groupTypeInvalid();
    if (!isMetered(g.Key)) throw groupDimensionInvalid(METERED_DIMENSIONS);
    return g.Key;
  });
}

/** Rampart answers every query in one page: any token is one it did not issue. */
export function noToken(token: string | undefined): void {
  if (token !== undefined) throw invalidToken();
}
