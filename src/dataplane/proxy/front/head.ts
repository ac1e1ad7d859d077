/**
 * The front's request reader: the strict subset of HTTP/1.1 (RFC 9112) on which every parser agrees, whole
 * in the bytes at hand. A request outside it is OTHER, and node:http's parser (llhttp) takes the connection
 * from that request on, with every rule it has (front.ts): so the front never frames a request other than
 * Node's parser would, and request smuggling stays llhttp's to refuse. Inside the subset:
 *  - a request line `METHOD /path HTTP/1.1`: one of the methods a load balancer forwards, an origin-form
 *    target of visible ASCII;
 *  - header lines `token: value`, the value of tabs and visible ASCII (no obs-fold, no bare CR or LF, no
 *    byte above 0x7E), at most `maxHeaders` of them and `maxHeadBytes` in all;
 *  - exactly one Host; at most one Content-Length, a plain decimal within `maxBody`, and its body whole in
 *    the bytes at hand;
 *  - no Transfer-Encoding, Expect or Upgrade, and a Connection of `keep-alive` or `close` only.
 */
import { fieldValue, isTokenChar } from '../http-token.js';

export interface HeadLimits {
  readonly maxHeadBytes: number;
  readonly maxHeaders: number;
  /** The largest body read with its head (the web ACL's inspection limit: such a body is read whole by node:http too). */
  readonly maxBody: number;
}

export interface SimpleRequest {
  readonly method: string;
  readonly target: string;
  /** Names and values, alternating, as `IncomingMessage.rawHeaders` (values without the spaces around them). */
  readonly rawHeaders: string[];
  /** The body (empty without one): a view of the bytes read. */
  readonly body: Buffer;
  /** Bytes of the whole request, head and body. */
  readonly bytes: number;
  /** The client asked to close the connection after this answer. */
  readonly close: boolean;
}

/** Not a request of the subset, or not whole in the bytes at hand: node:http's parser reads it. */
export const OTHER = 0;

const HEAD_END = Buffer.from('\r\n\r\n', 'latin1');
const REQUEST_LINE = /^(GET|HEAD|POST|PUT|DELETE|OPTIONS|PATCH) (\/[!-~]*) HTTP\/1\.1$/;
const DECIMAL = /^\d{1,15}$/;
const KEEP_OR_CLOSE = /^(?:(keep-alive)|(close))$/i;

/** Whether `text` from `from` to `to` is a header value of the subset: tabs and visible ASCII or spaces. */
function plainValue(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c > 126 || (c < 32 && c !== 9)) return false;
  }
  return true;
}

/**
 * The request at the start of `buf`, or OTHER (a request outside the subset, or one not whole in `buf`).
 * One pass over the head: a line ends at CRLF only, so a bare CR or LF is a control character in a line.
 */
export function readRequest(buf: Buffer, limits: HeadLimits): SimpleRequest | typeof OTHER {
  const end = buf.indexOf(HEAD_END);
  if (end < 0 || end + 4 > limits.maxHeadBytes) return OTHER;
  const text = buf.toString('latin1', 0, end);
  let eol = text.indexOf('\r\n');
  if (eol < 0) eol = text.length;
  const first = REQUEST_LINE.exec(eol === text.length ? text : text.slice(0, eol));
  if (!first) return OTHER;
  const rawHeaders: string[] = [];
  let hosts = 0;
  let length = -1;
  let close = false;
  for (let at = eol + 2; at < text.length; at = eol + 2) {
    if (rawHeaders.length >= limits.maxHeaders * 2) return OTHER;
    eol = text.indexOf('\r\n', at);
    if (eol < 0) eol = text.length;
    let colon = at;
    while (colon < eol && isTokenChar(text.charCodeAt(colon))) colon++;
    if (colon === at || colon === eol || text.charCodeAt(colon) !== 58 || !plainValue(text, colon + 1, eol)) return OTHER;
    const name = text.slice(at, colon);
    const value = fieldValue(text, colon + 1, eol);
    switch (name.length) {
      case 4:
        if (name.toLowerCase() === 'host') hosts++;
        break;
      case 6:
        if (name.toLowerCase() === 'expect') return OTHER;
        break;
      case 7:
        if (name.toLowerCase() === 'upgrade') return OTHER;
        break;
      case 10:
        if (name.toLowerCase() === 'connection') {
          const c = KEEP_OR_CLOSE.exec(value);
          if (!c) return OTHER;
          close ||= c[2] !== undefined;
        }
        break;
      case 14:
        if (name.toLowerCase() === 'content-length') {
          if (length >= 0 || !DECIMAL.test(value)) return OTHER;
          length = Number(value);
          if (length > limits.maxBody) return OTHER;
        }
        break;
      case 17:
        if (name.toLowerCase() === 'transfer-encoding') return OTHER;
        break;
    }
    rawHeaders.push(name, value);
  }
  if (hosts !== 1) return OTHER;
  const headBytes = end + 4;
  const bodyBytes = length > 0 ? length : 0;
  if (buf.length < headBytes + bodyBytes) return OTHER;
  return { method: first[1]!, target: first[2]!, rawHeaders, body: buf.subarray(headBytes, headBytes + bodyBytes), bytes: headBytes + bodyBytes, close };
}
