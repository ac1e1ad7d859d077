import { implementedOperations } from '../protocol/service-definition.js';
import type { GatewayRequest, GatewayResponse } from './http-types.js';
import type { ServiceRegistry } from './identify-service.js';

/** Rampart's own endpoints live under this prefix, outside every AWS API. */
export const INTERNAL_PREFIX = '/_rampart/';

export interface InternalRouteDeps {
  readonly version: string;
  readonly storage: string;
  readonly registry: ServiceRegistry;
  /** Present only under `--dev`: puts the state back to the first start's. */
  readonly reset?: () => Promise<{ accountId: string }>;
}

function json(status: number, body: unknown): GatewayResponse {
  return { status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}

/** Serves `/_rampart/*`; returns undefined for paths it does not own. */
export function handleInternal(req: GatewayRequest, deps: InternalRouteDeps): Promise<GatewayResponse> | GatewayResponse | undefined {
  if (!req.rawPath.startsWith(INTERNAL_PREFIX)) return undefined;
  if (req.rawPath === '/_rampart/health' && (req.method === 'GET' || req.method === 'HEAD')) {
    const services: Record<string, string[]> = {};
    for (const s of deps.registry.services) services[s.name] = implementedOperations(s);
    return json(200, { status: 'running', version: deps.version, storage: deps.storage, services });
  }
  // INVARIANT: without --dev there is no reset function, so the path is as unknown as any other.
  if (req.rawPath === '/_rampart/reset' && req.method === 'POST' && deps.reset) return resetResponse(deps.reset);
  return json(404, { error: 'NotFound', message: `No Rampart endpoint at ${req.rawPath}` });
}

async function resetResponse(reset: () => Promise<{ accountId: string }>): Promise<GatewayResponse> {
  const t0 = performance.now();
  const { accountId } = await reset();
  return json(200, { reset: true, accountId, ms: Math.round((performance.now() - t0) * 100) / 100 });
}
