/** What every CloudTrail handler group needs, and the typing helpers they share. */
import type { Handler, HandlerContext, InternalClient } from '../../protocol/service-definition.js';
import type { OrganizationDirectory } from '../../shared/organization-directory.js';
import type { EventLog } from '../../storage/event-log/event-log.js';
import type { Store } from '../../storage/types.js';
import type { Input, OperationName, Output } from './api.generated.js';

export interface CloudTrailDeps {
  readonly store: Store;
  /** The event history; absent when the installation records no events (LookupEvents finds none). */
  readonly events?: EventLog;
  readonly internal: InternalClient;
  readonly log: (msg: string, err?: unknown) => void;
  /** Accounts' organizations (organization trails); absent: no account is in one. */
  readonly organizations?: OrganizationDirectory;
}

export type OpHandler<Op extends OperationName> = Handler<Input<Op>, Output<Op>>;
export type OpHandlers<K extends OperationName> = { readonly [Op in K]: OpHandler<Op> };

export const hereOf = (ctx: HandlerContext) => ({ accountId: ctx.caller.principal.accountId, region: ctx.caller.region });
