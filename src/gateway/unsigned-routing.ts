/**
 * Routing of unsigned requests that name no service by host. AWS reaches STS's unsigned operations
 * (AssumeRoleWithWebIdentity, AssumeRoleWithSAML) at `sts.amazonaws.com`; Rampart serves every
 * service on one endpoint, where an unsigned request carries no credential scope to say which
 * service it is for. Such a request is routed by its `Action` when exactly one query-protocol
 * service serves that action unsigned; its form body is read (bounded) to find it and kept for the
 * chain. Anything else stays unroutable (MissingAuthenticationToken, as before).
 */
import { scanAction } from '../protocol/query/query-form.js';
import type { ServiceDefinition } from '../protocol/service-definition.js';
import { bufferedBody, type GatewayRequest } from './http-types.js';
import type { ServiceRegistry } from './identify-service.js';

/** The service an unsigned request's Action is served unsigned by, or `too-large`, or undefined. */
export async function routeUnsignedByAction(
  req: GatewayRequest,
  registry: ServiceRegistry,
  maxBody: number,
): Promise<{ service: ServiceDefinition; req: GatewayRequest } | 'too-large' | undefined> {
  const candidates = registry.services.filter((s) => s.model.metadata.protocol === 'query' && (s.anonymousOperations?.size ?? 0) > 0);
  if (candidates.length === 0) return undefined;
  const form = (req.headers['content-type'] ?? '').toLowerCase().startsWith('application/x-www-form-urlencoded');
  let body: Buffer = Buffer.alloc(0);
  if (req.method === 'POST' && form) {
    const read = await req.body.readAll(maxBody);
    if (!read) return 'too-large';
    body = read;
  } else if (req.method !== 'GET' || req.rawQuery === '') return undefined;
  const action = scanAction(body.length > 0 ? body : Buffer.from(req.rawQuery, 'utf8'));
  const matches = action ? candidates.filter((s) => s.anonymousOperations!.has(action)) : [];
  const kept = req.method === 'POST' && form ? { ...req, body: bufferedBody(body) } : req;
  return matches.length === 1 ? { service: matches[0]!, req: kept } : undefined;
}

/**
 * An unsigned `OPTIONS` request with `Origin` (a browser's CORS preflight) that names no service by
 * host: the one service that answers CORS (S3), if exactly one does.
 */
export function preflightService(req: GatewayRequest, registry: ServiceRegistry): ServiceDefinition | undefined {
  if (req.method !== 'OPTIONS' || req.headers['origin'] === undefined) return undefined;
  const candidates = registry.services.filter((s) => s.cors !== undefined);
  return candidates.length === 1 ? candidates[0] : undefined;
}
