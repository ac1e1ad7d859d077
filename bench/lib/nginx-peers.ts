/**
 * The peers of the WAF proxy benchmark: nginx as a plain reverse proxy, and nginx with ModSecurity v3 and the
 * OWASP Core Rule Set 3.3.4 at paranoia level 1 in blocking mode (Debian's packages: nginx,
 * libnginx-mod-http-modsecurity, modsecurity-crs). Each runs from its own configuration in a temporary
 * directory, in the foreground, with the given number of worker processes.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const MODULE = '/usr/lib/nginx/modules/ngx_http_modsecurity_module.so';
const MODSEC_CONF = '/etc/nginx/modsecurity.conf';
const UNICODE_MAP = '/etc/nginx/unicode.mapping';
const CRS_SETUP = '/etc/modsecurity/crs/crs-setup.conf';
const CRS_RULES = '/usr/share/modsecurity-crs/rules';

/** Why the peers cannot run here, or undefined when they can. */
export function peersMissing(): string | undefined {
  const missing = ['/usr/sbin/nginx', MODULE, MODSEC_CONF, CRS_SETUP, CRS_RULES, '/usr/bin/wrk'].filter((f) => !existsSync(f));
  return missing.length ? `missing ${missing.join(', ')}: apt-get install nginx libnginx-mod-http-modsecurity modsecurity-crs wrk` : undefined;
}

/** ModSecurity's recommended configuration, switched from DetectionOnly to blocking, with its logs in `dir`. */
function modsecRules(dir: string): string {
  const recommended = readFileSync(MODSEC_CONF, 'utf8')
    .replace(/^SecRuleEngine .*$/m, 'SecRuleEngine On')
    .replace(/^SecAuditEngine .*$/m, 'SecAuditEngine Off')
    .replace(/^SecAuditLog .*$/m, `SecAuditLog ${join(dir, 'modsec_audit.log')}`)
    .replace(/^SecTmpDir .*$/m, `SecTmpDir ${dir}`)
    .replace(/^SecDataDir .*$/m, `SecDataDir ${dir}`)
    .replace(/^SecUnicodeMapFile \S+/m, `SecUnicodeMapFile ${UNICODE_MAP}`);
  // Debian's owasp-crs.load, less its IncludeOptional lines (libmodsecurity 3 has no IncludeOptional; the files are empty of rules).
  return `${recommended}\nInclude ${CRS_SETUP}\nInclude ${CRS_RULES}/*.conf\n`;
}

function nginxConf(dir: string, port: number, upstream: string, workers: number, modsec: boolean): string {
  const u = new URL(upstream);
  return `${modsec ? `load_module ${MODULE};\n` : ''}worker_processes ${workers};
pid ${join(dir, 'nginx.pid')};
error_log ${join(dir, 'error.log')} error;
daemon off;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path ${join(dir, 'body')};
  proxy_temp_path ${join(dir, 'proxy')};
  fastcgi_temp_path ${join(dir, 'fastcgi')};
  uwsgi_temp_path ${join(dir, 'uwsgi')};
  scgi_temp_path ${join(dir, 'scgi')};
  upstream app { server ${u.hostname}:${u.port}; keepalive 64; }
  server {
    listen 127.0.0.1:${port};
    ${modsec ? `modsecurity on;\n    modsecurity_rules_file ${join(dir, 'modsec.conf')};` : ''}
    location / {
      proxy_pass http://app;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header X-Forwarded-For $remote_addr;
    }
  }
}
`;
}

export interface Nginx {
  readonly url: string;
  stop(): Promise<void>;
}

/** Starts nginx on `port` in front of `upstream`, with ModSecurity + CRS when `modsec`; resolves once it answers. */
export async function startNginx(dir: string, port: number, upstream: string, workers: number, modsec: boolean): Promise<Nginx> {
  if (modsec) writeFileSync(join(dir, 'modsec.conf'), modsecRules(dir));
  const conf = join(dir, 'nginx.conf');
  writeFileSync(conf, nginxConf(dir, port, upstream, workers, modsec));
  const child: ChildProcess = spawn('/usr/sbin/nginx', ['-c', conf, '-p', dir, '-e', join(dir, 'error.log')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`nginx exited: ${err}`);
    try {
      await fetch(url, { headers: { 'user-agent': 'bench', accept: '*/*' } });
      break;
    } catch {
      if (i > 100) throw new Error(`nginx did not come up: ${err}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return {
    url,
    stop: async () => {
      child.kill('SIGQUIT');
      await exited;
    },
  };
}
