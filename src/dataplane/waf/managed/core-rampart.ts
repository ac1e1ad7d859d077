/**
 * Rampart's rules, served after AWS's 22 rules in AWSManagedRulesCommonRuleSet (AWS's "core rule set"):
 * request smuggling, response splitting and header injection carried in arguments, body, headers or path;
 * invalid or evasive encodings; request headers that break HTTP; cross-site scripting in the User-Agent and
 * Referer headers (which applications log and show in admin pages). AWS documents no rule for these; the
 * names carry `Rampart` so that nobody mistakes them for AWS's, and a web ACL's RuleActionOverrides set any
 * of them to Count like any other rule. See the README.
 */
import type { InspectedRequest, ManagedRule } from '../inspected-request.js';
import {
  RESTRICTED_HEADERS, asksEvasiveCharset, hasControlCharacter, hasInvalidEncoding, hasLineBreak, isArgProtocolAttack, isBadContentType,
  isBadRange, isBodyProtocolAttack, isConflictingConnection, isEvasiveMultipart, isHeaderProtocolAttack,
} from './detect/protocol.js';
import { argumentNames, bodyValues, bodyText, cookies, header, headerAndCookieTexts, headerLines, headerTexts, headerValues, multipartBoundary, queryArgs, queryPairs, uriPath } from './fields.js';
import {
  comesFromElsewhere, isNodeInjection, isScannerHeaderLine, isScannerPath, isScriptSinkName, isSessionIdName, isXmlExternalReference,
} from './detect/probes.js';
import { isXss } from './detect/xss.js';
import { anyIn, rule, verdictOf, type Runs } from './rule.js';
import type { RequestMemo } from '../request-memo.js';

const NS = 'core-rule-set';
const VERSIONS = new Set(['HTTP/1.0', 'HTTP/1.1', 'HTTP/2.0', 'HTTP/2']);
/**
 * Methods no web application behind a load balancer serves: TRACE and TRACK echo the request (cross-site
 * tracing), DEBUG is IIS's, CONNECT asks for a tunnel (an open-proxy probe), and the rest are UPnP's
 * event and discovery methods. WebDAV's and REST's pass.
 */
const FOREIGN_METHODS = new Set(['TRACE', 'TRACK', 'DEBUG', 'CONNECT', 'SUBSCRIBE', 'UNSUBSCRIBE', 'NOTIFY', 'M-SEARCH']);
/**
 * The methods of IANA's HTTP Method Registry, and PURGE (caches) and SOURCE (Icecast), which Node's parser
 * also knows. Method names are case-sensitive (RFC 9110 §9.1): `get`, `TEST` or `|GET` name no method a
 * web application serves, and the proxy's parser refuses them (it shows such requests to the web ACL).
 */
const KNOWN_METHODS = new Set(['ACL', 'BASELINE-CONTROL', 'BIND', 'CHECKIN', 'CHECKOUT', 'CONNECT', 'COPY', 'DELETE', 'GET', 'HEAD',
  'LABEL', 'LINK', 'LOCK', 'MERGE', 'MKACTIVITY', 'MKCALENDAR', 'MKCOL', 'MKREDIRECTREF', 'MKWORKSPACE', 'MOVE', 'OPTIONS', 'ORDERPATCH',
  'PATCH', 'POST', 'PRI', 'PROPFIND', 'PROPPATCH', 'PUT', 'QUERY', 'REBIND', 'REPORT', 'SEARCH', 'TRACE', 'UNBIND', 'UNCHECKOUT',
  'UNLINK', 'UNLOCK', 'UPDATE', 'UPDATEREDIRECTREF', 'VERSION-CONTROL', 'PURGE', 'SOURCE']);

/** One header (a `name:value` line of headerLines) that breaks HTTP or evades inspection by itself. */
function isBadHeaderLine(line: string): boolean {
  const colon = line.indexOf(':');
  const name = line.slice(0, colon);
  if (RESTRICTED_HEADERS.has(name)) return true;
  const value = line.slice(colon + 1);
  switch (name) {
    case 'accept':
    case 'accept-charset':
      return asksEvasiveCharset(name, value);
    case 'connection':
      return isConflictingConnection(value);
    case 'range':
    case 'request-range':
      return isBadRange(value);
    case 'content-type':
      return isBadContentType(value);
    default:
      return false;
  }
}

function hostLines(lines: readonly string[]): number {
  let n = 0;
  for (let i = 0; i < lines.length; i++) if (lines[i]!.startsWith('host:')) n++;
  return n;
}

/** A request whose headers break HTTP or evade inspection (each check is documented in detect/protocol.ts). */
export function violatesProtocol(req: InspectedRequest, memo: RequestMemo): boolean {
  if (!VERSIONS.has(req.httpVersion) || !KNOWN_METHODS.has(req.method)) return true;
  const method = req.method.toUpperCase();
  if (FOREIGN_METHODS.has(method)) return true;
  if ((method === 'GET' || method === 'HEAD') && (req.body.length > 0 || req.bodyOversize)) return true;
  // An HTTP/1.0 POST must carry a valid Content-Length (RFC 1945 §7.2.2, §8.3): without one a server cannot
  // tell where its body ends, and the bytes after the head may be taken as the next request.
  if (method === 'POST' && req.httpVersion === 'HTTP/1.0' && !/^\s*\d+\s*$/.test(header(req, memo, 'content-length') ?? '')) return true;
  // No Host, an empty one, or two (RFC 9112 §3.2: a server must refuse more than one; a proxy and the
  // application might each read a different one).
  if ((header(req, memo, 'host') ?? '').trim() === '' || hostLines(headerLines(req, memo)) > 1) return true;
  // An empty Accept: no browser sends one; OPTIONS preflights and Apple's CFNetwork clients may.
  const accept = header(req, memo, 'accept');
  if (accept !== undefined && accept.trim() === '' && method !== 'OPTIONS' && !/CFNetwork\//.test(header(req, memo, 'user-agent') ?? '')) return true;
  return anyIn(memo, 'proto:lines', headerLines, req, isBadHeaderLine);
}

function isFormBody(req: InspectedRequest, memo: RequestMemo): boolean {
  return /^\s*application\/x-www-form-urlencoded\b/i.test(header(req, memo, 'content-type') ?? '');
}

/** A form body with an invalid or evasive encoding, or a multipart body that hides its parts' text. */
function hasEvasiveBody(req: InspectedRequest, memo: RequestMemo): boolean {
  if (req.body.length === 0) return false;
  if (isFormBody(req, memo)) return hasInvalidEncoding(bodyText(req, memo));
  const boundary = multipartBoundary(req, memo);
  return boundary !== undefined && isEvasiveMultipart(bodyText(req, memo), boundary);
}

/** The body's fields unless the body is an XML document itself (SOAP declares schema locations). */
function nonXmlBodyFields(req: InspectedRequest, memo: RequestMemo): readonly string[] | Runs {
  return /xml/i.test(header(req, memo, 'content-type') ?? '') ? [] : bodyValues(req, memo);
}

/** The decoded User-Agent and Referer values, taken from headerTexts' decoded (name, value) pairs. */
function loggedHeaders(req: InspectedRequest, memo: RequestMemo): readonly string[] {
  const texts = headerTexts(req, memo);
  const out: string[] = [];
  for (let i = 0; i + 1 < texts.length; i += 2) if (texts[i] === 'user-agent' || texts[i] === 'referer') out.push(texts[i + 1] as string);
  return out;
}

export const rampartCoreRules: readonly ManagedRule[] = [
  rule(NS, 'RampartProtocolAttack_QUERYARGUMENTS', 'RampartProtocolAttack_QueryArguments', (r, m) =>
    anyIn(m, 'proto:q', queryArgs, r, isArgProtocolAttack) || queryPairs(r, m).some(([k]) => hasLineBreak(k))),
  rule(NS, 'RampartProtocolAttack_BODY', 'RampartProtocolAttack_Body', (r, m) => anyIn(m, 'proto:b', bodyValues, r, isBodyProtocolAttack)),
  rule(NS, 'RampartProtocolAttack_HEADER', 'RampartProtocolAttack_Header', (r, m) =>
    anyIn(m, 'proto:h', headerAndCookieTexts, r, isHeaderProtocolAttack)),
  rule(NS, 'RampartProtocolAttack_URIPATH', 'RampartProtocolAttack_URIPath', (r, m) => verdictOf('v:hasLineBreak', uriPath(r, m), hasLineBreak)),
  rule(NS, 'RampartProtocolViolation_HEADER', 'RampartProtocolViolation_Header', violatesProtocol),
  rule(NS, 'RampartInvalidEncoding_QUERYSTRING', 'RampartInvalidEncoding_QueryString', (r) => verdictOf('v:hasInvalidEncoding', r.query, hasInvalidEncoding)),
  rule(NS, 'RampartInvalidEncoding_URIPATH', 'RampartInvalidEncoding_URIPath', (r) => verdictOf('v:hasInvalidEncoding', r.path, hasInvalidEncoding)),
  rule(NS, 'RampartInvalidEncoding_BODY', 'RampartInvalidEncoding_Body', hasEvasiveBody),
  rule(NS, 'RampartCrossSiteScripting_HEADER', 'RampartCrossSiteScripting_Header', (r, m) => anyIn(m, 'xss:h', loggedHeaders, r, isXss)),
  rule(NS, 'RampartInvalidEncoding_HEADER', 'RampartInvalidEncoding_Header', (r, m) => anyIn(m, 'ctl:h', headerValues, r, hasControlCharacter)),
  rule(NS, 'RampartScanner_HEADER', 'RampartScanner_Header', (r, m) => anyIn(m, 'scan:lines', headerLines, r, isScannerHeaderLine)),
  rule(NS, 'RampartScanner_URIPATH', 'RampartScanner_URIPath', (r, m) => verdictOf('v:isScannerPath', uriPath(r, m), isScannerPath)),
  rule(NS, 'RampartNodeInjection_QUERYARGUMENTS', 'RampartNodeInjection_QueryArguments', (r, m) => anyIn(m, 'node:q', queryArgs, r, isNodeInjection)),
  rule(NS, 'RampartNodeInjection_BODY', 'RampartNodeInjection_Body', (r, m) => anyIn(m, 'node:b', bodyValues, r, isNodeInjection)),
  rule(NS, 'RampartNodeInjection_COOKIE', 'RampartNodeInjection_Cookie', (r, m) => anyIn(m, 'node:c', cookies, r, isNodeInjection)),
  rule(NS, 'RampartSessionFixation_QUERYARGUMENTS', 'RampartSessionFixation_QueryArguments', (r, m) =>
    queryPairs(r, m).some(([k]) => isSessionIdName(k)) && comesFromElsewhere(header(r, m, 'referer'), header(r, m, 'host'))),
  rule(NS, 'RampartXmlExternalReference_QUERYARGUMENTS', 'RampartXmlExternalReference_QueryArguments', (r, m) => anyIn(m, 'xmlx:q', queryArgs, r, isXmlExternalReference)),
  rule(NS, 'RampartXmlExternalReference_BODY', 'RampartXmlExternalReference_Body', (r, m) => anyIn(m, 'xmlx:b', nonXmlBodyFields, r, isXmlExternalReference)),
  rule(NS, 'RampartCrossSiteScripting_ARGUMENTNAMES', 'RampartCrossSiteScripting_ArgumentNames', (r, m) => anyIn(m, 'sink:n', argumentNames, r, isScriptSinkName)),
];
