/**
 * AWSManagedRulesAmazonIpReputationList and AWSManagedRulesAnonymousIpList. Rampart has no Amazon threat
 * intelligence: the lists are files the operator supplies (one IPv4/IPv6 address or CIDR per line, `#` comments),
 * read through `IpListSource`; a missing file is an empty list, so the rule never matches.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { normalizeIp, parseCidr, parseIp, PrefixTable } from '../ip.js';
import type { ManagedRuleGroupLogic } from '../inspected-request.js';
import { rule } from './rule.js';

/** Where the lists come from: `read(name)` returns the file's text, or undefined when absent. */
export interface IpListSource {
  read(name: string): Promise<string | undefined>;
}

/** The file names, one per rule, under `<data-dir>/waf/`. */
export const IP_LIST_FILES = {
  reputation: 'ip-reputation.txt',
  reconnaissance: 'ip-reconnaissance.txt',
  ddos: 'ip-ddos.txt',
  anonymous: 'anonymous-ip.txt',
  hostingProvider: 'hosting-provider-ip.txt',
} as const;

export type IpListName = keyof typeof IP_LIST_FILES;
export type IpMatcher = (ip: string) => boolean;

/** At most this many entries per list are read (bounded memory and match time). */
const MAX_ENTRIES = 100_000;

/** Parses a list; lines that are not an address or CIDR are skipped. A lookup probes once per prefix length listed. */
export function parseIpList(text: string): IpMatcher {
  const table = new PrefixTable<true>();
  let n = 0;
  for (const line of text.split('\n')) {
    if (n >= MAX_ENTRIES) break;
    const entry = line.replace(/#.*/, '').trim();
    if (entry === '') continue;
    n++;
    const c = parseCidr(entry);
    if (c) table.add(c, true);
  }
  return (ip: string) => {
    const addr = parseIp(normalizeIp(ip));
    return addr !== undefined && table.longest(addr) !== undefined;
  };
}

/** Reads files from a directory (`<data-dir>/waf`). */
export function directoryIpListSource(dir: string): IpListSource {
  return {
    async read(name) {
      try {
        return await readFile(join(dir, name), 'utf8');
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw e;
      }
    },
  };
}

export type IpLists = Readonly<Record<IpListName, IpMatcher>>;

const EMPTY: IpMatcher = () => false;

export async function loadIpLists(source: IpListSource): Promise<IpLists> {
  const out: Partial<Record<IpListName, IpMatcher>> = {};
  for (const [key, file] of Object.entries(IP_LIST_FILES) as [IpListName, string][]) {
    const text = await source.read(file);
    out[key] = text === undefined ? EMPTY : parseIpList(text);
  }
  return out as IpLists;
}

export const EMPTY_IP_LISTS: IpLists = { reputation: EMPTY, reconnaissance: EMPTY, ddos: EMPTY, anonymous: EMPTY, hostingProvider: EMPTY };

export function ipReputationRuleSet(lists: IpLists): ManagedRuleGroupLogic {
  const ns = 'amazon-ip-list';
  return {
    vendor: 'AWS',
    name: 'AWSManagedRulesAmazonIpReputationList',
    rules: [
      rule(ns, 'AWSManagedIPReputationList', 'AWSManagedIPReputationList', (r) => lists.reputation(r.clientIp)),
      rule(ns, 'AWSManagedReconnaissanceList', 'AWSManagedReconnaissanceList', (r) => lists.reconnaissance(r.clientIp)),
      rule(ns, 'AWSManagedIPDDoSList', 'AWSManagedIPDDoSList', (r) => lists.ddos(r.clientIp), 'Count'),
    ],
  };
}

export function anonymousIpRuleSet(lists: IpLists): ManagedRuleGroupLogic {
  const ns = 'anonymous-ip-list';
  return {
    vendor: 'AWS',
    name: 'AWSManagedRulesAnonymousIpList',
    rules: [
      rule(ns, 'AnonymousIPList', 'AnonymousIPList', (r) => lists.anonymous(r.clientIp)),
      rule(ns, 'HostingProviderIPList', 'HostingProviderIPList', (r) => lists.hostingProvider(r.clientIp)),
    ],
  };
}
