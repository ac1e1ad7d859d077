import type { Shape } from '../model/service-model.js';

/** Text form of a scalar in XML bodies: ISO 8601 timestamps, base64 blobs, `true`/`false`. */
export function formatScalar(shape: Shape, v: unknown): string {
  switch (shape.type) {
    case 'timestamp':
      return formatTimestamp(v, shape.timestampFormat ?? 'iso8601');
    case 'blob':
      return Buffer.from(v as Uint8Array).toString('base64');
    case 'boolean':
      return v ? 'true' : 'false';
    default:
      return String(v);
  }
}

/** Formats a Date (or epoch ms / ISO text) in one of the model's timestamp formats. */
export function formatTimestamp(v: unknown, format: 'iso8601' | 'unixTimestamp' | 'rfc822'): string {
  const d = v instanceof Date ? v : new Date(v as string | number);
  if (format === 'unixTimestamp') return String(d.getTime() / 1000);
  if (format === 'rfc822') return d.toUTCString();
  return d.toISOString();
}
