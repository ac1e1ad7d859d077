/**
 * Operations whose input payload streams (a `streaming` blob bound as the payload: S3 PutObject,
 * UploadPart, ...): the gateway does not read their bodies whole but hands the verified stream to
 * the handler as that member's value.
 */
import type { Readable } from 'node:stream';
import type { ServiceModel } from './model/service-model.js';

const cache = new WeakMap<ServiceModel, Map<string, string | undefined>>();

/** The name of `operation`'s streaming payload member, or undefined when its payload is read whole. */
export function streamingPayloadMember(model: ServiceModel, operation: string): string | undefined {
  let byOp = cache.get(model);
  if (!byOp) cache.set(model, (byOp = new Map()));
  if (byOp.has(operation)) return byOp.get(operation);
  const op = model.operation(operation);
  const shape = op?.input ? model.resolve(op.input) : undefined;
  const payload = shape?.payload;
  const member = payload ? model.resolve(shape.members![payload]) : undefined;
  const name = member?.type === 'blob' && member.streaming ? payload : undefined;
  byOp.set(operation, name);
  return name;
}

/** True for a value that is a stream (a streaming member), not bytes. */
export function isStream(v: unknown): v is Readable {
  return typeof v === 'object' && v !== null && typeof (v as { pipe?: unknown }).pipe === 'function' && !(v instanceof Uint8Array);
}

/**
 * An output member a handler may set (symbol-keyed, never serialized) to answer with another HTTP
 * status than the operation's modelled one: S3 GetObject's 206 Partial Content for a Range.
 */
export const RESPONSE_STATUS: unique symbol = Symbol('rampart.responseStatus');
