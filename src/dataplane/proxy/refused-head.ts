/**
 * The head of a request whose request line the proxy's HTTP parser refuses (an unknown method such as
 * `TEST`, a method with a stray character, `HTTP/3.0`, a target that is neither a path nor a URL), read
 * leniently from the bytes the parser was given, so that the web ACL sees it: a refused request is never
 * forwarded, but an attack carried in one is labelled, blocked (403) and logged by the rule that matches,
 * like any other. Anything else the parser refuses, or a head that did not arrive whole with those bytes,
 * keeps the load balancer's plain 400.
 *
 * The reading is bounded: at most `maxBytes` of head, at most `maxHeaders` header lines, each of them
 * `name: value` with a token name; one line that is not, and there is no head to evaluate.
 */

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
}

export interface HeadLimits {
  readonly maxBytes: number;
  readonly maxHeaders: number;
}

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** Visible characters, and for the target the bytes above 0x7F a client may send unencoded. */
const VISIBLE = /^[\x21-\x7e]+$/;
const TARGET = /^[\x21-\x7e\x80-\xff]+$/;

/**
 * Reads the head in `raw` whose request line holds byte `errorAt` (the parser's `bytesParsed`: the
 * request line begins after the last line break before it, which skips earlier requests and the empty
 * lines a client may send before one). Undefined when there is no whole, well-formed head to read.
 */
export function readRefusedHead(raw: Buffer, errorAt: number, limits: HeadLimits): RefusedHead | undefined {
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
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    const colon = line.indexOf(':');
    const name = line.slice(0, colon);
    if (colon <= 0 || !TOKEN.test(name)) return undefined;
    const value = line.slice(colon + 1).replace(/^[ \t]+|[ \t]+$/g, '');
    rawHeaders.push(name, value);
    if (name.toLowerCase() === 'content-length') contentLength = /^\d{1,15}$/.test(value) ? Number(value) : undefined;
  }
  const bodyStart = start + end + 4;
  const body = contentLength ? raw.subarray(bodyStart, bodyStart + contentLength) : Buffer.alloc(0);
  return { method, target, version, rawHeaders, body };
}
