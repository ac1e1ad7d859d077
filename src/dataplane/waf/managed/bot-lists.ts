/**
 * The operator-supplied address lists behind Bot Control's verification and SignalKnownBotDataCenter.
 * AWS verifies a bot by its source address (reverse DNS and the operators' published ranges); Rampart
 * does not reach the network, so a bot is verified only when the client address is in the ranges the
 * operator lists for it, read through the same `IpListSource` as the IP reputation lists
 * (`<data-dir>/waf/`):
 *
 * - `verified-bots.txt`: `<bot-name> <address-or-CIDR>` per line (`googlebot 66.249.64.0/19`), bot names
 *   as the `bot:name:` labels spell them; `* <CIDR>` verifies any recognized bot from that range. `#`
 *   comments; malformed lines are skipped.
 * - `bot-data-center.txt`: one address or CIDR per line, the data centers "typically used by bots".
 *
 * A missing file is an empty list: no bot is verified, SignalKnownBotDataCenter never matches.
 */
import type { IpListSource, IpMatcher } from './ip-lists.js';
import { parseIpList } from './ip-lists.js';

export const BOT_LIST_FILES = { verified: 'verified-bots.txt', dataCenter: 'bot-data-center.txt' } as const;

/** At most this many lines of `verified-bots.txt` are read. */
const MAX_LINES = 100_000;

export interface BotLists {
  /** Whether `ip` is a verified source for the bot `name`. */
  readonly verified: (name: string, ip: string) => boolean;
  readonly dataCenter: IpMatcher;
}

export const EMPTY_BOT_LISTS: BotLists = { verified: () => false, dataCenter: () => false };

/** Parses `verified-bots.txt`: ranges per bot name (`*`: any bot). */
export function parseVerifiedBots(text: string): BotLists['verified'] {
  const byName = new Map<string, string[]>();
  for (const line of text.split('\n').slice(0, MAX_LINES)) {
    const parts = line.replace(/#.*/, '').trim().split(/\s+/);
    if (parts.length !== 2) continue;
    const [name, range] = parts as [string, string];
    const key = name.toLowerCase();
    const list = byName.get(key) ?? [];
    list.push(range);
    byName.set(key, list);
  }
  const matchers = new Map([...byName].map(([k, v]) => [k, parseIpList(v.join('\n'))] as const));
  const any = matchers.get('*');
  return (name, ip) => (matchers.get(name)?.(ip) ?? false) || (any?.(ip) ?? false);
}

export async function loadBotLists(source: IpListSource): Promise<BotLists> {
  const verified = await source.read(BOT_LIST_FILES.verified);
  const dataCenter = await source.read(BOT_LIST_FILES.dataCenter);
  return {
    verified: verified === undefined ? EMPTY_BOT_LISTS.verified : parseVerifiedBots(verified),
    dataCenter: dataCenter === undefined ? EMPTY_BOT_LISTS.dataCenter : parseIpList(dataCenter),
  };
}
