/**
 * IP address condition operators (IAM "Condition operators": IP address): IPv4 and
 * IPv6 CIDR blocks; an address without a prefix means /32 (IPv4) or /128 (IPv6).
 */
import { operatorPair } from './base-operator.js';
import type { BaseOperator } from './base-operator.js';

/** A parsed address: IPv4 as an unsigned 32-bit number, IPv6 as a bigint. */
export type IpValue = { readonly v6: false; readonly value: number } | { readonly v6: true; readonly value: bigint };

const V4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

function parseV4(s: string): number | undefined {
  const m = V4.exec(s);
  if (!m) return undefined;
  let v = 0;
  for (let i = 1; i <= 4; i++) {
    const octet = Number(m[i]);
    if (octet > 255) return undefined;
    v = v * 256 + octet;
  }
  return v;
}

function parseGroups(s: string): bigint[] | undefined {
  if (s === '') return [];
  const out: bigint[] = [];
  const parts = s.split(':');
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i] ?? '';
    if (i === parts.length - 1 && p.includes('.')) {
      const v4 = parseV4(p);
      if (v4 === undefined) return undefined;
      out.push(BigInt(Math.floor(v4 / 65536)), BigInt(v4 % 65536));
    } else if (/^[0-9a-fA-F]{1,4}$/.test(p)) out.push(BigInt(`0x${p}`));
    else return undefined;
  }
  return out;
}

function parseV6(s: string): bigint | undefined {
  const halves = s.split('::');
  if (halves.length > 2) return undefined;
  const head = parseGroups(halves[0] ?? '');
  const tail = halves.length === 2 ? parseGroups(halves[1] ?? '') : [];
  if (!head || !tail) return undefined;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  const groups = [...head, ...new Array<bigint>(missing).fill(0n), ...tail];
  return groups.reduce((acc, g) => (acc << 16n) | g, 0n);
}

/** Parses an IPv4 or IPv6 address (no prefix). */
export function parseIp(text: string): IpValue | undefined {
  const s = text.trim();
  const v4 = parseV4(s);
  if (v4 !== undefined) return { v6: false, value: v4 };
  const v6 = s.includes(':') ? parseV6(s) : undefined;
  return v6 === undefined ? undefined : { v6: true, value: v6 };
}

/** Parses `address[/prefix]` into a predicate over request addresses. */
export function parseCidr(text: string): ((ip: IpValue) => boolean) | undefined {
  const [addr = '', prefixText, extra] = text.trim().split('/');
  if (extra !== undefined) return undefined;
  const ip = parseIp(addr);
  if (!ip) return undefined;
  const bits = ip.v6 ? 128 : 32;
  const prefix = prefixText === undefined ? bits : /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : -1;
  if (prefix < 0 || prefix > bits) return undefined;
  if (ip.v6) {
    const shift = BigInt(128 - prefix);
    const network = ip.value >> shift;
    return (req) => req.v6 && req.value >> shift === network;
  }
  // INVARIANT: IPv4 values are integers in [0, 2^32), so division by 2^shift is exact floor arithmetic.
  const size = 2 ** (32 - prefix);
  const network = Math.floor(ip.value / size);
  return (req) => !req.v6 && Math.floor(req.value / size) === network;
}

export const IP_OPERATORS: readonly BaseOperator[] = operatorPair('IpAddress', 'NotIpAddress', false, (t) => {
  const inRange = parseCidr(t.source);
  if (!inRange) return undefined;
  return (s) => {
    const ip = parseIp(s);
    return ip !== undefined && inRange(ip);
  };
});
