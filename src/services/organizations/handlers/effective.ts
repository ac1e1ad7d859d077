/**
 * DescribeEffectivePolicy: the merge (effective-policy.ts) of the management policies of one type
 * attached to an account's chain. A member account asks for itself; the management account for any
 * account of the organization.
 */
import { AwsError } from '../../../shared/aws-error.js';
import { accountNotFound, invalidInput } from '../errors.js';
import { effectivePolicy, type PolicyJson } from '../effective-policy.js';
import { idKind } from '../ids.js';
import { attachedTo, callerOrg, memberOf, ouChain, policyOf, readableOrg, delegatedOrg } from '../org-context.js';
import { accountOf, type OrgDeps, type OpHandlers } from '../deps.js';

const notFound = () =>
  new AwsError({ code: 'EffectivePolicyNotFoundException', message: "We can't find an effective policy of the specified type for the target.", httpStatus: 400, senderFault: true });

export function effectivePolicyHandlers({ store }: OrgDeps): OpHandlers<'DescribeEffectivePolicy'> {
  return {
    async DescribeEffectivePolicy(input, ctx) {
      const { org } = await callerOrg(store, ctx);
      const me = accountOf(ctx);
      const targetId = input.TargetId ?? me;
      if (idKind(targetId) !== 'account') throw invalidInput('You specified an invalid value.', 'INVALID_PATTERN_TARGET_ID');
      // Another account's: the management account or a delegated administrator only.
      if (targetId !== me) await delegatedOrg(store, ctx, 'DescribeEffectivePolicy', readableOrg);
      const member = await memberOf(store, org, targetId);
      if (!member) throw accountNotFound();
      const targets = [org.rootId, ...(await ouChain(store, org, member.parentId)).map((o) => o.id), targetId];
      const levels: PolicyJson[][] = [];
      for (const t of targets) {
        const docs: PolicyJson[] = [];
        for (const a of await attachedTo(store, org, t, input.PolicyType)) {
          const p = await policyOf(store, org, a.policyId).catch(() => undefined);
          // protocol-lint: allow policy content is data (validated as JSON when stored), not wire format
          if (p) docs.push(JSON.parse(p.content) as PolicyJson);
        }
        levels.push(docs);
      }
      const eff = effectivePolicy(levels);
      if (eff === undefined) throw notFound();
      return {
        EffectivePolicy: {
          // protocol-lint: allow the effective policy is a document the API returns as a string
          PolicyContent: JSON.stringify(eff),
          LastUpdatedTimestamp: new Date(ctx.caller.now),
          TargetId: targetId,
          PolicyType: input.PolicyType,
        },
      };
    },
  };
}
