/** AWSManagedRulesKnownBadInputsRuleSet: Java deserialization, localhost Host, PROPFIND, exploitable paths, Log4j. */
import type { ManagedRuleGroupLogic } from '../inspected-request.js';
import { isJavaDeserialization, isLog4j } from './detect/java.js';
import { isExploitablePath, isLocalhostHost } from './detect/web.js';
import { bodyValues, header, headerAndCookieTexts, queryString, uriPath } from './fields.js';
import { anyIn, rule, verdictOf } from './rule.js';

const NS = 'known-bad-inputs';

export const knownBadInputsRuleSet: ManagedRuleGroupLogic = {
  vendor: 'AWS',
  name: 'AWSManagedRulesKnownBadInputsRuleSet',
  rules: [
    rule(NS, 'JavaDeserializationRCE_HEADER', 'JavaDeserializationRCE_Header', (r, m) =>
      anyIn(m, 'java:h', headerAndCookieTexts, r, isJavaDeserialization)),
    rule(NS, 'JavaDeserializationRCE_BODY', 'JavaDeserializationRCE_Body', (r, m) => anyIn(m, 'java:b', bodyValues, r, isJavaDeserialization)),
    rule(NS, 'JavaDeserializationRCE_URIPATH', 'JavaDeserializationRCE_URIPath', (r, m) => verdictOf('v:isJavaDeserialization', uriPath(r, m), isJavaDeserialization)),
    rule(NS, 'JavaDeserializationRCE_QUERYSTRING', 'JavaDeserializationRCE_QueryString', (r, m) => verdictOf('v:isJavaDeserialization', queryString(r, m), isJavaDeserialization)),
    rule(NS, 'Host_localhost_HEADER', 'Host_Localhost_Header', (r, m) => verdictOf('v:isLocalhostHost', header(r, m, 'host') ?? '', isLocalhostHost)),
    rule(NS, 'PROPFIND_METHOD', 'Propfind_Method', (r) => r.method.toUpperCase() === 'PROPFIND'),
    rule(NS, 'ExploitablePaths_URIPATH', 'ExploitablePaths_URIPath', (r, m) => verdictOf('v:isExploitablePath', uriPath(r, m), isExploitablePath)),
    rule(NS, 'Log4JRCE_HEADER', 'Log4JRCE_Header', (r, m) => anyIn(m, 'log4j:h', headerAndCookieTexts, r, isLog4j)),
    rule(NS, 'Log4JRCE_QUERYSTRING', 'Log4JRCE_QueryString', (r, m) => verdictOf('v:isLog4j', queryString(r, m), isLog4j)),
    rule(NS, 'Log4JRCE_BODY', 'Log4JRCE_Body', (r, m) => anyIn(m, 'log4j:b', bodyValues, r, isLog4j)),
    rule(NS, 'Log4JRCE_URIPATH', 'Log4JRCE_URIPath', (r, m) => verdictOf('v:isLog4j', uriPath(r, m), isLog4j)),
  ],
};
