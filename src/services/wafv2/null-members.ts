/**
 * JSON input may carry `null` where the model has a list member (`"Addresses": [null]`): the protocol
 * layer lets it through (for a structure member null is simply absent), but no WAFv2 list is sparse,
 * so such input is refused at the boundary with the Coral validation text AWS uses for a missing
 * member, before any handler reads it. The walk is bounded (depth 64, the request body's size).
 */
import { clientError } from '../../shared/aws-error.js';

const lower = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);

/** The path of the first null list member, if any (a null structure member or map value is left to the model's reading and the handlers). */
export function firstNullMember(value: unknown, path = '', depth = 0): string | undefined {
  if (depth > 64 || value === null || typeof value !== 'object' || value instanceof Uint8Array || value instanceof Date) return undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const p = `${path}.${i + 1}.member`;
      if (value[i] === null) return p;
      const inner = firstNullMember(value[i], p, depth + 1);
      if (inner !== undefined) return inner;
    }
    return undefined;
  }
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    const p = path ? `${path}.${lower(k)}` : lower(k);
    const inner = firstNullMember(v, p, depth + 1);
    if (inner !== undefined) return inner;
  }
  return undefined;
}

/** Wraps each handler of a table with the null-member check. */
export function refuseNullMembers<T extends Record<string, unknown>>(table: T): T {
  const out: Record<string, unknown> = {};
  for (const [op, h] of Object.entries(table)) {
    out[op] =
      typeof h === 'function'
        ? (input: unknown, ctx: unknown) => {
            const at = firstNullMember(input);
            if (at !== undefined) throw clientError('ValidationException', `1 validation error detected: Value null at '${at}' failed to satisfy constraint: Member must not be null`, 400);
            return (h as (i: unknown, c: unknown) => unknown)(input, ctx);
          }
        : h;
  }
  return out as T;
}
