/**
 * IP set addresses as AWS WAF accepts them: CIDR blocks of the set's IP version, every prefix
 * length except /0 ("AWS WAF supports all IPv4 and IPv6 CIDR ranges except for /0"), and at most
 * 10,000 per set. AWS refuses a block whose address has host bits set (aws/aws-cdk#20003:
 * `195.178.188.66/29` is refused while `195.178.188.64/29` is accepted).
 */
import { isIPv4, isIPv6 } from 'node:net';
import type { IPAddressVersion } from './api.generated.js';
import { BAD_FORMAT, invalidParameter, limitsExceeded } from './errors.js';

export const MAX_ADDRESSES = 10_000;

function v4Bits(addr: string): bigint {
  return addr.split('.').reduce((acc, o) => (acc << 8n) | BigInt(Number(o)), 0n);
}

function v6Bits(addr: string): bigint | undefined {
  // Embedded IPv4 tails (::ffff:1.2.3.4) are turned into two hextets first.
  let a = addr;
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(a);
  if (v4) {
    const b = v4Bits(v4[1]!);
    a = `${a.slice(0, -v4[1]!.length)}${(b >> 16n).toString(16)}:${(b & 0xffffn).toString(16)}`;
  }
  const [head, tail] = a.includes('::') ? a.split('::') : [a, undefined];
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const groups = tail === undefined ? h : [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t];
  if (groups.length !== 8) return undefined;
  return groups.reduce((acc, g) => (acc << 16n) | BigInt(parseInt(g, 16)), 0n);
}

/** Whether one address is a CIDR block WAF accepts for `version`. */
export function isValidCidr(entry: string, version: IPAddressVersion): boolean {
  const m = /^([^/\s]+)\/(\d{1,3})$/.exec(entry);
  if (!m) return false;
  const [, addr, lenText] = m;
  if (lenText!.length > 1 && lenText!.startsWith('0')) return false;
  const len = Number(lenText);
  const width = version === 'IPV4' ? 32 : 128;
  if (len < 1 || len > width) return false;
  let bits: bigint | undefined;
  if (version === 'IPV4') {
    if (!isIPv4(addr!)) return false;
    bits = v4Bits(addr!);
  } else {
    if (!isIPv6(addr!) || addr!.includes('%')) return false;
    bits = v6Bits(addr!);
  }
  if (bits === undefined) return false;
  const hostMask = (1n << BigInt(width - len)) - 1n;
  return (bits & hostMask) === 0n;
}

/** Checks every address of an IP set (WAFInvalidParameterException naming the first bad one). */
export function checkAddresses(addresses: readonly string[], version: IPAddressVersion): void {
  if (addresses.length > MAX_ADDRESSES) throw limitsExceeded('IPSet');
  for (const a of addresses) if (!isValidCidr(a, version)) throw invalidParameter('IP_ADDRESS', a, BAD_FORMAT);
}
