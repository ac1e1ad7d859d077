/**
 * Protection groups: CreateProtectionGroup, UpdateProtectionGroup, DeleteProtectionGroup,
 * DescribeProtectionGroup, ListProtectionGroups, ListResourcesInProtectionGroup. Pattern ALL takes
 * every protected resource, BY_RESOURCE_TYPE those of ResourceType, ARBITRARY its Members; ResourceType
 * is set only with BY_RESOURCE_TYPE and Members only with ARBITRARY (InvalidParameterException otherwise).
 */
import type { HandlerContext } from '../../../protocol/service-definition.js';
import type { StoreOps } from '../../../storage/types.js';
import type { CreateProtectionGroupRequest, ProtectionGroup } from '../api.generated.js';
import { groupArn, parseProtectedArn } from '../arns.js';
import { accountOf, checkTags, page, requireSubscription, scopeOf, type OpHandlers, type ShieldDeps } from '../deps.js';
import { badToken, groupExists, invalidParameter, limitsExceeded, noGroup } from '../errors.js';
import { allProtections } from '../protections.js';
import { groups, type ProtectionGroupRecord } from '../store.js';
import { LIMITS } from './subscription.js';

type Ops = 'CreateProtectionGroup' | 'UpdateProtectionGroup' | 'DeleteProtectionGroup' | 'DescribeProtectionGroup' | 'ListProtectionGroups' | 'ListResourcesInProtectionGroup';

type Config = Pick<CreateProtectionGroupRequest, 'Aggregation' | 'Pattern' | 'ResourceType' | 'Members'>;

/** Checks a group's pattern against ResourceType and Members; returns the members to store. */
function checkConfig(c: Config): string[] {
  if (c.Pattern === 'BY_RESOURCE_TYPE' && c.ResourceType === undefined) throw invalidParameter('ResourceType must be set when Pattern is BY_RESOURCE_TYPE.', 'ResourceType');
  if (c.Pattern !== 'BY_RESOURCE_TYPE' && c.ResourceType !== undefined) throw invalidParameter('ResourceType may be set only when Pattern is BY_RESOURCE_TYPE.', 'ResourceType');
  if (c.Pattern === 'ARBITRARY') {
    const members = [...new Set(c.Members ?? [])];
    if (members.length > LIMITS.arbitraryMembers) throw limitsExceeded('PROTECTION_GROUP_MEMBERS', LIMITS.arbitraryMembers);
    for (const m of members) if (!parseProtectedArn(m)) throw invalidParameter(`Invalid resource ARN in Members: ${m}`, 'Members');
    return members;
  }
  if (c.Members !== undefined && c.Members.length > 0) throw invalidParameter('Members may be set only when Pattern is ARBITRARY.', 'Members');
  return [];
}

function groupOf(g: ProtectionGroupRecord, members: readonly string[]): ProtectionGroup {
  return {
    ProtectionGroupId: g.id,
    Aggregation: g.aggregation,
    Pattern: g.pattern,
    ...(g.resourceType !== undefined ? { ResourceType: g.resourceType } : {}),
    Members: [...members],
    ProtectionGroupArn: g.arn,
  };
}

/** The resources a group covers now (ALL and BY_RESOURCE_TYPE follow the protections). */
async function membersOf(ops: StoreOps, g: ProtectionGroupRecord): Promise<string[]> {
  if (g.pattern === 'ARBITRARY') return [...g.members];
  return (await allProtections(ops, g.arn.split(':')[4]!)).filter((p) => g.pattern === 'ALL' || p.resourceType === g.resourceType).map((p) => p.resourceArn).sort();
}

async function requireGroup(ops: StoreOps, ctx: HandlerContext, id: string): Promise<ProtectionGroupRecord> {
  const g = await groups.get(ops, scopeOf(ctx), id);
  if (!g) throw noGroup();
  return g;
}

export function groupHandlers({ store }: ShieldDeps): OpHandlers<Ops> {
  return {
    async CreateProtectionGroup(input, ctx) {
      const members = checkConfig(input);
      const tags = checkTags(input.Tags);
      await store.transaction(async (tx) => {
        await requireSubscription(tx, ctx);
        if (await groups.get(tx, scopeOf(ctx), input.ProtectionGroupId)) throw groupExists();
        if ((await groups.count(tx, scopeOf(ctx))) >= LIMITS.protectionGroups) throw limitsExceeded('PROTECTION_GROUPS', LIMITS.protectionGroups);
        const rec: ProtectionGroupRecord = {
          id: input.ProtectionGroupId,
          arn: groupArn(accountOf(ctx), input.ProtectionGroupId),
          aggregation: input.Aggregation,
          pattern: input.Pattern,
          ...(input.ResourceType !== undefined ? { resourceType: input.ResourceType } : {}),
          members,
          tags,
        };
        await groups.put(tx, scopeOf(ctx), rec.id, rec);
      });
      return {};
    },

    async UpdateProtectionGroup(input, ctx) {
      const members = checkConfig(input);
      await store.transaction(async (tx) => {
        await requireSubscription(tx, ctx);
        const g = await requireGroup(tx, ctx, input.ProtectionGroupId);
        const { resourceType: _dropped, ...rest } = g;
        await groups.put(tx, scopeOf(ctx), g.id, { ...rest, aggregation: input.Aggregation, pattern: input.Pattern, ...(input.ResourceType !== undefined ? { resourceType: input.ResourceType } : {}), members });
      });
      return {};
    },

    async DeleteProtectionGroup(input, ctx) {
      await store.transaction(async (tx) => {
        await requireSubscription(tx, ctx);
        await requireGroup(tx, ctx, input.ProtectionGroupId);
        await groups.delete(tx, scopeOf(ctx), input.ProtectionGroupId);
      });
      return {};
    },

    async DescribeProtectionGroup(input, ctx) {
      await requireSubscription(store, ctx);
      const g = await requireGroup(store, ctx, input.ProtectionGroupId);
      return { ProtectionGroup: groupOf(g, await membersOf(store, g)) };
    },

    async ListProtectionGroups(input, ctx) {
      await requireSubscription(store, ctx);
      const f = input.InclusionFilters;
      const all = (await groups.list(store, scopeOf(ctx)))
        .map((r) => r.value)
        .filter(
          (g) =>
            (!f?.ProtectionGroupIds || f.ProtectionGroupIds.includes(g.id)) &&
            (!f?.Patterns || f.Patterns.includes(g.pattern)) &&
            (!f?.ResourceTypes || (g.resourceType !== undefined && f.ResourceTypes.includes(g.resourceType))) &&
            (!f?.Aggregations || f.Aggregations.includes(g.aggregation)),
        );
      const p = page(all, input.NextToken, input.MaxResults, 100, badToken);
      const out: ProtectionGroup[] = [];
      for (const g of p.items) out.push(groupOf(g, await membersOf(store, g)));
      return { ProtectionGroups: out, ...(p.next !== undefined ? { NextToken: p.next } : {}) };
    },

    async ListResourcesInProtectionGroup(input, ctx) {
      await requireSubscription(store, ctx);
      const g = await requireGroup(store, ctx, input.ProtectionGroupId);
      const p = page(await membersOf(store, g), input.NextToken, input.MaxResults, 100, badToken);
      return { ResourceArns: p.items, ...(p.next !== undefined ? { NextToken: p.next } : {}) };
    },
  };
}
