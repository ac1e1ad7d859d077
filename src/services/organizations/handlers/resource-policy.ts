/**
 * The organization's resource-based delegation policy: PutResourcePolicy, DescribeResourcePolicy,
 * DeleteResourcePolicy (management account only). It lets member accounts call the delegable
 * operations (org-context.ts DELEGABLE_OPERATIONS): their requests are then decided as cross-account
 * requests to the management account, so this policy and the caller's own policies must both allow.
 */
import { randomInt } from 'node:crypto';
import { validatePolicy } from '../../../policy/index.js';
import { ResourcePolicyNotFoundException, type ResourcePolicy } from '../api.generated.js';
import { constraint, malformedPolicy } from '../errors.js';
import { managedOrg } from '../org-context.js';
import { GLOBAL, resourcePolicy, type OrgRecord } from '../store.js';
import type { OrgDeps, OpHandlers } from '../deps.js';
import { addTags } from './tags-and-closing.js';

/** The most characters a delegation policy may hold (an Organizations quota; unconfirmed for this type). */
export const MAX_DELEGATION_POLICY_CHARS = 40_000;

const newId = (): string => {
  let s = 'rp-';
  for (let i = 0; i < 8; i++) s += 'abcdefghijklmnopqrstuvwxyz0123456789'[randomInt(36)];
  return s;
};

const view = (org: OrgRecord, p: { id: string; content: string }): ResourcePolicy => ({
  ResourcePolicySummary: { Id: p.id, Arn: `arn:aws:organizations::${org.managementAccountId}:resourcepolicy/${org.id}/${p.id}` },
  Content: p.content,
});

const notFound = () => new ResourcePolicyNotFoundException("We can't find a resource policy request with the parameter that you specified.");

export function resourcePolicyHandlers({ store }: OrgDeps): OpHandlers<'PutResourcePolicy' | 'DescribeResourcePolicy' | 'DeleteResourcePolicy'> {
  return {
    async PutResourcePolicy(input, ctx) {
      if (input.Content.length > MAX_DELEGATION_POLICY_CHARS) throw constraint('POLICY_CONTENT_LIMIT_EXCEEDED', 'You attempted to create a policy that is larger than the maximum size.');
      // A resource policy: Principal required, actions of Organizations.
      if (!validatePolicy(input.Content, 'resource').ok) throw malformedPolicy('RESOURCE_POLICY');
      return store.transaction(async (tx) => {
        const org = await managedOrg(tx, ctx);
        const current = await resourcePolicy.get(tx, GLOBAL, `${org.id}|policy`);
        const next = { id: current?.id ?? newId(), content: input.Content };
        await resourcePolicy.put(tx, GLOBAL, `${org.id}|policy`, next);
        if (input.Tags?.length) await addTags(tx, org, next.id, input.Tags);
        return { ResourcePolicy: view(org, next) };
      });
    },

    async DescribeResourcePolicy(_input, ctx) {
      const org = await managedOrg(store, ctx);
      const p = await resourcePolicy.get(store, GLOBAL, `${org.id}|policy`);
      if (!p) throw notFound();
      return { ResourcePolicy: view(org, p) };
    },

    async DeleteResourcePolicy(_input, ctx) {
      await store.transaction(async (tx) => {
        const org = await managedOrg(tx, ctx);
        if (!(await resourcePolicy.delete(tx, GLOBAL, `${org.id}|policy`))) throw notFound();
      });
    },
  };
}
