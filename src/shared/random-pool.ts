/**
 * Random bytes from the CSPRNG, drawn from a pool refilled 4 KiB at a time: one call to the
 * system's generator serves hundreds of nonces (a `randomBytes(12)` call costs about as much as an
 * AES-GCM pass over 2 KiB here). Every byte is handed out once and the caller gets its own copy.
 */
import { randomFillSync } from 'node:crypto';

const POOL = 4096;
const pool = Buffer.alloc(POOL);
let used = POOL;

/** `n` bytes (at most 256) from the CSPRNG. */
export function randomPoolBytes(n: number): Buffer {
  if (!Number.isInteger(n) || n < 1 || n > 256) throw new RangeError('randomPoolBytes: 1..256 bytes');
  if (used + n > POOL) {
    randomFillSync(pool);
    used = 0;
  }
  const out = Buffer.from(pool.subarray(used, used + n));
  pool.fill(0, used, used + n);
  used += n;
  return out;
}
