/**
 * Remote file inclusion, EC2 metadata SSRF, scanners' user agents, and the URI signals of the KnownBadInputs,
 * AdminProtection and WordPress groups.
 */
import { anyOfLiterals } from './literals.js';

const MAX_INPUT = 8192;

function clip(s: string): string {
  return (s.length > MAX_INPUT ? s.slice(0, MAX_INPUT) : s).toLowerCase();
}

/** A URL with a remote scheme whose host is an IPv4 address, or that ends in `?` (the include trick), or a
 *  bare `file?`/`ftp?` include. */
export function isRfi(value: string): boolean {
  if (!value.includes(':') && !value.includes('?')) return false;
  const s = clip(value);
  const re = /(?:https?|ftps?|file|dict|gopher|ldap|tftp|sftp|smb|jar):\/\/+([^/?#\s]*)/g;
  for (let m = re.exec(s); m !== null; m = re.exec(s)) {
    const host = (m[1] as string).replace(/^[^@]*@/, '').replace(/:\d*$/, '');
    if (/^\d{1,3}(?:\.\d{1,3}){3}$/.test(host) || /^\d{8,10}$/.test(host) || /^0x[0-9a-f]{8}$/.test(host)) return true;
    if (m[0].startsWith('file:') || m[0].startsWith('ftp') || m[0].startsWith('dict') || m[0].startsWith('gopher')) return true;
    const rest = s.slice(m.index + m[0].length);
    if (/^[^\s]*\?\s*$/.test(rest) && rest.length < 400) return true;
  }
  return /^(?:file|ftps?|https?|php|data)\s*[?:]\s*$/.test(s.trim());
}

/** A parameter that names a URL to include (`_CONF[path]=https://...`, `mosConfig_absolute_path=`, `src=http`). */
export function isRfiParam(name: string, value: string): boolean {
  return /(?:path|include|inc|require|dir|template|conf|root|config)\]?$/i.test(name) &&
    /^\s*(?:https?|ftps?|file):\/\//i.test(value);
}

/** The EC2 instance metadata address in its many spellings. */
export function isEc2MetadataSsrf(value: string): boolean {
  if (!/169|a9|0251|2852039166|ec2|instance-data/i.test(value)) return false;
  const s = clip(value);
  return /169\.254\.169\.254|\b2852039166\b|0xa9\.?0?xfe\.?0?xa9\.?0?xfe|0xa9fea9fe|0251\.0376\.0251\.0376|\[?::ffff:a9fe:a9fe\]?|\[?fd00:ec2::254\]?|169\.254\.43518|169\.16689662|instance-data(?:\.ec2\.internal)?\b/.test(s);
}

const BAD_BOTS = [
  'nessus', 'nmap', 'nikto', 'sqlmap', 'masscan', 'zgrab', 'zmap', 'dirbuster', 'dirb/', 'gobuster', 'w3af', 'acunetix',
  'netsparker', 'havij', 'openvas', 'wpscan', 'nuclei', 'ffuf', 'wfuzz', 'arachni', 'skipfish', 'whatweb', 'jaeles',
  'appscan', 'webinspect', 'paros', 'grabber', 'fimap', 'bsqlbf', 'pangolin', 'brutus', 'hydra', 'medusa',
  'morfeus', 'zmeu', 'webshag', 'vega/', 'commix', 'jbrofuzz', 'xsser', 'metasploit', 'nsauditor', 'qualys',
  'burpcollaborator', 'sf/', 'nasl', 'mysqloit', 'floodgate', 'blackwidow', 'webvulnscan', 'internet ninja',
  'absinthe', 'x-scan', 'dotdotpwn', 'crimscanner', 'ecairn', 'webtrends security analyzer', 'grendel-scan',
  'n-stealth', 'teh forest lobster', 'struts-pwn', 'shellshock', 'zgrab', 'l9explore', 'l9tcpid', 'netlab360',
  'censysinspect', 'cgichk', 'jorgee', 'muieblackcat', 'mozilla/5.0 sf', 'fuzz faster', 'httpx -', 'xfa1',
];
const BAD_BOT = anyOfLiterals(BAD_BOTS);

export function isBadBot(userAgent: string): boolean {
  const s = clip(userAgent);
  return BAD_BOT.test(s);
}

/** Host header naming the local machine. */
export function isLocalhostHost(host: string): boolean {
  const h = host.trim().toLowerCase().replace(/:\d*$/, '').replace(/\.$/, '');
  return h === 'localhost' || h.endsWith('.localhost') || h === '[::1]' || h === '::1' || /^127(?:\.\d{1,3}){3}$/.test(h) ||
    h === '0.0.0.0' || h === '0' || h === '2130706433' || h === '0x7f000001' || h === '[::ffff:127.0.0.1]';
}

/** Paths of application internals that are never served (`WEB-INF`, `.git`, `.env`, ...). */
export function isExploitablePath(path: string): boolean {
  const s = clip(path).replace(/\\/g, '/');
  return /(?:^|\/)(?:web-inf|meta-inf)(?:\/|$)|(?:^|\/)\.(?:git|svn|hg|bzr|cvs|env|aws|ssh|docker|kube|htpasswd|htaccess|ds_store|idea|vscode|npmrc|bash_history)(?:\/|$|\.)|(?:^|\/)(?:cgi-bin\/(?:php|test-cgi|printenv)|server-status|server-info|actuator\/(?:env|heapdump|jolokia|gateway)|jmx-console|invoker\/(?:jmx|ejb)invokerservlet|_ignition\/execute-solution|solr\/admin\/cores|console\/images\/%252e%252e|hudson\/script|manager\/html|jolokia)(?:\/|$)/.test(s);
}

/** Administration paths (AdminProtection_URIPATH). */
export function isAdminPath(path: string): boolean {
  const s = clip(path).replace(/\\/g, '/');
  return /(?:^|\/)(?:admin|administrator|sqlmanager|phpmyadmin|pma|myadmin|mysqladmin|adminer|wp-admin|admin\.php|admin-console|administration|manager\/html|siteadmin|cpanel|webadmin|admincp|moderator)(?:\/|$|\.|\?)/.test(s);
}

/** WordPress files that are commonly exploited. */
export function isWordPressExploitablePath(path: string): boolean {
  const s = clip(path);
  return /(?:^|\/)(?:xmlrpc\.php|wp-config\.php(?:\.[a-z~]+)?|wp-admin\/install\.php|wp-admin\/setup-config\.php|wp-content\/debug\.log|wp-includes\/[^/]+\.php|wp-admin\/includes\/|wp-content\/plugins\/[^/]+\/readme\.txt|wp-trackback\.php)$/.test(s);
}

/** WordPress actions that reset, install or exploit a site. */
export function isWordPressExploitableCommand(query: string): boolean {
  const s = clip(query);
  return /(?:^|&|\?)(?:action=(?:do-reset-wordpress|revslider_show_image|revslider_ajax_action|duplicator_download|wp_ajax_nopriv_|upload-plugin|install-plugin|update-plugin|uploadfontit)|do-reset-wordpress|wp_customize=on&theme=|page=wp-file-manager)/.test(s);
}
