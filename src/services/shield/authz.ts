/**
 * How Shield operations are authorized (Service Authorization Reference, `models/iam-data.json`):
 * `shield:<Operation>`, on the canonical ARN of the protection, protection group or attack acted upon
 * (`arn:aws:shield::<account>:protection/<id>`, `.../protection-group/<id>`, `.../attack/<id>`) with its
 * `aws:ResourceTag/*`; DescribeProtection by ResourceArn acts on the protection of that resource. The
 * operations the reference lists without a resource act on `*`. TagResource/UntagResource/
 * ListTagsForResource act on the ARN they name. Calls Shield makes to IAM, S3 and WAFv2 are authorized
 * as the caller in the handlers (AccessDeniedForDependencyException), and AssociateDRTRole checks
 * iam:PassRole there too.
 */
import type { OperationAuthz, ResolveEnv, ServiceAuthorization, TargetResource } from '../../authz/service-rules.js';
import type { ContextValue } from '../../policy/index.js';
import type { Store } from '../../storage/types.js';
import type { Tag } from './api.generated.js';
import { attackArn, groupArn, parseShieldArn, protectionArn } from './arns.js';
import { protectionByResource } from './protections.js';
import { accountScope, groups, protections, SHIELD_TABLES } from './store.js';

type Input = Readonly<Record<string, unknown>>;
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

function tagKeys(tags: readonly Tag[] | undefined): Record<string, ContextValue> {
  const keys: Record<string, ContextValue> = {};
  for (const t of tags ?? []) if (t.Key !== undefined) keys[`aws:ResourceTag/${t.Key}`] = t.Value ?? '';
  return keys;
}

export function shieldAuthorization(store: Store): ServiceAuthorization {
  const protection = async (id: string, env: ResolveEnv): Promise<TargetResource> => {
    const rec = id ? await protections.get(store, accountScope(env.accountId), id) : undefined;
    return { arn: rec?.arn ?? protectionArn(env.accountId, id || '*'), type: 'protection', keys: tagKeys(rec?.tags) };
  };
  const group = async (id: string, env: ResolveEnv): Promise<TargetResource> => {
    const rec = id ? await groups.get(store, accountScope(env.accountId), id) : undefined;
    return { arn: rec?.arn ?? groupArn(env.accountId, id || '*'), type: 'protection-group', keys: tagKeys(rec?.tags) };
  };
  const byProtectionId: OperationAuthz = { resolve: async (input, env) => [await protection(str(input['ProtectionId']), env)] };
  const byGroupId: OperationAuthz = { resolve: async (input, env) => [await group(str(input['ProtectionGroupId']), env)] };
  const byArn: OperationAuthz = {
    resolve: async (input, env) => {
      const arn = str(input['ResourceARN']);
      const p = parseShieldArn(arn);
      if (!p || p.accountId !== env.accountId) return [{ arn }];
      return [p.kind === 'protection' ? await protection(p.id, env) : await group(p.id, env)];
    },
  };
  const operations: Record<string, OperationAuthz> = {
    DescribeProtection: {
      resolve: async (input, env) => {
        if (input['ProtectionId'] !== undefined) return [await protection(str(input['ProtectionId']), env)];
        const rec = await protectionByResource(store, env.accountId, str(input['ResourceArn']));
        return [rec ? { arn: rec.arn, type: 'protection', keys: tagKeys(rec.tags) } : { arn: protectionArn(env.accountId, '*'), type: 'protection' }];
      },
    },
    DeleteProtection: byProtectionId,
    AssociateHealthCheck: byProtectionId,
    DisassociateHealthCheck: byProtectionId,
    DescribeProtectionGroup: byGroupId,
    UpdateProtectionGroup: byGroupId,
    DeleteProtectionGroup: byGroupId,
    ListResourcesInProtectionGroup: byGroupId,
    DescribeAttack: { resolve: async (input: Input, env) => [{ arn: attackArn(env.accountId, str(input['AttackId'])), type: 'attack' }] },
    TagResource: byArn,
    UntagResource: byArn,
    ListTagsForResource: byArn,
  };
  return { prefix: 'shield', operations, tables: [SHIELD_TABLES.protections, SHIELD_TABLES.groups] };
}
