/** AWSManagedRulesCommonRuleSet (core rule set): AWS's 22 rules in order, then Rampart's own (core-rampart.ts). */
import type { ManagedRuleGroupLogic } from '../inspected-request.js';
import { isLfi, hasRestrictedExtension } from './detect/lfi.js';
import { isXss } from './detect/xss.js';
import { isBadBot, isEc2MetadataSsrf, isRfi, isRfiParam } from './detect/web.js';
import { bodyValues, cookieHeader, cookies, header, queryArgs, queryPairs, uriPath } from './fields.js';
import { rampartCoreRules } from './core-rampart.js';
import { anyIn, rule, verdictOf } from './rule.js';

const NS = 'core-rule-set';

export const commonRuleSet: ManagedRuleGroupLogic = {
  vendor: 'AWS',
  name: 'AWSManagedRulesCommonRuleSet',
  rules: [
    rule(NS, 'NoUserAgent_HEADER', 'NoUserAgent_Header', (r, m) => (header(r, m, 'user-agent') ?? '').trim() === ''),
    rule(NS, 'UserAgent_BadBots_HEADER', 'BadBots_Header', (r, m) => verdictOf('v:isBadBot', header(r, m, 'user-agent') ?? '', isBadBot)),
    rule(NS, 'SizeRestrictions_QUERYSTRING', 'SizeRestrictions_QueryString', (r) => Buffer.byteLength(r.query) > 2048),
    rule(NS, 'SizeRestrictions_Cookie_HEADER', 'SizeRestrictions_Cookie_Header', (r, m) => Buffer.byteLength(cookieHeader(r, m)) > 10240),
    rule(NS, 'SizeRestrictions_BODY', 'SizeRestrictions_Body', (r) => r.bodyOversize || r.body.length > 8192),
    rule(NS, 'SizeRestrictions_URIPATH', 'SizeRestrictions_URIPath', (r) => Buffer.byteLength(r.path) > 1024),
    rule(NS, 'EC2MetaDataSSRF_BODY', 'EC2MetaDataSSRF_Body', (r, m) => anyIn(m, 'ssrf:b', bodyValues, r, isEc2MetadataSsrf)),
    rule(NS, 'EC2MetaDataSSRF_COOKIE', 'EC2MetaDataSSRF_Cookie', (r, m) => anyIn(m, 'ssrf:c', cookies, r, isEc2MetadataSsrf)),
    rule(NS, 'EC2MetaDataSSRF_URIPATH', 'EC2MetaDataSSRF_URIPath', (r, m) => verdictOf('v:isEc2MetadataSsrf', uriPath(r, m), isEc2MetadataSsrf)),
    rule(NS, 'EC2MetaDataSSRF_QUERYARGUMENTS', 'EC2MetaDataSSRF_QueryArguments', (r, m) => anyIn(m, 'ssrf:q', queryArgs, r, isEc2MetadataSsrf)),
    rule(NS, 'GenericLFI_QUERYARGUMENTS', 'GenericLFI_QueryArguments', (r, m) => anyIn(m, 'lfi:q', queryArgs, r, isLfi)),
    rule(NS, 'GenericLFI_URIPATH', 'GenericLFI_URIPath', (r, m) => verdictOf('v:isLfi', uriPath(r, m), isLfi)),
    rule(NS, 'GenericLFI_BODY', 'GenericLFI_Body', (r, m) => anyIn(m, 'lfi:b', bodyValues, r, isLfi)),
    rule(NS, 'RestrictedExtensions_URIPATH', 'RestrictedExtensions_URIPath', (r, m) => verdictOf('v:hasRestrictedExtension', uriPath(r, m), hasRestrictedExtension)),
    rule(NS, 'RestrictedExtensions_QUERYARGUMENTS', 'RestrictedExtensions_QueryArguments', (r, m) => anyIn(m, 'ext:q', queryArgs, r, hasRestrictedExtension)),
    rule(NS, 'GenericRFI_QUERYARGUMENTS', 'GenericRFI_QueryArguments', (r, m) =>
      anyIn(m, 'rfi:q', queryArgs, r, isRfi) || queryPairs(r, m).some(([k, v]) => isRfiParam(k, v))),
    rule(NS, 'GenericRFI_BODY', 'GenericRFI_Body', (r, m) => anyIn(m, 'rfi:b', bodyValues, r, isRfi)),
    rule(NS, 'GenericRFI_URIPATH', 'GenericRFI_URIPath', (r, m) => verdictOf('v:isRfi', uriPath(r, m), isRfi)),
    rule(NS, 'CrossSiteScripting_COOKIE', 'CrossSiteScripting_Cookie', (r, m) => anyIn(m, 'xss:c', cookies, r, isXss)),
    rule(NS, 'CrossSiteScripting_QUERYARGUMENTS', 'CrossSiteScripting_QueryArguments', (r, m) => anyIn(m, 'xss:q', queryArgs, r, isXss)),
    rule(NS, 'CrossSiteScripting_BODY', 'CrossSiteScripting_Body', (r, m) => anyIn(m, 'xss:b', bodyValues, r, isXss)),
    rule(NS, 'CrossSiteScripting_URIPATH', 'CrossSiteScripting_URIPath', (r, m) => verdictOf('v:isXss', uriPath(r, m), isXss)),
    ...rampartCoreRules,
  ],
};
