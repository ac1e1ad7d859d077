/** AWSManagedRulesSQLiRuleSet: the SQL injection grammar on query arguments, body and cookies. */
import type { ManagedRuleGroupLogic } from '../inspected-request.js';
import { isSqli, isSqliExtended } from './detect/sqli.js';
import { bodyFields, cookies, queryArgs } from './fields.js';
import { anyOf, rule } from './rule.js';

const NS = 'sql-database';

export const sqliRuleSet: ManagedRuleGroupLogic = {
  vendor: 'AWS',
  name: 'AWSManagedRulesSQLiRuleSet',
  rules: [
    rule(NS, 'SQLi_QUERYARGUMENTS', 'SQLi_QueryArguments', (r, m) => anyOf(m, 'sqli:q', () => queryArgs(r, m), isSqli)),
    rule(NS, 'SQLiExtendedPatterns_QUERYARGUMENTS', 'SQLiExtendedPatterns_QueryArguments', (r, m) =>
      anyOf(m, 'sqlx:q', () => queryArgs(r, m), isSqliExtended)),
    rule(NS, 'SQLi_BODY', 'SQLi_Body', (r, m) => anyOf(m, 'sqli:b', () => bodyFields(r, m), isSqli)),
    rule(NS, 'SQLiExtendedPatterns_BODY', 'SQLiExtendedPatterns_Body', (r, m) => anyOf(m, 'sqlx:b', () => bodyFields(r, m), isSqliExtended)),
    rule(NS, 'SQLi_COOKIE', 'SQLi_Cookie', (r, m) => anyOf(m, 'sqli:c', () => cookies(r, m), (v) => isSqli(v) || isSqliExtended(v))),
  ],
};
