/**
 * The internal client (`InternalClient`, src/protocol/service-definition.ts): one service calling
 * another through the gateway's registry and authorizer, with no HTTP and no wire format. The
 * input is validated against the target's model and the call is authorized exactly as a request
 * would be, as the caller (with `aws:CalledVia` extended by the calling service) or as the calling
 * service's own principal.
 */
import type { Authorizer } from '../authz/authorizer.js';
import { unknownOperationError } from '../protocol/codecs.js';
import { NOT_IMPLEMENTED, type InternalClient, type OnBehalfOf } from '../protocol/service-definition.js';
import { validateInput } from '../protocol/validate/validate-input.js';
import { validationError } from '../protocol/validate/validation-issues.js';
import type { Caller } from '../shared/caller.js';
import { newRequestId } from '../shared/ids.js';
import type { ServiceRegistry } from './identify-service.js';

/** The caller of an internal call. */
function callerOf(on: OnBehalfOf): Caller {
  if ('caller' in on) return { ...on.caller, calledVia: [...(on.caller.calledVia ?? []), on.via] };
  return {
    principal: { accountId: '', arn: on.servicePrincipal, userId: on.servicePrincipal, type: 'service' },
    now: on.now,
    sourceIp: on.servicePrincipal,
    secureTransport: true,
    region: on.region,
    ...(on.serviceContext ? { serviceContext: on.serviceContext } : {}),
  };
}

/** An internal client over `registry` and `authorizer` (set once the gateway is composed). */
export class GatewayInternalClient implements InternalClient {
  private wiring: { registry: ServiceRegistry; authorizer: Authorizer } | undefined;

  /** Completes the client once the services it calls exist (services receive it before that). */
  wire(registry: ServiceRegistry, authorizer: Authorizer): void {
    this.wiring = { registry, authorizer };
  }

  async call(serviceName: string, operation: string, input: Readonly<Record<string, unknown>>, on: OnBehalfOf): Promise<unknown> {
    if (!this.wiring) throw new Error('internal client used before the gateway was composed');
    const service = this.wiring.registry.byName(serviceName);
    if (!service) throw new Error(`internal call to a service the gateway does not have: ${serviceName}`);
    const handler = service.handlers[operation];
    if (!handler || handler === NOT_IMPLEMENTED) throw unknownOperationError(service.model, operation);
    const op = service.model.operation(operation)!;
    const issues = validateInput(service.model, service.model.resolve(op.input), input);
    if (issues.length) throw validationError(issues, service.model.metadata.protocol === 'query' || service.model.metadata.protocol === 'ec2' ? 'ValidationError' : 'ValidationException');
    const caller = callerOf(on);
    await this.wiring.authorizer.authorizeOperation({ prefix: service.name, protocol: service.model.metadata.protocol }, operation, input, caller, caller);
    return handler(input, { requestId: newRequestId(), caller });
  }
}
