/**
 * Issue 22 benchmark, one run: requests/s through the Rampart WAF proxy with a web ACL of AWS's Common, SQLi,
 * KnownBadInputs, Linux, Unix, PHP and Windows managed rule groups (all at Block), against
 *  - nginx + ModSecurity v3 + OWASP CRS 3.3.4 at paranoia level 1, blocking (goal: >= 10x on GET, >= 100x on
 *    the JSON POST), and
 *  - nginx as a plain reverse proxy (goal: >= 0.3 of it on both),
 * all in front of the same upstream (a bare node:http app in its own process), loaded by wrk over keep-alive.
 * Workloads: a GET of `/`, a GET with a five-argument query string, and a 4 KB JSON POST of 228 fields. Every answer must be 2xx (a
 * blocked benign request would make a figure meaningless, so it fails the run). The JSON POST sends the same body every time, as
 * the workload does; a last figure, against plain nginx only and with no goal, sends a new value in every body (an order
 * reference), which Rampart's verdicts kept across requests cannot answer.
 * nginx runs one worker process by default, as Rampart's proxy is one process: `--workers N` changes that.
 * Needs Debian's nginx, libnginx-mod-http-modsecurity, modsecurity-crs and wrk.
 * Run: npm run build && node --import tsx bench/waf-proxy.ts [--seconds S] [--rounds R] [--warmup W] [--workers N]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AssociateWebACLCommand, CreateWebACLCommand, WAFV2Client, type Rule } from '@aws-sdk/client-wafv2';
import { peersMissing, startNginx } from './lib/nginx-peers.js';
import { cpuSeconds, RAMPART_BIN, ROOT, report, spawnServer } from './lib/processes.js';

const args = process.argv.slice(2);
const opt = (name: string, dflt: number) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : dflt);
const SECONDS = opt('--seconds', 6);
/**
 * Runs per target, the best kept; and the warm-up before them (Rampart's JIT needs a few seconds when wrk and the upstream keep
 * both cores busy). Five rounds: the host's slow spells (every process's CPU per request up by half) have lasted a minute, as
 * long as three rounds of a target, while the peers' rounds in between fell outside them.
 */
const ROUNDS = opt('--rounds', 5);
const WARMUP = opt('--warmup', 5);
const WORKERS = opt('--workers', 1);
const GROUPS = ['AWSManagedRulesCommonRuleSet', 'AWSManagedRulesSQLiRuleSet', 'AWSManagedRulesKnownBadInputsRuleSet',
  'AWSManagedRulesLinuxRuleSet', 'AWSManagedRulesUnixRuleSet', 'AWSManagedRulesPHPRuleSet', 'AWSManagedRulesWindowsRuleSet'];
/** A browser's headers: a real host name (KnownBadInputs blocks `Host: localhost`) and a User-Agent (Common blocks none). */
const HEADERS = ['Host: shop.example.com', 'User-Agent: Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0',
  'Accept: text/html,application/json;q=0.9,*/*;q=0.8', 'Accept-Language: en-GB,en;q=0.5'];
const GET_PATH = '/products/search?category=shoes&size=42&colour=dark+blue&page=2&sort=price_asc';

/** A benign 4 KB JSON order of 228 fields (strings, numbers, booleans). */
export function jsonBody(): string {
  const fields: string[] = [];
  const words = ['blue', 'cotton', 'shirt', 'delivery', 'tuesday', 'gift', 'wrap', 'standard', 'large', 'north'];
  for (let i = 0; i < 228; i++) {
    const k = `field_${String(i).padStart(3, '0')}`;
    const v = i % 3 === 0 ? String(i * 7) : i % 3 === 1 ? `"${words[i % 10]} ${words[(i * 3) % 10]}"` : i % 2 === 0 ? 'true' : 'false';
    fields.push(`"${k}":${v}`);
  }
  return `{${fields.join(',')}}`;
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

interface Load { readonly rps: number; readonly requests: number; readonly non2xx: number; readonly errors: number }

/** wrk for `seconds` against `url` (GET, or POST of `script`'s body); requests/s, non-2xx answers, socket errors. */
function wrk(url: string, seconds: number, script?: string): Load {
  const a = ['-t', '1', '-c', '16', '-d', `${seconds}s`, '--timeout', '5s', ...HEADERS.flatMap((h) => ['-H', h]), ...(script ? ['-s', script] : []), url];
  const r = spawnSync('/usr/bin/wrk', a, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`wrk failed: ${r.stderr}`);
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(r.stdout)?.[1]);
  const requests = Number(/(\d+) requests in/.exec(r.stdout)?.[1]);
  const non2xx = Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(r.stdout)?.[1] ?? 0);
  const e = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(r.stdout);
  const errors = e ? e.slice(1).reduce((s, x) => s + Number(x), 0) : 0;
  return { rps, requests, non2xx, errors };
}

/**
 * Requests/s of each target (name -> URL), the best of ROUNDS `seconds`-long runs after a WARMUP-second
 * warm-up. The targets take turns (A B C, then A B C again), so that a slow spell of the shared host
 * falls on all of them rather than on one. Each run is shown with the upstream's CPU time per request
 * (`upstreamPid`): for one target the same work in every round, so a round where it rises with the target's
 * figure falling was a slow spell of the host, not of the target (it differs between targets: an upstream
 * woken for each request, behind a slow one, spends more per request). Throws if any answer was not 2xx.
 */
function measure<K extends string>(targets: Readonly<Record<K, string>>, upstreamPid: number, script?: string): Record<K, number> {
  const entries = Object.entries(targets) as [K, string][];
  const best = Object.fromEntries(entries.map(([name]) => [name, 0])) as Record<K, number>;
  const each: string[] = [];
  for (const [, url] of entries) wrk(url, WARMUP, script);
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, url] of entries) {
      const cpu0 = cpuSeconds(upstreamPid);
      const r = wrk(url, SECONDS, script);
      const upstreamUs = ((cpuSeconds(upstreamPid) - cpu0) * 1e6) / r.requests;
      if (r.non2xx || r.errors) throw new Error(`${name}: ${r.non2xx} non-2xx answers, ${r.errors} socket errors`);
      best[name] = Math.max(best[name], r.rps);
      each.push(`${name} ${r.rps.toFixed(0)} (${upstreamUs.toFixed(0)})`);
    }
  }
  console.log(`  runs in order (the upstream's CPU µs per request): ${each.join(', ')}`);
  return best;
}

async function configureAcl(endpoint: string, stdout: string, albArn: string): Promise<void> {
  const accessKeyId = /AWS_ACCESS_KEY_ID=(\S+)/.exec(stdout)?.[1];
  const secretAccessKey = /AWS_SECRET_ACCESS_KEY=(\S+)/.exec(stdout)?.[1];
  if (!accessKeyId || !secretAccessKey) throw new Error('no credentials printed');
  const c = new WAFV2Client({ endpoint, region: 'us-east-1', credentials: { accessKeyId, secretAccessKey }, maxAttempts: 1 });
  const vis = (n: string) => ({ SampledRequestsEnabled: true, CloudWatchMetricsEnabled: false, MetricName: n });
  const rules: Rule[] = GROUPS.map((Name, i) => ({
    Name, Priority: i, VisibilityConfig: vis(Name), OverrideAction: { None: {} },
    Statement: { ManagedRuleGroupStatement: { VendorName: 'AWS', Name } },
  }));
  const acl = await c.send(new CreateWebACLCommand({ Name: 'bench', Scope: 'REGIONAL', DefaultAction: { Allow: {} }, VisibilityConfig: vis('bench'), Rules: rules }));
  await c.send(new AssociateWebACLCommand({ WebACLArn: acl.Summary!.ARN!, ResourceArn: albArn }));
  c.destroy();
}

/** Waits until the proxy blocks a SQL injection, i.e. the web ACL is in force. */
async function untilEnforced(url: string): Promise<void> {
  const headers = Object.fromEntries(HEADERS.map((h) => h.split(': ') as [string, string]));
  for (let i = 0; i < 100; i++) {
    const r = await fetch(`${url}/items?id=1%27%20UNION%20SELECT%20password%20FROM%20users--`, { headers });
    if (r.status === 403) return;
    await new Promise((res) => setTimeout(res, 50));
  }
  throw new Error('the web ACL did not come into force');
}

async function main(): Promise<void> {
  const missing = peersMissing();
  if (missing) {
    console.log(`waf-proxy: SKIPPED, the peers cannot run: ${missing}`);
    process.exitCode = 1;
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'rampart-bench-waf-'));
  const upstream = await spawnServer([`${ROOT}bench/lib/bare-server.mjs`]);
  const upstreamPid = upstream.child.pid!;
  const proxyPort = await freePort();
  const rampart = await spawnServer([RAMPART_BIN, 'start', '--port', '0', '--data-dir', join(dir, 'data'),
    '--proxy', `name=shop,listen=127.0.0.1:${proxyPort},upstream=${upstream.url}`]);
  const stops: (() => Promise<unknown>)[] = [() => rampart.stop(), () => upstream.stop()];
  try {
    const albArn = /load balancer ARN (\S+)/.exec(rampart.stdout())?.[1];
    if (!albArn) throw new Error(`no load balancer ARN printed: ${rampart.stdout()}`);
    await configureAcl(rampart.url, rampart.stdout(), albArn);
    const proxyUrl = `http://127.0.0.1:${proxyPort}`;
    await untilEnforced(proxyUrl);

    const script = join(dir, 'post.lua');
    const body = jsonBody();
    writeFileSync(script, `wrk.method = "POST"\nwrk.body = ${JSON.stringify(body)}\nwrk.headers["Content-Type"] = "application/json"\n`);
    // The same body with a new order reference (a string value) in each request.
    const varying = join(dir, 'post-varying.lua');
    const [head, tail] = [body.slice(0, 1), body.slice(1)];
    writeFileSync(varying, `wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\nlocal n = 0\n` +
      `request = function()\n  n = n + 1\n  return wrk.format(nil, nil, nil, ${JSON.stringify(head)} .. '"order_ref":"ORD-' .. n .. '",' .. ${JSON.stringify(tail)})\nend\n`);
    const plainDir = mkdtempSync(join(dir, 'nginx-'));
    const modsecDir = mkdtempSync(join(dir, 'modsec-'));
    const plain = await startNginx(plainDir, await freePort(), upstream.url, WORKERS, false);
    stops.push(() => plain.stop());
    const modsec = await startNginx(modsecDir, await freePort(), upstream.url, WORKERS, true);
    stops.push(() => modsec.stop());
    const blocked = await fetch(`${modsec.url}/items?id=1%27%20UNION%20SELECT%20password%20FROM%20users--`, { headers: { 'user-agent': 'bench', accept: '*/*' } });
    if (blocked.status !== 403) throw new Error(`ModSecurity is not blocking (answered ${blocked.status})`);

    console.log(`wrk: 1 thread, 16 connections, keep-alive, ${WARMUP} s warm-up, best of ${ROUNDS} x ${SECONDS} s taken in turns; nginx: ${WORKERS} worker process(es); JSON body ${body.length} bytes, 228 fields`);
    const workloads = [['GET /', '/', undefined, 10], ['GET with a query', GET_PATH, undefined, 10], ['JSON POST', '/orders', script, 100]] as const;
    for (const [work, path, s, x] of workloads) {
      const { rampart: r, modsec: m, nginx: n } = measure({ rampart: proxyUrl + path, modsec: modsec.url + path, nginx: plain.url + path }, upstreamPid, s);
      report(`${work}, Rampart proxy + 7 managed groups`, r, 'req/s', 'nginx+ModSecurity+CRS PL1', m, `>= ${x}x`, r / m >= x);
      report(`${work}, Rampart proxy + 7 managed groups`, r, 'req/s', 'plain nginx proxy', n, '>= 0.3', r / n >= 0.3);
    }
    const { rampart: rv, nginx: nv } = measure({ rampart: `${proxyUrl}/orders`, nginx: `${plain.url}/orders` }, upstreamPid, varying);
    report('JSON POST with a new value in every body, Rampart proxy + 7 managed groups', rv, 'req/s', 'plain nginx proxy', nv, 'none', 'reference');
  } finally {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
