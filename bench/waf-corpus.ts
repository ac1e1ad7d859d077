/**
 * Measures the managed rule groups on the WAF corpora (/work/shared/corpus/waf or $WAF_CORPUS_DIR): a test
 * server with the Common, SQLi, KnownBadInputs, Linux, Unix, PHP and Windows groups, run-corpus.mjs against it,
 * then detection per category, for paranoia level 1, and on a tuning and a held-out half (split by a hash of
 * the id), false positives on benign traffic, and the per-request cost.
 *   npx tsx bench/waf-corpus.ts [--no-perf | --perf-only] [--as-configured] [--show-misses N]
 * Host_localhost_HEADER is set to Count: every CRS test sends `Host: localhost`, which would block them all
 * without any detection. NoUserAgent_HEADER is set to Count too (a quarter of the CRS attacks carry no
 * User-Agent, so it would block them before any detection runs); `--as-configured` keeps it at Block.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { request, Agent } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { firstBlockingMatch, managedRuleGroups } from '../src/dataplane/waf/managed/index.js';
import { startHarness } from './lib/waf-managed-server.js';

const DIR = process.env.WAF_CORPUS_DIR ?? '/work/shared/corpus/waf';
const SEVEN = ['AWSManagedRulesCommonRuleSet', 'AWSManagedRulesSQLiRuleSet', 'AWSManagedRulesKnownBadInputsRuleSet',
  'AWSManagedRulesLinuxRuleSet', 'AWSManagedRulesUnixRuleSet', 'AWSManagedRulesPHPRuleSet', 'AWSManagedRulesWindowsRuleSet'];
const args = process.argv.slice(2);
const showMisses = args.includes('--show-misses') ? Number(args[args.indexOf('--show-misses') + 1]) : 0;

interface Result { id: string; kind: string; category: string; pl?: number; expect: string; out: string }

function runCorpus(target: string, corpus: string, out: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [join(DIR, 'run-corpus.mjs'), '--target', target, '--corpus', join(DIR, corpus),
      '--concurrency', '8', '--results', out, '--quiet'], { stdio: ['ignore', 'ignore', 'inherit'] });
    p.on('exit', () => resolve());
    p.on('error', reject);
  });
}

function half(id: string): 'tuning' | 'held-out' {
  return (createHash('sha256').update(id).digest()[0] as number) % 2 === 0 ? 'tuning' : 'held-out';
}

function pct(a: number, b: number): string {
  return b === 0 ? '   -  ' : `${((100 * a) / b).toFixed(1).padStart(5)}%`;
}

function table(title: string, rows: Result[], key: (r: Result) => string, hit: (r: Result) => boolean): void {
  const groups = new Map<string, Result[]>();
  for (const r of rows) groups.set(key(r), [...(groups.get(key(r)) ?? []), r]);
  console.log(`\n${title}`);
  for (const [k, rs] of [...groups.entries()].sort()) {
    const n = rs.filter(hit).length;
    const other = rs.filter((r) => r.out === 'other').length;
    console.log(`  ${k.padEnd(26)} ${String(rs.length).padStart(5)} ${String(n).padStart(6)} ${pct(n, rs.length)}${other ? `  (${other} refused by the HTTP parser)` : ''}`);
  }
}

async function rate(url: string, opts: { method: string; path: string; body?: Buffer; headers: Record<string, string> }, ms: number): Promise<number> {
  const agent = new Agent({ keepAlive: true, maxSockets: 8 });
  const end = Date.now() + ms;
  let n = 0;
  const one = (): Promise<void> => new Promise((resolve, reject) => {
    const req = request(url + opts.path, { method: opts.method, headers: opts.headers, agent }, (res) => {
      res.resume();
      res.on('end', () => resolve());
    });
    req.on('error', reject);
    req.end(opts.body);
  });
  await Promise.all(Array.from({ length: 8 }, async () => {
    while (Date.now() < end) {
      await one();
      n++;
    }
  }));
  agent.destroy();
  return (n * 1000) / ms;
}

async function perf(url: string): Promise<void> {
  // 228 fields in 4 KB: keys f0..f227, values padded to fill the rest.
  const fields: Record<string, string> = {};
  const overhead = JSON.stringify(Object.fromEntries(Array.from({ length: 228 }, (_, i) => [`f${i}`, '']))).length;
  const per = Math.floor((4096 - overhead) / 228);
  for (let i = 0; i < 228; i++) fields[`f${i}`] = `v${i} `.padEnd(per, 'x');
  const json = Buffer.from(JSON.stringify(fields));
  const h = { 'user-agent': 'Mozilla/5.0 bench', 'content-type': 'application/json', 'content-length': String(json.length) };
  const post = await rate(url, { method: 'POST', path: '/api/items', body: json, headers: h }, 3000);
  const get = await rate(url, { method: 'GET', path: '/products/12345?page=2&sort=price', headers: { 'user-agent': 'Mozilla/5.0 bench' } }, 3000);
  // The evaluation alone, in process: all seven groups on the same two requests.
  const groups = managedRuleGroups().filter((g) => SEVEN.includes(g.name));
  const jsonReq = { method: 'POST', path: '/api/items', query: '', headers: Object.entries(h), body: json, bodyOversize: false, clientIp: '192.0.2.1', httpVersion: 'HTTP/1.1' };
  const getReq = { ...jsonReq, method: 'GET', path: '/products/12345', query: 'page=2&sort=price', headers: [['user-agent', 'Mozilla/5.0 bench']] as [string, string][], body: Buffer.alloc(0) };
  const evalRate = (req: typeof jsonReq): number => {
    const t0 = performance.now();
    let n = 0;
    while (performance.now() - t0 < 1000) {
      firstBlockingMatch(groups, req);
      n++;
    }
    return (n * 1000) / (performance.now() - t0);
  };
  console.log(`evaluation only (in process): JSON POST ${evalRate(jsonReq).toFixed(0)}/s, plain GET ${evalRate(getReq).toFixed(0)}/s`);
  console.log(`\nper-request cost through the harness (8 keep-alive connections): JSON POST of ${json.length} bytes with ${Object.keys(JSON.parse(json.toString()) as object).length} fields ${post.toFixed(0)} req/s; plain GET ${get.toFixed(0)} req/s`);
    }

async function main(): Promise<void> {
  const groups = managedRuleGroups().filter((g) => SEVEN.includes(g.name));
  const overrides = new Map<string, 'Block' | 'Count'>([['Host_localhost_HEADER', 'Count']]);
  if (!args.includes('--as-configured')) overrides.set('NoUserAgent_HEADER', 'Count');
  const { server, url, stats } = await startHarness(groups, overrides);
  const tmp = mkdtempSync(join(tmpdir(), 'waf-corpus-'));
  try {
    if (args.includes('--perf-only')) {
  await perf(url);
  return;
    }
    await runCorpus(url, 'crs-v3.3.4.jsonl', join(tmp, 'crs.jsonl'));
    await runCorpus(url, 'benign.jsonl', join(tmp, 'benign.jsonl'));
    const read = (f: string): Result[] => readFileSync(join(tmp, f), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Result);
    const crs = read('crs.jsonl');
    const benign = read('benign.jsonl');
    const blocked = (r: Result): boolean => r.out === 'blocked';
    const pos = crs.filter((r) => r.kind === 'crs-positive');
    const pl1 = pos.filter((r) => r.pl === 1);
    const fp = benign.filter((r) => r.out !== 'allowed');
    console.log('Managed rule groups: ' + SEVEN.join(', ') + '; set to Count: ' + [...overrides.keys()].join(', '));
    console.log(`crs-positive blocked      ${pos.filter(blocked).length}/${pos.length} ${pct(pos.filter(blocked).length, pos.length)}`);
    console.log(`crs-positive PL1 blocked  ${pl1.filter(blocked).length}/${pl1.length} ${pct(pl1.filter(blocked).length, pl1.length)}`);
    console.log(`benign blocked (FP)       ${fp.length}/${benign.length} ${pct(fp.length, benign.length)}`);
    for (const h of ['tuning', 'held-out'] as const) {
  const p = pos.filter((r) => half(r.id) === h);
  const p1 = p.filter((r) => r.pl === 1);
  const b = benign.filter((r) => half(r.id) === h);
  console.log(`  ${h.padEnd(9)} half: crs-positive ${pct(p.filter(blocked).length, p.length)} (${p.length}), PL1 ${pct(p1.filter(blocked).length, p1.length)} (${p1.length}), benign FP ${pct(b.filter((r) => r.out !== 'allowed').length, b.length)} (${b.length})`);
    }
    table('crs-positive by category (total, blocked, rate)', pos, (r) => r.category, blocked);
    table('crs-positive PL1 by category', pl1, (r) => r.category, blocked);
    table('crs-negative allowed by category (indicative)', crs.filter((r) => r.kind === 'crs-negative'), (r) => r.category, (r) => r.out === 'allowed');
    table('benign blocked by category', benign, (r) => r.category, (r) => r.out !== 'allowed');
    console.log('\nterminating rules:', [...stats.byRule.entries()].sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v}`).join(', '));
    if (showMisses > 0) {
  const byId = new Map<string, Record<string, unknown>>();
  for (const f of ['crs-v3.3.4.jsonl', 'benign.jsonl'])
    for (const l of readFileSync(join(DIR, f), 'utf8').split('\n').filter(Boolean)) {
      const r = JSON.parse(l) as Record<string, unknown>;
      byId.set(r.id as string, r);
    }
  console.log('\nmissed attacks:');
  for (const r of pos.filter((x) => !blocked(x)).slice(0, showMisses)) {
    const c = byId.get(r.id);
    console.log(`  ${r.id} ${r.out} pl${r.pl} ${String(c?.method)} ${String(c?.uri).slice(0, 140)} ${JSON.stringify(c?.body ?? c?.bodyB64 ?? '').slice(0, 140)}`);
  }
  console.log('\nfalse positives:');
  for (const r of fp) {
    const c = byId.get(r.id);
    console.log(`  ${r.id} ${r.out} ${String(c?.method)} ${String(c?.uri).slice(0, 160)} ${JSON.stringify(c?.body ?? '').slice(0, 160)}`);
  }
    }
    if (!args.includes('--no-perf')) await perf(url);
  } finally {
    server.close();
    rmSync(tmp, { recursive: true, force: true });
  }
}

await main();
