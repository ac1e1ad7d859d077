/**
 * AWS WAFv2, first increment: the control-plane API (JSON 1.1) for IP sets, regex pattern sets,
 * rule groups and web ACLs (REGIONAL; CLOUDFRONT in us-east-1 as AWS), CheckCapacity, the AWS
 * Managed Rules catalogue, tags, logging configurations and ALB associations; the WAF proxy
 * (src/dataplane/proxy) enforces associated web ACLs and writes the samples and rate-limited keys
 * GetSampledRequests and GetRateBasedStatementManagedKeys read. README.md lists what is served and
 * the behaviour decisions.
 */
import { codecFor } from '../../protocol/codecs.js';
import { loadModel } from '../../protocol/model/load-model.js';
import { asHandlerTable, notServed } from '../../protocol/service-definition.js';
import type { ServiceModule, ServiceParts } from '../service-module.js';
import type { Wafv2Handlers } from './api.generated.js';
import { wafv2Authorization } from './authz.js';
import type { Wafv2Deps } from './deps.js';
import { associationHandlers } from './handlers/associations.js';
import { ipSetHandlers } from './handlers/ip-sets.js';
import { loggingHandlers } from './handlers/logging.js';
import { managedAndCapacityHandlers } from './handlers/managed-and-capacity.js';
import { regexSetHandlers } from './handlers/regex-sets.js';
import { ruleGroupHandlers } from './handlers/rule-groups.js';
import { sampleHandlers } from './handlers/samples.js';
import { tagHandlers } from './handlers/tags.js';
import { webAclHandlers } from './handlers/web-acls.js';
import { refuseNullMembers } from './null-members.js';

/** Operations not served yet, each named (they answer as AWS answers an operation it does not know). */
const NOT_SERVED = notServed([
  'CreateAPIKey',
  'DeleteAPIKey',
  'DeleteFirewallManagerRuleGroups',
  'DeletePermissionPolicy',
  'DescribeAllManagedProducts',
  'DescribeManagedProductsByVendor',
  'GenerateMobileSdkReleaseUrl',
  'GetDecryptedAPIKey',
  'GetManagedRuleSet',
  'GetMobileSdkRelease',
  'GetPermissionPolicy',
  'GetTopPathStatisticsByTraffic',
  'ListAPIKeys',
  'ListManagedRuleSets',
  'ListMobileSdkReleases',
  'PutManagedRuleSetVersions',
  'PutPermissionPolicy',
  'UpdateManagedRuleSetVersionExpiryDate',
]);

export function wafv2Handlers(deps: Wafv2Deps): Wafv2Handlers {
  return refuseNullMembers({
    ...NOT_SERVED,
    ...ipSetHandlers(deps),
    ...regexSetHandlers(deps),
    ...ruleGroupHandlers(deps),
    ...webAclHandlers(deps),
    ...managedAndCapacityHandlers(deps),
    ...tagHandlers(deps),
    ...loggingHandlers(deps),
    ...associationHandlers(deps),
    ...sampleHandlers(deps),
  });
}

/** AWS WAFv2 (regional: entities belong to one account and Region; CLOUDFRONT ones to us-east-1). */
export function createWafv2Service(parts: ServiceParts): ServiceModule {
  const model = loadModel('wafv2');
  const deps: Wafv2Deps = { store: parts.store, internal: parts.internal };
  return {
    definition: { name: 'wafv2', model, codec: codecFor(model), handlers: asHandlerTable(wafv2Handlers(deps)) },
    authorization: wafv2Authorization(parts.store),
  };
}
