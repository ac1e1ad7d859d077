/**
 * Trusted service access and delegated administrators: EnableAWSServiceAccess,
 * DisableAWSServiceAccess, ListAWSServiceAccessForOrganization, RegisterDelegatedAdministrator,
 * DeregisterDelegatedAdministrator, ListDelegatedAdministrators, ListDelegatedServicesForAccount.
 * A service needs trusted access before an account can be its delegated administrator
 * (SERVICE_ACCESS_NOT_ENABLED); a delegated administrator may call the organization's read
 * operations (org-context.ts `readableOrg`). Disabling access removes the service's administrators.
 */
import { AccountAlreadyRegisteredException, AccountNotRegisteredException } from '../api.generated.js';
import { accountNotFound, constraint, invalidInput } from '../errors.js';
import { orgArns } from '../ids.js';
import { managedOrg, memberOf, readableOrg, delegatedOrg } from '../org-context.js';
import { page } from '../pagination.js';
import { GLOBAL, delegated, listIn, serviceAccess } from '../store.js';
import { nowIso, type OrgDeps, type OpHandlers } from '../deps.js';

/** Services that work with Organizations' trusted access (AWS's "AWS services that you can use with AWS Organizations"). */
export const TRUSTED_SERVICES: ReadonlySet<string> = new Set([
  'access-analyzer.amazonaws.com', 'account.amazonaws.com', 'auditmanager.amazonaws.com', 'backup.amazonaws.com',
  'cloudtrail.amazonaws.com', 'compute-optimizer.amazonaws.com', 'config.amazonaws.com', 'config-multiaccountsetup.amazonaws.com',
  'detective.amazonaws.com', 'ds.amazonaws.com', 'fms.amazonaws.com', 'guardduty.amazonaws.com', 'health.amazonaws.com',
  'iam.amazonaws.com', 'inspector2.amazonaws.com', 'ipam.amazonaws.com', 'license-manager.amazonaws.com', 'macie.amazonaws.com',
  'member.org.stacksets.cloudformation.amazonaws.com', 'ram.amazonaws.com', 'securityhub.amazonaws.com', 'servicecatalog.amazonaws.com',
  'ssm.amazonaws.com', 'sso.amazonaws.com', 'storage-lens.s3.amazonaws.com', 'tagpolicies.tag.amazonaws.com',
]);

const unknownService = () => invalidInput('You specified an unrecognized service principal.', 'UNRECOGNIZED_SERVICE_PRINCIPAL');

function knownService(principal: string): string {
  if (!TRUSTED_SERVICES.has(principal)) throw unknownService();
  return principal;
}

type Ops =
  | 'EnableAWSServiceAccess'
  | 'DisableAWSServiceAccess'
  | 'ListAWSServiceAccessForOrganization'
  | 'RegisterDelegatedAdministrator'
  | 'DeregisterDelegatedAdministrator'
  | 'ListDelegatedAdministrators'
  | 'ListDelegatedServicesForAccount';

export function delegationHandlers({ store }: OrgDeps): OpHandlers<Ops> {
  return {
    async EnableAWSServiceAccess(input, ctx) {
      const org = await managedOrg(store, ctx);
      const service = knownService(input.ServicePrincipal);
      await serviceAccess.put(store, GLOBAL, `${org.id}|${service}`, { servicePrincipal: service, enabledAt: nowIso(ctx) });
    },

    async DisableAWSServiceAccess(input, ctx) {
      await store.transaction(async (tx) => {
        const org = await managedOrg(tx, ctx);
        const service = knownService(input.ServicePrincipal);
        await serviceAccess.delete(tx, GLOBAL, `${org.id}|${service}`);
        for (const d of (await listIn(tx, delegated, org.id)).filter((x) => x.servicePrincipal === service)) {
          await delegated.delete(tx, GLOBAL, `${org.id}|${d.accountId}|${service}`);
        }
      });
    },

    async ListAWSServiceAccessForOrganization(input, ctx) {
      const org = await delegatedOrg(store, ctx, 'ListAWSServiceAccessForOrganization', readableOrg);
      const p = page(await listIn(store, serviceAccess, org.id), (x) => x.servicePrincipal, input);
      return { EnabledServicePrincipals: p.items.map((x) => ({ ServicePrincipal: x.servicePrincipal, DateEnabled: new Date(x.enabledAt) })), ...(p.NextToken ? { NextToken: p.NextToken } : {}) };
    },

    async RegisterDelegatedAdministrator(input, ctx) {
      await store.transaction(async (tx) => {
        const org = await managedOrg(tx, ctx);
        const service = knownService(input.ServicePrincipal);
        if (input.AccountId === org.managementAccountId) {
          throw constraint('CANNOT_REGISTER_MASTER_AS_DELEGATED_ADMINISTRATOR', 'You cannot register the management account of the organization as a delegated administrator.');
        }
        const m = await memberOf(tx, org, input.AccountId);
        if (!m) throw accountNotFound();
        if (m.status !== 'ACTIVE') throw constraint('CANNOT_REGISTER_SUSPENDED_ACCOUNT_AS_DELEGATED_ADMINISTRATOR', 'You cannot register a suspended account as a delegated administrator.');
        if (!(await serviceAccess.get(tx, GLOBAL, `${org.id}|${service}`))) {
          throw constraint('SERVICE_ACCESS_NOT_ENABLED', 'You attempted to register a delegated administrator for a service that does not have trusted access enabled.');
        }
        const key = `${org.id}|${input.AccountId}|${service}`;
        if (await delegated.get(tx, GLOBAL, key)) throw new AccountAlreadyRegisteredException('The provided account is already a delegated administrator for your organization.');
        await delegated.put(tx, GLOBAL, key, { accountId: input.AccountId, servicePrincipal: service, enabledAt: nowIso(ctx) });
      });
    },

    async DeregisterDelegatedAdministrator(input, ctx) {
      await store.transaction(async (tx) => {
        const org = await managedOrg(tx, ctx);
        const service = knownService(input.ServicePrincipal);
        if (!(await memberOf(tx, org, input.AccountId))) throw accountNotFound();
        if (!(await delegated.delete(tx, GLOBAL, `${org.id}|${input.AccountId}|${service}`))) {
          throw new AccountNotRegisteredException('The provided account is not a registered delegated administrator for your organization.');
        }
      });
    },

    async ListDelegatedAdministrators(input, ctx) {
      const org = await delegatedOrg(store, ctx, 'ListDelegatedAdministrators', readableOrg);
      const rows = (await listIn(store, delegated, org.id)).filter((d) => !input.ServicePrincipal || d.servicePrincipal === input.ServicePrincipal);
      const byAccount = new Map<string, string>();
      for (const d of rows) if (!byAccount.has(d.accountId) || d.enabledAt < byAccount.get(d.accountId)!) byAccount.set(d.accountId, d.enabledAt);
      const admins = [];
      for (const [accountId, enabledAt] of byAccount) {
        const m = await memberOf(store, org, accountId);
        if (m) {
          admins.push({
            Id: m.accountId, Arn: orgArns.account(org.managementAccountId, org.id, m.accountId), Email: m.email, Name: m.name, Status: m.status,
            State: m.status, JoinedMethod: m.joinedMethod, JoinedTimestamp: new Date(m.joinedAt), DelegationEnabledDate: new Date(enabledAt),
          });
        }
      }
      const p = page(admins, (a) => a.Id, input);
      return { DelegatedAdministrators: p.items, ...(p.NextToken ? { NextToken: p.NextToken } : {}) };
    },

    async ListDelegatedServicesForAccount(input, ctx) {
      const org = await delegatedOrg(store, ctx, 'ListDelegatedServicesForAccount', readableOrg);
      if (!(await memberOf(store, org, input.AccountId))) throw accountNotFound();
      const rows = await listIn(store, delegated, org.id, `${input.AccountId}|`);
      if (rows.length === 0) throw new AccountNotRegisteredException('The provided account is not a registered delegated administrator for your organization.');
      const p = page(rows, (d) => d.servicePrincipal, input);
      return { DelegatedServices: p.items.map((d) => ({ ServicePrincipal: d.servicePrincipal, DelegationEnabledDate: new Date(d.enabledAt) })), ...(p.NextToken ? { NextToken: p.NextToken } : {}) };
    },
  };
}
