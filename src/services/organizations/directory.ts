/** The OrganizationDirectory seam (src/shared/organization-directory.ts) over Organizations' tables. */
import type { OrganizationDirectory } from '../../shared/organization-directory.js';
import type { Store } from '../../storage/types.js';
import { listIn, members, ORG_TABLES, organizationOf, serviceAccess } from './store.js';

export function createOrganizationDirectory(store: Store): OrganizationDirectory {
  return {
    async organizationOf(accountId) {
      const o = await organizationOf(store, accountId);
      if (!o) return undefined;
      const trusted = await listIn(store, serviceAccess, o.org.id);
      return { id: o.org.id, managementAccountId: o.org.managementAccountId, allFeatures: o.org.featureSet === 'ALL', trustedServices: trusted.map((t) => t.servicePrincipal) };
    },
    tables: [ORG_TABLES.orgs, ORG_TABLES.membership, ORG_TABLES.members, ORG_TABLES.serviceAccess],
    async accountsOf(orgId) {
      return (await listIn(store, members, orgId)).map((m) => ({ accountId: m.accountId, joinedAt: Date.parse(m.joinedAt), status: m.status }));
    },
  };
}
