/**
 * Console passwords (login profiles), one per user, keyed by user key. Rampart has no console, but
 * the profile is part of a user's state (DeleteUser refuses while one exists) and of well-known
 * escalation paths, so it is kept — the password only as a salted scrypt hash, never reversible,
 * and that hash (with the history) sealed with the master key, bound to the profile's record
 * (`hashesAt`): neither the database nor a backup holds a hash to attack offline, and a hash copied
 * into another user's profile does not open. A renamed user's profile moves to another key, so its
 * hashes are sealed again for it (`rekeyProfile`, UpdateUser).
 */
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import type { SealContext, Scope, SecretSealer, StoreOps } from '../../../storage/types.js';
import { nameKey } from '../iam-arns.js';
import { Table } from './table.js';
import { IAM_TABLES } from './tables.js';

/** A user's login profile. */
export interface LoginProfileRecord {
  readonly userName: string;
  readonly createDate: string;
  readonly passwordResetRequired: boolean;
  /** `scrypt$<salt b64>$<hash b64>`, sealed for this record (`hashesAt`). */
  readonly passwordHash: string;
  /** When the password was last set (absent: at createDate). */
  readonly passwordChangedAt?: string;
  /** Hashes of earlier passwords, newest first (for PasswordReusePrevention; at most 24), sealed like passwordHash. */
  readonly previousHashes?: string[];
}

/** The most previous passwords an account password policy can forbid reusing. */
export const MAX_PASSWORD_HISTORY = 24;

/** The profile with a new (sealed) password hash set at `now`, the old one kept in the history. */
export function withNewPassword(p: LoginProfileRecord, passwordHash: string, now: string): LoginProfileRecord {
  const previousHashes = [p.passwordHash, ...(p.previousHashes ?? [])].slice(0, MAX_PASSWORD_HISTORY);
  return { ...p, passwordHash, passwordChangedAt: now, previousHashes };
}

/** Login profiles by user key. */
export const LOGIN_PROFILES = new Table<LoginProfileRecord>(IAM_TABLES.loginProfiles);

/** The user's login profile, if any. */
export function getLoginProfile(ops: StoreOps, scope: Scope, userName: string): Promise<LoginProfileRecord | undefined> {
  return LOGIN_PROFILES.get(ops, scope, nameKey(userName));
}

/** Writes the user's login profile. */
export function putLoginProfile(ops: StoreOps, scope: Scope, rec: LoginProfileRecord): Promise<void> {
  return LOGIN_PROFILES.put(ops, scope, nameKey(rec.userName), rec);
}

/** Deletes the user's login profile; false when there was none. */
export function deleteLoginProfile(ops: StoreOps, scope: Scope, userName: string): Promise<boolean> {
  return LOGIN_PROFILES.delete(ops, scope, nameKey(userName));
}

/** Where the password hashes of `userName`'s login profile are sealed: the profile's own record. */
export function hashesAt(scope: Scope, userName: string): SealContext {
  return { table: IAM_TABLES.loginProfiles, scope, key: nameKey(userName) };
}

/** The profile with every hash sealed again for the record at `to` (they are sealed for `from`). */
export function rekeyProfile(sealer: SecretSealer, p: LoginProfileRecord, from: SealContext, to: SealContext): LoginProfileRecord {
  const reseal = (h: string) => sealer.seal(sealer.open(h, from), to);
  return { ...p, passwordHash: reseal(p.passwordHash), ...(p.previousHashes ? { previousHashes: p.previousHashes.map(reseal) } : {}) };
}

function derive(password: string, salt: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => scrypt(password, salt, 32, (err, key) => (err ? reject(err) : resolve(key))));
}

/** A salted scrypt hash of a password (computed off the event loop), sealed for the profile at `where`. */
export async function hashPassword(sealer: SecretSealer, where: SealContext, password: string): Promise<string> {
  const salt = randomBytes(16);
  return sealer.seal(`scrypt$${salt.toString('base64')}$${(await derive(password, salt)).toString('base64')}`, where);
}

/**
 * Whether `password` matches `sealedHash`, a hash made by `hashPassword` for the profile at `where`:
 * the hash is opened first (StorageError 'Corrupt' when it was not sealed there), then compared in
 * constant time.
 */
export async function verifyPassword(sealer: SecretSealer, where: SealContext, password: string, sealedHash: string): Promise<boolean> {
  const [kind, salt, want] = sealer.open(sealedHash, where).toString('utf8').split('$');
  if (kind !== 'scrypt' || !salt || !want) return false;
  const got = await derive(password, Buffer.from(salt, 'base64'));
  const expected = Buffer.from(want, 'base64');
  return got.length === expected.length && timingSafeEqual(got, expected);
}
