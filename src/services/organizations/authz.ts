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
import { policyArn, policyOf, targetOf } from './org-context.js';
import { ORG_TABLES, organizationOf } from './store.js';

/** Input members that name an entity. */
const MEMBERS = ['PolicyId', 'TargetId', 'AccountId', 'OrganizationalUnitId', 'ParentId', 'ChildId', 'RootId', 'SourceParentId', 'DestinationParentId'];
const TYPE_NAMES = { ROOT: 'root', ORGANIZATIONAL_UNIT: 'organizationalunit', ACCOUNT: 'account' } as const;

export function organizationsAuthorization(store: Store): ServiceAuthorization {
  const rule: OperationAuthz = {
    async resolve(input, env) {
      const named = MEMBERS.map((m) => input[m]).filter((v): v is string => typeof v === 'string');
      if (named.length === 0) return [];
      const o = await organizationOf(store, env.accountId);
      if (!o) return [];
      const out: TargetResource[] = [];
      for (const id of named) {
        if (idKind(id) === 'policy') {
          const p = await policyOf(store, o.org, id).catch(() => undefined);
          if (p) out.push({ arn: policyArn(o.org, p), type: 'policy' });
          continue;
        }
        const t = await targetOf(store, o.org, id);
        if (t) out.push({ arn: t.arn, type: TYPE_NAMES[t.type] });
      }
      return out;
    },
  };
  return {
    prefix: 'organizations',
    operations: Object.fromEntries(OPERATION_NAMES.map((op) => [op, rule])),
    tables: Object.values(ORG_TABLES),
  };
}
