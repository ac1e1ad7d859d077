import { authError, peekSigningInfo, verifyRequest } from '../auth/index.js';
import type { ErrorFamily } from '../auth/types.js';
import type { Authorizer } from '../authz/authorizer.js';
import type { KnownCredential } from '../authz/credential-resolver.js';
import type { SessionContext } from '../authz/session-store.js';
import { unknownOperationError } from '../protocol/codecs.js';
import type { ServiceMetadata } from '../protocol/model/service-model.js';
import { redact } from '../protocol/redact.js';
import { NOT_IMPLEMENTED, type HandlerContext, type ServiceDefinition } from '../protocol/service-definition.js';
import type { ProtocolRequest } from '../protocol/types.js';
import { clientError, internalFailure, isAwsError, type AwsError } from '../shared/aws-error.js';
import type { AuditEvent, AuditSink } from '../shared/audit-event.js';
import { newRequestId } from '../shared/ids.js';
import { partitionOfRegion } from '../shared/regions.js';
import type { RequestPrincipal } from '../shared/principal.js';
import type { GatewayRequest, GatewayResponse } from './http-types.js';
import type { ServiceRegistry } from './identify-service.js';
import { unroutableResponse } from './unroutable.js';

export interface ChainDeps {
  readonly registry: ServiceRegistry;
  readonly resolver: { resolve(id: string): KnownCredential | undefined | Promise<KnownCredential | undefined> };
  readonly audit: AuditSink;
  /** Told of every authenticated request (IAM records access-key last use); must not throw or block. */
  readonly onAuthenticated?: (accessKeyId: string, service: string, region: string, now: number) => void;
  readonly log: (msg: string, err?: unknown) => void;
  /** Authorization of every request (absent only in tests of the bare chain). */
  readonly authorizer?: Authorizer;
}

/** How each protocol words authentication failures (S3 has its own; see src/auth/auth-errors.ts). */
const FAMILY: Record<ServiceMetadata['protocol'], ErrorFamily> = { query: 'query', json: 'json', 'rest-json': 'rest-json', 'rest-xml': 's3', ec2: 'ec2' };

/** Mutable record of what the chain learned, for the audit event. */
interface Trace {
  operation?: string;
  principal?: RequestPrincipal;
  accessKeyId?: string;
  region?: string;
  parameters?: Record<string, unknown>;
}

/**
 * The path of one request: identify service -> authenticate -> parse -> authorize -> handle ->
 * serialize, then one audit event. Each step is a small function; errors from any step are
 * rendered once, by the identified service's protocol.
 */
export async function handleAwsRequest(req: GatewayRequest, deps: ChainDeps): Promise<GatewayResponse> {
  const requestId = newRequestId();
  const signing = peekSigningInfo(req);
  const service = deps.registry.identify({ signingService: signing?.service, target: req.headers['x-amz-target'], host: req.headers['host'] });
  if (!service) {
    // Nothing names a service. Unsigned, the first thing wrong is the missing authentication, as
    // AWS front ends answer; signed for a service Rampart does not serve, the service is unknown.
    return signing ? unroutableResponse(requestId) : unroutableResponse(requestId, 403, 'MissingAuthenticationToken', 'Request is missing Authentication Token');
  }

  const trace: Trace = {};
  let response: GatewayResponse;
  let failure: AwsError | undefined;
  try {
    response = await serve(service, req, requestId, trace, deps);
  } catch (e) {
    failure = isAwsError(e) ? e : internalFailure();
    if (!isAwsError(e)) deps.log(`request ${requestId} failed unexpectedly`, e);
    response = service.codec.serializeError(service.model, failure, { requestId, method: req.method });
  }
  deps.audit.record(auditEvent(req, service, requestId, trace, response.status, failure));
  return response;
}

async function serve(service: ServiceDefinition, req: GatewayRequest, requestId: string, trace: Trace, deps: ChainDeps): Promise<GatewayResponse> {
  const protoReq: ProtocolRequest = { method: req.method, rawPath: req.rawPath, rawQuery: req.rawQuery, headers: req.headers, body: req.body };
  // The operation name is read before authentication so that failed requests are audited by name.
  trace.operation = service.codec.operationOf(service.model, protoReq);

  const auth = await verifyRequest(req, { resolver: deps.resolver, now: req.receivedAt, family: FAMILY[service.model.metadata.protocol] });
  const cred = auth.credential;
  if (!cred) throw clientError('MissingAuthenticationToken', 'Request is missing Authentication Token', 403);
  const principal: RequestPrincipal = cred.principal;
  const region = auth.region ?? service.defaultRegion ?? 'us-east-1';
  checkSigningRegion(service, region);
  trace.principal = principal;
  trace.accessKeyId = cred.accessKeyId;
  trace.region = region;
  deps.onAuthenticated?.(cred.accessKeyId, service.name, region, req.receivedAt);

  // Parse after authentication: the payload may have been aws-chunked and is decoded by auth.
  const call = service.codec.parse(service.model, { ...protoReq, body: auth.payload });
  const op = service.model.operation(call.operation);
  trace.operation = call.operation;
  trace.parameters = redact(service.model, service.model.resolve(op?.input), call.input) as Record<string, unknown>;

  const handler = service.handlers[call.operation];
  if (!handler || handler === NOT_IMPLEMENTED) throw unknownOperationError(service.model, call.operation);
  // Authorize after parsing (resources and condition keys come from the typed input) and before the
  // handler, so that a denied request changes nothing.
  if (deps.authorizer) {
    const caller = { accessKeyId: cred.accessKeyId, principal: cred.principal, ...(cred.session ? { session: cred.session as unknown as SessionContext } : {}) };
    const facts = { now: req.receivedAt, sourceIp: req.sourceIp, secureTransport: false, region };
    await deps.authorizer.authorizeOperation({ prefix: service.name, protocol: service.model.metadata.protocol }, call.operation, call.input, caller, facts);
  }
  const ctx: HandlerContext = {
    requestId,
    principal,
    accessKeyId: cred.accessKeyId,
    region,
    now: req.receivedAt,
    sourceIp: req.sourceIp,
    userAgent: req.headers['user-agent'],
  };
  const output = await handler(call.input, ctx);
  return service.codec.serialize(service.model, call.operation, output, { requestId, method: req.method });
}

/**
 * The credential scope must name a region AWS has, and a global service's region (IAM: `us-east-1`
 * in the `aws` partition): AWS answers anything else with "Credential should be scoped to a valid
 * region, not 'x'." (SignatureDoesNotMatch in the query family).
 */
function checkSigningRegion(service: ServiceDefinition, region: string): void {
  const partition = partitionOfRegion(region);
  if (partition && (!service.global || partition.globalRegion === region)) return;
  throw authError(FAMILY[service.model.metadata.protocol], 'signature-mismatch', { message: `Credential should be scoped to a valid region, not '${region}'. ` });
}

/** The last time formatted, and its text: requests under load share a millisecond often enough to pay. */
let lastIso = { ms: NaN, text: '' };

function isoTime(ms: number): string {
  if (ms !== lastIso.ms) lastIso = { ms, text: new Date(ms).toISOString() };
  return lastIso.text;
}

function auditEvent(req: GatewayRequest, service: ServiceDefinition, requestId: string, t: Trace, status: number, failure?: AwsError): AuditEvent {
  // Built by assignment rather than conditional spreads: this runs for every request.
  const e: { -readonly [K in keyof AuditEvent]: AuditEvent[K] } = {
    eventTime: isoTime(req.receivedAt),
    requestId,
    service: service.name,
    operation: t.operation ?? 'Unknown',
    region: t.region ?? service.defaultRegion ?? 'us-east-1',
    outcome: failure ? 'error' : 'success',
    httpStatus: status,
    sourceIp: req.sourceIp,
  };
  if (t.principal) e.principal = t.accessKeyId ? { ...t.principal, accessKeyId: t.accessKeyId } : t.principal;
  if (t.parameters) e.parameters = t.parameters;
  if (failure) {
    e.errorCode = failure.code;
    e.errorMessage = failure.message;
  }
  const ua = req.headers['user-agent'];
  if (ua) e.userAgent = ua;
  return e;
}
