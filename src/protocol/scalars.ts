import { clientError } from '../shared/aws-error.js';
import type { Shape } from './model/service-model.js';

/**
 * Converts a scalar sent as text (query parameters, headers, URI labels) to its typed value:
 * numbers, booleans, timestamps (ISO 8601, epoch seconds or RFC 822) as Date, blobs (base64) as Buffer.
 */
export function parseScalar(shape: Shape, raw: string, where: string): unknown {
  switch (shape.type) {
    case 'string':
      return raw;
    case 'integer':
    case 'long': {
      if (!/^[+-]?\d+$/.test(raw.trim())) throw malformed(where, raw, 'an integer');
      const n = Number(raw);
      if (!Number.isSafeInteger(n)) throw malformed(where, raw, 'an integer');
      return n;
    }
    case 'float':
    case 'double': {
      const n = Number(raw);
      if (raw.trim() === '' || (Number.isNaN(n) && raw !== 'NaN')) throw malformed(where, raw, 'a number');
      return n;
    }
    case 'boolean': {
      const b = raw.toLowerCase();
      if (b !== 'true' && b !== 'false') throw malformed(where, raw, 'a boolean');
      return b === 'true';
    }
    case 'timestamp':
      return parseTimestamp(raw, where);
    case 'blob':
      return Buffer.from(raw, 'base64');
    default:
      return raw;
  }
}

/** Accepts ISO 8601, epoch seconds (with fraction) and RFC 822 dates. */
export function parseTimestamp(raw: string, where: string): Date {
  const d = /^\d+(\.\d+)?$/.test(raw) ? new Date(Number(raw) * 1000) : new Date(raw);
  if (Number.isNaN(d.getTime())) throw malformed(where, raw, 'a timestamp');
  return d;
}

function malformed(where: string, raw: string, what: string) {
  return clientError('MalformedInput', `Value '${raw.slice(0, 100)}' for parameter ${where} is not ${what}.`);
}
