/**
 * AWS event-stream messages (`application/vnd.amazon.eventstream`), as S3 SelectObjectContent
 * and every Smithy event stream carry them:
 *
 * ```
 * prelude:  total length u32 | headers length u32 | CRC32(prelude 8 bytes) u32
 * headers:  name length u8 | name (UTF-8) | type u8 | value ...
 * payload
 * message CRC32 u32 (of everything before it)
 * ```
 * All integers are big-endian; the overhead is 16 bytes. Only string headers (type 7: value
 * length u16 + UTF-8) are written; the reader also knows the other types well enough to skip them.
 */
import { crc32 } from './crc32.js';

/** Header type 7: a UTF-8 string of at most 65535 bytes. */
const STRING = 7;
const PRELUDE = 12;

/** One decoded message: string headers (others as `undefined`) and the raw payload. */
export interface EventStreamMessage {
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly payload: Buffer;
}

/** Encodes one message with string headers. */
export function encodeMessage(headers: Readonly<Record<string, string>>, payload: Uint8Array): Buffer {
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(headers)) {
    const n = Buffer.from(name, 'utf8');
    const v = Buffer.from(value, 'utf8');
    if (n.length > 255 || v.length > 65535) throw new RangeError(`event-stream header ${name} too long`);
    const h = Buffer.alloc(1 + n.length + 1 + 2);
    h.writeUInt8(n.length, 0);
    n.copy(h, 1);
    h.writeUInt8(STRING, 1 + n.length);
    h.writeUInt16BE(v.length, 2 + n.length);
    parts.push(h, v);
  }
  const head = Buffer.concat(parts);
  const total = PRELUDE + head.length + payload.length + 4;
  const out = Buffer.alloc(total);
  out.writeUInt32BE(total, 0);
  out.writeUInt32BE(head.length, 4);
  out.writeUInt32BE(crc32(out.subarray(0, 8)), 8);
  head.copy(out, PRELUDE);
  Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength).copy(out, PRELUDE + head.length);
  out.writeUInt32BE(crc32(out.subarray(0, total - 4)), total - 4);
  return out;
}

/** Bytes a non-string header value occupies after its type byte (type 6 and 7 are length-prefixed). */
const FIXED: Readonly<Record<number, number>> = { 0: 0, 1: 0, 2: 1, 3: 2, 4: 4, 5: 8, 8: 8, 9: 16 };

function readHeaders(buf: Buffer): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  let i = 0;
  while (i < buf.length) {
    const nameLen = buf.readUInt8(i);
    const name = buf.toString('utf8', i + 1, i + 1 + nameLen);
    const type = buf.readUInt8(i + 1 + nameLen);
    i += 2 + nameLen;
    if (type === 6 || type === STRING) {
      const len = buf.readUInt16BE(i);
      out[name] = type === STRING ? buf.toString('utf8', i + 2, i + 2 + len) : undefined;
      i += 2 + len;
    } else if (FIXED[type] !== undefined) {
      out[name] = undefined;
      i += FIXED[type];
    } else throw new Error(`event-stream header ${name}: unknown type ${type}`);
  }
  return out;
}

/** Splits a buffer into messages, checking both CRCs; throws on truncated or corrupt input. */
export function decodeMessages(buf: Buffer): EventStreamMessage[] {
  const out: EventStreamMessage[] = [];
  let at = 0;
  while (at < buf.length) {
    if (buf.length - at < PRELUDE + 4) throw new Error('event-stream: truncated prelude');
    const total = buf.readUInt32BE(at);
    const headLen = buf.readUInt32BE(at + 4);
    if (crc32(buf.subarray(at, at + 8)) !== buf.readUInt32BE(at + 8)) throw new Error('event-stream: prelude CRC mismatch');
    if (total < PRELUDE + 4 + headLen || at + total > buf.length) throw new Error('event-stream: bad message length');
    if (crc32(buf.subarray(at, at + total - 4)) !== buf.readUInt32BE(at + total - 4)) throw new Error('event-stream: message CRC mismatch');
    const headers = readHeaders(buf.subarray(at + PRELUDE, at + PRELUDE + headLen));
    out.push({ headers, payload: buf.subarray(at + PRELUDE + headLen, at + total - 4) });
    at += total;
  }
  return out;
}
