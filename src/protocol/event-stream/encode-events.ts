/**
 * Output event streams: a handler returns the stream member as a list of events, each a
 * one-member object naming the event (`{ Records: { Payload: bytes } }`, `{ Stats: { Details: {...} } }`,
 * `{ End: {} }`). The codec turns the list into consecutive event-stream messages:
 *
 * - `:message-type` = `event`, `:event-type` = the member name;
 * - the `eventpayload` member is the payload: a blob as is (`application/octet-stream`), a string
 *   as UTF-8 (`text/plain`), a structure through the protocol's writer (`text/xml` for restXml);
 * - `eventheader` members become string headers;
 * - an event with neither trait is serialized whole as a structure;
 * - an event with no members (S3 `Cont`, `End`) has no payload and no `:content-type`.
 *
 * The list may be an array, any synchronous iterable, or one bare event (a stream of one).
 * Async iterables are refused: a `WireResponse` body is bytes, so a handler collects them first.
 */
import type { RawShape, ServiceModel, Shape } from '../model/service-model.js';
import { encodeMessage } from './message.js';

/** The protocol's way of writing a structure payload (restXml: an XML document named `rootName`). */
export type StructurePayloadWriter = (shape: Shape, rootName: string, value: Record<string, unknown>, ref: RawShape) => { readonly contentType: string; readonly body: string | Buffer };

/** The content type of an event-stream response body. */
export const EVENT_STREAM_CONTENT_TYPE = 'application/vnd.amazon.eventstream';

/** The events a handler returned for an event-stream member, as a list. */
export function eventList(value: unknown): readonly Record<string, unknown>[] {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value as Record<string, unknown>[];
  if (typeof value !== 'object') throw new TypeError('event stream: expected a list of events');
  if (Symbol.asyncIterator in value) throw new TypeError('event stream: async iterables are not supported; collect the events into an array');
  if (Symbol.iterator in value) return [...(value as Iterable<Record<string, unknown>>)];
  return [value as Record<string, unknown>];
}

function payloadOf(model: ServiceModel, eventShape: Shape, event: Record<string, unknown>, headers: Record<string, string>, writeStructure: StructurePayloadWriter, eventRef: RawShape, name: string): Uint8Array {
  const members = Object.entries(eventShape.members ?? {});
  if (!members.length) return new Uint8Array(0);
  let bound = false;
  let payload: Uint8Array = new Uint8Array(0);
  for (const [member, ref] of members) {
    const v = event[member];
    if (ref.eventheader) {
      bound = true;
      if (v !== undefined && v !== null) headers[member] = v instanceof Date ? v.toISOString() : String(v);
    } else if (ref.eventpayload) {
      bound = true;
      const shape = model.resolve(ref);
      if (shape.type === 'blob') {
        headers[':content-type'] = 'application/octet-stream';
        payload = typeof v === 'string' ? Buffer.from(v, 'utf8') : ((v as Uint8Array | undefined) ?? new Uint8Array(0));
      } else if (shape.type === 'string') {
        headers[':content-type'] = 'text/plain';
        payload = Buffer.from(String(v ?? ''), 'utf8');
      } else {
        const w = writeStructure(shape, ref.locationName ?? ref.shape ?? member, (v ?? {}) as Record<string, unknown>, ref);
        headers[':content-type'] = w.contentType;
        payload = typeof w.body === 'string' ? Buffer.from(w.body, 'utf8') : w.body;
      }
    }
  }
  if (bound) return payload;
  const w = writeStructure(eventShape, eventRef.locationName ?? eventRef.shape ?? name, event, eventRef);
  headers[':content-type'] = w.contentType;
  return typeof w.body === 'string' ? Buffer.from(w.body, 'utf8') : w.body;
}

/** Encodes the events of the event-stream shape `stream` as one body. */
export function encodeEventStream(model: ServiceModel, stream: Shape, value: unknown, writeStructure: StructurePayloadWriter): Buffer {
  const messages: Buffer[] = [];
  for (const event of eventList(value)) {
    const names = Object.keys(event ?? {}).filter((k) => event[k] !== undefined);
    const name = names[0];
    const ref = name === undefined ? undefined : stream.members?.[name];
    if (names.length !== 1 || !ref) throw new TypeError(`event stream: each event must name exactly one of ${Object.keys(stream.members ?? {}).join(', ')}`);
    const headers: Record<string, string> = { ':message-type': 'event', ':event-type': name! };
    const payload = payloadOf(model, model.resolve(ref), (event[name!] ?? {}) as Record<string, unknown>, headers, writeStructure, ref, name!);
    messages.push(encodeMessage(headers, payload));
  }
  return Buffer.concat(messages);
}
