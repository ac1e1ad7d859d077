/** What every Organizations handler group needs, and the typing helpers they share. */
import type { Handler, HandlerContext, InternalClient } from '../../protocol/service-definition.js';
import type { Store } from '../../storage/types.js';
import type { Input, OperationName, Output } from './api.generated.js';

export interface OrgDeps {
  readonly store: Store;
  /** IAM calls made for a new account (its OrganizationAccountAccessRole). */
  readonly internal: InternalClient;
}

export type OpHandler<Op extends OperationName> = Handler<Input<Op>, Output<Op>>;
export type OpHandlers<K extends OperationName> = { readonly [Op in K]: OpHandler<Op> };

export const accountOf = (ctx: HandlerContext): string => ctx.caller.principal.accountId;
export const nowIso = (ctx: HandlerContext): string => new Date(ctx.caller.now).toISOString();
