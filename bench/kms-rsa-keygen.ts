/**
 * RSA key generation off the event loop: the event-loop delay (perf_hooks.monitorEventLoopDelay,
 * p99 and max) of a Rampart server while 20 RSA_4096 KMS keys are created through CreateKey (AWS
 * SDK over HTTP, all 20 in flight), the server in this process so the delay measured is the one its
 * requests see. Peer: the same measurement with the event loop idle, 15 s before and 15 s after
 * (the mean of the two p99s: a shared machine's own noise drifts). Contrast
 * (reference only): the delay while crypto.generateKeyPairSync makes RSA-4096 keys on the loop, as
 * a CreateKey that generated synchronously would.
 * Goal (#19): p99 < 20 ms while the keys are made.
 * Run: node --import tsx bench/kms-rsa-keygen.ts [keys]   (or npm run bench kms-rsa)
 */
import { generateKeyPairSync } from 'node:crypto';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { startTestServer } from '../test/helpers/rampart.js';
import { report } from './lib/processes.js';

const KEYS = Number(process.argv[2] ?? 20);
const SYNC_KEYS = 3;

/** Event-loop delay (ms) while `work` runs: p99 and max. */
async function delayDuring(work: () => Promise<unknown>): Promise<{ p99: number; max: number; ms: number }> {
  const h = monitorEventLoopDelay({ resolution: 5 });
  const start = performance.now();
  h.enable();
  await work();
  h.disable();
  return { p99: h.percentile(99) / 1e6, max: h.max / 1e6, ms: performance.now() - start };
}

async function main() {
  const s = await startTestServer();
  try {
    const kms = new KMSClient({ endpoint: s.url, region: 'us-east-1', credentials: s.credentials, maxAttempts: 1 });
    // Warm-up: JIT, the store, the authorizer's caches.
    await kms.send(new CreateKeyCommand({ KeySpec: 'RSA_2048', KeyUsage: 'SIGN_VERIFY' }));
    // The idle loop is measured before and after (the machine's own noise drifts), for as long as the keys take.
    const IDLE_MS = 15_000;
    const before = await delayDuring(() => sleep(IDLE_MS));
    const during = await delayDuring(async () => {
      const made = await Promise.all(Array.from({ length: KEYS }, () => kms.send(new CreateKeyCommand({ KeySpec: 'RSA_4096', KeyUsage: 'SIGN_VERIFY' }))));
      if (made.some((m) => m.KeyMetadata?.KeySpec !== 'RSA_4096')) throw new Error('a CreateKey did not make an RSA_4096 key');
    });
    const afterIdle = await delayDuring(() => sleep(IDLE_MS));
    const idle = { p99: (before.p99 + afterIdle.p99) / 2, max: Math.max(before.max, afterIdle.max) };
    const sync = await delayDuring(async () => {
      for (let i = 0; i < SYNC_KEYS; i++) {
        generateKeyPairSync('rsa', { modulusLength: 4096 });
        await sleep(1);
      }
    });
    console.log(`\nRampart ${process.version}, ${KEYS} CreateKey RSA_4096 in flight over HTTP, server in process, SQLite; ${(during.ms / 1000).toFixed(1)} s`);
    console.log(`    idle p99 before ${before.p99.toFixed(1)} ms, after ${afterIdle.p99.toFixed(1)} ms (peer: their mean)`);
    console.log(`    max delay: during CreateKey ${during.max.toFixed(1)} ms | idle ${idle.max.toFixed(1)} ms | generateKeyPairSync ${sync.max.toFixed(1)} ms`);
    report('event-loop delay p99 during CreateKey RSA_4096', during.p99, 'ms', 'idle loop', idle.p99, '< 20 ms', during.p99 < 20);
    report(`event-loop delay p99 during ${SYNC_KEYS} generateKeyPairSync RSA-4096`, sync.p99, 'ms', 'idle loop', idle.p99, 'contrast', 'reference');
    if (during.p99 >= 20) process.exitCode = 1;
  } finally {
    await s.close();
  }
}

await main();
