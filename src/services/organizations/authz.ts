/**
 * How Organizations operations are authorized: on the canonical ARNs of the policy, root, OU and
 * account the request names (the Service Authorization Reference's resource types `policy`,
 * `root`, `organizationalunit`, `account`), resolved in the caller's organization. An id that names
 * nothing there resolves to nothing (the operation then answers its not-found error); operations
 * that name no entity act on `*`.
 */
import type { OperationAuthz, ServiceAuthorization, TargetResource } from '../../authz/service-rules.js';
import type { Store } from '../../storage/types.js';
import { OPERATION_NAMES } from './api.generated.js';
import { idKind } from './ids.js';
import { DELEGABLE_OPERATIONS, delegationPolicyOf, policyArn, policyOf, targetOf } from './org-context.js';
import { ORG_TABLES, organizationOf } from './store.js';

/** Input members that name an entity. */
const MEMBERS = ['PolicyId', 'TargetId', 'AccountId', 'OrganizationalUnitId', 'ParentId', 'ChildId', 'RootId', 'SourceParentId', 'DestinationParentId'];
const TYPE_NAMES = { ROOT: 'root', ORGANIZATIONAL_UNIT: 'organizationalunit', ACCOUNT: 'account' } as const;

export function organizationsAuthorization(store: Store): ServiceAuthorization {
  const ruleFor = (operation: string): OperationAuthz => ({
    async resolve(input, env) {
      const named = MEMBERS.map((m) => input[m]).filter((v): v is string => typeof v === 'string');
      const o = await organizationOf(store, env.accountId);
      // A member calling an operation the organization's delegation policy may open: decided as a
      // cross-account request to the management account, with the delegation policy as the resource's
      // policy (both it and the caller's own policies must allow). Never an empty list: `*` at least.
      const delegation = o && o.org.managementAccountId !== env.accountId && DELEGABLE_OPERATIONS.has(operation) ? await delegationPolicyOf(store, o.org) : undefined;
      // organizations:PolicyType: the type the request names (Type, Filter, PolicyType) or of the policy it names.
      const requested = [input['Type'], input['Filter'], input['PolicyType']].find((v): v is string => typeof v === 'string');
      let policyType = requested;
      const through = (t: TargetResource): TargetResource => {
        const keys = policyType !== undefined ? { keys: { ...(t.keys ?? {}), 'organizations:PolicyType': policyType } } : {};
        return o && delegation ? { ...t, ...keys, accountId: o.org.managementAccountId, policy: { record: { id: `${o.org.id}/resource-policy/${delegation.id}`, name: 'ResourcePolicy', document: delegation.content } } } : { ...t, ...keys };
      };
      if (named.length === 0 || !o) return o && delegation ? [through({ arn: '*' })] : [];
      const out: TargetResource[] = [];
      for (const id of named) {
        if (idKind(id) === 'policy') policyType ??= (await policyOf(store, o.org, id).catch(() => undefined))?.type;
      }
      for (const id of named) {
        if (idKind(id) === 'policy') {
          const p = await policyOf(store, o.org, id).catch(() => undefined);
          if (p) out.push(through({ arn: policyArn(o.org, p), type: 'policy' }));
          continue;
        }
        const t = await targetOf(store, o.org, id);
        if (t) out.push(through({ arn: t.arn, type: TYPE_NAMES[t.type] }));
      }
      return delegation && out.length === 0 ? [through({ arn: '*' })] : out;
    },
  });
  return {
    prefix: 'organizations',
    operations: Object.fromEntries(OPERATION_NAMES.map((op) => [op, ruleFor(op)])),
    tables: Object.values(ORG_TABLES),
  };
}
