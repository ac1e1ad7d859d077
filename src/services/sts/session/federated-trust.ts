/**
 * The trust decision of the federation operations (AssumeRoleWithWebIdentity, AssumeRoleWithSAML):
 * the caller is the identity provider's user, unsigned, so the role's trust policy is the only
 * policy that can grant (anonymous principal, the engine's resource-policy-only case), matched by a
 * `Federated` principal naming the provider's ARN, with the provider's claims as condition keys
 * plus the request's own keys, under the resource account's RCPs.
 */
import { actionInfo } from '../../../authz/catalog/action-catalog.js';
import { addRequestConditionKeys, type CallerFacts } from '../../../authz/request/global-keys.js';
import { requestConditionKeys } from '../../../authz/request/request-keys.js';
import { compilePolicyJson, evaluate, type CompiledPolicy, type ContextValue, type PolicySet } from '../../../policy/index.js';
import type { Caller } from '../../../shared/caller.js';
import type { StsDeps } from '../deps.js';

/** A trust policy that trusts nobody: stands in for a role that does not exist. */
export const TRUSTS_NOBODY: CompiledPolicy = compilePolicyJson('{"Version":"2012-10-17","Statement":[]}', 'trust', 'resource', { kind: 'trust' })!;

const FEDERATED_FACTS: CallerFacts = { accountId: '', arn: 'anonymous', userId: 'anonymous', type: 'anonymous', principalArn: 'anonymous', tags: {} };

/** One federated trust check. */
export interface FederatedTrustCheck {
  /** `AssumeRoleWithWebIdentity` or `AssumeRoleWithSAML` (the `sts:` action and its request keys). */
  readonly operation: string;
  /** The identity provider's ARN, as a trust policy's `Federated` principal names it. */
  readonly providerArn: string;
  readonly roleArn: string;
  readonly roleAccountId: string;
  readonly trustPolicy: CompiledPolicy | undefined;
  /** The provider's claims as condition keys (`<provider>:sub`, `saml:aud`, ...). */
  readonly claimKeys: Readonly<Record<string, ContextValue>>;
  /** The request's input (for `sts:RoleSessionName` and the other request keys). */
  readonly input: Readonly<Record<string, unknown>>;
}

/** Whether the role's trust policy lets the provider's user in. */
export async function federatedTrustAllows(deps: StsDeps, caller: Caller, check: FederatedTrustCheck): Promise<boolean> {
  const info = actionInfo('sts', check.operation);
  const context: Record<string, ContextValue> = { ...(info ? requestConditionKeys('sts', info, check.input) : {}), ...check.claimKeys };
  addRequestConditionKeys(context, FEDERATED_FACTS, { now: caller.now, sourceIp: caller.sourceIp, secureTransport: caller.secureTransport, region: caller.region });
  const rcp = await deps.authorizer.pip.resourceControlPolicies(check.roleAccountId);
  const policies: PolicySet = {
    identityPolicies: [],
    resourcePolicy: check.trustPolicy ?? TRUSTS_NOBODY,
    ...(rcp ? { rcps: rcp.levels, resourceInManagementAccount: rcp.managementAccount } : {}),
  };
  const decision = evaluate(
    {
      principal: { arn: 'anonymous', accountId: '', type: 'anonymous', federatedProvider: check.providerArn },
      action: `sts:${check.operation}`,
      resource: check.roleArn,
      resourceAccountId: check.roleAccountId,
      context,
    },
    policies,
  );
  return decision.decision === 'Allow';
}
