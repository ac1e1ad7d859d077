import type { Caller } from '../shared/caller.js';
import type { ServiceModel } from './model/service-model.js';
import type { ProtocolCodec, ProtocolRequest } from './types.js';

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
  /**
   * S3's payload rules: UNSIGNED-PAYLOAD and the STREAMING-* (aws-chunked) forms of
   * x-amz-content-sha256 are honoured, and operations whose input payload is a streaming blob get
   * the verified body as a stream instead of a buffer (uploads of any size in bounded memory).
   * Other services hash the body they received into the signature, as AWS's do.
   */
  readonly streamingPayloads?: boolean;
  /**
   * Cross-origin resource sharing as the service answers it (S3's bucket CORS): preflight `OPTIONS`
   * requests, which carry no signature, and the Access-Control-* headers of answered requests that
   * carry `Origin`.
   */
  readonly cors?: CorsResponder;
  /**
   * For services sharing a signing name (S3 Control signs as `s3`): whether a request is this
   * service's, from its path and headers. The registry asks it before falling back to the first
   * service registered under the name.
   */
  readonly claims?: (req: { readonly rawPath: string; readonly headers: Readonly<Record<string, string>> }) => boolean;
}

/** How a service answers CORS (see `ServiceDefinition.cors`). */
export interface CorsResponder {
  /** A preflight request (unsigned `OPTIONS`): the headers of its 200 answer, or throws the service's AwsError (403). */
  preflight(req: Omit<ProtocolRequest, 'body'>): Promise<Readonly<Record<string, string>>>;
  /** The Access-Control-* headers to add to the answer of an operation called with an `Origin` header, if any. */
  headers(req: Omit<ProtocolRequest, 'body'>, operation: string, input: Readonly<Record<string, unknown>>): Promise<Readonly<Record<string, string>> | undefined>;
}

/**
 * The entries of the operations a service does not serve, named one by one: a handler table built
 * as `{ ...notServed([...]), ...groupA(deps), ... }` and typed as the generated `<Name>Handlers`
 * fails to compile when an operation is neither served nor listed here.
 */
export function notServed<const K extends string>(operations: readonly K[]): Record<K, typeof NOT_IMPLEMENTED> {
  return Object.fromEntries(operations.map((op) => [op, NOT_IMPLEMENTED])) as Record<K, typeof NOT_IMPLEMENTED>;
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

/** On whose behalf a service calls another. */
export type OnBehalfOf =
  /** The caller of the request being served; `via` is the calling service's principal (`s3.amazonaws.com`). */
  | { readonly caller: Caller; readonly via: string }
  /** The calling service itself (`cloudtrail.amazonaws.com`), for the resource of `serviceContext` (aws:SourceArn, aws:SourceAccount). */
  | { readonly servicePrincipal: string; readonly region: string; readonly now: number; readonly serviceContext?: Readonly<Record<string, string>> };

/**
 * How services call services (S3 asks KMS for a data key, CloudTrail writes to S3), never by
 * importing each other: the call is authorized as AWS authorizes it (the caller's identity with
 * `aws:CalledVia` / `aws:ViaAWSService` and the service's "via" key, or the service principal,
 * which only resource-based policies grant) and answered by the target's handler, typed input to
 * typed output, no wire format.
 */
export interface InternalClient {
  call(service: string, operation: string, input: Readonly<Record<string, unknown>>, on: OnBehalfOf): Promise<unknown>;
}
