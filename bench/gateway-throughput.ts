/**
 * Issue 3 benchmarks (a), (b), (c), one run:
 *  (a) SigV4-signed STS GetCallerIdentity requests/s through Rampart vs a bare node:http server
 *      returning the same response, keep-alive, 32 connections (goal: >= 0.5 of the bare server);
 *  (b) time from `rampart start` to the first successful signed request (goal: < 700 ms),
 *      beside the time a bare node:http server takes to answer its first request;
 *  (c) resident memory after start (goal: < 120 MB), beside the bare server's.
 * Run: npm run build && node --import tsx bench/gateway-throughput.ts [seconds-per-round]
 */
import autocannon from 'autocannon';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cpuSeconds, RAMPART_BIN, ROOT, report, rssMb, spawnServer } from './lib/processes.js';
import { signQuery } from '../test/helpers/signed-fetch.js';

const SECONDS = Number(process.argv[2] ?? 8);
const GCI = { Action: 'GetCallerIdentity', Version: '2011-06-15' };

/** Requests/s of one load round; `cpu` collects the server's CPU µs per request. */
async function load(url: string, req: { headers: Record<string, string>; body: string }, pid?: number, cpu?: number[]): Promise<number> {
  const before = pid ? cpuSeconds(pid) : 0;
  const r = await autocannon({ url, method: 'POST', headers: req.headers, body: req.body, connections: 32, pipelining: 1, duration: SECONDS });
  if (r.non2xx > 0 || r.errors > 0) throw new Error(`${url}: ${r.non2xx} non-2xx, ${r.errors} errors`);
  if (pid && cpu) cpu.push(((cpuSeconds(pid) - before) / r.requests.total) * 1e6);
  return r.requests.average;
}

function creds(stdout: string) {
  const accessKeyId = /AWS_ACCESS_KEY_ID=(\S+)/.exec(stdout)?.[1];
  const secretAccessKey = /AWS_SECRET_ACCESS_KEY=(\S+)/.exec(stdout)?.[1];
  if (!accessKeyId || !secretAccessKey) throw new Error('no credentials printed');
  return { accessKeyId, secretAccessKey };
}

/** Starts a process and polls with a signed request until it succeeds; returns ms since spawn. */
async function timeToFirstRequest(args: string[], sign: (url: string, out: string) => Promise<{ headers: Record<string, string>; body: string }>) {
  const t0 = performance.now();
  const s = await spawnServer(args);
  const req = await sign(s.url, s.stdout());
  for (;;) {
    const res = await fetch(s.url, { method: 'POST', headers: req.headers, body: req.body }).catch(() => undefined);
    if (res?.ok) break;
    await new Promise((r) => setTimeout(r, 2));
  }
  return { ms: performance.now() - t0, server: s };
}

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), 'rampart-bench-'));
  try {
    // (b) first start on an empty data dir, then a restart of the same data dir.
    const first = await timeToFirstRequest([RAMPART_BIN, 'start', '--port', '0', '--data-dir', dataDir], (url, out) => signQuery(url, GCI, creds(out)));
    const rampartRss = rssMb(first.server.child.pid!);
    const out = first.server.stdout();
    await first.server.stop();
    const again = await timeToFirstRequest([RAMPART_BIN, 'start', '--port', '0', '--data-dir', dataDir], (url) => signQuery(url, GCI, creds(out)));
    const bare = await timeToFirstRequest([`${ROOT}bench/lib/bare-server.mjs`], (url) => signQuery(url, GCI, creds(out)));
    const bareRss = rssMb(bare.server.child.pid!);

    // (a) throughput, alternating rounds to share the machine's noise fairly.
    const rReq = await signQuery(again.server.url, GCI, creds(out));
    const bReq = await signQuery(bare.server.url, GCI, creds(out));
    await load(again.server.url, rReq); // warm-up
    await load(bare.server.url, bReq);
    const rampart: number[] = [];
    const peer: number[] = [];
    const rampartCpu: number[] = [];
    const peerCpu: number[] = [];
    for (let i = 0; i < 2; i++) {
      peer.push(await load(bare.server.url, bReq, bare.server.child.pid, peerCpu));
      rampart.push(await load(again.server.url, rReq, again.server.child.pid, rampartCpu));
    }
    // Control: the bare server spending 10 µs of CPU per request (what a 0.5 ratio leaves).
    const spin = await spawnServer([`${ROOT}bench/lib/bare-server.mjs`], { ...process.env, SPIN_US: '10' });
    const sReq = await signQuery(spin.url, GCI, creds(out));
    await load(spin.url, sReq);
    const spinRps = await load(spin.url, sReq);
    await spin.stop();
    const rps = Math.max(...rampart);
    const bareRps = Math.max(...peer);
    const rssAfterLoad = rssMb(again.server.child.pid!);
    await again.server.stop();
    await bare.server.stop();

    console.log(`\nRampart ${process.version}, ${SECONDS}s rounds, 32 connections, keep-alive`);
    report('(a) signed GetCallerIdentity', rps, 'req/s', 'bare node:http', bareRps, '>= 0.50 of bare', rps / bareRps >= 0.5);
    console.log(`    server CPU per request: Rampart ${Math.min(...rampartCpu).toFixed(1)} µs, bare ${Math.min(...peerCpu).toFixed(1)} µs; control: bare spinning 10 µs per request ${spinRps.toFixed(0)} req/s (${(spinRps / bareRps).toFixed(2)} of bare)`);
    report('(b) start -> first signed request (first start)', first.ms, 'ms', 'bare node:http start', bare.ms, '< 700 ms', first.ms < 700);
    report('(b) start -> first signed request (restart)', again.ms, 'ms', 'bare node:http start', bare.ms, '< 700 ms', again.ms < 700);
    report('(c) resident memory after start', rampartRss, 'MB', 'bare node:http', bareRss, '< 120 MB', rampartRss < 120);
    console.log(`    resident memory after the load rounds: ${rssAfterLoad.toFixed(1)} MB`);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
