/**
 * The head of a request whose request line the proxy's HTTP parser refuses (an unknown method such as
 * `TEST`, a method with a stray character, `HTTP/3.0`, a target that is neither a path nor a URL), read
 * leniently from the bytes the parser was given, so that the web ACL sees it: a refused request is never
 * forwarded, but an attack carried in one is labelled, blocked (403) and logged by the rule that matches,
 * like any other. Anything else the parser refuses, or a head that did not arrive whole with those bytes,
 * keeps the load balancer's plain 400.
 *
 * One kind is forwarded after all, as nginx and a load balancer do: a request whose only fault is raw bytes
 * above 0x7F in its path (a UTF-8 path a client did not percent-encode, `/fr/catégorie`), with a method and
 * version Node knows, a single Host, clean header values and no body (the connection then closes: the
 * parser cannot go on after it). Those bytes are percent-encoded (`/fr/cat%C3%A9gorie`), as a browser sends
 * them and as any upstream accepts them (Node's parser refuses them raw too); the web ACL sees that form.
 *
 * The reading is bounded: at most `maxBytes` of head, at most `maxHeaders` header lines, each of them
 * `name: value` with a token name; one line that is not, and there is no head to evaluate.
 */
import { IncomingMessage, METHODS } from 'node:http';
import type { Socket } from 'node:net';
import { fieldValue, HTTP_TOKEN } from './http-token.js';

const KNOWN_METHODS: ReadonlySet<string> = new Set(METHODS);

/** The parser's errors that concern the request line alone (the headers after it were not read). */
export const REQUEST_LINE_ERRORS: ReadonlySet<string> = new Set(['HPE_INVALID_METHOD', 'HPE_INVALID_URL', 'HPE_INVALID_VERSION', 'HPE_INVALID_CONSTANT']);

export interface RefusedHead {
  readonly method: string;
  /** The request target as sent (latin1, as Node reads header bytes). */
  readonly target: string;
  /** The protocol version as sent (`HTTP/3.0`, `FOO/1.1`). */
  readonly version: string;
  /** Raw header names and values, alternating, as `IncomingMessage.rawHeaders`. */
  readonly rawHeaders: string[];
  /** The body bytes that came with the head, up to its Content-Length. */
  readonly body: Buffer;
  /** A request whose only fault is raw non-ASCII bytes in its path: it may be forwarded (see above). */
  readonly forwardable: boolean;
}

export interface HeadLimits {
  readonly maxBytes: number;
  readonly maxHeaders: number;
}

/** An origin-form target with raw bytes above 0x7F, otherwise of the characters a URL may carry. */
const RAW_UTF8_TARGET = /^\/[\x21-\x7e\x80-\xff]*$/;
const NON_ASCII = /[\x80-\xff]/;
/** A header value with a control character other than HTAB. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\x00-\x08\x0a-\x1f\x7f]/;

/** Visible characters, and for the target the bytes above 0x7F a client may send unencoded. */
const VISIBLE = /^[\x21-\x7e]+$/;
const TARGET = /^[\x21-\x7e\x80-\xff]+$/;

/** The target with each byte above 0x7F percent-encoded (the target is read as latin1: one character, one byte). */
export function percentEncodeHigh(target: string): string {
  return target.replace(/[\x80-\xff]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * Reads the head in `raw` whose request line holds byte `errorAt` (the parser's `bytesParsed`: the
 * request line begins after the last line break before it, which skips earlier requests and the empty
 * lines a client may send before one). Undefined when there is no whole, well-formed head to read.
 */
export function readRefusedHead(raw: Buffer, errorAt: number, limits: HeadLimits, code = ''): RefusedHead | undefined {
  const start = errorAt > 0 ? raw.lastIndexOf(0x0a, Math.min(errorAt, raw.length) - 1) + 1 : 0;
  const window = raw.subarray(start, start + limits.maxBytes);
  const end = window.indexOf('\r\n\r\n');
  if (end < 0) return undefined;
  const lines = window.subarray(0, end).toString('latin1').split('\r\n');
  const parts = lines[0]!.split(' ');
  if (parts.length !== 3) return undefined;
  const [method, target, version] = parts as [string, string, string];
  if (!VISIBLE.test(method) || !TARGET.test(target) || !VISIBLE.test(version)) return undefined;
  if (lines.length - 1 > limits.maxHeaders) return undefined;
  const rawHeaders: string[] = [];
  let contentLength: number | undefined;
  let hosts = 0;
  let framed = false;
  let clean = true;
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    const colon = line.indexOf(':');
    const name = line.slice(0, colon);
    if (colon <= 0 || !HTTP_TOKEN.test(name)) return undefined;
    const value = fieldValue(line, colon + 1, line.length);
    rawHeaders.push(name, value);
    const lower = name.toLowerCase();
    if (lower === 'content-length') contentLength = /^\d{1,15}$/.test(value) ? Number(value) : undefined;
    if (lower === 'host') hosts++;
    if (lower === 'transfer-encoding' || (lower === 'content-length' && value !== '0')) framed = true;
    if (CONTROL.test(value)) clean = false;
  }
  const forwardable = code === 'HPE_INVALID_URL' && KNOWN_METHODS.has(method) && (version === 'HTTP/1.1' || version === 'HTTP/1.0') &&
    RAW_UTF8_TARGET.test(target) && NON_ASCII.test(target) && hosts === 1 && !framed && clean;
  const bodyStart = start + end + 4;
  const body = contentLength ? raw.subarray(bodyStart, bodyStart + contentLength) : Buffer.alloc(0);
  return { method, target, version, rawHeaders, body, forwardable };
}

/**
 * The request Node's server would have made of `head` had it accepted it, on `socket`: the body that came
 * with the head, then its end; a forwardable target percent-encoded.
 */
export function refusedRequest(head: RefusedHead, socket: Socket): IncomingMessage {
  const req = new IncomingMessage(socket);
  req.method = head.method;
  req.url = head.forwardable ? percentEncodeHigh(head.target) : head.target;
  const minor = head.version === 'HTTP/1.0' ? 0 : 1;
  req.httpVersionMajor = 1;
  req.httpVersionMinor = minor;
  req.httpVersion = `1.${minor}`;
  req.rawHeaders = head.rawHeaders;
  req.complete = true;
  if (head.body.length > 0) req.push(head.body);
  req.push(null);
  return req;
}
