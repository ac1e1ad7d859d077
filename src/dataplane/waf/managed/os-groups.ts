/** The operating-system groups: AWSManagedRulesLinuxRuleSet, AWSManagedRulesUnixRuleSet, AWSManagedRulesWindowsRuleSet. */
import type { ManagedRuleGroupLogic } from '../inspected-request.js';
import { hasTraversal, hasUnixFile } from './detect/lfi.js';
import { isPowerShell, isUnixCommandInjection, isWindowsCommandInjection } from './detect/shell.js';
import { bodyValues, cookies, headerAndCookieTexts, queryArgs, queryString, uriPath } from './fields.js';
import { anyIn, rule, verdictOf } from './rule.js';

const linuxLfi = (v: string): boolean => hasUnixFile(v);

export const linuxRuleSet: ManagedRuleGroupLogic = {
  vendor: 'AWS',
  name: 'AWSManagedRulesLinuxRuleSet',
  rules: [
    rule('linux-os', 'LFI_URIPATH', 'LFI_URIPath', (r, m) => verdictOf('v:linuxLfi', uriPath(r, m), linuxLfi)),
    rule('linux-os', 'LFI_QUERYSTRING', 'LFI_QueryString', (r, m) => verdictOf('v:linuxLfi', queryString(r, m), linuxLfi) || anyIn(m, 'linux:q', queryArgs, r, linuxLfi)),
    rule('linux-os', 'LFI_HEADER', 'LFI_Header', (r, m) => anyIn(m, 'linux:h', headerAndCookieTexts, r, (v) => linuxLfi(v) || hasTraversal(v))),
  ],
};

export const unixRuleSet: ManagedRuleGroupLogic = {
  vendor: 'AWS',
  name: 'AWSManagedRulesUnixRuleSet',
  rules: [
    rule('posix-os', 'UNIXShellCommandsVariables_QUERYARGUMENTS', 'UNIXShellCommandsVariables_QUERYARGUMENTS', (r, m) =>
      anyIn(m, 'unix:q', queryArgs, r, isUnixCommandInjection)),
    rule('posix-os', 'UNIXShellCommandsVariables_BODY', 'UNIXShellCommandsVariables_BODY', (r, m) =>
      anyIn(m, 'unix:b', bodyValues, r, isUnixCommandInjection)),
  ],
};

export const windowsRuleSet: ManagedRuleGroupLogic = {
  vendor: 'AWS',
  name: 'AWSManagedRulesWindowsRuleSet',
  rules: [
    rule('windows-os', 'WindowsShellCommands_COOKIE', 'WindowsShellCommands_Cookie', (r, m) => anyIn(m, 'win:c', cookies, r, isWindowsCommandInjection)),
    rule('windows-os', 'WindowsShellCommands_QUERYARGUMENTS', 'WindowsShellCommands_QueryArguments', (r, m) =>
      anyIn(m, 'win:q', queryArgs, r, isWindowsCommandInjection)),
    rule('windows-os', 'WindowsShellCommands_BODY', 'WindowsShellCommands_Body', (r, m) => anyIn(m, 'win:b', bodyValues, r, isWindowsCommandInjection)),
    rule('windows-os', 'PowerShellCommands_COOKIE', 'PowerShellCommands_Cookie', (r, m) => anyIn(m, 'ps:c', cookies, r, isPowerShell)),
    rule('windows-os', 'PowerShellCommands_QUERYARGUMENTS', 'PowerShellCommands_QueryArguments', (r, m) => anyIn(m, 'ps:q', queryArgs, r, isPowerShell)),
    rule('windows-os', 'PowerShellCommands_BODY', 'PowerShellCommands_Body', (r, m) => anyIn(m, 'ps:b', bodyValues, r, isPowerShell)),
  ],
};
