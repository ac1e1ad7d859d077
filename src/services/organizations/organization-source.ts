/**
 * Organizations' side of authorization (`OrganizationSource`, src/authz/sources.ts): for an
 * account, the SCPs (or RCPs) of each level of its chain, root first, then each OU down to the
 * account itself. An account in no organization, or whose organization has not enabled the type,
 * is restricted by nothing (undefined); the management account is never restricted.
 */
import type { OrganizationPolicies, OrganizationSource, PolicyRecord } from '../../authz/sources.js';
import type { Store } from '../../storage/types.js';
import type { PolicyType } from './api.generated.js';
import { attachedTo, ouChain, policyArn, policyOf } from './org-context.js';
import { ORG_TABLES, organizationOf } from './store.js';

export function createOrganizationSource(store: Store): OrganizationSource {
  async function chain(accountId: string, type: PolicyType): Promise<OrganizationPolicies | undefined> {
    const o = await organizationOf(store, accountId);
    if (!o || !o.org.enabledTypes.includes(type)) return undefined;
    const { org, member } = o;
    if (accountId === org.managementAccountId) return { managementAccount: true, levels: [] };
    const targets = [org.rootId, ...(await ouChain(store, org, member.parentId)).map((u) => u.id), accountId];
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
    return { managementAccount: false, levels };
  }
  return {
    serviceControlPolicies: (accountId) => chain(accountId, 'SERVICE_CONTROL_POLICY'),
    resourceControlPolicies: (accountId) => chain(accountId, 'RESOURCE_CONTROL_POLICY'),
    tables: Object.values(ORG_TABLES),
  };
}
