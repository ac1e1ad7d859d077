import type { Caller } from '../shared/caller.js';
import type { ServiceModel } from './model/service-model.js';
import type { ProtocolCodec } from './types.js';

/** What a handler knows about the request it serves. No HTTP in here. */
export interface HandlerContext {
  readonly requestId: string;
  /** Who makes the request and from where (principal, session, region, time, source IP). */
  readonly caller: Caller;
}

/** A handler takes typed input and returns typed output; errors are thrown as AwsError. */
export type Handler<I = Record<string, unknown>, O = unknown> = (input: I, ctx: HandlerContext) => O | Promise<O>;

/**
 * Marks an operation the service does not implement yet: the gateway answers it as AWS answers an
 * operation it does not know, and `/_rampart/health` leaves it out of the implemented list.
 */
export const NOT_IMPLEMENTED = Symbol('not-implemented');

export type HandlerTable = Readonly<Record<string, Handler | typeof NOT_IMPLEMENTED>>;

/** One AWS service as the gateway serves it. */
export interface ServiceDefinition {
  /** Short name, e.g. `sts`, `iam`. */
  readonly name: string;
  readonly model: ServiceModel;
  readonly codec: ProtocolCodec;
  readonly handlers: HandlerTable;
  /** Region used when the request names none (global services such as IAM and STS use us-east-1). */
  readonly defaultRegion?: string;
  /**
   * A global service (IAM): requests are signed for its partition's global region only (`us-east-1`
   * in `aws`); any other region is refused as AWS refuses it.
   */
  readonly global?: boolean;
  /**
   * Operations AWS serves without a signature (S3 reads of public objects, STS
   * AssumeRoleWithWebIdentity / AssumeRoleWithSAML): an unsigned request reaches them as the
   * anonymous principal, authorized like any other; every other operation requires SigV4.
   */
  readonly anonymousOperations?: ReadonlySet<string>;
}

/** Operation names a service really serves. */
export function implementedOperations(def: ServiceDefinition): string[] {
  return Object.entries(def.handlers)
    .filter(([, h]) => h !== NOT_IMPLEMENTED)
    .map(([op]) => op)
    .sort();
}

/**
 * Widens a generated, fully typed handler table (e.g. `StsHandlers` from
 * `src/services/sts/api.generated.ts`) to the table the gateway dispatches on. The typing is
 * checked where the table is declared: a missing operation or a wrong input/output type fails there.
 */
export function asHandlerTable<T extends { readonly [op: string]: unknown }>(typed: T): HandlerTable {
  return typed as unknown as HandlerTable;
}
