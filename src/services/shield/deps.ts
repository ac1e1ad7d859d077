/** What every Shield handler needs, and the typing helpers and checks they share. */
import type { Authorizer } from '../../authz/authorizer.js';
import type { Handler, HandlerContext, InternalClient } from '../../protocol/service-definition.js';
import type { StoreOps, Store } from '../../storage/types.js';
import type { Input, OperationName, Output, Tag } from './api.generated.js';
import { invalidParameter, limitsExceeded, noSubscription } from './errors.js';
import { accountScope, subscriptions, SUBSCRIPTION_KEY, type SubscriptionRecord } from './store.js';

export interface ShieldDeps {
  readonly store: Store;
  readonly internal: InternalClient;
  readonly authorizer: () => Authorizer;
}

export type OpHandler<Op extends OperationName> = Handler<Input<Op>, Output<Op>>;
export type OpHandlers<K extends OperationName> = { readonly [Op in K]: OpHandler<Op> };

export const accountOf = (ctx: HandlerContext): string => ctx.caller.principal.accountId;
export const scopeOf = (ctx: HandlerContext) => accountScope(accountOf(ctx));

/** The account's subscription; ResourceNotFoundException (AWS's text) without one. */
export async function requireSubscription(ops: StoreOps, ctx: HandlerContext): Promise<SubscriptionRecord> {
  const sub = current(await subscriptions.get(ops, scopeOf(ctx), SUBSCRIPTION_KEY), ctx.caller.now);
  if (!sub) throw noSubscription();
  return sub;
}

/** The subscription as of `now`: renewed if it ended with AutoRenew ENABLED; undefined if it ended otherwise. */
export function current(sub: SubscriptionRecord | undefined, now: number): SubscriptionRecord | undefined {
  if (!sub) return undefined;
  if (now < sub.endTime) return sub;
  if (sub.autoRenew !== 'ENABLED') return undefined;
  const periods = Math.floor((now - sub.startTime) / (sub.commitmentSeconds * 1000));
  const startTime = sub.startTime + periods * sub.commitmentSeconds * 1000;
  return { ...sub, startTime, endTime: startTime + sub.commitmentSeconds * 1000 };
}

/** At most 50 tags per resource (AWS Shield quotas). (unconfirmed) */
export const MAX_TAGS = 50;

/** Tags as Shield accepts them: keys unique, `aws:` reserved, at most 50. */
export function checkTags(tags: readonly Tag[] | undefined): Tag[] {
  const keys = new Set<string>();
  const out: Tag[] = [];
  for (const t of tags ?? []) {
    if (t.Key === undefined || t.Key === '') throw invalidParameter('Tag keys must not be empty.', 'Tags');
    if (t.Key.toLowerCase().startsWith('aws:')) throw invalidParameter(`Tag keys cannot start with aws: (${t.Key}).`, 'Tags');
    if (keys.has(t.Key)) throw invalidParameter(`Duplicate tag key ${t.Key}.`, 'Tags');
    keys.add(t.Key);
    out.push({ Key: t.Key, Value: t.Value ?? '' });
  }
  if (keys.size > MAX_TAGS) throw limitsExceeded('TAGS', MAX_TAGS);
  return out;
}

/** Pages of a sorted list: the token is the index of the next item, encoded. */
export function page<T>(items: readonly T[], token: string | undefined, max: number | undefined, defaultMax: number, bad: () => Error): { items: T[]; next?: string } {
  let start = 0;
  if (token !== undefined) {
    const m = /^p([0-9]{1,9})$/.exec(Buffer.from(token, 'base64url').toString('latin1'));
    if (!m) throw bad();
    start = Number(m[1]);
    if (start > items.length) throw bad();
  }
  const n = max === undefined || max === 0 ? defaultMax : max;
  const slice = items.slice(start, start + n);
  const end = start + slice.length;
  return end < items.length ? { items: slice, next: Buffer.from(`p${end}`, 'latin1').toString('base64url') } : { items: slice };
}
