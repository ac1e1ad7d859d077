/**
 * PHP code injection: PHP open tags, high-risk functions called (or named, for the ones only attackers
 * name), superglobals, stream wrappers, serialized objects, variable-function and string-callee calls.
 */
import { anyOfLiterals } from './literals.js';

const MAX_INPUT = 8192;

/** Functions that execute code or commands, decode payloads, or reach files and sockets. */
const HIGH_RISK = [
  'eval', 'assert', 'system', 'exec', 'shell_exec', 'passthru', 'popen', 'proc_open', 'pcntl_exec', 'pcntl_fork',
  'base64_decode', 'gzinflate', 'gzuncompress', 'gzdecode', 'bzdecompress', 'str_rot13', 'create_function',
  'call_user_func', 'call_user_func_array', 'preg_replace', 'file_get_contents', 'file_put_contents', 'fopen',
  'fwrite', 'fputs', 'fsockopen', 'pfsockopen', 'stream_socket_client', 'curl_exec', 'curl_init', 'phpinfo',
  'print_r', 'var_dump', 'var_export', 'get_defined_vars', 'get_defined_functions', 'get_defined_constants',
  'ini_set', 'ini_get', 'ini_get_all', 'ini_restore', 'putenv', 'getenv', 'dl', 'move_uploaded_file', 'unlink',
  'chmod', 'chown', 'chgrp', 'symlink', 'readfile', 'highlight_file', 'show_source', 'php_uname', 'posix_getpwuid',
  'posix_kill', 'posix_mkfifo', 'posix_setuid', 'array_map', 'array_filter', 'usort', 'uasort', 'register_shutdown_function',
  'register_tick_function', 'extract', 'parse_str', 'include', 'include_once', 'require', 'require_once',
  'unserialize', 'serialize', 'mail', 'gethostbyname', 'chroot', 'escapeshellcmd', 'escapeshellarg', 'proc_nice',
  'proc_terminate', 'proc_get_status', 'apache_child_terminate', 'apache_setenv', 'mb_ereg_replace', 'strrev',
  'hex2bin', 'convert_uudecode', 'str_replace', 'file', 'scandir', 'glob', 'opendir', 'readdir', 'fread', 'fgets',
  'copy', 'rename', 'tempnam', 'tmpfile', 'mkdir', 'rmdir', 'touch', 'ftp_connect', 'ftp_get', 'ftp_put',
  'socket_create', 'socket_connect', 'ob_start', 'array_walk', 'func_get_args', 'iterator_apply', 'uncompress',
  'chr', 'ord', 'gethostbynamel', 'get_current_user', 'getcwd', 'getmypid', 'settype', 'forward_static_call',
];
/** Names that (almost) only appear in attacks, so the bare word is enough. */
const BARE = [
  'base64_decode', 'gzinflate', 'gzuncompress', 'bzdecompress', 'shell_exec', 'call_user_func', 'create_function',
  'proc_open', 'pcntl_exec', 'passthru', 'get_defined_vars', 'get_defined_functions', 'fsockopen', 'pfsockopen',
  'file_get_contents', 'file_put_contents', 'move_uploaded_file', 'php_uname', 'phpinfo', 'posix_getpwuid',
  'str_rot13', 'gzdecode', 'convert_uudecode', 'stream_socket_client', 'register_shutdown_function',
  'highlight_file', 'show_source', 'apache_setenv', 'posix_setuid', 'escapeshellcmd', 'call_user_func_array',
];
const BARE_NAME = anyOfLiterals(BARE);
const FN_SET = new Set(HIGH_RISK);

const SUPERGLOBAL = /\$_(?:get|post|cookie|request|server|files|env|session)\b|\$globals\b|\$http_(?:get|post|cookie|server|env|session|raw_post_data|post_files)(?:_vars)?\b/;
const WRAPPER = /\b(?:php|phar|zlib|compress\.zlib|compress\.bzip2|expect|glob|ogg|rar|ssh2(?:\.[a-z]+)?|zip|data):\/\//;
const DIRECTIVES = /\b(?:allow_url_include|allow_url_fopen|auto_prepend_file|auto_append_file|disable_functions|open_basedir|safe_mode|register_globals|session\.[a-z_0-9]+|magic_quotes_gpc|suhosin\.[a-z_.]+|display_errors|error_log|file_uploads|enable_dl|mail\.add_x_header|include_path)\s*=/;

/** Without one of these, none of the PHP checks can match. */
const PHP_HINT = /[<$(:[{"'_]|gz|bzde|passthru|sockopen|phpinfo|\[php\]/i;

export function isPhpInjection(value: string): boolean {
  if (!PHP_HINT.test(value)) return false;
  const raw = value.length > MAX_INPUT ? value.slice(0, MAX_INPUT) : value;
  // PHP ignores comments and whitespace between tokens: drop them (bounded comment lengths).
  let s = raw.toLowerCase();
  if (s.includes('/*')) s = s.replace(/\/\*[^*]{0,100}\*\//g, '');
  if (s.includes('\n') && (s.includes('#') || s.includes('//'))) s = s.replace(/(?:#|\/\/)[^\n#]{0,100}\n/g, ' ');
  if (s.includes('$')) s = s.replace(/\$\s+\{/g, '${');
  // Every check but the bare names needs one of these characters (an open tag, `$`, `://`, `=`, `o:1:`, a call).
  if (!/[<[$:=(]/.test(s)) return BARE_NAME.test(s);
  if (/<\?(?:php|=|\s)|\[php\]|<\?(?!xml)[a-z$]/.test(s)) return true;
  if (SUPERGLOBAL.test(s) || WRAPPER.test(s) || DIRECTIVES.test(s)) return true;
  // Serialized objects and arrays: O:8:"stdClass":1:{, a:2:{i:0;
  if (/\b[oc]:\+?\d{1,9}:"[a-z_\\][^"]{0,200}":\d{1,9}:\{|\ba:\d{1,9}:\{[si]:/.test(s)) return true;
  // Variable functions: $f(1), ${'x'}(), $a[0](, $obj->$m(
  if (/\$\{?[a-z_\x7f-\xff@][\w@\]['"{}$]{0,60}\}?\s*(?:\/\*.{0,40}?\*\/\s*){0,4}\(/.test(s) ||
    /\$\{[^}]{0,60}\}\s*(?:\[[^\]]{0,40}\]\s*)*\(/.test(s) || /\$[a-z_][a-z0-9_]{0,39}(?:\s*(?:\[[^\]]{0,40}\]|\{[^}]{0,40}\})){1,6}\s*\(/.test(s) ||
    /->\s*\$[a-z_]/.test(s)) return true;
  // Callees that are expressions: ('sys'.'tem')(...), [system][0](ls), (string)"system"('uname'), (x)/**/('uname')
  if (/posix_[a-z]{3,20}\s*\(/.test(s)) return true;
  if (/(?:[)\]}]|["'])\s*(?:\/\*[^*]{0,40}\*\/\s*)?\(\s*(?:\/\*[^*]{0,40}\*\/\s*)?(?:['"][a-z]{2,}['"]?\s*\)|[a-z]{2,}\s*(?:\/\*[^*]{0,40}\*\/\s*)?\))/.test(s) &&
    /(?:\(|\[)\s*(?:\/\*[^*]{0,40}\*\/\s*)?\+*\s*['"]?[a-z_]{2,}|['"]\s*\.\s*['"]/.test(s)) return true;
  if (BARE_NAME.test(s)) return true;
  // name(  with comments / whitespace / control characters allowed between.
  const re = /([a-z_][a-z0-9_]{1,40})\s*(?:\/\*[^*]{0,40}\*\/\s*|#[^\n]{0,40}\n\s*)*\(/g;
  for (let m = re.exec(s); m !== null; m = re.exec(s)) {
    if (!FN_SET.has(m[1] as string)) continue;
    const before = s.charCodeAt(m.index - 1);
    if (m.index === 0 || !(before >= 97 && before <= 122)) return true;
  }
  return false;
}

/** A file name that PHP would execute (`a.php`, `x.phtml`, `y.php5...`, `z.php56.`). */
export function isPhpFileName(value: string): boolean {
  // `.php` with any version digits (`.php7`, `.php907`), trailing dots and spaces Windows strips.
  return /\.(?:php\d{0,4}|phtml|phar|pht|phps|pgif|inc)(?:[.\s]*)$|\.php\d{0,4}\./i.test(value.trim());
}
