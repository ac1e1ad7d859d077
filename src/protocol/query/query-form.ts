/**
 * What the query protocols (awsQuery, ec2) accept of a form-encoded parameter list, and the
 * pre-authentication look at it. A request is at most 20 MiB, so everything here is linear in its
 * bytes; the caps keep what a request may make the parser build small as well.
 */
import { clientError, type AwsError } from '../../shared/aws-error.js';
import { hexValue, isStrictlyDecodable } from '../percent-decoding.js';
import type { ProtocolRequest } from '../types.js';

/** Most `&`-separated pieces (empty ones included) a query request may have. */
export const MAX_QUERY_PARAMETERS = 10_000;
/** Longest parameter name, as sent (percent-encoded); a decoded name is never longer. */
export const MAX_QUERY_KEY_LENGTH = 1024;
/** Longest Action value the pre-authentication scan reads (operation names are under 64 characters). */
export const MAX_SCANNED_ACTION_LENGTH = 256;

/** AWS's common 400 for a query string that "does not adhere to AWS standards". */
export function invalidQueryParameter(message: string): AwsError {
  return clientError('InvalidQueryParameter', message);
}

/** The refusal of a parameter list longer than MAX_QUERY_PARAMETERS. */
export function tooManyParameters(): AwsError {
  return invalidQueryParameter(`The request has more than ${MAX_QUERY_PARAMETERS} parameters.`);
}

/** The refusal of a parameter name longer than MAX_QUERY_KEY_LENGTH. */
export function keyTooLong(length: number): AwsError {
  return invalidQueryParameter(`A parameter name is ${length} characters long; the most accepted is ${MAX_QUERY_KEY_LENGTH}.`);
}

/**
 * One name or value of an `application/x-www-form-urlencoded` list, decoded exactly as
 * `URLSearchParams` decodes it (`+` is a space; a malformed `%` sequence stays as sent, invalid
 * UTF-8 becomes U+FFFD). `s` holds no `&`.
 */
export function decodeFormComponent(s: string): string {
  const t = s.includes('+') ? s.replace(/\+/g, ' ') : s;
  if (!t.includes('%')) return t;
  if (isStrictlyDecodable(t)) return decodeURIComponent(t);
  // Rare (a stray `%`, invalid UTF-8): the standard's lenient decoding, without a thrown URIError.
  return new URLSearchParams(`a=${s}`).get('a')!;
}

/** The parameter list of a request: POST bodies carry it, GET puts it in the query string (AWS accepts both). */
export function encodedParams(req: ProtocolRequest): string {
  const fromBody = req.method === 'POST' && req.body.length > 0 ? req.body.toString('utf8') : '';
  return fromBody || req.rawQuery;
}

/**
 * The bytes encodedParams decodes, for the pre-authentication Action scan: the body is scanned in
 * place, never decoded whole (a query string is small: the HTTP head is at most 32 KiB).
 */
export function encodedBytes(req: ProtocolRequest): Buffer {
  return req.method === 'POST' && req.body.length > 0 ? req.body : Buffer.from(req.rawQuery, 'utf8');
}

const AMP = 0x26;
const EQ = 0x3d;
const PERCENT = 0x25;
const QUESTION = 0x3f;
/** `Action` as bytes, and the length of its longest encoding (`%41%63%74%69%6F%6E`). */
const ACTION = Buffer.from('Action', 'latin1');
const MAX_ENCODED_ACTION_NAME = 3 * ACTION.length;

/**
 * True when `bytes[from, to)` decodes to the name `Action`: each letter sent as is or as its `%XX`
 * escape. Compared in place: nothing is decoded or allocated.
 */
function namesAction(bytes: Buffer, from: number, to: number): boolean {
  let i = from;
  for (let j = 0; j < ACTION.length; j++) {
    const c = ACTION[j]!;
    if (i >= to) return false;
    if (bytes[i] === c) {
      i++;
      continue;
    }
    if (bytes[i] !== PERCENT || i + 2 >= to) return false;
    const hi = hexValue(bytes[i + 1]!);
    const lo = hexValue(bytes[i + 2]!);
    if (hi < 0 || lo < 0 || hi * 16 + lo !== c) return false;
    i += 3;
  }
  return i === to;
}

/**
 * The Action parameter of a form-encoded list, as the full parser would read it (the first
 * occurrence wins), for naming the operation before the request is authenticated. Bounded: it
 * decodes no other name or value, looks at no more than the first MAX_QUERY_PARAMETERS pieces
 * (the full parser refuses more) and gives up (undefined, an unknown operation) on an Action
 * value longer than MAX_SCANNED_ACTION_LENGTH. Costs one `memchr` pass over the bytes at most.
 */
export function scanAction(bytes: Buffer): string | undefined {
  const len = bytes.length;
  // URLSearchParams drops one leading `?`.
  let start = len > 0 && bytes[0] === QUESTION ? 1 : 0;
  for (let pieces = 0; start < len && pieces < MAX_QUERY_PARAMETERS; pieces++) {
    let end = bytes.indexOf(AMP, start);
    if (end === -1) end = len;
    // The name ends at the first `=`; only a short name can be `Action`, so look no further.
    const window = Math.min(end, start + MAX_ENCODED_ACTION_NAME + 1);
    let eq = start;
    while (eq < window && bytes[eq] !== EQ) eq++;
    // No `=` within the window: the whole piece is the name (then too long to be `Action` unless it fits).
    const nameEnd = eq < window ? eq : end;
    if (nameEnd - start <= MAX_ENCODED_ACTION_NAME && namesAction(bytes, start, nameEnd)) {
      if (nameEnd === end) return '';
      if (end - nameEnd - 1 > MAX_SCANNED_ACTION_LENGTH) return undefined;
      return decodeFormComponent(bytes.toString('utf8', nameEnd + 1, end));
    }
    start = end + 1;
  }
  return undefined;
}
