/**
 * AWS Managed Rules groups Rampart knows: vendor, name, capacity (WCUs) and each rule's name, default
 * action and labels. Source: the project's research data `aws-managed-rule-groups.json`, compiled from
 * the archived AWS WAF developer guide (awsdocs/aws-waf-and-shield-advanced-developer-guide@022a433,
 * June 2023, aws-managed-rule-groups-{baseline,use-case,ip-rep}.md). Rules added by AWS since then are
 * missing; descriptions are Rampart's own summaries. The core rule set ends with Rampart's own rules, named
 * `Rampart*` (protocol attacks and violations, XSS in User-Agent / Referer, scanners, Node.js injection, session
 * fixation: AWS documents none); so does the PHP group (paths named after high-risk PHP functions).
 * No versions: the guide lists none.
 * AWSManagedRulesBotControlRuleSet (common level): the current guide's "AWS WAF Bot Control rule group"
 * (https://docs.aws.amazon.com/waf/latest/developerguide/aws-managed-rule-groups-bot.html).
 */

export interface ManagedRule {
  readonly name: string;
  readonly action: 'Block' | 'Count';
  readonly labels: readonly string[];
}

export interface ManagedGroup {
  readonly vendor: 'AWS';
  readonly name: string;
  readonly capacity: number;
  readonly description: string;
  readonly rules: readonly ManagedRule[];
  /** When the labels do not show it (Bot Control's are deeper than one level). */
  readonly labelNamespace?: string;
  /** Labels the group adds beyond its rules' own (Bot Control's names and verification), under `labelNamespace`. */
  readonly otherLabels?: readonly string[];
}

export const MANAGED_RULE_GROUPS: readonly ManagedGroup[] = [
  {
    vendor: 'AWS',
    name: 'AWSManagedRulesCommonRuleSet',
    capacity: 700,
    description: "Core rule set: rules for common web application vulnerabilities (sizes, SSRF, LFI, RFI, XSS, bad bots), and Rampart's own rules (request smuggling, response splitting, header injection, evasive encodings, protocol violations, XSS in User-Agent and Referer, security scanners, Node.js code injection, session fixation).",
    rules: [
      { name: 'NoUserAgent_HEADER', action: 'Block', labels: ["awswaf:managed:aws:core-rule-set:NoUserAgent_Header"] },
      { name: 'UserAgent_BadBots_HEADER', action: 'Block', labels: ["awswaf:managed:aws:core-rule-set:BadBots_Header"] },
      { name: 'SizeRestrictions_QUERYSTRING', action: 'Block', labels: ["awswaf:managed:aws:core-rule-set:SizeRestrictions_QueryString"] },
      { name: 'SizeRestrictions_Cookie_HEADER', action: 'Block', labels: ["awswaf:managed:aws:core-rule-set:SizeRestrictions_Cookie_Header"] },
      { name: 'SizeRestrictions_BODY', action: 'Block', labels: ["awswaf:managed:aws:core-rule-set:SizeRestrictions_Body"] },
      { name: 'SizeRestrictions_URIPATH', action: 'Block', labels: ["awswaf:managed:aws:core-rule-set:SizeRestrictions_URIPath"] },
      { name: 'EC2MetaDataSSRF_BODY', action: 'Block', labels: ["awswaf:managed:aws:core-rule-set:EC2MetaDataSSRF_Body"] },
      { name: 'EC2MetaDataSSRF_COOKIE', action: 'Block', labels: ["awswaf:managed:aws:core-rule-set:EC2MetaDataSSRF_Cookie"] },
      { name: 'EC2MetaDataSSRF_URIPATH', action: 'Block', labels: ["awswaf:managed:aws:core-rule-set:EC2MetaDataSSRF_URIPath"] },
      { name: 'EC2MetaDataSSRF_QUERYARGUMENTS', action: 'Block', labels: ["awswaf:managed:aws:core-rule-set:EC2MetaDataSSRF_QueryArguments"] },
      { name: 'GenericLFI_QUERYARGUMENTS', action: 'Block', labels: ["awswaf:managed:aws:core-rule-set:GenericLFI_QueryArguments"] },
      { name: 'GenericLFI_URIPATH', action: 'Block', labels: ["awswaf:managed:aws:core-rule-set:GenericLFI_URIPath"] },
      { name: 'GenericLFI_BODY', action: 'Block', labels: ["awswaf:managed:aws:core-rule-set:GenericLFI_Body"] },
      { name: 'RestrictedExtensions_URIPATH', action: 'Block', labels: ["awswaf:managed:aws:core-rule-set:RestrictedExtensions_URIPath"] },
      { name: 'RestrictedExtensions_QUERYARGUMENTS', action: 'Block', labels: ["awswaf:managed:aws:core-rule-set:RestrictedExtensions_QueryArguments"] },
      { name: 'GenericRFI_QUERYARGUMENTS', action: 'Block', labels: ["awswaf:managed:aws:core-rule-set:GenericRFI_QueryArguments"] },
      { name: 'GenericRFI_BODY', action: 'Block', labels: ["awswaf:managed:aws:core-rule-set:GenericRFI_Body"] },
      { name: 'GenericRFI_URIPATH', action: 'Block', labels: ["awswaf:managed:aws:core-rule-set:GenericRFI_URIPath"] },
      { name: 'CrossSiteScripting_COOKIE', action: 'Block', labels: ["awswaf:managed:aws:core-rule-set:CrossSiteScripting_Cookie"] },
      { name: 'CrossSiteScripting_QUERYARGUMENTS', action: 'Block', labels: ["awswaf:managed:aws:core-rule-set:CrossSiteScripting_QueryArguments"] },
      { name: 'CrossSiteScripting_BODY', action: 'Block', labels: ["awswaf:managed:aws:core-rule-set:CrossSiteScripting_Body"] },
      { name: 'CrossSiteScripting_URIPATH', action: 'Block', labels: ["awswaf:managed:aws:core-rule-set:CrossSiteScripting_URIPath"] },
      // Rampart's rules (not AWS's: src/dataplane/waf/managed/core-rampart.ts and its README).
      { name: 'RampartProtocolAttack_QUERYARGUMENTS', action: 'Block', labels: ["awswaf:managed:aws:core-rule-set:RampartProtocolAttack_QueryArguments"] },
      { name: 'RampartProtocolAttack_BODY', action: 'Block', labels: ["awswaf:managed:aws:core-rule-set:RampartProtocolAttack_Body"] },
      { name: 'RampartProtocolAttack_HEADER', action: 'Block', labels: ["awswaf:managed:aws:core-rule-set:RampartProtocolAttack_Header"] },
      { name: 'RampartProtocolAttack_URIPATH', action: 'Block', labels: ["awswaf:managed:aws:core-rule-set:RampartProtocolAttack_URIPath"] },
      { name: 'RampartProtocolViolation_HEADER', action: 'Block', labels: ["awswaf:managed:aws:core-rule-set:RampartProtocolViolation_Header"] },
      { name: 'RampartInvalidEncoding_QUERYSTRING', action: 'Block', labels: ["awswaf:managed:aws:core-rule-set:RampartInvalidEncoding_QueryString"] },
      { name: 'RampartInvalidEncoding_URIPATH', action: 'Block', labels: ["awswaf:managed:aws:core-rule-set:RampartInvalidEncoding_URIPath"] },
      { name: 'RampartInvalidEncoding_BODY', action: 'Block', labels: ["awswaf:managed:aws:core-rule-set:RampartInvalidEncoding_Body"] },
      { name: 'RampartCrossSiteScripting_HEADER', action: 'Block', labels: ["awswaf:managed:aws:core-rule-set:RampartCrossSiteScripting_Header"] },
      { name: 'RampartInvalidEncoding_HEADER', action: 'Block', labels: ["awswaf:managed:aws:core-rule-set:RampartInvalidEncoding_Header"] },
      { name: 'RampartScanner_HEADER', action: 'Block', labels: ["awswaf:managed:aws:core-rule-set:RampartScanner_Header"] },
      { name: 'RampartScanner_URIPATH', action: 'Block', labels: ["awswaf:managed:aws:core-rule-set:RampartScanner_URIPath"] },
      { name: 'RampartNodeInjection_QUERYARGUMENTS', action: 'Block', labels: ["awswaf:managed:aws:core-rule-set:RampartNodeInjection_QueryArguments"] },
      { name: 'RampartNodeInjection_BODY', action: 'Block', labels: ["awswaf:managed:aws:core-rule-set:RampartNodeInjection_Body"] },
      { name: 'RampartNodeInjection_COOKIE', action: 'Block', labels: ["awswaf:managed:aws:core-rule-set:RampartNodeInjection_Cookie"] },
      { name: 'RampartSessionFixation_QUERYARGUMENTS', action: 'Block', labels: ["awswaf:managed:aws:core-rule-set:RampartSessionFixation_QueryArguments"] },
      { name: 'RampartXmlExternalReference_QUERYARGUMENTS', action: 'Block', labels: ["awswaf:managed:aws:core-rule-set:RampartXmlExternalReference_QueryArguments"] },
      { name: 'RampartXmlExternalReference_BODY', action: 'Block', labels: ["awswaf:managed:aws:core-rule-set:RampartXmlExternalReference_Body"] },
      { name: 'RampartCrossSiteScripting_ARGUMENTNAMES', action: 'Block', labels: ["awswaf:managed:aws:core-rule-set:RampartCrossSiteScripting_ArgumentNames"] },
    ],
  },
  {
    vendor: 'AWS',
    name: 'AWSManagedRulesAdminProtectionRuleSet',
    capacity: 100,
    description: "Blocks external access to exposed administrative pages.",
    rules: [
      { name: 'AdminProtection_URIPATH', action: 'Block', labels: ["awswaf:managed:aws:admin-protection:AdminProtection_URIPath"] },
    ],
  },
  {
    vendor: 'AWS',
    name: 'AWSManagedRulesKnownBadInputsRuleSet',
    capacity: 200,
    description: "Blocks request patterns known to be invalid or associated with exploitation (Log4j, Java deserialization, localhost Host).",
    rules: [
      { name: 'JavaDeserializationRCE_HEADER', action: 'Block', labels: ["awswaf:managed:aws:known-bad-inputs:JavaDeserializationRCE_Header"] },
      { name: 'JavaDeserializationRCE_BODY', action: 'Block', labels: ["awswaf:managed:aws:known-bad-inputs:JavaDeserializationRCE_Body"] },
      { name: 'JavaDeserializationRCE_URIPATH', action: 'Block', labels: ["awswaf:managed:aws:known-bad-inputs:JavaDeserializationRCE_URIPath"] },
      { name: 'JavaDeserializationRCE_QUERYSTRING', action: 'Block', labels: ["awswaf:managed:aws:known-bad-inputs:JavaDeserializationRCE_QueryString"] },
      { name: 'Host_localhost_HEADER', action: 'Block', labels: ["awswaf:managed:aws:known-bad-inputs:Host_Localhost_Header"] },
      { name: 'PROPFIND_METHOD', action: 'Block', labels: ["awswaf:managed:aws:known-bad-inputs:Propfind_Method"] },
      { name: 'ExploitablePaths_URIPATH', action: 'Block', labels: ["awswaf:managed:aws:known-bad-inputs:ExploitablePaths_URIPath"] },
      { name: 'Log4JRCE_HEADER', action: 'Block', labels: ["awswaf:managed:aws:known-bad-inputs:Log4JRCE_Header"] },
      { name: 'Log4JRCE_QUERYSTRING', action: 'Block', labels: ["awswaf:managed:aws:known-bad-inputs:Log4JRCE_QueryString"] },
      { name: 'Log4JRCE_BODY', action: 'Block', labels: ["awswaf:managed:aws:known-bad-inputs:Log4JRCE_Body"] },
      { name: 'Log4JRCE_URIPATH', action: 'Block', labels: ["awswaf:managed:aws:known-bad-inputs:Log4JRCE_URIPath"] },
    ],
  },
  {
    vendor: 'AWS',
    name: 'AWSManagedRulesSQLiRuleSet',
    capacity: 200,
    description: "Blocks request patterns associated with SQL injection.",
    rules: [
      { name: 'SQLi_QUERYARGUMENTS', action: 'Block', labels: ["awswaf:managed:aws:sql-database:SQLi_QueryArguments"] },
      { name: 'SQLiExtendedPatterns_QUERYARGUMENTS', action: 'Block', labels: ["awswaf:managed:aws:sql-database:SQLiExtendedPatterns_QueryArguments"] },
      { name: 'SQLi_BODY', action: 'Block', labels: ["awswaf:managed:aws:sql-database:SQLi_Body"] },
      { name: 'SQLiExtendedPatterns_BODY', action: 'Block', labels: ["awswaf:managed:aws:sql-database:SQLiExtendedPatterns_Body"] },
      { name: 'SQLi_COOKIE', action: 'Block', labels: ["awswaf:managed:aws:sql-database:SQLi_Cookie"] },
      // In AWS's current guide and DescribeManagedRuleGroup; not in the June 2023 guide this file was compiled from.
      { name: 'SQLi_URIPATH', action: 'Block', labels: ["awswaf:managed:aws:sql-database:SQLi_URIPath"] },
    ],
  },
  {
    vendor: 'AWS',
    name: 'AWSManagedRulesLinuxRuleSet',
    capacity: 200,
    description: "Blocks request patterns associated with Linux-specific vulnerabilities such as local file inclusion.",
    rules: [
      { name: 'LFI_URIPATH', action: 'Block', labels: ["awswaf:managed:aws:linux-os:LFI_URIPath"] },
      { name: 'LFI_QUERYSTRING', action: 'Block', labels: ["awswaf:managed:aws:linux-os:LFI_QueryString"] },
      { name: 'LFI_HEADER', action: 'Block', labels: ["awswaf:managed:aws:linux-os:LFI_Header"] },
    ],
  },
  {
    vendor: 'AWS',
    name: 'AWSManagedRulesUnixRuleSet',
    capacity: 100,
    description: "Blocks request patterns associated with POSIX shell command injection.",
    rules: [
      { name: 'UNIXShellCommandsVariables_QUERYARGUMENTS', action: 'Block', labels: ["awswaf:managed:aws:posix-os:UNIXShellCommandsVariables_QUERYARGUMENTS"] },
      { name: 'UNIXShellCommandsVariables_BODY', action: 'Block', labels: ["awswaf:managed:aws:posix-os:UNIXShellCommandsVariables_BODY"] },
    ],
  },
  {
    vendor: 'AWS',
    name: 'AWSManagedRulesWindowsRuleSet',
    capacity: 200,
    description: "Blocks request patterns associated with Windows command and PowerShell injection.",
    rules: [
      { name: 'WindowsShellCommands_COOKIE', action: 'Block', labels: ["awswaf:managed:aws:windows-os:WindowsShellCommands_Cookie"] },
      { name: 'WindowsShellCommands_QUERYARGUMENTS', action: 'Block', labels: ["awswaf:managed:aws:windows-os:WindowsShellCommands_QueryArguments"] },
      { name: 'WindowsShellCommands_BODY', action: 'Block', labels: ["awswaf:managed:aws:windows-os:WindowsShellCommands_Body"] },
      { name: 'PowerShellCommands_COOKIE', action: 'Block', labels: ["awswaf:managed:aws:windows-os:PowerShellCommands_Cookie"] },
      { name: 'PowerShellCommands_QUERYARGUMENTS', action: 'Block', labels: ["awswaf:managed:aws:windows-os:PowerShellCommands_QueryArguments"] },
      { name: 'PowerShellCommands_BODY', action: 'Block', labels: ["awswaf:managed:aws:windows-os:PowerShellCommands_Body"] },
    ],
  },
  {
    vendor: 'AWS',
    name: 'AWSManagedRulesPHPRuleSet',
    capacity: 100,
    description: "Blocks request patterns associated with PHP-specific vulnerabilities; ends with a rule of Rampart's own for paths named after high-risk PHP functions.",
    rules: [
      { name: 'PHPHighRiskMethodsVariables_HEADER', action: 'Block', labels: ["awswaf:managed:aws:php-app:PHPHighRiskMethodsVariables_Header"] },
      { name: 'PHPHighRiskMethodsVariables_QUERYSTRING', action: 'Block', labels: ["awswaf:managed:aws:php-app:PHPHighRiskMethodsVariables_QueryString"] },
      { name: 'PHPHighRiskMethodsVariables_BODY', action: 'Block', labels: ["awswaf:managed:aws:php-app:PHPHighRiskMethodsVariables_Body"] },
      // Rampart's (not AWS's): a path named after a high-risk PHP function.
      { name: 'RampartPHPHighRiskFunctions_URIPATH', action: 'Block', labels: ["awswaf:managed:aws:php-app:RampartPHPHighRiskFunctions_URIPath"] },
    ],
  },
  {
    vendor: 'AWS',
    name: 'AWSManagedRulesWordPressRuleSet',
    capacity: 100,
    description: "Blocks request patterns associated with WordPress-specific vulnerabilities.",
    rules: [
      { name: 'WordPressExploitableCommands_QUERYSTRING', action: 'Block', labels: ["awswaf:managed:aws:wordpress-app:WordPressExploitableCommands_QUERYSTRING"] },
      { name: 'WordPressExploitablePaths_URIPATH', action: 'Block', labels: ["awswaf:managed:aws:wordpress-app:WordPressExploitablePaths_URIPATH"] },
    ],
  },
  {
    vendor: 'AWS',
    name: 'AWSManagedRulesAmazonIpReputationList',
    capacity: 25,
    description: "IP reputation: sources associated with bots, reconnaissance and DDoS activity.",
    rules: [
      { name: 'AWSManagedIPReputationList', action: 'Block', labels: ["awswaf:managed:aws:amazon-ip-list:AWSManagedIPReputationList"] },
      { name: 'AWSManagedReconnaissanceList', action: 'Block', labels: ["awswaf:managed:aws:amazon-ip-list:AWSManagedReconnaissanceList"] },
      { name: 'AWSManagedIPDDoSList', action: 'Count', labels: ["awswaf:managed:aws:amazon-ip-list:AWSManagedIPDDoSList"] },
    ],
  },
  {
    vendor: 'AWS',
    name: 'AWSManagedRulesAnonymousIpList',
    capacity: 50,
    description: "Sources that hide the client identity (anonymizers, hosting providers).",
    rules: [
      { name: 'AnonymousIPList', action: 'Block', labels: ["awswaf:managed:aws:anonymous-ip-list:AnonymousIPList"] },
      { name: 'HostingProviderIPList', action: 'Block', labels: ["awswaf:managed:aws:anonymous-ip-list:HostingProviderIPList"] },
    ],
  },
  {
    // AWS WAF developer guide, "AWS WAF Bot Control rule group" (WCU 50): the common-level rules. The
    // targeted-level (TGT_*) rules are not served (ManagedRuleGroupConfigs InspectionLevel TARGETED is refused).
    // The bot names are Rampart's catalogue (src/dataplane/waf/managed/bot-catalog.data.ts; test/waf/managed-names.test.ts).
    vendor: 'AWS',
    name: 'AWSManagedRulesBotControlRuleSet',
    capacity: 50,
    description: "Bot Control (common level): self-identifying bots by category, automated browsers, non-browser user agents, bot data centers.",
    labelNamespace: 'awswaf:managed:aws:bot-control:',
    rules: [
{ name: 'CategoryAdvertising', action: 'Block', labels: ["awswaf:managed:aws:bot-control:bot:category:advertising"] },
      { name: 'CategoryArchiver', action: 'Block', labels: ["awswaf:managed:aws:bot-control:bot:category:archiver"] },
      { name: 'CategoryContentFetcher', action: 'Block', labels: ["awswaf:managed:aws:bot-control:bot:category:content_fetcher"] },
      { name: 'CategoryEmailClient', action: 'Block', labels: ["awswaf:managed:aws:bot-control:bot:category:email_client"] },
      { name: 'CategoryHttpLibrary', action: 'Block', labels: ["awswaf:managed:aws:bot-control:bot:category:http_library"] },
      { name: 'CategoryLinkChecker', action: 'Block', labels: ["awswaf:managed:aws:bot-control:bot:category:link_checker"] },
      { name: 'CategoryMiscellaneous', action: 'Block', labels: ["awswaf:managed:aws:bot-control:bot:category:miscellaneous"] },
      { name: 'CategoryMonitoring', action: 'Block', labels: ["awswaf:managed:aws:bot-control:bot:category:monitoring"] },
      { name: 'CategoryScrapingFramework', action: 'Block', labels: ["awswaf:managed:aws:bot-control:bot:category:scraping_framework"] },
      { name: 'CategorySearchEngine', action: 'Block', labels: ["awswaf:managed:aws:bot-control:bot:category:search_engine"] },
      { name: 'CategorySecurity', action: 'Block', labels: ["awswaf:managed:aws:bot-control:bot:category:security"] },
      { name: 'CategorySeo', action: 'Block', labels: ["awswaf:managed:aws:bot-control:bot:category:seo"] },
      { name: 'CategorySocialMedia', action: 'Block', labels: ["awswaf:managed:aws:bot-control:bot:category:social_media"] },
      { name: 'CategoryAI', action: 'Block', labels: ["awswaf:managed:aws:bot-control:bot:category:ai"] },
      { name: 'SignalAutomatedBrowser', action: 'Block', labels: ["awswaf:managed:aws:bot-control:signal:automated_browser"] },
      { name: 'SignalKnownBotDataCenter', action: 'Block', labels: ["awswaf:managed:aws:bot-control:signal:known_bot_data_center"] },
      { name: 'SignalNonBrowserUserAgent', action: 'Block', labels: ["awswaf:managed:aws:bot-control:signal:non_browser_user_agent"] },
    ],
    otherLabels: [
      'bot:verified', 'bot:unverified', 'bot:name:adsbot_google', 'bot:name:mediapartners_google', 'bot:name:bingads',
      'bot:name:amazon_adbot', 'bot:name:criteobot', 'bot:name:gptbot', 'bot:name:chatgpt_user',
      'bot:name:oai_searchbot', 'bot:name:claudebot', 'bot:name:claude_user', 'bot:name:claude_searchbot',
      'bot:name:anthropic_ai', 'bot:name:perplexitybot', 'bot:name:perplexity_user', 'bot:name:ccbot',
      'bot:name:bytespider', 'bot:name:meta_externalagent', 'bot:name:cohere_ai', 'bot:name:amazonbot',
      'bot:name:ai2bot', 'bot:name:mistralai_user', 'bot:name:archive_org_bot', 'bot:name:ia_archiver',
      'bot:name:heritrix', 'bot:name:feedfetcher_google', 'bot:name:feedly', 'bot:name:pocket_parser',
      'bot:name:inoreader', 'bot:name:newsblur', 'bot:name:flipboard', 'bot:name:feedburner',
      'bot:name:google_image_proxy', 'bot:name:yahoo_mail_proxy', 'bot:name:w3c_checklink', 'bot:name:linkchecker',
      'bot:name:linkwalker', 'bot:name:uptimerobot', 'bot:name:pingdom', 'bot:name:site24x7', 'bot:name:statuscake',
      'bot:name:datadog_synthetics', 'bot:name:newrelic_pinger', 'bot:name:elb_healthchecker',
      'bot:name:better_uptime', 'bot:name:scrapy', 'bot:name:colly', 'bot:name:apache_nutch', 'bot:name:httrack',
      'bot:name:mechanize', 'bot:name:crawler4j', 'bot:name:node_crawler', 'bot:name:googlebot',
      'bot:name:google_inspection_tool', 'bot:name:bingbot', 'bot:name:slurp', 'bot:name:duckduckbot',
      'bot:name:baiduspider', 'bot:name:yandexbot', 'bot:name:applebot', 'bot:name:sogou', 'bot:name:exabot',
      'bot:name:seznambot', 'bot:name:petalbot', 'bot:name:coccocbot', 'bot:name:mojeekbot', 'bot:name:qwantbot',
      'bot:name:naver_yeti', 'bot:name:nmap', 'bot:name:nikto', 'bot:name:sqlmap', 'bot:name:nuclei',
      'bot:name:wpscan', 'bot:name:zgrab', 'bot:name:masscan', 'bot:name:censys', 'bot:name:expanse',
      'bot:name:qualys', 'bot:name:ahrefsbot', 'bot:name:semrushbot', 'bot:name:mj12bot', 'bot:name:dotbot',
      'bot:name:rogerbot', 'bot:name:screaming_frog', 'bot:name:blexbot', 'bot:name:serpstatbot',
      'bot:name:dataforseobot', 'bot:name:barkrowler', 'bot:name:facebookexternalhit', 'bot:name:facebot',
      'bot:name:twitterbot', 'bot:name:linkedinbot', 'bot:name:slackbot', 'bot:name:discordbot',
      'bot:name:telegrambot', 'bot:name:whatsapp', 'bot:name:pinterestbot', 'bot:name:redditbot',
      'bot:name:skypeuripreview', 'bot:name:embedly', 'bot:name:yacybot', 'bot:name:ltx71', 'bot:name:netcraft',
      'bot:name:curl', 'bot:name:wget', 'bot:name:python_requests', 'bot:name:python_urllib', 'bot:name:python_httpx',
      'bot:name:aiohttp', 'bot:name:go_http_client', 'bot:name:okhttp', 'bot:name:apache_httpclient', 'bot:name:java',
      'bot:name:axios', 'bot:name:node_fetch', 'bot:name:undici', 'bot:name:got', 'bot:name:libwww_perl',
      'bot:name:guzzle', 'bot:name:ruby', 'bot:name:httpie', 'bot:name:powershell', 'bot:name:postman',
      'bot:name:dart', 'bot:name:reqwest', 'bot:name:libcurl',
    ],
  },
];
