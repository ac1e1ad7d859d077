/**
 * The path of one request, as a list of named steps (LocalStack's gateway chain is the model):
 *
 *   identify service -> [body] -> route -> body -> authenticate -> caller -> parse -> handler
 *     -> authorize -> handle
 *
 * then one audit event. Each step is a small function over the request's `Exchange`; an ordering
 * constraint has a comment saying why. Errors from any step are rendered once, by the identified
 * service's protocol. `createChain` returns the chain as a function (Request -> Response), which the
 * HTTP server calls and which tests drive in-process without HTTP.
 */
import type { Readable } from 'node:stream';
import { authError, peekSigningInfo, verifyRequest, verifyRequestStreaming, type AuthResult, type VerifyOptions } from '../auth/index.js';
import type { ErrorFamily } from '../auth/types.js';
import type { Authorizer, ServiceRef } from '../authz/authorizer.js';
import type { KnownCredential } from '../authz/credential-resolver.js';
import { unknownOperationError } from '../protocol/codecs.js';
import type { ServiceMetadata } from '../protocol/model/service-model.js';
import { redact } from '../protocol/redact.js';
import { streamingPayloadMember } from '../protocol/streaming.js';
import { NOT_IMPLEMENTED, type CorsResponder, type Handler, type ServiceDefinition } from '../protocol/service-definition.js';
import type { ParsedCall, ProtocolRequest, Route } from '../protocol/types.js';
import type { Caller } from '../shared/caller.js';
import { AwsError, internalFailure, isAwsError } from '../shared/aws-error.js';
import type { AuditSink } from '../shared/audit-event.js';
import { newRequestId } from '../shared/ids.js';
import { CANONICAL_PARTITION, movePartition, movePartitionInText } from '../shared/arn.js';
import { partitionOfRegion } from '../shared/regions.js';
import { auditEvent, type Trace } from './audit-record.js';
import type { GatewayRequest, GatewayResponse } from './http-types.js';
import type { ServiceRegistry } from './identify-service.js';
import { unroutableResponse } from './unroutable.js';
import { preflightService, routeUnsignedByAction } from './unsigned-routing.js';

export interface ChainDeps {
  readonly registry: ServiceRegistry;
  readonly resolver: { resolve(id: string): KnownCredential | undefined | Promise<KnownCredential | undefined> };
  /** Authorization of every request: required, there is no chain without it. */
  readonly authorizer: Authorizer;
  readonly audit: AuditSink;
  /** Told of every authenticated request (IAM records access-key last use); must not throw or block. */
  readonly onAuthenticated?: (accessKeyId: string, service: string, region: string, now: number) => void;
  /**
   * Told of every authenticated request once answered, whatever the outcome (Cost Explorer's usage
   * meter): the caller's account, the service, the operation; must not throw or block.
   */
  readonly onServed?: (accountId: string, service: string, operation: string, now: number) => void;
  readonly log: (msg: string, err?: unknown) => void;
}

/** The chain: one request in, one response out. */
export type Chain = (req: GatewayRequest) => Promise<GatewayResponse>;

/** How each protocol words authentication failures (S3 has its own; see src/auth/auth-errors.ts). */
const FAMILY: Record<ServiceMetadata['protocol'], ErrorFamily> = { query: 'query', json: 'json', 'rest-json': 'rest-json', 'rest-xml': 's3', ec2: 'ec2' };

/** Bodies read whole are refused beyond this size (streaming payloads are not read whole). */
export const MAX_BODY_BYTES = 20 * 1024 * 1024;

/** The answer to a body larger than MAX_BODY_BYTES sent to no known service (the connection then closes). */
function tooLarge(requestId: string): GatewayResponse {
  const r = unroutableResponse(requestId, 413, 'RequestEntityTooLarge', `Request body must be no larger than ${MAX_BODY_BYTES} bytes`);
  return { ...r, headers: { ...r.headers, connection: 'close' } };
}

/** Protocols whose operation is named in the body (`Action=...`): the body is read before routing. */
const ROUTED_BY_BODY: ReadonlySet<ServiceMetadata['protocol']> = new Set(['query', 'ec2']);

/** The principal of a request that carries no signature, where the operation accepts one. */
const ANONYMOUS = { accountId: '', arn: 'anonymous', userId: 'anonymous', type: 'anonymous' } as const;

const EMPTY = Buffer.alloc(0);

/** One request as it moves through the steps. */
interface Exchange {
  readonly req: GatewayRequest;
  readonly service: ServiceDefinition;
  readonly requestId: string;
  readonly deps: ChainDeps;
  readonly trace: Trace;
  /** What the codec reads: the request with its body once read (or its stream, once verified). */
  wire: ProtocolRequest;
  /** The raw body, when the operation's payload streams (verified by authentication). */
  bodyStream?: Readable;
  route?: Route;
  auth?: AuthResult;
  /** The partition of the region the request was signed for: ARNs are answered in it. */
  partition: string;
  caller?: Caller;
  call?: ParsedCall;
}

/** The chain over `deps`. */
export function createChain(deps: ChainDeps): Chain {
  return (req) => handleAwsRequest(req, deps);
}

/** Serves one request and records its audit event. */
export async function handleAwsRequest(req: GatewayRequest, deps: ChainDeps): Promise<GatewayResponse> {
  const requestId = newRequestId();
  const signing = peekSigningInfo(req);
  let service = deps.registry.identify({ signingService: signing?.service, target: req.headers['x-amz-target'], host: req.headers['host'], request: req });
  if (!service && !signing && Number(req.headers['content-length'] ?? 0) <= MAX_BODY_BYTES) {
    // Unsigned, on Rampart's one endpoint: STS's unsigned operations are found by their Action.
    const routed = await routeUnsignedByAction(req, deps.registry, MAX_BODY_BYTES);
    if (routed === 'too-large') return tooLarge(requestId);
    if (routed) ({ service, req } = routed);
    // A browser's CORS preflight to Rampart's one endpoint (path-style): the service that answers CORS.
    service ??= preflightService(req, deps.registry);
  }
  if (!service) {
    // A body larger than any request to an unknown target may carry is not read at all.
    if (Number(req.headers['content-length'] ?? 0) > MAX_BODY_BYTES) return tooLarge(requestId);
    // Nothing names a service. Unsigned, the first thing wrong is the missing authentication, as
    // AWS front ends answer; signed for a service Rampart does not serve, the service is unknown.
    return signing ? unroutableResponse(requestId) : unroutableResponse(requestId, 403, 'MissingAuthenticationToken', 'Request is missing Authentication Token');
  }
  const wire: ProtocolRequest = { method: req.method, rawPath: req.rawPath, rawQuery: req.rawQuery, headers: req.headers, body: EMPTY };
  // The signing key is known before authentication: a failed authentication is audited with it.
  const x: Exchange = { req, service, requestId, deps, trace: signing ? { accessKeyId: signing.accessKeyId } : {}, wire, partition: CANONICAL_PARTITION };
  let response: GatewayResponse;
  let failure: AwsError | undefined;
  try {
    response = await serve(x);
  } catch (e) {
    failure = isAwsError(e) ? inPartition(e, x.partition) : internalFailure();
    if (!isAwsError(e)) deps.log(`request ${requestId} failed unexpectedly`, e);
    response = service.codec.serializeError(service.model, failure, { requestId, method: req.method });
  }
  // After the handler (which may authorize too, e.g. AssumeRole): the accounts whose resources the
  // request reached, allowed by their policies, get the event as well (CloudTrail's sharedEventID).
  if (x.caller) {
    const owners = deps.authorizer.resourceOwnersReached(x.caller);
    if (owners.length > 0) x.trace.resourceOwners = owners;
  }
  // The event store commits the event before the response is sent (group commit, see EventLog).
  const recorded = deps.audit.record(auditEvent(req, service, requestId, x.trace, response.status, failure));
  if (recorded) await recorded;
  const cred = x.auth?.credential;
  if (cred && x.trace.operation !== undefined) deps.onServed?.(cred.principal.accountId, service.name, x.trace.operation, req.receivedAt);
  return response;
}

/** The steps, in order. (Steps that wait are awaited here: one promise each on the hot path.) */
async function serve(x: Exchange): Promise<GatewayResponse> {
  // A CORS preflight is unsigned and names no operation: the service answers it from its CORS rules.
  if (x.req.method === 'OPTIONS' && x.service.cors) return preflight(x, x.service.cors);
  const byBody = ROUTED_BY_BODY.has(x.service.model.metadata.protocol);
  if (byBody) bodyRead(x, await x.req.body.readAll(MAX_BODY_BYTES));
  route(x);
  if (!byBody) {
    if (streamsPayload(x)) x.bodyStream = x.req.body.stream();
    else bodyRead(x, await x.req.body.readAll(MAX_BODY_BYTES));
  }
  x.auth = await authenticate(x);
  identifyCaller(x);
  parse(x);
  const handler = handlerOf(x);
  await authorize(x);
  const response = handled(x, await handler(x.call!.input, { requestId: x.requestId, caller: x.caller! }));
  return x.service.cors && x.req.headers['origin'] !== undefined ? withCorsHeaders(x, x.service.cors, response) : response;
}

/** The answer to a preflight request (the body is not read: a preflight has none). */
async function preflight(x: Exchange, cors: CorsResponder): Promise<GatewayResponse> {
  x.trace.operation = 'PreflightRequest';
  const headers = await cors.preflight(x.wire);
  return { status: 200, headers: { ...headers, 'x-amz-request-id': x.requestId, 'content-length': '0' }, body: '' };
}

/** The Access-Control-* headers the service's CORS rules give an answered request with `Origin`. */
async function withCorsHeaders(x: Exchange, cors: CorsResponder, response: GatewayResponse): Promise<GatewayResponse> {
  const headers = await cors.headers(x.wire, x.call!.operation, x.call!.input);
  return headers ? { ...response, headers: { ...response.headers, ...headers } } : response;
}

/** The whole body, at most MAX_BODY_BYTES (RequestEntityTooLarge beyond, and the connection closes). */
function bodyRead(x: Exchange, body: Buffer | undefined): void {
  if (!body) throw new AwsError({ code: 'RequestEntityTooLarge', message: `Request body must be no larger than ${MAX_BODY_BYTES} bytes`, httpStatus: 413, senderFault: true, headers: { connection: 'close' } });
  x.wire = { method: x.wire.method, rawPath: x.wire.rawPath, rawQuery: x.wire.rawQuery, headers: x.wire.headers, body };
}

/** True when the routed operation's payload is a streaming blob and the service accepts unsigned (streamed) payloads. */
function streamsPayload(x: Exchange): boolean {
  return x.route !== undefined && x.service.streamingPayloads === true && streamingPayloadMember(x.service.model, x.route.operation) !== undefined;
}

/** The operation, found once with bounded work; before authentication, so that failed requests are audited by name. */
function route(x: Exchange): void {
  x.route = x.service.codec.route(x.service.model, x.wire);
  x.trace.operation = x.route?.operation;
}

/** SigV4 (header, presigned, chunked payloads, session tokens); an unsigned request only where the operation accepts one. */
function authenticate(x: Exchange): Promise<AuthResult> {
  const { req, service } = x;
  const opts: { -readonly [K in keyof VerifyOptions]: VerifyOptions[K] } = {
    resolver: x.deps.resolver,
    now: req.receivedAt,
    family: FAMILY[service.model.metadata.protocol],
    allowAnonymous: x.route !== undefined && (service.anonymousOperations?.has(x.route.operation) ?? false),
  };
  // Unsigned and aws-chunked payloads: S3's rules where the service says so (default: the s3 family's).
  if (service.streamingPayloads !== undefined) opts.allowUnsignedPayload = service.streamingPayloads;
  if (!x.bodyStream) return verifyRequest({ method: req.method, rawPath: req.rawPath, rawQuery: req.rawQuery, rawHeaders: req.rawHeaders, headerIndex: req.headerIndex, body: x.wire.body }, opts);
  return verifyRequestStreaming({ method: req.method, rawPath: req.rawPath, rawQuery: req.rawQuery, rawHeaders: req.rawHeaders, headerIndex: req.headerIndex }, opts, x.bodyStream).then((auth) => {
    x.wire = { ...x.wire, bodyStream: auth.payload };
    return { ...auth, payload: EMPTY };
  });
}

/** The one Caller of the request: principal, session and request facts, for authorization and the handler. */
function identifyCaller(x: Exchange): void {
  const { auth, req, service } = x;
  const cred = auth!.credential;
  const region = auth!.region ?? service.defaultRegion ?? 'us-east-1';
  if (cred) checkSigningRegion(service, region);
  x.partition = partitionOfRegion(region)?.id ?? CANONICAL_PARTITION;
  // Built by assignment rather than conditional spreads: this runs for every request.
  const caller: { -readonly [K in keyof Caller]: Caller[K] } = { principal: cred ? cred.principal : ANONYMOUS, now: req.receivedAt, sourceIp: req.sourceIp, secureTransport: req.secure === true, region };
  if (cred) caller.accessKeyId = cred.accessKeyId;
  if (cred?.session) caller.session = cred.session;
  const ua = req.headers['user-agent'];
  if (ua !== undefined) caller.userAgent = ua;
  x.caller = caller;
  x.trace.principal = x.caller.principal;
  x.trace.region = region;
  if (cred?.session) x.trace.session = cred.session;
  if (cred) {
    x.trace.accessKeyId = cred.accessKeyId;
    x.deps.onAuthenticated?.(cred.accessKeyId, service.name, region, req.receivedAt);
  }
}

/** The typed input, validated against the model. After authentication: the payload may have been aws-chunked and is decoded by auth. */
function parse(x: Exchange): void {
  const { service } = x;
  const wire = x.auth!.payload === x.wire.body ? x.wire : { ...x.wire, body: x.auth!.payload };
  const call = service.codec.parse(service.model, wire, undefined, x.route);
  // ARNs the client wrote in its partition are stored and looked up in the canonical one.
  x.call = x.partition === CANONICAL_PARTITION ? call : { ...call, input: movePartition(call.input, x.partition, CANONICAL_PARTITION) };
  x.trace.operation = x.call.operation;
  const op = service.model.operation(x.call.operation);
  x.trace.parameters = redact(service.model, service.model.resolve(op?.input), x.call.input) as Record<string, unknown>;
}

/** The operation's handler; an operation not served answers as AWS answers an unknown one. */
function handlerOf(x: Exchange): Handler {
  const handler = x.service.handlers[x.call!.operation];
  if (!handler || handler === NOT_IMPLEMENTED) throw unknownOperationError(x.service.model, x.call!.operation);
  return handler;
}

/** After parsing (resources and condition keys come from the typed input), before the handler: a denied request changes nothing. */
function authorize(x: Exchange): Promise<void> {
  return x.deps.authorizer.authorizeOperation(serviceRef(x.service), x.call!.operation, x.call!.input, x.caller!, x.caller!);
}

/** The handler's output, its ARNs in the client's partition, serialized. */
function handled(x: Exchange, output: unknown): GatewayResponse {
  x.trace.output = output;
  return x.service.codec.serialize(x.service.model, x.call!.operation, movePartition(output, CANONICAL_PARTITION, x.partition), { requestId: x.requestId, method: x.req.method });
}

const refs = new WeakMap<ServiceDefinition, ServiceRef>();

/** The service as authorization names it (one object per service). */
function serviceRef(service: ServiceDefinition): ServiceRef {
  let ref = refs.get(service);
  if (!ref) refs.set(service, (ref = { prefix: service.name, protocol: service.model.metadata.protocol }));
  return ref;
}

/** The error with the ARNs it names in the client's partition. */
function inPartition(e: AwsError, partition: string): AwsError {
  if (partition === CANONICAL_PARTITION) return e;
  return new AwsError({
    code: e.code,
    message: movePartitionInText(e.message, CANONICAL_PARTITION, partition),
    httpStatus: e.httpStatus,
    senderFault: e.senderFault,
    fields: movePartition(e.fields, CANONICAL_PARTITION, partition),
    headers: e.headers,
  });
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
