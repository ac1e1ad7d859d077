/**
 * Attack classes the OWASP Core Rule Set blocks at paranoia level 1 that AWS's managed rules do not name:
 * security scanners announcing themselves (CRS 913), Node.js code injection and deserialization (934),
 * session fixation through a session identifier in the URL (943), and PHP's high-risk functions requested
 * as a path (933150). Each check looks for markers ordinary traffic does not carry; what would also block
 * ordinary traffic is left out (see the managed README).
 */
import { clip } from './protocol.js';

/** Headers only scanners send (CRS scanners-headers.data): names, and a value marker. */
const SCANNER_HEADER_NAMES = new Set(['acunetix-product', 'acunetix-scanning-agreement', 'acunetix-user-agreement', 'x-ratproxy-loop', 'x-scanner']);

/** A `name:value` header line (name lower-case, as headerLines gives) that a security scanner sends. */
export function isScannerHeaderLine(line: string): boolean {
  const colon = line.indexOf(':');
  if (SCANNER_HEADER_NAMES.has(line.slice(0, colon))) return true;
  return /\(acunetix web vulnerability scanner|\bmyvar=1234\b/i.test(clip(line.slice(colon + 1)));
}

/** Files scanners ask for to fingerprint a site (CRS scanners-urls.data and well-known probes). */
const SCANNER_PATHS = /\/nessustest\b|\/nessus_is_probing_you|\/appscan_fingerprint\/|\/w00tw00t\.at\.|\/nikto-test|\/netsparker-[0-9a-f]{6,}|\/acunetix-wvs-test/i;

/** A decoded URI path that is a scanner's fingerprinting probe. */
export function isScannerPath(path: string): boolean {
  return SCANNER_PATHS.test(clip(path));
}

/**
 * Markers of JavaScript code injected into a Node.js application: node-serialize's and funcster's function
 * markers (`_$$ND_FUNC$$_`, `__js_function`, the deserialization RCEs), a function literal or constructor
 * (`function() {`, `new Function(`), and module or process internals.
 */
const NODE_CODE = /_\$\$nd_func\$\$_|__js_function|\bnew\s+function\s*\(|\bfunction\s*\(\s*\)\s*\{|\bmodule\.exports\s*=|\brequire\s*\(\s*["'`]child_process|\bprocess\s*\.\s*(?:mainmodule|binding|dlopen)\b|\bthis\.constructor\.constructor\s*\(/;
const BASE64 = /^[A-Za-z0-9+/]{12,}={0,2}$/;

/** A value carrying Node.js code injection, as it is or base64-encoded (a serialized payload in a cookie). */
export function isNodeInjection(value: string): boolean {
  const s = clip(value);
  if (NODE_CODE.test(s.toLowerCase())) return true;
  if (!BASE64.test(s)) return false;
  return NODE_CODE.test(Buffer.from(s, 'base64').toString('latin1').toLowerCase());
}

/**
 * Session cookies of server platforms (Java, ASP, ASP.NET, PHP, WebLogic, ColdFusion). Generic names such as
 * `session_id` are left out: payment providers send customers back with a `session_id` argument.
 */
const SESSION_NAMES = new Set(['jsessionid', 'aspsessionid', 'asp.net_sessionid', 'phpsessid', 'phpsession', 'weblogicsession', 'cfid', 'cftoken', 'cfsid', 'jservsession', 'jwsession']);

/** An argument name that is a platform's session identifier (ASP's carries a suffix: `ASPSESSIONIDQQGGGRCA`). */
export function isSessionIdName(name: string): boolean {
  const n = name.toLowerCase();
  return SESSION_NAMES.has(n) || /^aspsessionid[a-z]{8}$/.test(n);
}

/**
 * Whether a request came from elsewhere than the site itself: no Referer, or a Referer naming another host.
 * With a session identifier in the URL that is session fixation (CRS 943110 / 943120); a page of the same
 * site linking with one (URL rewriting) passes.
 */
export function comesFromElsewhere(referer: string | undefined, host: string | undefined): boolean {
  if (referer === undefined || referer.trim() === '') return true;
  try {
    return host === undefined || new URL(referer.trim()).host.toLowerCase() !== host.trim().toLowerCase();
  } catch {
    return true;
  }
}

/** PHP functions that read files, run commands or decode hidden code: no application serves a page of that name. */
const PHP_FUNCTIONS = new Set([
  'base64_decode', 'call_user_func', 'call_user_func_array', 'create_function', 'file_get_contents', 'file_put_contents', 'fsockopen',
  'gzinflate', 'gzuncompress', 'gzdecode', 'str_rot13', 'shell_exec', 'proc_open', 'pcntl_exec', 'passthru', 'phpinfo', 'php_uname',
  'move_uploaded_file', 'assert_options', 'get_defined_vars', 'posix_getpwuid', 'posix_setuid', 'posix_kill', 'show_source', 'highlight_file',
  'parse_ini_file', 'stream_get_contents', 'curl_exec', 'preg_replace_callback', 'register_shutdown_function', 'ini_get_all',
]);

/** A decoded URI path with a segment (its extension aside) named after a high-risk PHP function (CRS 933150). */
export function isPhpFunctionPath(path: string): boolean {
  for (const seg of clip(path).toLowerCase().split('/')) {
    if (seg.length < 6 || seg.length > 40) continue;
    const dot = seg.indexOf('.');
    if (PHP_FUNCTIONS.has(dot < 0 ? seg : seg.slice(0, dot))) return true;
  }
  return false;
}

/**
 * XML that makes whatever parses it fetch from elsewhere: a schema location naming a URL
 * (`xsi:schemaLocation`, `noNamespaceSchemaLocation`), an external entity (`<!ENTITY x SYSTEM "...">`), an
 * XInclude. Carried in a query argument or a form field, that is a scanner's out-of-band XML injection probe
 * or an XXE / SSRF attempt (CRS 941130 sees its namespace attributes). XML documents sent as the body
 * itself (SOAP) are not given to this check: they may declare schema locations.
 */
const XML_EXTERNAL = /\b(?:nonamespace)?schemalocation\s*=\s*["'][^"']*?\b(?:https?|ftp|file):\/\/|<!entity\s+(?:%\s*)?[^\s>]+\s+(?:system|public)\b|<xi:include\b[^>]*\bhref\s*=/;
const XML_EXTERNAL_HINT = /schemalocation|<!entity|xi:include/i;

/** A value with an XML external reference (see XML_EXTERNAL). */
export function isXmlExternalReference(value: string): boolean {
  const s = clip(value);
  return XML_EXTERNAL_HINT.test(s) && XML_EXTERNAL.test(s.toLowerCase());
}

/**
 * A name that is a script sink or a comment marker (CRS 941180, the node-validator list): an argument or
 * cookie named `window.location` or `document.cookie` is script for a page that echoes names back, never
 * an application's own name.
 */
const SCRIPT_SINK_NAME = /\bwindow\.location\b|\bdocument\.(?:cookie|write|domain|location)\b|\blocation\.href\b|\.(?:innerhtml|outerhtml|parentnode)\b|-moz-binding|<!--|-->|<!\[cdata\[/i;

/** An argument, form field or cookie name that is a script sink (see SCRIPT_SINK_NAME). */
export function isScriptSinkName(name: string): boolean {
  return SCRIPT_SINK_NAME.test(clip(name));
}
