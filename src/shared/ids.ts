import { randomBytes, randomUUID } from 'node:crypto';

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** Random string over AWS's unique-id alphabet (upper-case Base32). */
function base32Random(length: number): string {
  const bytes = randomBytes(length);
  let out = '';
  for (let i = 0; i < length; i++) out += BASE32[bytes[i]! & 31];
  return out;
}

/**
 * IAM unique-id prefixes, as AWS documents them ("IAM identifiers", unique IDs):
 * AKIA access key, ASIA temporary access key, AIDA user, AROA role, AGPA group,
 * ANPA managed policy, AIPA instance profile, ASCA certificate.
 */
export type IdPrefix = 'AKIA' | 'ASIA' | 'AIDA' | 'AROA' | 'AGPA' | 'ANPA' | 'AIPA' | 'ASCA' | 'ANVA';

/** A 20-character IAM id (access key id) or 21-character unique id, as AWS issues them. */
export function newIamId(prefix: IdPrefix): string {
  return prefix + base32Random(prefix === 'AKIA' || prefix === 'ASIA' ? 16 : 17);
}

/** A 40-character secret access key (base64 alphabet, as AWS issues them). */
export function newSecretAccessKey(): string {
  return randomBytes(30).toString('base64').replace(/\+/g, 'A').replace(/\//g, 'B');
}

/** Request ids are UUIDs, as in `x-amzn-RequestId`. */
export function newRequestId(): string {
  return randomUUID();
}

/** A random 12-digit AWS account id that does not start with 0. */
export function newAccountId(): string {
  const bytes = randomBytes(12);
  let id = String(1 + (bytes[0]! % 9));
  for (let i = 1; i < 12; i++) id += String(bytes[i]! % 10);
  return id;
}

/** True for a 12-digit AWS account id. */
export function isAccountId(s: string): boolean {
  return /^\d{12}$/.test(s);
}

/**
 * A generator of time-ordered UUIDs (version 7, RFC 9562 §5.7): 48 bits of Unix milliseconds, 12
 * bits of a counter within the millisecond (§6.2 method 1, so the ids of one generator sort in
 * creation order, also when the clock steps back; the counter overflowing borrows the next
 * millisecond), the variant and 62 random bits. Used where an id is an index key (CloudTrail event
 * ids): new ids land at the end of the index instead of on a random page of it.
 */
export function timeOrderedUuids(): (now?: number) => string {
  let lastMs = 0;
  let counter = 0;
  return (now = Date.now()) => {
    if (now > lastMs) {
      lastMs = now;
      counter = 0;
    } else if (++counter > 0xfff) {
      lastMs++;
      counter = 0;
    }
    const ms = lastMs.toString(16).padStart(12, '0');
    // randomUUID's last 17 characters: the variant nibble (8-b) and 62 random bits.
    return `${ms.slice(0, 8)}-${ms.slice(8)}-7${counter.toString(16).padStart(3, '0')}-${randomUUID().slice(19)}`;
  };
}

/** This process's time-ordered UUIDs. */
export const newTimeOrderedUuid = timeOrderedUuids();
