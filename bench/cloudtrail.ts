/**
 * CloudTrail's cost and speed:
 * (a) SigV4-signed iam:GetUser requests/s (root) with every request recorded in the event history
 *     (committed before the response, group commit) against the same server with recording off,
 *     alternating rounds (ABBA). Goal (#21): recorded >= 0.90 of unrecorded.
 * (b) LookupEvents latency over an event history of N events (default 1,000,000, written straight
 *     through the EventLog interface before the server starts): p50/p99 of sequential LookupEvents
 *     through the SDK (no attribute, EventName, Username, ResourceName, AccessKeyId, EventId, and a
 *     second page), against sequential iam:GetUser on the same server. Goal: p99 < 50 ms.
 * (c) The event store alone (EventLog.lookup on the filled database, no HTTP): p50/p99.
 * Run: node --import tsx bench/cloudtrail.ts [seconds-per-round] [events]   (or npm run bench cloudtrail)
 */
import autocannon from 'autocannon';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CloudTrailClient, LookupEventsCommand, type LookupAttributeKey } from '@aws-sdk/client-cloudtrail';
import { GetUserCommand, IAMClient } from '@aws-sdk/client-iam';
import { ROOT, report, spawnServer, type Started } from './lib/processes.js';
import { signQuery } from '../test/helpers/signed-fetch.js';
import { openSqliteEventLog } from '../src/storage/event-log/sqlite-event-log.js';
import type { EventEntry } from '../src/storage/event-log/event-log.js';

const SECONDS = Number(process.argv[2] ?? 6);
const EVENTS = Number(process.argv[3] ?? 1_000_000);
const CALL = { Action: 'GetUser', Version: '2010-05-08' };
type Req = { headers: Record<string, string>; body: string };

async function load(url: string, req: Req): Promise<number> {
  const r = await autocannon({ url, method: 'POST', headers: req.headers, body: req.body, connections: 32, pipelining: 1, duration: SECONDS });
  if (r.non2xx > 0 || r.errors > 0) throw new Error(`${url}: ${r.non2xx} non-2xx, ${r.errors} errors`);
  return r.requests.average;
}

async function server(mode: 'on' | 'off', dir: string): Promise<{ s: Started; creds: { accessKeyId: string; secretAccessKey: string }; req: Req }> {
  const s = await spawnServer(['--import', 'tsx', `${ROOT}bench/lib/cloudtrail-server.ts`, dir, mode]);
  const out = s.stdout();
  const creds = { accessKeyId: /AWS_ACCESS_KEY_ID=(\S+)/.exec(out)![1]!, secretAccessKey: /AWS_SECRET_ACCESS_KEY=(\S+)/.exec(out)![1]! };
  const req = await signQuery(s.url, CALL, { ...creds, service: 'iam' });
  const check = await fetch(s.url, { method: 'POST', headers: req.headers, body: req.body });
  if (!check.ok) throw new Error(`GetUser failed: ${check.status} ${await check.text()}`);
  return { s, creds, req };
}

const NAMES = ['GetUser', 'ListUsers', 'CreateUser', 'Encrypt', 'Decrypt', 'AssumeRole', 'PutObject', 'DescribeKey', 'CreateRole', 'ListRoles'];
const SOURCES = ['iam.amazonaws.com', 'kms.amazonaws.com', 'sts.amazonaws.com'];

/** N events over the last 89 days for one account and region, written in batches through the EventLog. */
async function fill(dir: string, account: string, n: number): Promise<string> {
  const log = openSqliteEventLog({ dataDir: dir });
  const now = Date.now();
  const span = 89 * 24 * 3600 * 1000;
  let someId = '';
  const started = Date.now();
  for (let i = 0; i < n; i += 10_000) {
    const batch: EventEntry[] = [];
    for (let j = i; j < Math.min(n, i + 10_000); j++) {
      const eventId = randomUUID();
      if (j === Math.floor(n / 2)) someId = eventId;
      const name = NAMES[j % NAMES.length]!;
      const user = `user${j % 500}`;
      const t = now - span + Math.floor((j / n) * span);
      const record = JSON.stringify({ eventVersion: '1.11', userIdentity: { type: 'IAMUser', principalId: 'AIDAEXAMPLE', arn: `arn:aws:iam::${account}:user/${user}`, accountId: account, accessKeyId: `AKIA${j % 1000}`, userName: user }, eventTime: new Date(t).toISOString(), eventSource: SOURCES[j % 3], eventName: name, awsRegion: 'us-east-1', sourceIPAddress: '10.0.0.1', userAgent: 'bench', requestParameters: { userName: `target${j % 5000}` }, responseElements: null, requestID: randomUUID(), eventID: eventId, readOnly: j % 2 === 0, eventType: 'AwsApiCall', managementEvent: true, recipientAccountId: account, eventCategory: 'Management' });
      batch.push({ eventId, eventTime: t, accountId: account, region: 'us-east-1', record, attributes: [['EventName', name], ['ReadOnly', String(j % 2 === 0)], ['EventSource', SOURCES[j % 3]!], ['Username', user], ['AccessKeyId', `AKIA${j % 1000}`], ['ResourceType', 'AWS::IAM::User'], ['ResourceName', `target${j % 5000}`]] });
    }
    await log.append(batch);
  }
  await log.close();
  console.log(`    filled ${n} events in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return someId;
}

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;

async function timed(f: () => Promise<unknown>, n: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = process.hrtime.bigint();
    await f();
    out.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return out;
}

type Query = [LookupAttributeKey | undefined, string];
const queriesFor = (someId: string): Query[] => [[undefined, ''], ['EventName', 'Encrypt'], ['Username', 'user42'], ['ResourceName', 'target77'], ['AccessKeyId', 'AKIA7'], ['EventId', someId], ['ReadOnly', 'false']];

/** The event store alone: p50/p99 of EventLog.lookup (first pages, and a second page for a third of them). */
async function storeLatency(dir: string, account: string, someId: string): Promise<number[]> {
  const log = openSqliteEventLog({ dataDir: dir, writerThread: false });
  const queries = queriesFor(someId);
  const now = Date.now();
  let q = 0;
  const once = async () => {
    const [key, value] = queries[q++ % queries.length]!;
    const base = { accountId: account, region: 'us-east-1', startTime: now - 90 * 86400_000, endTime: now, limit: 50, ...(key ? { attribute: { key, value } } : {}) };
    const first = await log.lookup(base);
    if (first.next && q % 3 === 0) await log.lookup({ ...base, before: first.next });
  };
  await timed(once, 100);
  const out = await timed(once, 2000);
  await log.close();
  return out;
}

async function main() {
  const onDir = mkdtempSync(join(tmpdir(), 'rampart-bench-trail-on-'));
  const offDir = mkdtempSync(join(tmpdir(), 'rampart-bench-trail-off-'));
  // The account id is chosen on first start; start once to learn it, then fill its history.
  const first = await server('on', onDir);
  const account = /ACCOUNT_ID=(\d{12})/.exec(first.s.stdout())![1]!;
  await first.s.stop();
  const someId = await fill(onDir, account, EVENTS);
  const store = await storeLatency(onDir, account, someId);
  console.log(`    event store lookups over ${EVENTS} events: p50 ${pct(store, 50).toFixed(2)} ms, p99 ${pct(store, 99).toFixed(2)} ms`);
  const on = await server('on', onDir);
  const off = await server('off', offDir);
  try {
    await load(on.s.url, on.req); // warm-up (JIT, caches)
    await load(off.s.url, off.req);
    const recorded: number[] = [];
    const plain: number[] = [];
    for (let i = 0; i < 4; i++) {
      const pair = i % 2 === 0 ? [off, on] : [on, off];
      for (const x of pair) (x === on ? recorded : plain).push(await load(x.s.url, x.req));
    }
    const r = Math.max(...recorded);
    const p = Math.max(...plain);
    console.log(`\nRampart ${process.version}, ${SECONDS}s rounds x4 (ABBA), 32 connections, keep-alive, SQLite`);
    console.log(`    rounds: recorded ${recorded.map((x) => x.toFixed(0)).join(', ')} | unrecorded ${plain.map((x) => x.toFixed(0)).join(', ')} req/s`);
    report('(a) signed iam:GetUser, every request recorded', r, 'req/s', 'same server, recording off', p, '>= 0.90 of unrecorded', r / p >= 0.9);

    const ct = new CloudTrailClient({ endpoint: on.s.url, region: 'us-east-1', credentials: on.creds, maxAttempts: 1 });
    const iam = new IAMClient({ endpoint: on.s.url, region: 'us-east-1', credentials: on.creds, maxAttempts: 1 });
    const queries = queriesFor(someId);
    let q = 0;
    const lookupOnce = async () => {
      const [key, value] = queries[q++ % queries.length]!;
      const input = key ? { LookupAttributes: [{ AttributeKey: key, AttributeValue: value }], MaxResults: 50 } : { MaxResults: 50 };
      const first = await ct.send(new LookupEventsCommand(input));
      if (key !== 'EventId' && (first.Events?.length ?? 0) === 0) throw new Error(`no events for ${key}`);
      if (first.NextToken && q % 3 === 0) await ct.send(new LookupEventsCommand({ ...input, NextToken: first.NextToken }));
    };
    await timed(lookupOnce, 50);
    await timed(() => iam.send(new GetUserCommand({})), 50);
    const lookups = await timed(lookupOnce, 700);
    const gets = await timed(() => iam.send(new GetUserCommand({})), 700);
    console.log(`\n    LookupEvents over ${EVENTS} events: p50 ${pct(lookups, 50).toFixed(2)} ms, p99 ${pct(lookups, 99).toFixed(2)} ms | iam:GetUser p50 ${pct(gets, 50).toFixed(2)} ms, p99 ${pct(gets, 99).toFixed(2)} ms`);
    report(`(b) LookupEvents p99 over ${EVENTS} events (SDK, end to end)`, pct(lookups, 99), 'ms', 'iam:GetUser p99, same server', pct(gets, 99), 'p99 < 50 ms', pct(lookups, 99) < 50);
    report(`(c) event store lookup p99 over ${EVENTS} events`, pct(store, 99), 'ms', 'LookupEvents p99 end to end', pct(lookups, 99), 'p99 < 50 ms', pct(store, 99) < 50);
  } finally {
    await on.s.stop();
    await off.s.stop();
    rmSync(onDir, { recursive: true, force: true });
    rmSync(offDir, { recursive: true, force: true });
  }
}

await main();
