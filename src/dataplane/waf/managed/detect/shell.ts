/**
 * OS command injection: a command separator or substitution (`;`, `|`, `&&`, `` ` ``, `$(`, newline) followed by
 * a Unix command, after removing the evasions shells ignore (quotes inside words, `\`, `$@`, `${IFS}`, empty
 * variables); Unix shell variables; Windows cmd.exe syntax and commands; PowerShell cmdlets.
 */
import { anyOfLiterals } from './literals.js';

const MAX_INPUT = 8192;

const UNIX_CMDS = new Set([
  'cat', 'ls', 'id', 'whoami', 'uname', 'wget', 'curl', 'nc', 'ncat', 'netcat', 'bash', 'sh', 'zsh', 'ksh', 'csh',
  'tcsh', 'dash', 'echo', 'ping', 'nslookup', 'dig', 'host', 'telnet', 'ssh', 'scp', 'ftp', 'tftp', 'python',
  'python2', 'python3', 'perl', 'ruby', 'php', 'node', 'lua', 'chmod', 'chown', 'rm', 'mv', 'cp', 'touch', 'mkdir',
  'kill', 'pkill', 'ps', 'netstat', 'ifconfig', 'ip', 'sleep', 'head', 'tail', 'more', 'less', 'grep', 'find',
  'awk', 'sed', 'xargs', 'env', 'printenv', 'export', 'base64', 'xxd', 'od', 'hexdump', 'nohup', 'crontab', 'sudo',
  'su', 'passwd', 'useradd', 'tar', 'gzip', 'gunzip', 'unzip', 'zip', 'dd', 'mkfifo', 'mknod', 'socat', 'lwp-download',
  'lynx', 'links', 'fetch', 'timeout', 'eval', 'exec', 'uptime', 'w', 'who', 'last', 'df', 'du', 'free', 'systemctl',
  'service', 'shutdown', 'reboot', 'halt', 'tac', 'nl', 'strings', 'rev', 'sort', 'uniq', 'wc', 'cut', 'tee', 'vi',
  'vim', 'nano', 'pwd', 'hostname', 'set', 'history', 'alias', 'chattr', 'lsof', 'nmap', 'openssl', 'gcc', 'cc',
  'make', 'java', 'jrunscript', 'busybox', 'ruby', 'irb', 'expect', 'xterm', 'mail', 'sendmail', 'getent', 'cd',
  'ls-la', 'test', 'true', 'false', 'rcp', 'rsync', 'powershell', 'cmd', 'printf', 'tr',
]);

/** Commands that are also English words. */
const WORDY = new Set(['cat', 'id', 'echo', 'ping', 'host', 'kill', 'sleep', 'head', 'tail', 'more', 'less', 'find',
  'sort', 'cut', 'tee', 'set', 'test', 'true', 'false', 'who', 'last', 'free', 'make', 'mail', 'expect', 'links',
  'fetch', 'touch', 'timeout', 'nl', 'w', 'rev', 'wc', 'uniq', 'cd', 'history', 'alias', 'service', 'env', 'export',
  'su', 'dd', 'cp', 'mv', 'ip', 'node', 'php', 'java', 'ruby', 'python', 'lua', 'tr', 'printf', 'exec', 'eval', 'halt',
  'shutdown', 'reboot', 'ls', 'ps', 'df', 'du', 'sh', 'cc', 'vi', 'nano', 'grep', 'awk', 'sed', 'tar', 'zip', 'strings']);

/** Removes shell no-ops inside words: `c''at`, `c\at`, `$@`, `${IFS}` (to a space), `$x` empty expansions. */
export function shellNormalize(s: string): string {
  return s
    .replace(/\$\{?ifs\}?/gi, ' ')
    .replace(/\$@|\$\*|\$\{[a-z_]{0,20}\}|\$\([a-z]{0,10}\)/gi, (m) => (/^\$\(/.test(m) ? m : ''))
    .replace(/(\w)["'\\]+(?=\w)/g, '$1')
    .replace(/\\(?=[a-z/])/gi, '');
}

/** The command word at `i` (its base name, or `?glob`), where it ends, and whether a `{` opened it (brace expansion). */
function commandAt(s: string, i: number): { cmd: string; end: number; brace: boolean } {
  let j = i;
  let brace = false;
  while (j < s.length && (s[j] === ' ' || s[j] === '\t' || s[j] === '{' || s[j] === '(' || s[j] === '"' || s[j] === "'")) {
    if (s[j] === '{') brace = true;
    j++;
  }
  // A path prefix: /bin/cat, /usr/bin/wget, ./x
  let word = '';
  while (j < s.length && word.length < 40 && /[a-z0-9_./?*\-[\]]/.test(s[j] as string)) word += s[j++];
  const slash = word.lastIndexOf('/');
  const base = slash >= 0 ? word.slice(slash + 1) : word;
  if (slash >= 0 && /^\/(?:usr\/)?(?:s?bin|local\/s?bin)\/?|^\/[a-z?*[\]]{1,6}\//.test(word.slice(0, slash + 1)) && base !== '')
    return { cmd: base.includes('?') || base.includes('*') ? '?glob' : base, end: j, brace };
  return { cmd: base, end: j, brace };
}

export function isUnixCommandInjection(value: string): boolean {
  if (!/[;|&`$\n]|<\(|\/dev\/|\bbash\b|\bsh\b|\bnc\b/.test(value)) return false;
  const raw = value.length > MAX_INPUT ? value.slice(0, MAX_INPUT) : value;
  const s = shellNormalize(raw.toLowerCase());
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    let start = -1;
    if (ch === ';' || ch === '\n' || ch === '`' || ch === '|' || ch === '&') start = i + 1;
    else if (ch === '$' && s[i + 1] === '(') start = i + 2;
    else if (ch === '<' && s[i + 1] === '(') start = i + 2;
    if (start < 0) continue;
    if ((ch === '|' || ch === '&') && s[start] === ch) start++;
    const { cmd, end, brace } = commandAt(s, start);
    if (cmd === '?glob') return true;
    if (cmd !== '' && UNIX_CMDS.has(cmd)) {
      // `;`, `&` and newlines also separate words in prose: an English-looking command then needs an
      // argument that looks like a shell argument (a path, an option, a variable, an address), or a brace
      // expansion's comma (`{ls,-la}`).
      // A command named by its path (`/bin/cat`) is unambiguous.
      if ((ch === ';' || ch === '\n' || (ch === '&' && s[i + 1] !== '&')) && WORDY.has(cmd) && !s.slice(start, end).includes('/')) {
        const rest = s.slice(end);
        if (brace && rest.startsWith(',')) return true;
        // A lone number closing the command counts too: `;sleep 5;`, `;ping 9` (blind timing probes).
        if (!/^\s*(?:$|[-/$~.|;&`<>]|\d{1,3}\.\d|\d{1,5}\s*(?:$|[;|&`#\n])|[a-z0-9.-]+\.(?:com|net|org|io|txt|sh|php)\b)/.test(rest)) continue;
      }
      return true;
    }
  }
  // Shell variables and their expansion tricks: `echo $HOME`, `${PATH}`, `$(id)`.
  if (/\$\{?(?:home|path|shell|user|pwd|ifs|hostname|uid|euid|ps1|bash_version|oldpwd)\b\}?/.test(s) &&
    /(?:^|[\s;|&`(])(?:echo|printf|cat|export|env|eval)\b|[;|`]|\$\(/.test(s)) return true;
  if (/\$\([a-z]{1,20}[^)]{0,100}\)/.test(s) && /\$\((?:id|whoami|uname|cat|ls|echo|curl|wget|sleep|bash|sh)\b/.test(s)) return true;
  if (/`(?:id|whoami|uname|cat|ls|echo|curl|wget|sleep|bash|sh|ping|nslookup)\b[^`]{0,200}`/.test(s)) return true;
  if (/\/dev\/(?:tcp|udp)\/|\bbash\s+-i\b|\bnc\s+(?:-[a-z]+\s+)*\S+\s+\d+|\bsh\s+-c\b|\bbin\/(?:ba|z|k|c|da)?sh\b/.test(s)) return true;
  return false;
}

const WIN_CMDS = new Set([
  'cmd', 'cmd.exe', 'powershell', 'powershell.exe', 'pwsh', 'dir', 'type', 'net', 'net1', 'ipconfig', 'ping',
  'nslookup', 'whoami', 'systeminfo', 'tasklist', 'taskkill', 'netstat', 'certutil', 'bitsadmin', 'wmic', 'reg',
  'regedit', 'sc', 'schtasks', 'at', 'copy', 'del', 'erase', 'move', 'ren', 'mkdir', 'rmdir', 'rd', 'echo', 'set',
  'start', 'call', 'cscript', 'wscript', 'mshta', 'rundll32', 'regsvr32', 'msiexec', 'ftp', 'tftp', 'telnet',
  'arp', 'route', 'nbtstat', 'hostname', 'ver', 'vol', 'attrib', 'cacls', 'icacls', 'xcopy', 'robocopy', 'find',
  'findstr', 'shutdown', 'timeout', 'curl', 'wget', 'certreq', 'expand', 'makecab', 'forfiles', 'pathping',
  'tracert', 'qwinsta', 'quser', 'runas', 'cd', 'chdir', 'cls', 'more', 'sort', 'tree', 'assoc', 'ftype', 'netsh',
  'query', 'sfc', 'fsutil', 'vssadmin', 'wevtutil', 'msbuild', 'installutil', 'regasm', 'odbcconf', 'bash', 'wsl',
]);

/** Subcommands that make an English-looking Windows command unambiguous: `net localgroup`, `sc query`, `reg add`. */
const WIN_SUBCOMMAND: Readonly<Record<string, RegExp>> = {
  net: /^\s+(?:user|users|localgroup|group|share|use|view|session|sessions|start|stop|accounts|config|time|file)\b/,
  sc: /^\s+(?:query|queryex|qc|create|config|start|stop|delete|sdshow|sdset)\b/,
  reg: /^\s+(?:query|add|delete|export|import|save|load)\s+(?:hk|\\\\)/,
  query: /^\s+(?:user|session|process)\b/,
  start: /^\s+(?:\/b|\/min|"")/,
};

/** Windows commands that are also English words. */
const WIN_WORDY = new Set(['dir', 'type', 'net', 'ping', 'copy', 'del', 'erase', 'move', 'ren', 'echo', 'set', 'start',
  'call', 'find', 'more', 'sort', 'tree', 'query', 'route', 'cd', 'at', 'expand', 'timeout', 'vol', 'ver', 'curl',
  'wget', 'bash', 'cls', 'shutdown', 'mkdir', 'rmdir', 'rd', 'reg', 'sc', 'arp', 'hostname', 'attrib', 'assoc']);

/** Windows cmd.exe injection: a separator then a Windows command, FOR/IF batch syntax, %ENV% expansion. */
export function isWindowsCommandInjection(value: string): boolean {
  if (!/[;|&\n`%]|\bfor\b|\bif\b|cmd|powershell/i.test(value)) return false;
  const raw = value.length > MAX_INPUT ? value.slice(0, MAX_INPUT) : value;
  const s = raw.toLowerCase().replace(/\^/g, '').replace(/(\w)"+(?=\w)/g, '$1');
  // Batch FOR loops: FOR [/D|/R|/L|/F [path] ["options"]] %var IN (set) DO command (the variable may be empty: `%% IN (`).
  if (/(?:^|[\s;|&(@])for\s*(?:\/[dlrf]\s*(?:[a-z]:\\\S*\s+)?(?:"[^"]{0,200}"\s+)?)*%%?[^\s%]{0,40}%?\s+in\s*\(/.test(s)) return true;
  // Batch IF: IF [/I] [NOT] EXIST|DEFINED|ERRORLEVEL|CMDEXTVERSION ..., or a comparison (==, EQU, NEQ, LSS, LEQ, GTR, GEQ).
  // The condition's operand must be followed by a command or a block, not by prose (`if exist in batch files`).
  const cond = /(?:^|[\s;|&(@])if\s*(?:\/i\s*)?(?:not\s+)?(?:exist|defined|errorlevel|cmdextversion)\s+(?:"[^"]{0,200}"|\([^)]{0,200}\)|\S{1,200})\s+(\(|[a-z0-9.]{1,20})/.exec(s);
  if (cond && (cond[1] === '(' || WIN_CMDS.has(cond[1] as string) || ['goto', 'if', 'exit', 'pause', 'for'].includes(cond[1] as string))) return true;
  if (/(?:^|[\s;|&(@])if\s*(?:\/i\s*)?(?:not\s+)?(?:\(\s*)?(?:"[^"]{0,60}"|[^\s=]{1,60}?)\s*(?:==|\s(?:equ|neq|lss|leq|gtr|geq)\s)/.test(s) && /^\s*[|&;(@]*\s*if\b|[|&;]\s*if\b/.test(s)) return true;
  if (/\bcmd(?:\.exe)?\s*\/[ckr]\b|\bpowershell(?:\.exe)?\s+-|\bcmd\.exe\b|\bpowershell\.exe\b/.test(s)) return true;
  if (/%(?:systemroot|windir|comspec|programfiles|userprofile|systemdrive|appdata|temp|computername|username|homepath)%/.test(s)) return true;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (ch !== ';' && ch !== '|' && ch !== '&' && ch !== '\n' && ch !== '`') continue;
    let j = i + 1;
    if (s[j] === ch) j++;
    while (s[j] === ' ' || s[j] === '\t' || s[j] === '"' || s[j] === "'" || s[j] === '(') j++;
    let word = '';
    while (j < s.length && word.length < 30 && /[a-z0-9_.\\:]/.test(s[j] as string)) word += s[j++];
    const base = word.slice(word.lastIndexOf('\\') + 1);
    if (!WIN_CMDS.has(base)) continue;
    if ((ch === ';' || ch === '\n' || (ch === '&' && s[i + 1] !== '&')) && WIN_WORDY.has(base) &&
      !/^\s*(?:$|[-/%\\|&;.]|[a-z]:\\)/.test(s.slice(j)) && !WIN_SUBCOMMAND[base]?.test(s.slice(j))) continue;
    // `&` alone separates query arguments too: demand an argument-looking tail for it.
    if (ch === '&' && s[i + 1] !== '&' && (s[j] === '=' || s[j] === undefined)) continue;
    if (s[j] === undefined || s[j] === ' ' || s[j] === '\t' || s[j] === '/' || s[j] === '.' || s[j] === '|' || s[j] === '&' || s[j] === ';') return true;
  }
  return false;
}

const PS_CMDLETS = [
  'invoke-expression', 'invoke-command', 'invoke-webrequest', 'invoke-restmethod', 'invoke-item', 'invoke-wmimethod',
  'new-object', 'start-process', 'start-job', 'get-process', 'stop-process', 'get-childitem', 'get-content',
  'set-content', 'add-content', 'remove-item', 'copy-item', 'move-item', 'get-wmiobject', 'get-ciminstance',
  'set-executionpolicy', 'get-executionpolicy', 'out-file', 'convertto-securestring', 'get-credential',
  'new-itemproperty', 'set-itemproperty', 'get-itemproperty', 'start-bitstransfer', 'add-type', 'import-module',
  'get-service', 'set-mppreference', 'start-sleep', 'get-acl', 'set-acl', 'get-localuser', 'test-connection',
  'net.webclient', 'downloadstring(', 'downloadfile(', 'frombase64string(', '-encodedcommand', '-executionpolicy',
  '-windowstyle hidden', '-noprofile', '-nop ', 'system.management.automation', '[system.convert]', 'iex(',
  'iex (', '| iex', '|iex', '-inputformat none', 'write-host', 'write-output', 'get-host',
];
const PS_CMDLET = anyOfLiterals(PS_CMDLETS);

/** PowerShell commands and their download / encoded-command idioms. */
export function isPowerShell(value: string): boolean {
  const raw = value.length > MAX_INPUT ? value.slice(0, MAX_INPUT) : value;
  // Lower-casing keeps ASCII punctuation (and makes none) and the backticks removed are not among these: test the raw text.
  if (!/[-(.[|]/.test(raw)) return false;
  const s = raw.toLowerCase().replace(/`(?=[a-z])/g, '');
  if (PS_CMDLET.test(s)) return true;
  return /\b(?:powershell|pwsh)(?:\.exe)?\b/.test(s);
}
