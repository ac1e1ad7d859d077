/**
 * The installation's master key: a high-entropy string from which the secret-sealing key and the
 * key-check value are derived with HKDF-SHA256. SQLite keeps it in `<dataDir>/master.key` (created
 * on first open, mode 0600); PostgreSQL deployments pass it in (`RAMPART_MASTER_KEY`), since
 * every node must share it and it must not live in the database it protects.
 */
import { createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { StorageError } from './types.js';

/** Minimum master-key length in characters (a 32-byte key in base64 has 44). */
export const MIN_MASTER_KEY_LENGTH = 32;
/** File name of the SQLite backend's master key, inside the data directory. */
export const MASTER_KEY_FILE = 'master.key';

const CHECK_INFO = 'rampart master key check v1';
const CHECK_MESSAGE = 'rampart-master-key-check';

/** A fresh master key: 32 random bytes, base64. */
export function generateMasterKey(): string {
  return randomBytes(32).toString('base64');
}

/** Throws StorageError('InvalidMasterKey') unless key is a usable master key; returns it trimmed. */
export function validateMasterKey(key: unknown, origin = 'the master key'): string {
  if (typeof key !== 'string' || key.trim() === '') {
    throw new StorageError('InvalidMasterKey', `${origin} is missing: set RAMPART_MASTER_KEY (e.g. \`openssl rand -base64 32\`)`);
  }
  const trimmed = key.trim();
  if (trimmed.length < MIN_MASTER_KEY_LENGTH) {
    throw new StorageError(
      'InvalidMasterKey',
      `${origin} is too short (${trimmed.length} characters, at least ${MIN_MASTER_KEY_LENGTH} needed; e.g. \`openssl rand -base64 32\`)`,
    );
  }
  return trimmed;
}

/** A 32-byte key derived from the master key for one purpose (HKDF-SHA256, fixed info string). */
export function deriveKey(masterKey: string, info: string): Buffer {
  return Buffer.from(hkdfSync('sha256', Buffer.from(masterKey, 'utf8'), Buffer.alloc(0), info, 32));
}

/** The value stored in `meta` to recognize the master key later (HMAC-SHA256, base64). */
export function masterKeyCheckValue(masterKey: string): string {
  return createHmac('sha256', deriveKey(masterKey, CHECK_INFO)).update(CHECK_MESSAGE).digest('base64');
}

/** Throws MasterKeyMismatch unless stored is the check value of masterKey (constant time). */
export function assertMasterKeyMatches(masterKey: string, stored: string): void {
  const expected = Buffer.from(masterKeyCheckValue(masterKey), 'utf8');
  const actual = Buffer.from(stored, 'utf8');
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) {
    throw new StorageError('MasterKeyMismatch', 'The master key does not match the one this data store was created with');
  }
}

function readKeyFile(path: string): string {
  const st = statSync(path);
  if (process.platform !== 'win32' && (st.mode & 0o077) !== 0) {
    throw new StorageError(
      'InvalidMasterKey',
      `${path} is accessible by group/other (mode ${(st.mode & 0o777).toString(8)}); run \`chmod 600 ${path}\``,
    );
  }
  return readFileSync(path, 'utf8');
}

/**
 * The master key in `<dataDir>/master.key`, or undefined when there is none (nothing is created).
 * Refuses a key file readable by group or other, or an unusable key, as loadOrCreateMasterKeyFile.
 */
export function readMasterKeyFile(dataDir: string): string | undefined {
  const path = join(dataDir, MASTER_KEY_FILE);
  if (!existsSync(path)) return undefined;
  return validateMasterKey(readKeyFile(path), path);
}

/**
 * Reads `<dataDir>/master.key`, creating it (32 random bytes, base64, mode 0600, exclusive create,
 * fsynced) when absent. Refuses (InvalidMasterKey) a key file readable by group or other: the key
 * protects every secret at rest, so a loose permission is treated as a misconfiguration, not a warning.
 */
export function loadOrCreateMasterKeyFile(dataDir: string): string {
  const path = join(dataDir, MASTER_KEY_FILE);
  let fd: number | undefined;
  try {
    fd = openSync(path, 'wx', 0o600);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  }
  if (fd !== undefined) {
    try {
      writeSync(fd, generateMasterKey() + '\n');
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    syncDir(dataDir);
  }
  // Another process may be between its exclusive create and its write: wait briefly for content.
  for (let attempt = 0; ; attempt++) {
    const text = readKeyFile(path);
    if (text.trim() !== '' || attempt >= 50) return validateMasterKey(text, path);
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
  }
}

function syncDir(dir: string): void {
  if (process.platform === 'win32') return;
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Best effort: some file systems do not allow fsync on directories.
  }
}
