/**
 * AWS Managed Rules groups Rampart knows: vendor, name, capacity (WCUs) and each rule's name, default
 * action and labels. Source: the project's research data `aws-managed-rule-groups.json`, compiled from
 * the archived AWS WAF developer guide (awsdocs/aws-waf-and-shield-advanced-developer-guide@022a433,
 * June 2023, aws-managed-rule-groups-{baseline,use-case,ip-rep}.md). Rules added by AWS since then are
 * missing; descriptions are Rampart's own summaries. No versions: the guide lists none.
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
}

export const MANAGED_RULE_GROUPS: readonly ManagedGroup[] = [
  {
    vendor: 'AWS',
    name: 'AWSManagedRulesCommonRuleSet',
    capacity: 700,
    description: "Core rule set: rules for common web application vulnerabilities (sizes, SSRF, LFI, RFI, XSS, bad bots).",
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
    description: "Blocks request patterns associated with PHP-specific vulnerabilities.",
    rules: [
      { name: 'PHPHighRiskMethodsVariables_HEADER', action: 'Block', labels: ["awswaf:managed:aws:php-app:PHPHighRiskMethodsVariables_Header"] },
      { name: 'PHPHighRiskMethodsVariables_QUERYSTRING', action: 'Block', labels: ["awswaf:managed:aws:php-app:PHPHighRiskMethodsVariables_QueryString"] },
      { name: 'PHPHighRiskMethodsVariables_BODY', action: 'Block', labels: ["awswaf:managed:aws:php-app:PHPHighRiskMethodsVariables_Body"] },
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
];
