/**
 * Organization policies: CreatePolicy, UpdatePolicy, DeletePolicy, DescribePolicy, ListPolicies,
 * AttachPolicy, DetachPolicy, ListPoliciesForTarget, ListTargetsForPolicy.
 * SCPs and RCPs are validated by the policy grammar (src/policy: `scp`/`rcp` kinds, 5,120
 * characters counting white space); other types must be JSON of at most 10,000 characters. At most
 * 5 policies of a type on one target, at least one SCP (and one RCP) while the type is enabled.
 */
import { validatePolicy } from '../../../policy/index.js';
import type { StoreOps } from '../../../storage/types.js';
import type { PolicyType } from '../api.generated.js';
import { accessDenied, constraint, duplicateAttachment, duplicatePolicy, malformedPolicy, policyInUse, policyNotAttached, targetNotFound, typeNotEnabled } from '../errors.js';
import { newPolicyId } from '../ids.js';
import { POLICY_OPERATORS } from '../effective-policy.js';
import { AWS_MANAGED } from '../managed-policies.js';
import { attach, attachedTo, detach, isAwsManaged, managedOrg, readableOrg, policyOf, targetOf, delegatedOrg } from '../org-context.js';
import { page } from '../pagination.js';
import { addTags } from './tags-and-closing.js';
import { GLOBAL, listIn, policies, policyTargets, type OrgPolicyRecord, type OrgRecord } from '../store.js';
import { policySummary } from '../views.js';
import type { OrgDeps, OpHandlers } from '../deps.js';

/** Policies of one type on one target. */
export const MAX_POLICIES_PER_TARGET = 5;

const KIND: Partial<Record<PolicyType, 'scp' | 'rcp'>> = { SERVICE_CONTROL_POLICY: 'scp', RESOURCE_CONTROL_POLICY: 'rcp' };
const OTHER_MAX_SIZE = 10_000;

/** Refuses a document the type does not accept: too large (ConstraintViolation) or malformed. */
function checkContent(type: PolicyType, content: string): void {
  const kind = KIND[type];
  const max = kind ? 5120 : OTHER_MAX_SIZE;
  if (content.length > max) throw constraint('POLICY_CONTENT_LIMIT_EXCEEDED', 'You attempted to create a policy that is larger than the maximum size.');
  if (kind) {
    if (!validatePolicy(content, kind).ok) throw malformedPolicy(type);
    return;
  }
  try {
    // protocol-lint: allow policy content is data (validated as JSON), not wire format
    const v: unknown = JSON.parse(content);
    if (!v || typeof v !== 'object' || Array.isArray(v) || hasUnknownOperator(v, 0)) throw new Error('not a management policy');
  } catch {
    throw malformedPolicy(type);
  }
}

/** A key starting with `@@` that is not an inheritance operator (or nesting deeper than 32). */
function hasUnknownOperator(v: unknown, depth: number): boolean {
  if (depth > 32) return true;
  if (!v || typeof v !== 'object') return false;
  if (Array.isArray(v)) return v.some((x) => hasUnknownOperator(x, depth + 1));
  return Object.entries(v).some(([k, x]) => (k.startsWith('@@') && !POLICY_OPERATORS.has(k)) || hasUnknownOperator(x, depth + 1));
}

async function ownPolicy(ops: StoreOps, org: OrgRecord, policyId: string): Promise<OrgPolicyRecord> {
  const p = await policyOf(ops, org, policyId);
  if (isAwsManaged(p)) throw accessDenied();
  return p;
}

type Ops =
  | 'CreatePolicy'
  | 'UpdatePolicy'
  | 'DeletePolicy'
  | 'DescribePolicy'
  | 'ListPolicies'
  | 'AttachPolicy'
  | 'DetachPolicy'
  | 'ListPoliciesForTarget'
  | 'ListTargetsForPolicy';

export function policyHandlers({ store }: OrgDeps): OpHandlers<Ops> {
  return {
    async CreatePolicy(input, ctx) {
      checkContent(input.Type, input.Content);
      return store.transaction(async (tx) => {
        const org = await delegatedOrg(tx, ctx, 'CreatePolicy', managedOrg);
        const all = await listIn(tx, policies, org.id);
        if ([...AWS_MANAGED, ...all].some((p) => p.type === input.Type && p.name === input.Name)) throw duplicatePolicy();
        if (all.length >= 1000) throw constraint('POLICY_NUMBER_LIMIT_EXCEEDED', 'You have reached the maximum number of policies in the organization.');
        const p: OrgPolicyRecord = { id: newPolicyId(), name: input.Name, description: input.Description, type: input.Type, content: input.Content };
        await policies.put(tx, GLOBAL, `${org.id}|${p.id}`, p);
        await addTags(tx, org, p.id, input.Tags ?? []);
        return { Policy: { PolicySummary: policySummary(org, p), Content: p.content } };
      });
    },

    async UpdatePolicy(input, ctx) {
      return store.transaction(async (tx) => {
        const org = await delegatedOrg(tx, ctx, 'UpdatePolicy', managedOrg);
        const p = await ownPolicy(tx, org, input.PolicyId);
        if (input.Content !== undefined) checkContent(p.type, input.Content);
        const name = input.Name ?? p.name;
        if (name !== p.name && (await listIn(tx, policies, org.id)).some((o) => o.type === p.type && o.name === name)) throw duplicatePolicy();
        const next = { ...p, name, description: input.Description ?? p.description, content: input.Content ?? p.content };
        await policies.put(tx, GLOBAL, `${org.id}|${p.id}`, next);
        return { Policy: { PolicySummary: policySummary(org, next), Content: next.content } };
      });
    },

    async DeletePolicy(input, ctx) {
      await store.transaction(async (tx) => {
        const org = await delegatedOrg(tx, ctx, 'DeletePolicy', managedOrg);
        const p = await ownPolicy(tx, org, input.PolicyId);
        if ((await listIn(tx, policyTargets, org.id, `${p.id}|`)).length > 0) throw policyInUse();
        await policies.delete(tx, GLOBAL, `${org.id}|${p.id}`);
      });
    },

    async DescribePolicy(input, ctx) {
      const org = await delegatedOrg(store, ctx, 'DescribePolicy', readableOrg);
      const p = await policyOf(store, org, input.PolicyId);
      return { Policy: { PolicySummary: policySummary(org, p), Content: p.content } };
    },

    async ListPolicies(input, ctx) {
      const org = await delegatedOrg(store, ctx, 'ListPolicies', readableOrg);
      const all = [...AWS_MANAGED, ...(await listIn(store, policies, org.id))].filter((p) => p.type === input.Filter);
      const p = page(all, (x) => x.id, input);
      return { Policies: p.items.map((x) => policySummary(org, x)), ...(p.NextToken ? { NextToken: p.NextToken } : {}) };
    },

    async AttachPolicy(input, ctx) {
      await store.transaction(async (tx) => {
        const org = await delegatedOrg(tx, ctx, 'AttachPolicy', managedOrg);
        const p = await policyOf(tx, org, input.PolicyId);
        const target = await targetOf(tx, org, input.TargetId);
        if (!target) throw targetNotFound();
        if (!org.enabledTypes.includes(p.type)) throw typeNotEnabled();
        const current = await attachedTo(tx, org, target.id, p.type);
        if (current.some((a) => a.policyId === p.id)) throw duplicateAttachment();
        if (current.length >= MAX_POLICIES_PER_TARGET) {
          throw constraint('MAX_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED', 'You attempted to exceed the number of policies of a certain type that can be attached to an entity at one time.');
        }
        await attach(tx, org, { policyId: p.id, targetId: target.id, type: p.type });
      });
    },

    async DetachPolicy(input, ctx) {
      await store.transaction(async (tx) => {
        const org = await delegatedOrg(tx, ctx, 'DetachPolicy', managedOrg);
        const p = await policyOf(tx, org, input.PolicyId);
        const target = await targetOf(tx, org, input.TargetId);
        if (!target) throw targetNotFound();
        const current = await attachedTo(tx, org, target.id, p.type);
        if (!current.some((a) => a.policyId === p.id)) throw policyNotAttached();
        if (KIND[p.type] && current.length === 1) {
          throw constraint('MIN_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED', 'You attempted to detach a policy from an entity that would cause the entity to have fewer than the minimum number of policies of a certain type required.');
        }
        await detach(tx, org, target.id, p.id);
      });
    },

    async ListPoliciesForTarget(input, ctx) {
      const org = await delegatedOrg(store, ctx, 'ListPoliciesForTarget', readableOrg);
      const target = await targetOf(store, org, input.TargetId);
      if (!target) throw targetNotFound();
      const found = await Promise.all((await attachedTo(store, org, target.id, input.Filter)).map((a) => policyOf(store, org, a.policyId)));
      const p = page(found, (x) => x.id, input);
      return { Policies: p.items.map((x) => policySummary(org, x)), ...(p.NextToken ? { NextToken: p.NextToken } : {}) };
    },

    async ListTargetsForPolicy(input, ctx) {
      const org = await delegatedOrg(store, ctx, 'ListTargetsForPolicy', readableOrg);
      const p = await policyOf(store, org, input.PolicyId);
      const targets = [];
      for (const a of await listIn(store, policyTargets, org.id, `${p.id}|`)) {
        const t = await targetOf(store, org, a.targetId);
        if (t) targets.push(t);
      }
      const pg = page(targets, (t) => t.id, input);
      return { Targets: pg.items.map((t) => ({ TargetId: t.id, Arn: t.arn, Name: t.name, Type: t.type })), ...(pg.NextToken ? { NextToken: pg.NextToken } : {}) };
    },
  };
}
