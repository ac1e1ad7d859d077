/**
 * What a service other than Organizations may know of the organizations accounts belong to: the
 * seam through which CloudTrail's organization trails learn an account's organization, its
 * management account, trusted access, and the accounts they log. Organizations implements it
 * (src/services/organizations/directory.ts); the gateway hands it to the services that need it
 * (services never import each other).
 */

export interface OrganizationFacts {
  /** `o-...` */
  readonly id: string;
  readonly managementAccountId: string;
  /** FeatureSet ALL (not only consolidated billing). */
  readonly allFeatures: boolean;
  /** The service principals with trusted access (EnableAWSServiceAccess). */
  readonly trustedServices: readonly string[];
}

export interface OrganizationAccount {
  readonly accountId: string;
  /** Epoch ms the account joined (the management account: the organization's creation). */
  readonly joinedAt: number;
  /** ACTIVE, SUSPENDED, PENDING_CLOSURE (as Organizations' Account.Status). */
  readonly status: string;
}

export interface OrganizationDirectory {
  /** The organization `accountId` belongs to; undefined when it is in none. */
  organizationOf(accountId: string): Promise<OrganizationFacts | undefined>;
  /** The accounts of organization `orgId`, its management account included (none when it does not exist). */
  accountsOf(orgId: string): Promise<readonly OrganizationAccount[]>;
  /** Storage tables whose writes change the answers above (authorization drops plans it cached on them). */
  readonly tables: readonly string[];
}
