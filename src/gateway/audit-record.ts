/** The audit event of one request, built from what the chain learned about it. */
import type { AwsError } from '../shared/aws-error.js';
import type { AuditEvent } from '../shared/audit-event.js';
import type { Principal } from '../shared/principal.js';
import type { SessionContext } from '../shared/session.js';
import { redact } from '../protocol/redact.js';
import type { ServiceDefinition } from '../protocol/service-definition.js';
import type { GatewayRequest } from './http-types.js';

/** Mutable record of what the chain learned, for the audit event. */
export interface Trace {
  operation?: string;
  principal?: Principal;
  accessKeyId?: string;
  region?: string;
  parameters?: Record<string, unknown>;
  session?: SessionContext;
  /** The handler's output (canonical partition), redacted only if a sink asks for it. */
  output?: unknown;
  /** Other accounts whose resources the request reached (from authorization's decisions). */
  resourceOwners?: readonly string[];
}

/** The last time formatted, and its text: requests under load share a millisecond often enough to pay. */
let lastIso = { ms: NaN, text: '' };

function isoTime(ms: number): string {
  if (ms !== lastIso.ms) lastIso = { ms, text: new Date(ms).toISOString() };
  return lastIso.text;
}

/** The request's audit event. */
export function auditEvent(req: GatewayRequest, service: ServiceDefinition, requestId: string, t: Trace, status: number, failure?: AwsError): AuditEvent {
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
  if (t.accessKeyId) e.accessKeyId = t.accessKeyId;
  if (t.session) e.session = t.session;
  if (req.secure) e.secure = true;
  if (t.resourceOwners) e.resourceOwners = t.resourceOwners;
  const host = req.headers['host'];
  if (host) e.host = host;
  if (t.output !== undefined && !failure && t.operation !== undefined) {
    const { model } = service;
    const op = model.operation(t.operation);
    const output = t.output;
    e.responseElements = () => redact(model, model.resolve(op?.output), output);
  }
  return e;
}
