/**
 * Normalised request context: condition-key names are case-insensitive
 * (IAM "Condition element": "Condition key names are not case-sensitive").
 */
import type { RequestContextInput } from '../model/request.js';
import type { VariableLookup } from '../variables/policy-variables.js';

/** Values of one condition key; `multi` marks a multivalued key (given as an array). */
export interface ContextEntry {
  readonly values: readonly string[];
  readonly multi: boolean;
}

/** What compiled conditions and resource templates read at evaluation time. */
export interface EvalContext {
  /** Entry for a lowercase key, or undefined when the key is not in the request. */
  readonly get: (lowerKey: string) => ContextEntry | undefined;
  /** Single-valued lookup for policy variables (multivalued keys do not resolve). */
  readonly lookup: VariableLookup;
}

/** Builds an EvalContext from a Map or plain record. Later duplicates (by case) win. */
export function normalizeContext(input: RequestContextInput | undefined): EvalContext {
  const map = new Map<string, ContextEntry>();
  const add = (key: string, value: unknown): void => {
    if (typeof value === 'string') map.set(key.toLowerCase(), { values: [value], multi: false });
    else if (Array.isArray(value)) {
      map.set(key.toLowerCase(), { values: value.filter((v): v is string => typeof v === 'string'), multi: true });
    }
  };
  if (input instanceof Map) for (const [k, v] of input) add(k, v);
  else if (input) for (const k of Object.keys(input)) add(k, (input as Record<string, unknown>)[k]);
  return {
    get: (k) => map.get(k),
    lookup: (k) => {
      const e = map.get(k);
      return e && !e.multi ? e.values[0] : undefined;
    },
  };
}
