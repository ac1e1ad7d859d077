/** AWSManagedRulesSQLiRuleSet: the SQL injection grammar on query arguments, body, cookies and the URI path. */
import type { ManagedRuleGroupLogic } from '../inspected-request.js';
import { isSqli, isSqliExtended } from './detect/sqli.js';
import { bodyValues, cookies, queryArgs, uriPath } from './fields.js';
import { anyIn, rule, verdictOf } from './rule.js';

const NS = 'sql-database';
const isSqliOrExtended = (v: string): boolean => isSqli(v) || isSqliExtended(v);

export const sqliRuleSet: ManagedRuleGroupLogic = {
  vendor: 'AWS',
  name: 'AWSManagedRulesSQLiRuleSet',
  rules: [
    rule(NS, 'SQLi_QUERYARGUMENTS', 'SQLi_QueryArguments', (r, m) => anyIn(m, 'sqli:q', queryArgs, r, isSqli)),
    rule(NS, 'SQLiExtendedPatterns_QUERYARGUMENTS', 'SQLiExtendedPatterns_QueryArguments', (r, m) =>
      anyIn(m, 'sqlx:q', queryArgs, r, isSqliExtended)),
    rule(NS, 'SQLi_BODY', 'SQLi_Body', (r, m) => anyIn(m, 'sqli:b', bodyValues, r, isSqli)),
    rule(NS, 'SQLiExtendedPatterns_BODY', 'SQLiExtendedPatterns_Body', (r, m) => anyIn(m, 'sqlx:b', bodyValues, r, isSqliExtended)),
    rule(NS, 'SQLi_COOKIE', 'SQLi_Cookie', (r, m) => anyIn(m, 'sqli:c', cookies, r, isSqliOrExtended)),
    // In AWS's current guide (added after the June 2023 guide the other names come from).
    rule(NS, 'SQLi_URIPATH', 'SQLi_URIPath', (r, m) => verdictOf('v:isSqliOrExtended', uriPath(r, m), isSqliOrExtended)),
  ],
};
