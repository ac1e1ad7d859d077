/**
 * The Shield Advanced subscription: CreateSubscription, DescribeSubscription, UpdateSubscription,
 * DeleteSubscription, GetSubscriptionState. A subscription is a 1-year commitment: it cannot be
 * deleted before its end, AutoRenew can change only in its last 30 days (LockedSubscriptionException),
 * and one that ends with AutoRenew ENABLED renews for another year (computed when read).
 */
import { randomBytes } from 'node:crypto';
import type { Subscription } from '../api.generated.js';
import { accountOf, current, requireSubscription, scopeOf, type OpHandlers, type ShieldDeps } from '../deps.js';
import { lockedSubscription, subscriptionExists } from '../errors.js';
import { subscriptions, SUBSCRIPTION_KEY, type SubscriptionRecord } from '../store.js';

type Ops = 'CreateSubscription' | 'DescribeSubscription' | 'UpdateSubscription' | 'DeleteSubscription' | 'GetSubscriptionState';

/** One year, AWS's commitment (TimeCommitmentInSeconds 31536000). */
export const COMMITMENT_SECONDS = 31_536_000;
const DAY_MS = 86_400_000;

/** Shield Advanced's quotas as the subscription reports them. (unconfirmed numbers) */
export const LIMITS = {
  protectionsPerType: 1000,
  protectionGroups: 100,
  arbitraryMembers: 10_000,
} as const;
const RESOURCE_TYPES = ['CLOUDFRONT_DISTRIBUTION', 'ROUTE_53_HOSTED_ZONE', 'ELASTIC_IP_ALLOCATION', 'CLASSIC_LOAD_BALANCER', 'APPLICATION_LOAD_BALANCER', 'GLOBAL_ACCELERATOR'] as const;

function subscriptionOf(s: SubscriptionRecord): Subscription {
  return {
    StartTime: new Date(s.startTime),
    EndTime: new Date(s.endTime),
    TimeCommitmentInSeconds: s.commitmentSeconds,
    AutoRenew: s.autoRenew,
    Limits: [{ Type: 'MitigationCapacityUnits', Max: 10_000 }],
    ProactiveEngagementStatus: s.proactiveEngagement,
    SubscriptionLimits: {
      ProtectionLimits: { ProtectedResourceTypeLimits: RESOURCE_TYPES.map((Type) => ({ Type, Max: LIMITS.protectionsPerType })) },
      ProtectionGroupLimits: { MaxProtectionGroups: LIMITS.protectionGroups, PatternTypeLimits: { ArbitraryPatternLimits: { MaxMembers: LIMITS.arbitraryMembers } } },
    },
    SubscriptionArn: s.arn,
  };
}

export function subscriptionHandlers({ store }: ShieldDeps): OpHandlers<Ops> {
  return {
    async CreateSubscription(_input, ctx) {
      await store.transaction(async (tx) => {
        const now = ctx.caller.now;
        if (current(await subscriptions.get(tx, scopeOf(ctx), SUBSCRIPTION_KEY), now)) throw subscriptionExists();
        const id = randomBytes(6).toString('hex').replace(/(.{4})(?!$)/g, '$1-');
        const rec: SubscriptionRecord = {
          arn: `arn:aws:shield::${accountOf(ctx)}:subscription/${id}`,
          startTime: now,
          endTime: now + COMMITMENT_SECONDS * 1000,
          commitmentSeconds: COMMITMENT_SECONDS,
          autoRenew: 'ENABLED',
          proactiveEngagement: 'DISABLED',
        };
        await subscriptions.put(tx, scopeOf(ctx), SUBSCRIPTION_KEY, rec);
      });
      return {};
    },

    async DescribeSubscription(_input, ctx) {
      return { Subscription: subscriptionOf(await requireSubscription(store, ctx)) };
    },

    async GetSubscriptionState(_input, ctx) {
      const sub = current(await subscriptions.get(store, scopeOf(ctx), SUBSCRIPTION_KEY), ctx.caller.now);
      return { SubscriptionState: sub ? 'ACTIVE' : 'INACTIVE' };
    },

    async UpdateSubscription(input, ctx) {
      await store.transaction(async (tx) => {
        const sub = await requireSubscription(tx, ctx);
        if (input.AutoRenew === undefined || input.AutoRenew === sub.autoRenew) return;
        if (sub.endTime - ctx.caller.now > 30 * DAY_MS) throw lockedSubscription();
        await subscriptions.put(tx, scopeOf(ctx), SUBSCRIPTION_KEY, { ...sub, autoRenew: input.AutoRenew });
      });
      return {};
    },

    async DeleteSubscription(_input, ctx) {
      await store.transaction(async (tx) => {
        const sub = await requireSubscription(tx, ctx);
        if (ctx.caller.now < sub.endTime) throw lockedSubscription();
        await subscriptions.delete(tx, scopeOf(ctx), SUBSCRIPTION_KEY);
      });
      return {};
    },
  };
}
