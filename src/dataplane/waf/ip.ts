/**
 * IP addresses as bigints and CIDR matching (IPv4 and IPv6; IPv4-mapped IPv6 peers such as
 * `::ffff:10.0.0.1` count as IPv4, as the address the client really has).
 */
import { isIP } from 'node:net';

/** A peer's address as the client has it: `::ffff:127.0.0.1` is `127.0.0.1` (one client either way). */
export const normalizeIp = (ip: string): string => (ip.startsWith('::ffff:') && ip.includes('.') ? ip.slice(7) : ip);

export interface Ip {
  readonly v: 4 | 6;
  readonly n: bigint;
}

/** Parses an address (a string Node's isIP accepts); undefined when it is none. */
export function parseIp(text: string): Ip | undefined {
  let s = text.trim();
  if (s.startsWith('[') && s.endsWith(']')) s = s.slice(1, -1);
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(s);
  if (mapped) s = mapped[1]!;
  const kind = isIP(s);
  if (kind === 4) return { v: 4, n: s.split('.').reduce((a, p) => (a << 8n) | BigInt(Number(p)), 0n) };
  if (kind !== 6 || s.includes('%')) return undefined;
  const [head, tail] = s.includes('::') ? s.split('::') : [s, undefined];
  const part = (x: string | undefined) => (x ? x.split(':') : []);
  let h = part(head);
  let t = part(tail);
  const expand = (xs: string[]) => xs.flatMap((x) => (x.includes('.') ? (() => { const q = x.split('.').map(Number); return [((q[0]! << 8) | q[1]!).toString(16), ((q[2]! << 8) | q[3]!).toString(16)]; })() : [x]));
  h = expand(h);
  t = expand(t);
  const groups = tail === undefined ? h : [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t];
  return { v: 6, n: groups.reduce((a, g) => (a << 16n) | BigInt(parseInt(g, 16)), 0n) };
}

export interface Cidr {
  readonly v: 4 | 6;
  readonly base: bigint;
  readonly mask: bigint;
}

export function parseCidr(text: string): Cidr | undefined {
  const [addr, len] = text.split('/');
  const ip = addr ? parseIp(addr) : undefined;
  if (!ip) return undefined;
  const bits = ip.v === 4 ? 32 : 128;
  const l = len === undefined ? bits : Number(len);
  if (!Number.isInteger(l) || l < 0 || l > bits) return undefined;
  const mask = l === 0 ? 0n : ((1n << BigInt(l)) - 1n) << BigInt(bits - l);
  return { v: ip.v, base: ip.n & mask, mask };
}

/** A set of CIDR blocks. Linear scan per family, fine for the sizes AWS allows (10,000 per set). */
export class CidrSet {
  private readonly blocks: Cidr[] = [];
  constructor(cidrs: Iterable<string>) {
    for (const c of cidrs) {
      const p = parseCidr(c);
      if (p) this.blocks.push(p);
    }
  }
  has(ip: Ip): boolean {
    for (const b of this.blocks) if (b.v === ip.v && (ip.n & b.mask) === b.base) return true;
    return false;
  }
}

/** The canonical text of an address (dotted IPv4, full-group lowercase IPv6). */
export function ipText(ip: Ip): string {
  if (ip.v === 4) return [24n, 16n, 8n, 0n].map((sh) => String((ip.n >> sh) & 255n)).join('.');
  return Array.from({ length: 8 }, (_, i) => ((ip.n >> BigInt(112 - 16 * i)) & 0xffffn).toString(16)).join(':');
}
