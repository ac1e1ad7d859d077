/**
 * AWS Organizations: one organization of many accounts, OUs, and policies whose SCPs and RCPs
 * authorization enforces through `organizationSource`. State is global (an organization spans
 * accounts): store.ts lists its tables.
 */
import { codecFor } from '../../protocol/codecs.js';
import { loadModel } from '../../protocol/model/load-model.js';
import { asHandlerTable, notServed } from '../../protocol/service-definition.js';
import type { OrganizationSource } from '../../authz/sources.js';
import type { OrganizationDirectory } from '../../shared/organization-directory.js';
import type { ServiceModule, ServiceParts } from '../service-module.js';
import type { OrganizationsHandlers } from './api.generated.js';
import { createBillingFamilies } from './billing-family.js';
import { organizationsAuthorization } from './authz.js';
import type { OrgDeps } from './deps.js';
import { accountHandlers } from './handlers/accounts.js';
import { delegationHandlers } from './handlers/delegation.js';
import { effectivePolicyHandlers } from './handlers/effective.js';
import { handshakeHandlers } from './handlers/handshakes.js';
import { organizationHandlers } from './handlers/organization.js';
import { policyHandlers } from './handlers/policies.js';
import { resourcePolicyHandlers } from './handlers/resource-policy.js';
import { tagAndCloseHandlers } from './handlers/tags-and-closing.js';
import { unitHandlers } from './handlers/units.js';
import { createOrganizationDirectory } from './directory.js';
import { createOrganizationSource } from './organization-source.js';

/** Operations not served yet, each named (they answer as AWS answers an operation it does not know). */
const NOT_SERVED = notServed([
  'CreateGovCloudAccount',
  'DescribeResponsibilityTransfer',
  'InviteOrganizationToTransferResponsibility',
  'ListAccountsWithInvalidEffectivePolicy',
  'ListEffectivePolicyValidationErrors',
  'ListInboundResponsibilityTransfers',
  'ListOutboundResponsibilityTransfers',
  'TerminateResponsibilityTransfer',
  'UpdateResponsibilityTransfer',
]);

export function organizationsHandlers(deps: OrgDeps): OrganizationsHandlers {
  return { ...NOT_SERVED, ...organizationHandlers(deps), ...accountHandlers(deps), ...unitHandlers(deps), ...policyHandlers(deps), ...tagAndCloseHandlers(deps), ...handshakeHandlers(deps), ...effectivePolicyHandlers(deps), ...delegationHandlers(deps), ...resourcePolicyHandlers(deps) };
}

export interface OrganizationsService extends ServiceModule {
  /** The SCP and RCP chains authorization enforces. */
  readonly organizationSource: OrganizationSource;
  /** Each account's consolidated billing family (Cost Explorer prices usage over it). */
  readonly billingFamilies: ReturnType<typeof createBillingFamilies>;
  /** Accounts' organizations, trusted access and member lists, for other services (CloudTrail's organization trails). */
  readonly directory: OrganizationDirectory;
}

/** AWS Organizations (a global service: requests are served as us-east-1). */
export function createOrganizationsService(parts: ServiceParts): OrganizationsService {
  const model = loadModel('organizations');
  const deps: OrgDeps = { store: parts.store, internal: parts.internal };
  return {
    definition: { name: 'organizations', model, codec: codecFor(model), handlers: asHandlerTable(organizationsHandlers(deps)), defaultRegion: 'us-east-1' },
    authorization: organizationsAuthorization(parts.store),
    organizationSource: createOrganizationSource(parts.store),
    billingFamilies: createBillingFamilies(parts.store),
    directory: createOrganizationDirectory(parts.store),
  };
}
