/**
 * RFC 6238 TOTP (HMAC-SHA1, 6 digits, 30-second steps, T0 = 0) over RFC 4226 HOTP, and RFC 4648
 * Base32 — what virtual MFA apps (and AWS's virtual MFA devices) use. Node's crypto only.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** Seconds per TOTP time step. */
export const TOTP_STEP_SECONDS = 30;
/** Digits of a code. */
export const TOTP_DIGITS = 6;

export { base32Decode, base32Encode } from '../../shared/base32.js';

/** A new random seed: 320 bits (64 Base32 characters, as AWS's virtual device seeds; RFC 4226 asks for >= 128). */
export function newTotpSeed(): Buffer {
  return randomBytes(40);
}

/** The time step of epoch-ms `now`. */
export function timeStep(now: number): number {
  return Math.floor(now / 1000 / TOTP_STEP_SECONDS);
}

/** RFC 4226 HOTP value of `counter` as a zero-padded decimal string. */
export function hotp(key: Uint8Array, counter: number): string {
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac('sha1', key).update(msg).digest();
  const offset = mac[mac.length - 1]! & 0x0f;
  const bin = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(bin % 10 ** TOTP_DIGITS).padStart(TOTP_DIGITS, '0');
}

/** The TOTP code of time step `step`. */
export function totpAt(key: Uint8Array, step: number): string {
  return hotp(key, step);
}

/** Constant-time comparison of a typed code with the expected one. */
export function codeMatches(typed: string, expected: string): boolean {
  const a = Buffer.from(typed, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The first step in `[from, to]` whose code is `code`, or undefined. */
export function findStep(key: Uint8Array, code: string, from: number, to: number): number | undefined {
  for (let s = from; s <= to; s++) if (codeMatches(code, totpAt(key, s))) return s;
  return undefined;
}

/**
 * The step of `code1` when `code1` and `code2` are the codes of two consecutive steps within
 * `[from, to]` (as EnableMFADevice and ResyncMFADevice require), else undefined.
 */
export function findConsecutive(key: Uint8Array, code1: string, code2: string, from: number, to: number): number | undefined {
  for (let s = from; s < to; s++) {
    if (codeMatches(code1, totpAt(key, s)) && codeMatches(code2, totpAt(key, s + 1))) return s;
  }
  return undefined;
}
