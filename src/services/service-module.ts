/**
 * The contract between a service and the gateway: what the gateway hands every service
 * (`ServiceParts`) and what every service hands back (`ServiceModule`). A service is a folder under
 * src/services/<name>/ whose index exports a `ServiceFactory`; it never imports another service
 * (it calls them through `parts.internal`). See docs/adding-a-service.md.
 */
import type { Authorizer } from '../authz/authorizer.js';
import type { ServiceAuthorization } from '../authz/service-rules.js';
import type { InternalClient, ServiceDefinition } from '../protocol/service-definition.js';
import type { Clock } from '../shared/clock.js';
import type { Store } from '../storage/types.js';

/** What the gateway gives a service. */
export interface ServiceParts {
  readonly store: Store;
  /** Calls to other services (authorized as AWS authorizes them). */
  readonly internal: InternalClient;
  /**
   * Authorization, for handlers that decide more than the chain does (STS AssumeRole's trust
   * policy). A function: it exists once every service has declared its rules.
   */
  readonly authorizer: () => Authorizer;
  readonly log: (msg: string, err?: unknown) => void;
  /** The runtime's clock (what requests see as `ctx.caller.now`), for work done outside requests. */
  readonly clock: Clock;
  /** The installation's data directory, for services that keep files (S3 object bodies); absent in-process. */
  readonly dataDir?: string;
}

/** What a service gives the gateway. */
export interface ServiceModule {
  /** The API: model, codec and the handler of every operation it serves. */
  readonly definition: ServiceDefinition;
  /** How its operations are authorized (what AWS's Service Authorization Reference does not say). */
  readonly authorization: ServiceAuthorization;
  /**
   * Background work of the service (e.g. a scheduler), started by the runtime once it serves and
   * stopped before the store closes. Never throws; `stop` resolves when the work has stopped.
   */
  readonly start?: () => void;
  readonly stop?: () => Promise<void>;
}

/** Builds a service from the gateway's parts. */
export type ServiceFactory = (parts: ServiceParts) => ServiceModule;
