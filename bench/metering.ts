/**
 * Cost of metering on the request path: SigV4-signed STS GetCallerIdentity requests/s (the cheapest
 * authenticated call, so the meter's share is largest) against a server with Cost Explorer's
 * metering on and the same server with it off, alternating rounds (ABBA).
 * Goal (#18): metered >= 0.95 of unmetered ("no measurable slowdown").
 * Run: node --import tsx bench/metering.ts [seconds-per-round]   (or npm run bench metering)
 */
import autocannon from 'autocannon';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, report, spawnServer, type Started } from './lib/processes.js';
import { signQuery } from '../test/helpers/signed-fetch.js';

const SECONDS = Number(process.argv[2] ?? 6);
const CALL = { Action: 'GetCallerIdentity', Version: '2011-06-15' };

async function load(url: string, req: { headers: Record<string, string>; body: string }): Promise<number> {
  const r = await autocannon({ url, method: 'POST', headers: req.headers, body: req.body, connections: 32, pipelining: 1, duration: SECONDS });
  if (r.non2xx > 0 || r.errors > 0) throw new Error(`${url}: ${r.non2xx} non-2xx, ${r.errors} errors`);
  return r.requests.average;
}

async function server(mode: 'on' | 'off'): Promise<{ s: Started; dir: string; req: { headers: Record<string, string>; body: string } }> {
  const dir = mkdtempSync(join(tmpdir(), `rampart-bench-meter-${mode}-`));
  const s = await spawnServer(['--import', 'tsx', `${ROOT}bench/lib/metering-server.ts`, dir, mode]);
  const out = s.stdout();
  const creds = { accessKeyId: /AWS_ACCESS_KEY_ID=(\S+)/.exec(out)![1]!, secretAccessKey: /AWS_SECRET_ACCESS_KEY=(\S+)/.exec(out)![1]! };
  // Signed once and replayed: within the 15-minute skew every replay authenticates.
  const req = await signQuery(s.url, CALL, { ...creds, service: 'sts' });
  const check = await fetch(s.url, { method: 'POST', headers: req.headers, body: req.body });
  if (!check.ok) throw new Error(`GetCallerIdentity failed: ${check.status} ${await check.text()}`);
  return { s, dir, req };
}

async function main() {
  const on = await server('on');
  const off = await server('off');
  try {
    await load(on.s.url, on.req); // warm-up (JIT, caches)
    await load(off.s.url, off.req);
    const metered: number[] = [];
    const plain: number[] = [];
    for (let i = 0; i < 4; i++) {
      const pair = i % 2 === 0 ? [off, on] : [on, off];
      for (const x of pair) (x === on ? metered : plain).push(await load(x.s.url, x.req));
    }
    const m = Math.max(...metered);
    const p = Math.max(...plain);
    console.log(`\nRampart ${process.version}, ${SECONDS}s rounds x4 (ABBA), 32 connections, keep-alive, SQLite`);
    console.log(`    rounds: metered ${metered.map((x) => x.toFixed(0)).join(', ')} | unmetered ${plain.map((x) => x.toFixed(0)).join(', ')} req/s`);
    report('signed sts:GetCallerIdentity, metering on', m, 'req/s', 'same server, metering off', p, '>= 0.95 of unmetered', m / p >= 0.95);
  } finally {
    await on.s.stop();
    await off.s.stop();
    rmSync(on.dir, { recursive: true, force: true });
    rmSync(off.dir, { recursive: true, force: true });
  }
}

await main();
