/**
 * Access key ids that carry their account, as AWS's do: since 2019 an AKIA/ASIA id encodes the owning
 * account in bits 7..46 of its base32-decoded body, which is how STS GetAccessKeyInfo answers for any
 * key (issued or not, any account) without a lookup.
 */
import { randomBytes } from 'node:crypto';
import { base32Decode, base32Encode } from '../shared/base32.js';

function decode(text: string): Buffer | undefined {
  try {
    return base32Decode(text);
  } catch {
    return undefined;
  }
}

/** A new 20-character access key id (`AKIA`/`ASIA` + 16 base32 characters) that encodes `accountId`. */
export function newAccessKeyIdFor(prefix: 'AKIA' | 'ASIA', accountId: string): string {
  const body = randomBytes(10);
  // 48-bit head: 1 random bit, 40 bits of account id, 7 random bits.
  const head = (BigInt(accountId) << 7n) | (BigInt(body[5]!) & 0x7fn) | ((BigInt(body[0]!) & 0x80n) << 40n);
  for (let i = 0; i < 6; i++) body[i] = Number((head >> BigInt(8 * (5 - i))) & 0xffn);
  return prefix + base32Encode(body, false);
}

/**
 * The account an access key id belongs to, decoded from the id itself (AWS's format since 2019), as a
 * 12-digit string; undefined when the id is not of that shape.
 */
export function accountOfAccessKeyId(accessKeyId: string): string | undefined {
  if (!/^(AKIA|ASIA)[A-Z2-7]{16}$/.test(accessKeyId)) return undefined;
  const bytes = decode(accessKeyId.slice(4));
  if (!bytes || bytes.length < 6) return undefined;
  let head = 0n;
  for (let i = 0; i < 6; i++) head = (head << 8n) | BigInt(bytes[i]!);
  const account = (head & 0x7fffffffff80n) >> 7n;
  return account.toString().padStart(12, '0');
}
