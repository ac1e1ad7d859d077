/**
 * RSA key pairs made off the event loop, in one worker thread at the lowest CPU priority (nice 19 on
 * Linux, where a thread's priority is its own), so the event loop wins the CPU over key generation
 * (a 4096-bit key takes seconds of CPU). Requests queue in the worker and are made one at a time.
 * Where the worker cannot start, the asynchronous crypto.generateKeyPair (libuv's thread pool) is
 * used. The PKCS#8 DER crosses to the main thread by copy; the worker's copy is zeroed.
 */
import { generateKeyPair } from 'node:crypto';
import { promisify } from 'node:util';
import { Worker } from 'node:worker_threads';

const WORKER = `
const { parentPort } = require('node:worker_threads');
const { generateKeyPairSync } = require('node:crypto');
try {
  const tid = Number(require('node:fs').readlinkSync('/proc/thread-self').split('/').pop());
  require('node:os').setPriority(tid, 19);
} catch {}
parentPort.on('message', ({ id, bits }) => {
  try {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: bits, publicExponent: 65537, privateKeyEncoding: { type: 'pkcs8', format: 'der' }, publicKeyEncoding: { type: 'spki', format: 'der' } });
    parentPort.postMessage({ id, key: privateKey });
    privateKey.fill(0);
  } catch (e) {
    parentPort.postMessage({ id, error: String(e) });
  }
});
`;

const generate = promisify(generateKeyPair);
const fallback = async (bits: number): Promise<Buffer> =>
  (await generate('rsa', { modulusLength: bits, publicExponent: 65537, privateKeyEncoding: { type: 'pkcs8', format: 'der' }, publicKeyEncoding: { type: 'spki', format: 'der' } })).privateKey;

type Pending = { resolve: (b: Buffer) => void; reject: (e: Error) => void };
let worker: Worker | undefined;
let failed = false;
let next = 0;
const pending = new Map<number, Pending>();

function start(): Worker | undefined {
  if (worker || failed) return worker;
  try {
    const w = new Worker(WORKER, { eval: true });
    w.on('message', (m: { id: number; key?: Uint8Array; error?: string }) => {
      const p = pending.get(m.id);
      pending.delete(m.id);
      if (pending.size === 0) w.unref();
      if (!p) return;
      if (m.key) p.resolve(Buffer.from(m.key.buffer, m.key.byteOffset, m.key.byteLength));
      else p.reject(new Error(m.error ?? 'RSA key generation failed'));
    });
    // A worker that dies fails what it was asked for; the next request starts a new one.
    const lost = (e: Error) => {
      for (const p of pending.values()) p.reject(e);
      pending.clear();
      if (worker === w) worker = undefined;
    };
    w.on('error', lost);
    w.on('exit', () => lost(new Error('the RSA key generation worker exited')));
    w.unref();
    worker = w;
  } catch {
    failed = true;
  }
  return worker;
}

/** A new RSA private key of `bits` bits as PKCS#8 DER, made off the event loop. */
export function generateRsa(bits: number): Promise<Buffer> {
  const w = start();
  if (!w) return fallback(bits);
  const id = next++;
  return new Promise<Buffer>((resolve, reject) => {
    pending.set(id, { resolve, reject });
    w.ref();
    w.postMessage({ id, bits });
  });
}
