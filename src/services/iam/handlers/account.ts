/** CreateAccountAlias, DeleteAccountAlias, ListAccountAliases, GetAccountSummary. */
import { accountAliasTaken, noSuchAccountAlias, validationError } from '../errors.js';
import { pageFields, paginate } from '../pagination.js';
import { INLINE_AGGREGATE_LIMIT } from '../policy-text.js';
import { rootKeys } from '../store/access-key-store.js';
import { POLICY_ENTITIES } from '../store/attachment-store.js';
import { aliasOwner, clearAlias, getAlias, setAlias } from '../store/account-store.js';
import { groups } from '../store/group-store.js';
import { instanceProfiles } from '../store/instance-profile-store.js';
import { countDevicesOf, MFA_ASSIGNMENTS, MFA_DEVICES } from '../store/mfa-store.js';
import { POLICIES } from '../store/policy-store.js';
import { roles } from '../store/role-store.js';
import { SERVER_CERTIFICATES } from '../store/server-certificate-store.js';
import { certOwnerKey, SIGNING_CERTS } from '../store/user-credential-store.js';
import { users } from '../store/user-store.js';
import { ACCESS_KEYS_QUOTA } from './access-keys.js';
import { scopeOf, type IamDeps, type OpHandlers } from '../deps.js';
import { GROUPS_PER_USER, GROUPS_QUOTA } from './groups.js';
import { INSTANCE_PROFILES_QUOTA } from './instance-profiles.js';
import { POLICIES_QUOTA } from './managed-policies.js';
import { ATTACHED_POLICIES_QUOTA } from './policy-attachments.js';
import { MAX_POLICY_VERSIONS } from './policy-versions.js';
import { ROLES_QUOTA } from './roles.js';
import { SERVER_CERTIFICATES_QUOTA } from './server-certificates.js';
import { SIGNING_CERTIFICATES_QUOTA } from './signing-certificates.js';
import { USERS_QUOTA } from './users.js';

type AccountOps = 'CreateAccountAlias' | 'DeleteAccountAlias' | 'ListAccountAliases' | 'GetAccountSummary';

/** Account operations. */
export function accountHandlers({ store }: IamDeps): OpHandlers<AccountOps> {
  return {
    async CreateAccountAlias(input, ctx) {
      const alias = input.AccountAlias;
      if (/^\d{12}$/.test(alias)) throw validationError('The account alias cannot be a 12-digit number.');
      const accountId = ctx.caller.principal.accountId;
      await store.transaction(async (tx) => {
        const owner = await aliasOwner(tx, alias);
        if (owner !== undefined && owner !== accountId) throw accountAliasTaken(alias);
        // An account has at most one alias: creating another replaces it.
        await setAlias(tx, scopeOf(ctx), accountId, alias);
      });
    },

    async DeleteAccountAlias(input, ctx) {
      const scope = scopeOf(ctx);
      await store.transaction(async (tx) => {
        if ((await getAlias(tx, scope)) !== input.AccountAlias) throw noSuchAccountAlias(input.AccountAlias);
        await clearAlias(tx, scope, input.AccountAlias);
      });
    },

    async ListAccountAliases(input, ctx) {
      const alias = await getAlias(store, scopeOf(ctx));
      const page = paginate(alias === undefined ? [] : [alias], (a) => a, input);
      return { AccountAliases: page.items, ...pageFields(page) };
    },

    async GetAccountSummary(_input, ctx) {
      const scope = scopeOf(ctx);
      const policies = await POLICIES.list(store, scope);
      const attached = new Set((await POLICY_ENTITIES.list(store, scope)).map((r) => r.key.slice(0, r.key.indexOf('|'))));
      const SummaryMap: Record<string, number> = {
        Users: await users.count(store, scope),
        UsersQuota: USERS_QUOTA,
        Groups: await groups.count(store, scope),
        GroupsQuota: GROUPS_QUOTA,
        Roles: await roles.count(store, scope),
        RolesQuota: ROLES_QUOTA,
        Policies: policies.length,
        PoliciesQuota: POLICIES_QUOTA,
        PolicySizeQuota: 6144,
        PolicyVersionsInUse: attached.size,
        PolicyVersionsInUseQuota: 10000,
        VersionsPerPolicyQuota: MAX_POLICY_VERSIONS,
        InstanceProfiles: await instanceProfiles.count(store, scope),
        InstanceProfilesQuota: INSTANCE_PROFILES_QUOTA,
        ServerCertificates: await SERVER_CERTIFICATES.count(store, scope),
        ServerCertificatesQuota: SERVER_CERTIFICATES_QUOTA,
        Providers: 0,
        MFADevices: await MFA_DEVICES.count(store, scope),
        MFADevicesInUse: await MFA_ASSIGNMENTS.count(store, scope),
        AccountMFAEnabled: (await countDevicesOf(store, scope, { kind: 'root' })) > 0 ? 1 : 0,
        AccountAccessKeysPresent: (await rootKeys(store, ctx.caller.principal.accountId)).length > 0 ? 1 : 0,
        AccountSigningCertificatesPresent: (await SIGNING_CERTS.count(store, scope, `${certOwnerKey({ kind: 'root' })}/`)) > 0 ? 1 : 0,
        AccessKeysPerUserQuota: ACCESS_KEYS_QUOTA,
        SigningCertificatesPerUserQuota: SIGNING_CERTIFICATES_QUOTA,
        GroupsPerUserQuota: GROUPS_PER_USER,
        AttachedPoliciesPerUserQuota: ATTACHED_POLICIES_QUOTA,
        AttachedPoliciesPerGroupQuota: ATTACHED_POLICIES_QUOTA,
        AttachedPoliciesPerRoleQuota: ATTACHED_POLICIES_QUOTA,
        UserPolicySizeQuota: INLINE_AGGREGATE_LIMIT.user,
        GroupPolicySizeQuota: INLINE_AGGREGATE_LIMIT.group,
        RolePolicySizeQuota: INLINE_AGGREGATE_LIMIT.role,
        AssumeRolePolicySizeQuota: 2048,
        GlobalEndpointTokenVersion: 1,
      };
      return { SummaryMap };
    },
  };
}
