/**
 * Self-identifying bots that AWSManagedRulesBotControlRuleSet's common level recognizes here, each with
 * AWS's category (the `bot:category:<category>` label) and a bot name (the `bot:name:<name>` label).
 * AWS publishes the categories and a few names (`googlebot`, `bingbot`, `slurp`, `pocket_parser`), not
 * its catalogue: the list and the User-Agent tokens below are Rampart's own, curated from the bots'
 * published User-Agent strings. Names follow AWS's style (lower case, `_` for other characters).
 * The first entry whose pattern matches wins: more specific tokens come first (AdsBot-Google before
 * Googlebot). Patterns are anchored tokens with no nested quantifiers (linear on any input).
 */

/** AWS's bot categories, in the order of their rules (`Category<Pascal>`). */
export const BOT_CATEGORIES = [
  'advertising', 'archiver', 'content_fetcher', 'email_client', 'http_library', 'link_checker', 'miscellaneous',
  'monitoring', 'scraping_framework', 'search_engine', 'security', 'seo', 'social_media', 'ai',
] as const;

export type BotCategory = (typeof BOT_CATEGORIES)[number];

export interface KnownBot {
  readonly name: string;
  readonly category: BotCategory;
  readonly pattern: RegExp;
}

const bot = (name: string, category: BotCategory, pattern: RegExp): KnownBot => ({ name, category, pattern });

export const KNOWN_BOTS: readonly KnownBot[] = [
  // Advertising (before the search engines whose tokens they contain).
  bot('adsbot_google', 'advertising', /\bAdsBot-Google/i),
  bot('mediapartners_google', 'advertising', /\bMediapartners-Google/i),
  bot('bingads', 'advertising', /\badidxbot\b/i),
  bot('amazon_adbot', 'advertising', /\bAmazonAdBot\b/i),
  bot('criteobot', 'advertising', /\bCriteoBot\b/i),
  // AI crawlers and assistants.
  bot('gptbot', 'ai', /\bGPTBot\b/i),
  bot('chatgpt_user', 'ai', /\bChatGPT-User\b/i),
  bot('oai_searchbot', 'ai', /\bOAI-SearchBot\b/i),
  bot('claudebot', 'ai', /\bClaudeBot\b/i),
  bot('claude_user', 'ai', /\bClaude-User\b/i),
  bot('claude_searchbot', 'ai', /\bClaude-SearchBot\b/i),
  bot('anthropic_ai', 'ai', /\banthropic-ai\b/i),
  bot('perplexitybot', 'ai', /\bPerplexityBot\b/i),
  bot('perplexity_user', 'ai', /\bPerplexity-User\b/i),
  bot('ccbot', 'ai', /\bCCBot\b/i),
  bot('bytespider', 'ai', /\bBytespider\b/i),
  bot('meta_externalagent', 'ai', /\bmeta-externalagent\b/i),
  bot('cohere_ai', 'ai', /\bcohere-ai\b/i),
  bot('amazonbot', 'ai', /\bAmazonbot\b/i),
  bot('ai2bot', 'ai', /\bAI2Bot\b/i),
  bot('mistralai_user', 'ai', /\bMistralAI-User\b/i),
  // Archivers.
  bot('archive_org_bot', 'archiver', /\barchive\.org_bot\b/i),
  bot('ia_archiver', 'archiver', /\bia_archiver\b/i),
  bot('heritrix', 'archiver', /\bheritrix\b/i),
  // Content fetchers (on behalf of a user: feed readers, read-later services).
  bot('feedfetcher_google', 'content_fetcher', /\bFeedFetcher-Google\b/i),
  bot('feedly', 'content_fetcher', /\bFeedly\b/i),
  bot('pocket_parser', 'content_fetcher', /\bPocketParser\b/i),
  bot('inoreader', 'content_fetcher', /\bInoreader\b/i),
  bot('newsblur', 'content_fetcher', /\bNewsBlur\b/i),
  bot('flipboard', 'content_fetcher', /\bFlipboardProxy\b/i),
  bot('feedburner', 'content_fetcher', /\bFeedBurner\b/i),
  // Email clients' image and link proxies.
  bot('google_image_proxy', 'email_client', /\bGoogleImageProxy\b/i),
  bot('yahoo_mail_proxy', 'email_client', /\bYahooMailProxy\b/i),
  // Link checkers.
  bot('w3c_checklink', 'link_checker', /\bW3C-checklink\b/i),
  bot('linkchecker', 'link_checker', /\bLinkChecker\//i),
  bot('linkwalker', 'link_checker', /\bLinkWalker\b/i),
  // Monitoring.
  bot('uptimerobot', 'monitoring', /\bUptimeRobot\b/i),
  bot('pingdom', 'monitoring', /\bPingdom\.com_bot\b/i),
  bot('site24x7', 'monitoring', /\bSite24x7\b/i),
  bot('statuscake', 'monitoring', /\bStatusCake\b/i),
  bot('datadog_synthetics', 'monitoring', /\bDatadog\/Synthetics\b/i),
  bot('newrelic_pinger', 'monitoring', /\bNewRelicPinger\b/i),
  bot('elb_healthchecker', 'monitoring', /\bELB-HealthChecker\b/i),
  bot('better_uptime', 'monitoring', /\bBetter ?Uptime Bot\b/i),
  // Scraping frameworks.
  bot('scrapy', 'scraping_framework', /\bScrapy\b/i),
  bot('colly', 'scraping_framework', /\bgocolly\/colly\b|^colly\b/i),
  bot('apache_nutch', 'scraping_framework', /\bNutch\b/i),
  bot('httrack', 'scraping_framework', /\bHTTrack\b/i),
  bot('mechanize', 'scraping_framework', /\bMechanize\b/i),
  bot('crawler4j', 'scraping_framework', /\bcrawler4j\b/i),
  bot('node_crawler', 'scraping_framework', /\bnode-crawler\b/i),
  // Search engines.
  bot('googlebot', 'search_engine', /\bGooglebot\b/i),
  bot('google_inspection_tool', 'search_engine', /\bGoogle-InspectionTool\b/i),
  bot('bingbot', 'search_engine', /\bbingbot\b/i),
  bot('slurp', 'search_engine', /\bYahoo! Slurp\b|\bSlurp\b/i),
  bot('duckduckbot', 'search_engine', /\bDuckDuckBot\b/i),
  bot('baiduspider', 'search_engine', /\bBaiduspider\b/i),
  bot('yandexbot', 'search_engine', /\bYandex(?:Bot|Images|Mobile[Bb]ot|Accessibility[Bb]ot|Video)\b/i),
  bot('applebot', 'search_engine', /\bApplebot\b/i),
  bot('sogou', 'search_engine', /\bSogou (?:web|inst|Pic) spider\b/i),
  bot('exabot', 'search_engine', /\bExabot\b/i),
  bot('seznambot', 'search_engine', /\bSeznamBot\b/i),
  bot('petalbot', 'search_engine', /\bPetalBot\b/i),
  bot('coccocbot', 'search_engine', /\bcoccocbot\b/i),
  bot('mojeekbot', 'search_engine', /\bMojeekBot\b/i),
  bot('qwantbot', 'search_engine', /\bQwant(?:bot|ify)\b/i),
  bot('naver_yeti', 'search_engine', /\bYeti\/\d/),
  // Security scanners and internet-wide surveys.
  bot('nmap', 'security', /\bNmap Scripting Engine\b/i),
  bot('nikto', 'security', /\bNikto\b/i),
  bot('sqlmap', 'security', /\bsqlmap\b/i),
  bot('nuclei', 'security', /\bNuclei\b/),
  bot('wpscan', 'security', /\bWPScan\b/i),
  bot('zgrab', 'security', /\bzgrab\b/i),
  bot('masscan', 'security', /\bmasscan\b/i),
  bot('censys', 'security', /\bCensysInspect\b/i),
  bot('expanse', 'security', /\bExpanse, a Palo Alto Networks company\b/i),
  bot('qualys', 'security', /\bQualys\b/i),
  // SEO.
  bot('ahrefsbot', 'seo', /\bAhrefs(?:Bot|SiteAudit)\b/i),
  bot('semrushbot', 'seo', /\bSemrushBot\b/i),
  bot('mj12bot', 'seo', /\bMJ12bot\b/i),
  bot('dotbot', 'seo', /\bDotBot\b/i),
  bot('rogerbot', 'seo', /\brogerbot\b/i),
  bot('screaming_frog', 'seo', /\bScreaming Frog SEO Spider\b/i),
  bot('blexbot', 'seo', /\bBLEXBot\b/i),
  bot('serpstatbot', 'seo', /\bserpstatbot\b/i),
  bot('dataforseobot', 'seo', /\bDataForSeoBot\b/i),
  bot('barkrowler', 'seo', /\bBarkrowler\b/i),
  // Social media link previews.
  bot('facebookexternalhit', 'social_media', /\bfacebookexternalhit\b|\bfacebookcatalog\b/i),
  bot('facebot', 'social_media', /\bFacebot\b/i),
  bot('twitterbot', 'social_media', /\bTwitterbot\b/i),
  bot('linkedinbot', 'social_media', /\bLinkedInBot\b/i),
  bot('slackbot', 'social_media', /\bSlackbot\b|\bSlack-ImgProxy\b/i),
  bot('discordbot', 'social_media', /\bDiscordbot\b/i),
  bot('telegrambot', 'social_media', /\bTelegramBot\b/i),
  bot('whatsapp', 'social_media', /^WhatsApp\//i),
  bot('pinterestbot', 'social_media', /\bPinterest(?:bot)?\/\d/i),
  bot('redditbot', 'social_media', /\bredditbot\b/i),
  bot('skypeuripreview', 'social_media', /\bSkypeUriPreview\b/i),
  bot('embedly', 'social_media', /\bEmbedly\b/i),
  // Miscellaneous self-identifying crawlers.
  bot('yacybot', 'miscellaneous', /\byacybot\b/i),
  bot('ltx71', 'miscellaneous', /\bltx71\b/i),
  bot('netcraft', 'miscellaneous', /\bNetcraftSurveyAgent\b/i),
  // HTTP libraries and command-line clients (last: other bots are often built on them).
  bot('curl', 'http_library', /^curl\//i),
  bot('wget', 'http_library', /^Wget\//i),
  bot('python_requests', 'http_library', /\bpython-requests\//i),
  bot('python_urllib', 'http_library', /\bPython-urllib\//i),
  bot('python_httpx', 'http_library', /\bpython-httpx\//i),
  bot('aiohttp', 'http_library', /\baiohttp\//i),
  bot('go_http_client', 'http_library', /\bGo-http-client\//i),
  bot('okhttp', 'http_library', /\bokhttp\//i),
  bot('apache_httpclient', 'http_library', /\bApache-HttpClient\//i),
  bot('java', 'http_library', /^Java\/\d/i),
  bot('axios', 'http_library', /^axios\//i),
  bot('node_fetch', 'http_library', /\bnode-fetch\b/i),
  bot('undici', 'http_library', /^undici\b/i),
  bot('got', 'http_library', /^got\b/i),
  bot('libwww_perl', 'http_library', /\blibwww-perl\//i),
  bot('guzzle', 'http_library', /\bGuzzleHttp\//i),
  bot('ruby', 'http_library', /^Ruby\b|\bFaraday v\d/i),
  bot('httpie', 'http_library', /^HTTPie\//i),
  bot('powershell', 'http_library', /\bWindowsPowerShell\/|\bPowerShell\/\d/i),
  bot('postman', 'http_library', /^PostmanRuntime\//i),
  bot('dart', 'http_library', /^Dart\/[\d.]+ \(dart:io\)/i),
  bot('reqwest', 'http_library', /^reqwest\//i),
  bot('libcurl', 'http_library', /\blibcurl\//i),
];
