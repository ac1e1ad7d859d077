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
  /** The prefix length. */
  readonly len: number;
}

export function parseCidr(text: string): Cidr | undefined {
  const [addr, len] = text.split('/');
  const ip = addr ? parseIp(addr) : undefined;
  if (!ip) return undefined;
  const bits = ip.v === 4 ? 32 : 128;
  const l = len === undefined ? bits : Number(len);
  if (!Number.isInteger(l) || l < 0 || l > bits) return undefined;
  const mask = l === 0 ? 0n : ((1n << BigInt(l)) - 1n) << BigInt(bits - l);
  return { v: ip.v, base: ip.n & mask, mask, len: l };
}

const maskOf = (bits: number, len: number): bigint => (len === 0 ? 0n : ((1n << BigInt(len)) - 1n) << BigInt(bits - len));

/**
 * CIDR blocks indexed by prefix length, each block with a value: finding the longest block that holds
 * an address costs one map probe per distinct prefix length (at most 33 for IPv4, 129 for IPv6),
 * however many blocks there are (a country database has hundreds of thousands; an IP set 10,000).
 */
export class PrefixTable<T> {
  /** Per family: prefix length -> (block base -> value). */
  private readonly tables: Record<4 | 6, Map<number, Map<bigint, T>>> = { 4: new Map(), 6: new Map() };
  /** Per family: the prefix lengths present, longest first, with their masks. */
  private readonly lengths: Record<4 | 6, { len: number; mask: bigint }[]> = { 4: [], 6: [] };

  /** Adds a block; a block added twice keeps its first value. */
  add(c: Cidr, value: T): void {
    let byBase = this.tables[c.v].get(c.len);
    if (!byBase) {
      this.tables[c.v].set(c.len, (byBase = new Map()));
      const ls = this.lengths[c.v];
      ls.push({ len: c.len, mask: maskOf(c.v === 4 ? 32 : 128, c.len) });
      ls.sort((a, b) => b.len - a.len);
    }
    if (!byBase.has(c.base)) byBase.set(c.base, value);
  }

  /** The value of the longest block holding the address, or undefined. */
  longest(ip: Ip): T | undefined {
    const ls = this.lengths[ip.v];
    const tables = this.tables[ip.v];
    for (let i = 0; i < ls.length; i++) {
      const hit = tables.get(ls[i]!.len)!.get(ip.n & ls[i]!.mask);
      if (hit !== undefined) return hit;
    }
    return undefined;
  }
}

/** A set of CIDR blocks (an IP set: up to 10,000 addresses), looked up through a PrefixTable. */
export class CidrSet {
  private readonly table = new PrefixTable<true>();
  constructor(cidrs: Iterable<string>) {
    for (const c of cidrs) {
      const p = parseCidr(c);
      if (p) this.table.add(p, true);
    }
  }
  has(ip: Ip): boolean {
    return this.table.longest(ip) !== undefined;
  }
}

/** The canonical text of an address (dotted IPv4, full-group lowercase IPv6). */
export function ipText(ip: Ip): string {
  if (ip.v === 4) return [24n, 16n, 8n, 0n].map((sh) => String((ip.n >> sh) & 255n)).join('.');
  return Array.from({ length: 8 }, (_, i) => ((ip.n >> BigInt(112 - 16 * i)) & 0xffffn).toString(16)).join(':');
}
