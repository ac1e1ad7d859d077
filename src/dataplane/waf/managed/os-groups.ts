/** The operating-system groups: AWSManagedRulesLinuxRuleSet, AWSManagedRulesUnixRuleSet, AWSManagedRulesWindowsRuleSet. */
import type { ManagedRuleGroupLogic } from '../inspected-request.js';
import { hasTraversal, hasUnixFile } from './detect/lfi.js';
import { isPowerShell, isUnixCommandInjection, isWindowsCommandInjection } from './detect/shell.js';
import { bodyFields, cookies, headerAndCookieTexts, queryArgs, queryString, uriPath } from './fields.js';
import { anyOf, rule, verdictOf } from './rule.js';

const linuxLfi = (v: string): boolean => hasUnixFile(v);

export const linuxRuleSet: ManagedRuleGroupLogic = {
  vendor: 'AWS',
  name: 'AWSManagedRulesLinuxRuleSet',
  rules: [
    rule('linux-os', 'LFI_URIPATH', 'LFI_URIPath', (r, m) => verdictOf('v:linuxLfi', uriPath(r, m), linuxLfi)),
    rule('linux-os', 'LFI_QUERYSTRING', 'LFI_QueryString', (r, m) => verdictOf('v:linuxLfi', queryString(r, m), linuxLfi) || anyOf(m, 'linux:q', () => queryArgs(r, m), linuxLfi)),
    rule('linux-os', 'LFI_HEADER', 'LFI_Header', (r, m) => anyOf(m, 'linux:h', () => headerAndCookieTexts(r, m), (v) => linuxLfi(v) || hasTraversal(v))),
  ],
};

export const unixRuleSet: ManagedRuleGroupLogic = {
  vendor: 'AWS',
  name: 'AWSManagedRulesUnixRuleSet',
  rules: [
    rule('posix-os', 'UNIXShellCommandsVariables_QUERYARGUMENTS', 'UNIXShellCommandsVariables_QUERYARGUMENTS', (r, m) =>
      anyOf(m, 'unix:q', () => queryArgs(r, m), isUnixCommandInjection)),
    rule('posix-os', 'UNIXShellCommandsVariables_BODY', 'UNIXShellCommandsVariables_BODY', (r, m) =>
      anyOf(m, 'unix:b', () => bodyFields(r, m), isUnixCommandInjection)),
  ],
};

export const windowsRuleSet: ManagedRuleGroupLogic = {
  vendor: 'AWS',
  name: 'AWSManagedRulesWindowsRuleSet',
  rules: [
    rule('windows-os', 'WindowsShellCommands_COOKIE', 'WindowsShellCommands_Cookie', (r, m) => anyOf(m, 'win:c', () => cookies(r, m), isWindowsCommandInjection)),
    rule('windows-os', 'WindowsShellCommands_QUERYARGUMENTS', 'WindowsShellCommands_QueryArguments', (r, m) =>
      anyOf(m, 'win:q', () => queryArgs(r, m), isWindowsCommandInjection)),
    rule('windows-os', 'WindowsShellCommands_BODY', 'WindowsShellCommands_Body', (r, m) => anyOf(m, 'win:b', () => bodyFields(r, m), isWindowsCommandInjection)),
    rule('windows-os', 'PowerShellCommands_COOKIE', 'PowerShellCommands_Cookie', (r, m) => anyOf(m, 'ps:c', () => cookies(r, m), isPowerShell)),
    rule('windows-os', 'PowerShellCommands_QUERYARGUMENTS', 'PowerShellCommands_QueryArguments', (r, m) => anyOf(m, 'ps:q', () => queryArgs(r, m), isPowerShell)),
    rule('windows-os', 'PowerShellCommands_BODY', 'PowerShellCommands_Body', (r, m) => anyOf(m, 'ps:b', () => bodyFields(r, m), isPowerShell)),
  ],
};
