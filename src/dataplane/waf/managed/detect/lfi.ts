/**
 * Path traversal and local file inclusion: `..` segments after every decoding attackers use (percent, double,
 * overlong UTF-8, `%u`, backslashes), and the operating-system files they are after.
 */
import { anyOfLiterals } from './literals.js';

const MAX_INPUT = 8192;

/** Files and directories whose only purpose in a request is reading the system (Linux / Unix). */
const UNIX_FILES = [
  'etc/passwd', 'etc/shadow', 'etc/group', 'etc/hosts', 'etc/issue', 'etc/motd', 'etc/mysql', 'etc/httpd',
  'etc/apache', 'etc/nginx', 'etc/ssh', 'etc/sudoers', 'etc/crontab', 'etc/fstab', 'etc/hostname', 'etc/resolv.conf',
  'etc/security', 'etc/os-release', 'etc/redhat-release', 'etc/lsb-release', 'etc/profile', 'etc/bashrc', 'etc/inetd',
  'etc/master.passwd', 'etc/pwd.db', 'etc/spwd.db', 'etc/ld.so', 'etc/environment', 'etc/init.d', 'etc/php',
  'proc/self', 'proc/version', 'proc/cpuinfo', 'proc/meminfo', 'proc/mounts', 'proc/net', 'proc/sched_debug',
  'proc/cmdline', 'proc/1/', 'var/log/', 'var/run/secrets', 'var/www/', 'usr/local/etc', '.ssh/', '.bash_history',
  '.bashrc', '.bash_profile', '.profile', '.htpasswd', '.htaccess', '.aws/credentials', '.docker/config', '.kube/config',
  '.git/config', '.git/head', '.svn/entries', '.mysql_history', '.psql_history', '.gnupg', 'id_rsa', 'id_dsa',
  'authorized_keys', 'known_hosts', 'dev/tcp/', 'dev/udp/', 'boot/grub', 'root/.', '/sys/class', 'wp-config.php',
  'etc/pam.d', 'etc/sysconfig', 'usr/share/', 'etc/apt', 'etc/shells', 'etc/timezone',
];
const UNIX_FILE = anyOfLiterals(UNIX_FILES);
const WINDOWS_FILES = [
  'boot.ini', 'win.ini', 'system.ini', 'windows/system32', 'winnt/system32', 'system32/', 'system32\\',
  'windows\\system32', 'sam', 'repair/sam', 'inetpub/', 'web.config', 'applicationhost.config', 'php.ini',
  'my.ini', 'httpd.conf', 'autoexec.bat', 'config.sys', 'ntuser.dat', 'pagefile.sys', 'hiberfil.sys',
];
/** Whether one of the names (other than `sam`, matched below with its directory) occurs: fileAt needs that. */
const WINDOWS_FILE = anyOfLiterals(WINDOWS_FILES.filter((f) => f !== 'sam'));

/** Normalizes separators: backslashes to slashes, `//` runs collapsed, lower case. */
function normPath(s: string): string {
  return s
    .toLowerCase()
    .replace(/0x2e/g, '.')
    .replace(/0x2f|0x5c/g, '/')
    .replace(/\0/g, '')
    .replace(/\\/g, '/')
    .replace(/\/{2,}/g, '/');
}

/** A `..` path segment (a traversal), also `..;/` and `....//` tricks. */
export function hasTraversal(value: string): boolean {
  // normPath's dots are the value's own or decoded `0x2e`, and only removed NULs can bring two of them together.
  if (!value.includes('..') && !value.includes('\0') && !/0x2e/i.test(value)) return false;
  const s = normPath(value.length > MAX_INPUT ? value.slice(0, MAX_INPUT) : value);
  let i = s.indexOf('..');
  while (i >= 0) {
    const before = i === 0 ? '' : s[i - 1];
    let j = i + 2;
    while (s[j] === '.') j++;
    const after = s[j];
    const next = s[j + 1];
    if ((before === '/' || before === '=' || before === ' ' || before === ':' || before === '"' || before === "'" ||
      before === '|' || before === ';' || before === '\t' || i === 0) && (after === '/' || after === ';' ||
      (after === undefined && before === '/')) && (before === '/' || (next !== undefined && next !== ' '))) return true;
    i = s.indexOf('..', j);
  }
  return false;
}

function fileAt(s: string, name: string): boolean {
  let i = s.indexOf(name);
  while (i >= 0) {
    const prev = s[i - 1];
    const next = s[i + name.length];
    const startOk = i === 0 || prev === '/' || prev === '=' || prev === ' ' || prev === ':' || prev === '"' ||
      prev === "'" || prev === '.' || name.startsWith('/') || name.startsWith('.');
    const endOk = next === undefined || !/[a-z0-9_]/.test(next) || name.endsWith('/') || name.endsWith('.');
    if (startOk && endOk) return true;
    i = s.indexOf(name, i + 1);
  }
  return false;
}

/** A Linux/Unix system file (`/etc/passwd`, `/proc/self/environ`, ...). */
export function hasUnixFile(value: string): boolean {
  if (!/[/\\.]|0x2[ef]|0x5c/i.test(value)) return false;
  const s = normPath(value.length > MAX_INPUT ? value.slice(0, MAX_INPUT) : value);
  if (!s.includes('/') && !s.includes('.')) return false;
  // fileAt needs the name to occur: the loop runs only when one of them does.
  if (!UNIX_FILE.test(s)) return false;
  for (const f of UNIX_FILES) if (fileAt(s, f)) return true;
  return false;
}

/** A Windows system file (`boot.ini`, `win.ini`, `system32`). */
export function hasWindowsFile(value: string): boolean {
  const s = normPath(value.length > MAX_INPUT ? value.slice(0, MAX_INPUT) : value);
  for (const f of WINDOWS_FILE.test(s) ? WINDOWS_FILES : []) {
    if (f === 'sam') continue;
    if (fileAt(s, f)) return true;
  }
  return /(?:^|\/)(?:windows|winnt)\/(?:repair\/)?sam(?:$|\/)/.test(s);
}

/** Any LFI signal: a traversal, or a Unix / Windows system file. */
export function isLfi(value: string): boolean {
  if (!/[/\\.]|0x2[ef]|0x5c/i.test(value)) return false;
  return hasTraversal(value) || hasUnixFile(value) || hasWindowsFile(value);
}

const RESTRICTED_EXT = new Set([
  'log', 'ini', 'bak', 'backup', 'old', 'orig', 'sql', 'conf', 'config', 'cfg', 'env', 'swp', 'sav', 'save',
  'tmp', 'temp', 'dat', 'db', 'mdb', 'sqlite', 'pem', 'key', 'crt', 'inc', 'passwd', 'htpasswd', 'htaccess',
  'history', 'cmd', 'bat', 'exe', 'dll', 'sys', 'cer', 'pfx', 'p12', 'jks', 'keystore', 'dist', 'lock', 'cache',
  'rdb', 'dump', 'asa', 'asax', 'cs', 'csproj', 'vb', 'vbproj', 'resx', 'licx', 'mdf', 'ldf', 'pol', 'idq', 'htr',
  'printer', 'ida', 'cdx', 'shtml', 'bash_history', 'git', 'svn', 'hg', 'yml', 'yaml', 'properties',
]);

/** A path or file name ending in an extension that is a system, backup or configuration file. */
export function hasRestrictedExtension(value: string): boolean {
  // Editor and backup copies: `index.php~`, `app.js.swp`, a segment ending in `~`.
  if (/[^/~\s]~(?:\/|$)/.test(value)) return true;
  const s = value.toLowerCase().replace(/[\s.~]+$/, '');
  const slash = Math.max(s.lastIndexOf('/'), s.lastIndexOf('\\'));
  const base = s.slice(slash + 1);
  const dot = base.lastIndexOf('.');
  if (dot < 0) return false;
  const ext = base.slice(dot + 1).replace(/[^a-z0-9_]+$/, '');
  return RESTRICTED_EXT.has(ext);
}
