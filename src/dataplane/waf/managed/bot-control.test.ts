import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { InspectedRequest } from '../inspected-request.js';
import { BOT_CATEGORIES, KNOWN_BOTS } from './bot-catalog.data.js';
import { isBrowserUserAgent, knownBot } from './bot-classify.js';
import { BOT_LABEL_NS, botControlLabels, botControlRuleSet, categoryRuleName } from './bot-control.js';
import { loadBotLists, parseVerifiedBots } from './bot-lists.js';
import { firstBlockingMatch } from './index.js';
import { inspected } from './test-request.js';
import { RequestMemo } from '../request-memo.js';

const ua = (userAgent: string, clientIp = '203.0.113.7', extra: [string, string][] = []): InspectedRequest =>
  inspected({ clientIp, headers: [['Host', 'shop.example.com'], ['User-Agent', userAgent], ...extra] });

/** The rules that match, and every label they add (static and per request), in rule order. */
function run(group: ReturnType<typeof botControlRuleSet>, req: InspectedRequest): { rules: string[]; labels: string[]; blocked?: string } {
  const memo = new RequestMemo();
  const rules: string[] = [];
  const labels: string[] = [];
  let blocked: string | undefined;
  for (const r of group.rules) {
    if (!r.matches(req, memo)) continue;
    rules.push(r.name);
    labels.push(...r.labels.map((l) => l.slice(BOT_LABEL_NS.length)), ...(r.labelsFor?.(req, memo) ?? []).map((l) => l.slice(BOT_LABEL_NS.length)));
    if (!blocked && !r.labelOnly?.(req, memo) && r.action === 'Block') blocked = r.name;
  }
  return { rules, labels, ...(blocked ? { blocked } : {}) };
}

const CHROME = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36';
const BROWSERS = [
  CHROME,
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4_1) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4.1 Safari/605.1.15',
  'Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.6367.82 Mobile Safari/537.36',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 Edg/124.0.2478.67',
  'Mozilla/5.0 (Windows NT 10.0; WOW64; Trident/7.0; rv:11.0) like Gecko',
  'Mozilla/4.0 (compatible; MSIE 8.0; Windows NT 6.1; Trident/4.0)',
  'Opera/9.80 (Windows NT 6.1; U; en) Presto/2.10.289 Version/12.02',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 [FBAN/FBIOS;FBAV/460.0.0.33.109]',
];

test('Bot Control: the 14 category rules then the 3 signal rules, in AWS order, all Block', () => {
  const g = botControlRuleSet();
  assert.equal(g.name, 'AWSManagedRulesBotControlRuleSet');
  assert.deepEqual(g.rules.map((r) => r.name), [
    'CategoryAdvertising', 'CategoryArchiver', 'CategoryContentFetcher', 'CategoryEmailClient', 'CategoryHttpLibrary',
    'CategoryLinkChecker', 'CategoryMiscellaneous', 'CategoryMonitoring', 'CategoryScrapingFramework', 'CategorySearchEngine',
    'CategorySecurity', 'CategorySeo', 'CategorySocialMedia', 'CategoryAI',
    'SignalAutomatedBrowser', 'SignalKnownBotDataCenter', 'SignalNonBrowserUserAgent',
  ]);
  assert.ok(g.rules.every((r) => r.action === 'Block'));
  assert.equal(g.rules[4]!.labels[0], 'awswaf:managed:aws:bot-control:bot:category:http_library');
  assert.equal(g.rules[16]!.labels[0], 'awswaf:managed:aws:bot-control:signal:non_browser_user_agent');
});

test('Bot Control: browsers match no rule', () => {
  const g = botControlRuleSet();
  for (const b of BROWSERS) {
    assert.ok(isBrowserUserAgent(b), b);
    assert.deepEqual(run(g, ua(b)), { rules: [], labels: [] }, b);
  }
});

test('Bot Control: one self-identifying bot per category, unverified: category, name, unverified labels; blocked by its category', () => {
  const examples: Record<(typeof BOT_CATEGORIES)[number], [string, string]> = {
    advertising: ['AdsBot-Google (+http://www.google.com/adsbot.html)', 'adsbot_google'],
    archiver: ['Mozilla/5.0 (compatible; archive.org_bot +http://archive.org/details/archive.org_bot)', 'archive_org_bot'],
    content_fetcher: ['Feedly/1.0 (+http://www.feedly.com/fetcher.html; 3 subscribers)', 'feedly'],
    email_client: ['Mozilla/5.0 (Windows NT 5.1; rv:11.0) Gecko Firefox/11.0 (via ggpht.com GoogleImageProxy)', 'google_image_proxy'],
    http_library: ['curl/8.5.0', 'curl'],
    link_checker: ['W3C-checklink/5.0.0 libwww-perl/6.77', 'w3c_checklink'],
    miscellaneous: ['yacybot (/global; amd64 Linux 6.1; java 17; Europe/de) http://yacy.net/bot.html', 'yacybot'],
    monitoring: ['Mozilla/5.0+(compatible; UptimeRobot/2.0; http://www.uptimerobot.com/)', 'uptimerobot'],
    scraping_framework: ['Scrapy/2.11.1 (+https://scrapy.org)', 'scrapy'],
    search_engine: ['Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)', 'googlebot'],
    security: ['Mozilla/5.00 (Nikto/2.5.0) (Evasions:None) (Test:000003)', 'nikto'],
    seo: ['Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)', 'ahrefsbot'],
    social_media: ['facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)', 'facebookexternalhit'],
    ai: ['Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; GPTBot/1.2; +https://openai.com/gptbot)', 'gptbot'],
  };
  const g = botControlRuleSet();
  for (const c of BOT_CATEGORIES) {
    const [agent, name] = examples[c];
    const r = run(g, ua(agent));
    assert.equal(r.rules[0], categoryRuleName(c), agent);
    assert.equal(r.blocked, categoryRuleName(c), agent);
    assert.deepEqual(r.labels.slice(0, 3), [`bot:category:${c}`, `bot:name:${name}`, 'bot:unverified'], agent);
    assert.ok(r.rules.includes('SignalNonBrowserUserAgent'), `${agent}: not a browser`);
  }
});

test('Bot Control: a few more names (HTTP libraries, AI crawlers, search engines)', () => {
  const names: [string, string][] = [
    ['python-requests/2.31.0', 'python_requests'], ['Go-http-client/1.1', 'go_http_client'], ['okhttp/4.12.0', 'okhttp'],
    ['axios/1.6.8', 'axios'], ['node-fetch/1.0 (+https://github.com/bitinn/node-fetch)', 'node_fetch'], ['Wget/1.21.4', 'wget'],
    ['Python-urllib/3.11', 'python_urllib'], ['Apache-HttpClient/4.5.14 (Java/17.0.9)', 'apache_httpclient'],
    ['Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; ClaudeBot/1.0; +claudebot@anthropic.com)', 'claudebot'],
    ['CCBot/2.0 (https://commoncrawl.org/faq/)', 'ccbot'], ['Mozilla/5.0 (compatible; PerplexityBot/1.0; +https://perplexity.ai/perplexitybot)', 'perplexitybot'],
    ['Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)', 'bingbot'],
    ['Mozilla/5.0 (compatible; Yahoo! Slurp; http://help.yahoo.com/help/us/ysearch/slurp)', 'slurp'],
    ['Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.6367.201 Mobile Safari/537.36 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)', 'googlebot'],
    ['Mozilla/5.0 (compatible; YandexBot/3.0; +http://yandex.com/bots)', 'yandexbot'],
    ['Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)', 'slackbot'],
    ['Twitterbot/1.0', 'twitterbot'],
  ];
  for (const [agent, name] of names) assert.equal(knownBot(agent)?.name, name, agent);
  assert.equal(knownBot(CHROME), undefined);
  assert.equal(knownBot(''), undefined);
  // Every catalogued name is a label suffix in AWS's style.
  for (const b of KNOWN_BOTS) assert.match(b.name, /^[a-z0-9_]+$/);
});

test('Bot Control: a verified bot (its address in the operator list for it) is labelled bot:verified, not blocked, no signals', async () => {
  const lists = await loadBotLists({
    read: async (n) => (n === 'verified-bots.txt' ? '# Google\ngooglebot 66.249.64.0/19\nbingbot 157.55.39.0/24\n' : n === 'bot-data-center.txt' ? '66.249.0.0/16\n198.51.100.0/24\n' : undefined),
  });
  const g = botControlRuleSet(lists);
  const google = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)';
  const verified = run(g, ua(google, '66.249.66.1'));
  assert.deepEqual(verified, { rules: ['CategorySearchEngine'], labels: ['bot:category:search_engine', 'bot:name:googlebot', 'bot:verified'] });
  // The same User-Agent elsewhere, or another bot from Google's range, is not verified.
  assert.equal(run(g, ua(google, '203.0.113.9')).blocked, 'CategorySearchEngine');
  const bing = run(g, ua('Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)', '66.249.66.1'));
  assert.deepEqual(bing.labels.slice(0, 3), ['bot:category:search_engine', 'bot:name:bingbot', 'bot:unverified']);
  assert.deepEqual(bing.rules, ['CategorySearchEngine', 'SignalKnownBotDataCenter', 'SignalNonBrowserUserAgent']);
  // firstBlockingMatch: the verified bot is only labelled.
  const r = firstBlockingMatch([g], ua(google, '66.249.66.1'));
  assert.equal(r.match, undefined);
  assert.ok(r.labels.includes('awswaf:managed:aws:bot-control:bot:verified'));
  // A browser from a bot data center: SignalKnownBotDataCenter.
  assert.deepEqual(run(g, ua(CHROME, '198.51.100.20')), { rules: ['SignalKnownBotDataCenter'], labels: ['signal:known_bot_data_center'], blocked: 'SignalKnownBotDataCenter' });
});

test('Bot Control: verified-bots.txt format: names, `*`, CIDRs and addresses, comments, bad lines skipped', () => {
  const v = parseVerifiedBots('googlebot 66.249.64.0/19 # crawl range\n* 192.0.2.10\nbroken line here\nBingBot 2001:db8::/32\n');
  assert.equal(v('googlebot', '66.249.70.1'), true);
  assert.equal(v('googlebot', '66.250.0.1'), false);
  assert.equal(v('scrapy', '192.0.2.10'), true);
  assert.equal(v('bingbot', '2001:db8::1'), true);
  assert.equal(v('here', '192.0.2.11'), false);
});

test('Bot Control: signals: automated browsers, non-browser user agents (mobile apps, none), not bots', () => {
  const g = botControlRuleSet();
  const headless = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/124.0.0.0 Safari/537.36';
  assert.deepEqual(run(g, ua(headless)), { rules: ['SignalAutomatedBrowser'], labels: ['signal:automated_browser'], blocked: 'SignalAutomatedBrowser' });
  assert.deepEqual(run(g, ua('Mozilla/5.0 (Unknown; Linux x86_64) AppleWebKit/538.1 (KHTML, like Gecko) PhantomJS/2.1.1 Safari/538.1')).rules, ['SignalAutomatedBrowser']);
  assert.deepEqual(run(g, ua(CHROME, undefined, [['X-Selenium', '1']])).rules, ['SignalAutomatedBrowser']);
  const app = run(g, ua('MyShopApp/3.2.1 (iOS 17.4; iPhone15,2)'));
  assert.deepEqual(app, { rules: ['SignalNonBrowserUserAgent'], labels: ['signal:non_browser_user_agent'], blocked: 'SignalNonBrowserUserAgent' });
  assert.deepEqual(run(g, inspected({ headers: [['Host', 'a.example']] })).rules, ['SignalNonBrowserUserAgent']);
  // Browser-shaped strings that name a URL or a bot token are not browsers.
  assert.equal(isBrowserUserAgent('Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) SomeCrawler/1.0'), false);
  assert.equal(isBrowserUserAgent('Mozilla/5.0 (compatible; ExampleBot/1.0; +https://example.com/bot)'), false);
  assert.equal(isBrowserUserAgent('Mozilla/5.0'), false);
});

test('Bot Control: AvailableLabels cover every category, signal and name', () => {
  const labels = botControlLabels();
  assert.ok(labels.includes('awswaf:managed:aws:bot-control:bot:category:ai'));
  assert.ok(labels.includes('awswaf:managed:aws:bot-control:bot:name:googlebot'));
  assert.ok(labels.includes('awswaf:managed:aws:bot-control:bot:verified'));
  assert.equal(new Set(labels).size, labels.length);
});

test('Bot Control: bounded on hostile user agents', () => {
  const g = botControlRuleSet();
  for (const s of ['Mozilla/5.0 (' + '('.repeat(60_000), 'Mozilla/5.0 (' + 'a;'.repeat(30_000) + ') AppleWebKit/1', 'bot'.repeat(20_000), '\\b'.repeat(30_000)]) {
    const t = process.hrtime.bigint();
    run(g, ua(s));
    assert.ok(Number(process.hrtime.bigint() - t) / 1e6 < 50, s.slice(0, 20));
  }
});
