/** What every IAM handler group needs, and the typing helpers they share. */
import type { OrganizationSource } from '../../authz/sources.js';
import type { Handler, HandlerContext } from '../../protocol/service-definition.js';
import type { Scope, Store } from '../../storage/types.js';
import type { Input, OperationName, Output } from './api.generated.js';
import { accountScope } from './store/tables.js';

/** Dependencies of the IAM service. */
export interface IamDeps {
  readonly store: Store;
  /** The organization's SCPs (SimulatePrincipalPolicy includes them for member accounts, as AWS's simulator does). */
  readonly organization?: Pick<OrganizationSource, 'serviceControlPolicies'>;
}

/** The typed handler of one operation. */
export type OpHandler<Op extends OperationName> = Handler<Input<Op>, Output<Op>>;

/** A group of typed handlers. */
export type OpHandlers<K extends OperationName> = { readonly [Op in K]: OpHandler<Op> };

/** The caller's account scope. */
export function scopeOf(ctx: HandlerContext): Scope {
  return accountScope(ctx.caller.principal.accountId);
}

/** ISO 8601 of the request time. */
export function nowIso(ctx: HandlerContext): string {
  return new Date(ctx.caller.now).toISOString();
}
