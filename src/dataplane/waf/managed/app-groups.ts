/** The application groups: AWSManagedRulesPHPRuleSet, AWSManagedRulesWordPressRuleSet, AWSManagedRulesAdminProtectionRuleSet. */
import type { ManagedRuleGroupLogic } from '../inspected-request.js';
import { isPhpFileName, isPhpInjection } from './detect/php.js';
import { isPhpFunctionPath } from './detect/probes.js';
import { isAdminPath, isWordPressExploitableCommand, isWordPressExploitablePath } from './detect/web.js';
import { bodyValues, headerAndCookieTexts, headers, multipartFileNames, queryArgs, queryString, uriPath } from './fields.js';
import { anyIn, rule, verdictOf } from './rule.js';

const FILE_NAME_HEADER = /^x[-_.]?file[-_.]?name$|^x[-_.]?filename$/;

export const phpRuleSet: ManagedRuleGroupLogic = {
  vendor: 'AWS',
  name: 'AWSManagedRulesPHPRuleSet',
  rules: [
    rule('php-app', 'PHPHighRiskMethodsVariables_HEADER', 'PHPHighRiskMethodsVariables_Header', (r, m) =>
      anyIn(m, 'php:h', headerAndCookieTexts, r, isPhpInjection) ||
      headers(r, m).some(([n, v]) => FILE_NAME_HEADER.test(n) && isPhpFileName(v))),
    rule('php-app', 'PHPHighRiskMethodsVariables_QUERYSTRING', 'PHPHighRiskMethodsVariables_QueryString', (r, m) =>
      verdictOf('v:isPhpInjection', queryString(r, m), isPhpInjection) || anyIn(m, 'php:q', queryArgs, r, isPhpInjection)),
    // The body's code, and a multipart upload of a file PHP would execute (as the X-Filename headers above).
    rule('php-app', 'PHPHighRiskMethodsVariables_BODY', 'PHPHighRiskMethodsVariables_Body', (r, m) =>
      anyIn(m, 'php:b', bodyValues, r, isPhpInjection) || multipartFileNames(r, m).some(isPhpFileName)),
    // Rampart's (AWS documents no such rule): a path named after a high-risk PHP function (`/base64_decode`).
    rule('php-app', 'RampartPHPHighRiskFunctions_URIPATH', 'RampartPHPHighRiskFunctions_URIPath', (r, m) => verdictOf('v:isPhpFunctionPath', uriPath(r, m), isPhpFunctionPath)),
  ],
};

export const wordPressRuleSet: ManagedRuleGroupLogic = {
  vendor: 'AWS',
  name: 'AWSManagedRulesWordPressRuleSet',
  rules: [
    rule('wordpress-app', 'WordPressExploitableCommands_QUERYSTRING', 'WordPressExploitableCommands_QUERYSTRING', (r, m) =>
      verdictOf('v:isWordPressExploitableCommand', queryString(r, m), isWordPressExploitableCommand)),
    rule('wordpress-app', 'WordPressExploitablePaths_URIPATH', 'WordPressExploitablePaths_URIPATH', (r, m) => verdictOf('v:isWordPressExploitablePath', uriPath(r, m), isWordPressExploitablePath)),
  ],
};

export const adminProtectionRuleSet: ManagedRuleGroupLogic = {
  vendor: 'AWS',
  name: 'AWSManagedRulesAdminProtectionRuleSet',
  rules: [rule('admin-protection', 'AdminProtection_URIPATH', 'AdminProtection_URIPath', (r, m) => verdictOf('v:isAdminPath', uriPath(r, m), isAdminPath))],
};
