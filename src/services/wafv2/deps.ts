/** What every WAFv2 handler group needs, and the typing helpers they share. */
import type { Handler, HandlerContext } from '../../protocol/service-definition.js';
import type { InternalClient } from '../../protocol/service-definition.js';
import type { Store } from '../../storage/types.js';
import type { Input, OperationName, Output, Tag } from './api.generated.js';
import type { Here } from './arns.js';
import { invalidParameter, limitsExceeded, UNSUPPORTED } from './errors.js';

export interface Wafv2Deps {
  readonly store: Store;
  /** Calls to S3 (an S3 logging destination's bucket policy). */
  readonly internal: InternalClient;
}

export type OpHandler<Op extends OperationName> = Handler<Input<Op>, Output<Op>>;
export type OpHandlers<K extends OperationName> = { readonly [Op in K]: OpHandler<Op> };

export const hereOf = (ctx: HandlerContext): Here => ({ accountId: ctx.caller.principal.accountId, region: ctx.caller.region });

/** At most 50 tags per resource (AWS WAF quotas). */
export const MAX_TAGS = 50;

/** Tags as WAF accepts them: keys unique, `aws:` reserved, at most 50. (texts unconfirmed) */
export function checkTags(tags: readonly Tag[] | undefined): void {
  const keys = new Set<string>();
  for (const t of tags ?? []) {
    if (t.Key.toLowerCase().startsWith('aws:')) throw invalidParameter('TAGS', t.Key, UNSUPPORTED);
    if (keys.has(t.Key)) throw invalidParameter('TAGS', t.Key, UNSUPPORTED);
    keys.add(t.Key);
  }
  if (keys.size > MAX_TAGS) throw limitsExceeded('Tag');
}
