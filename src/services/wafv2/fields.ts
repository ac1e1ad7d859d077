/**
 * The request-component parts of match statements: FieldToMatch (exactly one component), text
 * transformations (unique priorities, at most 10) and what they add to a statement's WCUs
 * ("Web ACL capacity units": JSON body doubles the base cost, All query parameters adds 10, each
 * text transformation adds 10; NONE transforms nothing and adds nothing).
 */
import type { FieldToMatch, ParameterExceptionField, TextTransformation } from './api.generated.js';
import { EXACTLY_ONE, MULTIPLE_VALUES, UNSUPPORTED, invalidParameter } from './errors.js';

export const MAX_TRANSFORMATIONS = 10;

/** The members of a union-shaped structure that are set. */
export const setMembers = (o: object | undefined): string[] => (o ? Object.entries(o).filter(([, v]) => v !== undefined && v !== null).map(([k]) => k) : []);

/** Exactly one member of a union (actions, match patterns); WAFInvalidParameterException otherwise. */
export function exactlyOne(o: object | undefined, field: ParameterExceptionField, parameter: string): string {
  const set = setMembers(o);
  if (set.length !== 1) throw invalidParameter(field, parameter, EXACTLY_ONE);
  return set[0]!;
}

function checkMatchPattern(p: object | undefined, field: ParameterExceptionField, parameter: string): void {
  const which = exactlyOne(p, field, parameter);
  const list = (p as Record<string, unknown>)[which];
  if (Array.isArray(list) && list.length === 0) throw invalidParameter(field, parameter, EXACTLY_ONE);
}

/** Checks a FieldToMatch and returns the component it names. */
export function checkFieldToMatch(f: FieldToMatch | undefined): keyof FieldToMatch {
  const set = setMembers(f);
  if (set.length === 0) throw invalidParameter('FIELD_TO_MATCH', 'FieldToMatch', EXACTLY_ONE);
  if (set.length > 1) throw invalidParameter('FIELD_TO_MATCH', 'FieldToMatch', MULTIPLE_VALUES);
  const which = set[0] as keyof FieldToMatch;
  if (which === 'JsonBody') {
    const jb = f!.JsonBody!;
    checkMatchPattern(jb.MatchPattern, 'JSON_MATCH_PATTERN', 'MatchPattern');
    for (const p of jb.MatchPattern.IncludedPaths ?? []) if (!/^(?:\/(?:[^~/]|~[01])*)+$|^$/.test(p)) throw invalidParameter('JSON_MATCH_PATTERN', p, UNSUPPORTED);
  }
  if (which === 'Headers') checkMatchPattern(f!.Headers!.MatchPattern, 'HEADER_MATCH_PATTERN', 'MatchPattern');
  if (which === 'Cookies') checkMatchPattern(f!.Cookies!.MatchPattern, 'COOKIE_MATCH_PATTERN', 'MatchPattern');
  return which;
}

/** Unique priorities, at most 10 transformations. */
export function checkTransformations(tts: readonly TextTransformation[] | undefined): readonly TextTransformation[] {
  const list = tts ?? [];
  if (list.length === 0 || list.length > MAX_TRANSFORMATIONS) throw invalidParameter('TEXT_TRANSFORMATION', 'TextTransformations', UNSUPPORTED);
  const seen = new Set<number>();
  for (const t of list) {
    if (seen.has(t.Priority)) throw invalidParameter('TEXT_TRANSFORMATION', String(t.Priority), UNSUPPORTED);
    seen.add(t.Priority);
  }
  return list;
}

/** The request component a FieldToMatch names, as an identity (single headers by lower-cased name). */
function componentKey(f: FieldToMatch, which: keyof FieldToMatch): string {
  if (which === 'SingleHeader') return `SingleHeader:${f.SingleHeader!.Name.toLowerCase()}`;
  if (which === 'SingleQueryArgument') return `SingleQueryArgument:${f.SingleQueryArgument!.Name.toLowerCase()}`;
  // protocol-lint: allow an identity key for capacity counting, never sent
  return `${which}:${JSON.stringify(f[which])}`;
}

/**
 * A component-based statement's WCUs: its base cost with the component's and transformations'
 * additions. A transformation is charged once per (request component, transformation) across the
 * rules costed together (`seen`): AWS charges "each unique text transformation" once within a rule
 * and within a web ACL (the developer guide's "might be able to charge you only once for
 * transforming the component"; measured with CheckCapacity, curbengh.github.io aws-waf-wcu, 2021).
 */
export function componentCost(base: number, f: FieldToMatch | undefined, tts: readonly TextTransformation[] | undefined, seen: Set<string> = new Set()): number {
  const which = checkFieldToMatch(f);
  const list = checkTransformations(tts);
  let cost = which === 'JsonBody' ? base * 2 : base;
  if (which === 'AllQueryArguments') cost += 10;
  const component = componentKey(f!, which);
  for (const t of list) {
    if (t.Type === 'NONE') continue;
    const key = `${component}|${t.Type}`;
    if (seen.has(key)) continue;
    seen.add(key);
    cost += 10;
  }
  return cost;
}
