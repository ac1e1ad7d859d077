/**
 * The body prefix the web ACL inspects: read until more than the inspection limit arrived or the body
 * ended (the rest stays in the stream, forwarded later), or nothing at all when the request's framing
 * says it has none.
 */
import type { IncomingMessage } from 'node:http';
import { rawHeader } from './raw-headers.js';

export interface BodyPrefix {
  readonly chunks: Buffer[];
  readonly size: number;
  readonly ended: boolean;
}

const NO_BODY: BodyPrefix = { chunks: [], size: 0, ended: true };
const NO_BYTES = Buffer.alloc(0);

/**
 * Whether the request's framing says it has no body (RFC 9112 §6.3: no Transfer-Encoding, no Content-Length
 * above 0; Node's parser has refused a request whose framing is invalid or ambiguous). Most requests are
 * such GETs: they are evaluated at once, without waiting for the stream's end.
 */
function hasNoBody(raw: readonly string[]): boolean {
  if (rawHeader(raw, 'transfer-encoding') !== undefined) return false;
  const length = rawHeader(raw, 'content-length');
  return length === undefined || length === '0';
}

/** Reads until more than `limit` bytes arrived or the body ended; the rest stays in the stream. */
export function readPrefix(req: IncomingMessage, limit: number): BodyPrefix | Promise<BodyPrefix> {
  if (hasNoBody(req.rawHeaders)) return NO_BODY;
  const chunks: Buffer[] = [];
  let size = 0;
  return new Promise((resolve, reject) => {
    const done = (ended: boolean) => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onErr);
      resolve({ chunks, size, ended });
    };
    const onData = (c: Buffer) => {
      chunks.push(c);
      size += c.length;
      if (size > limit) {
        req.pause();
        done(false);
      }
    };
    const onEnd = () => done(true);
    const onErr = (e: Error) => {
      req.off('data', onData);
      req.off('end', onEnd);
      reject(e);
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onErr);
  });
}

/** A body read whole. */
export const wholeBody = (body: Buffer): BodyPrefix => (body.length === 0 ? NO_BODY : { chunks: [body], size: body.length, ended: true });

/** The prefix's bytes in one buffer (no copy for none or one chunk). */
export function prefixBytes(body: BodyPrefix): Buffer {
  return body.chunks.length === 0 ? NO_BYTES : body.chunks.length === 1 ? body.chunks[0]! : Buffer.concat(body.chunks);
}
