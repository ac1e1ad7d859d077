/**
 * Organizations' side of authorization (`OrganizationSource`, src/authz/sources.ts): for an
 * account, the SCPs (or RCPs) of each level of its chain, root first, then each OU down to the
 * account itself, with the organization's id and the account's path (`aws:PrincipalOrgID`,
 * `aws:PrincipalOrgPaths`, `aws:ResourceOrgID`, `aws:ResourceOrgPaths`). An account in no
 * organization answers undefined; while the type is not enabled there are no levels (nothing
 * restricts); the management account is never restricted.
 */
import type { OrganizationPolicies, OrganizationSource, PolicyRecord } from '../../authz/sources.js';
import type { Store } from '../../storage/types.js';
import type { PolicyType } from './api.generated.js';
import { attachedTo, ouChain, policyArn, policyOf } from './org-context.js';
import { ORG_TABLES, organizationOf } from './store.js';

export function createOrganizationSource(store: Store): OrganizationSource {
  async function chain(accountId: string, type: PolicyType): Promise<OrganizationPolicies | undefined> {
    const o = await organizationOf(store, accountId);
    if (!o) return undefined;
    const { org, member } = o;
    const ouIds = (await ouChain(store, org, member.parentId)).map((u) => u.id);
    const ids = { organizationId: org.id, orgPath: `${[org.id, org.rootId, ...ouIds].join('/')}/` };
    if (accountId === org.managementAccountId) return { managementAccount: true, levels: [], ...ids };
    // A closed (suspended) account can do nothing: one level that allows nothing denies every request.
    if (member.status !== 'ACTIVE' && type === 'SERVICE_CONTROL_POLICY') return { managementAccount: false, levels: [[]], ...ids };
    if (!org.enabledTypes.includes(type)) return { managementAccount: false, levels: [], ...ids };
    const targets = [org.rootId, ...ouIds, accountId];
    const levels: PolicyRecord[][] = [];
    for (const targetId of targets) {
      const level: PolicyRecord[] = [];
      for (const a of await attachedTo(store, org, targetId, type)) {
        // A policy deleted under an attachment cannot happen (DeletePolicy refuses); skip rather than fail.
        const p = await policyOf(store, org, a.policyId).catch(() => undefined);
        if (p) level.push({ id: policyArn(org, p), name: p.name, document: p.content });
      }
      levels.push(level);
    }
    return { managementAccount: false, levels, ...ids };
  }
  return {
    serviceControlPolicies: (accountId) => chain(accountId, 'SERVICE_CONTROL_POLICY'),
    resourceControlPolicies: (accountId) => chain(accountId, 'RESOURCE_CONTROL_POLICY'),
    tables: Object.values(ORG_TABLES),
  };
}
