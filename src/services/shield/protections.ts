/** Lookups of protections shared by handlers and authorization. */
import type { StoreOps } from '../../storage/types.js';
import type { Protection } from './api.generated.js';
import { accountScope, protections, type ProtectionRecord } from './store.js';

export async function protectionById(ops: StoreOps, accountId: string, id: string): Promise<ProtectionRecord | undefined> {
  return protections.get(ops, accountScope(accountId), id);
}

/** The protection of a resource ARN (at most one per resource). */
export async function protectionByResource(ops: StoreOps, accountId: string, resourceArn: string): Promise<ProtectionRecord | undefined> {
  return (await protections.list(ops, accountScope(accountId))).find((r) => r.value.resourceArn === resourceArn)?.value;
}

export async function allProtections(ops: StoreOps, accountId: string): Promise<ProtectionRecord[]> {
  return (await protections.list(ops, accountScope(accountId))).map((r) => r.value);
}

/** The Protection structure AWS returns. */
export function protectionOf(p: ProtectionRecord): Protection {
  return {
    Id: p.id,
    Name: p.name,
    ResourceArn: p.resourceArn,
    HealthCheckIds: p.healthCheckArns.map((a) => a.slice(a.lastIndexOf('/') + 1)),
    ProtectionArn: p.arn,
    ...(p.autoResponse ? { ApplicationLayerAutomaticResponseConfiguration: { Status: p.autoResponse.status, Action: p.autoResponse.action === 'Block' ? { Block: {} } : { Count: {} } } } : {}),
  };
}
