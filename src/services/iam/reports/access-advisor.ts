/**
 * Service last accessed data (IAM access advisor): for a user, group, role or managed policy, the
 * services its policies allow, and when the entities concerned last authenticated to each — from
 * the per-principal service usage the usage recorder keeps. A group's entities are its members; a
 * policy's are the users and roles it is attached to, and the members of its groups.
 */
import { randomUUID } from 'node:crypto';
import { serviceCatalog } from '../../../authz/catalog/action-catalog.js';
import type { Scope, Store } from '../../../storage/types.js';
import type { AccessAdvisorUsageGranularityType } from '../api.generated.js';
import { policyNotFound } from '../errors.js';
import { iamArnOrThrow, nameKey, parsePolicyArn } from '../iam-arns.js';
import { POLICY_ENTITIES } from '../store/attachment-store.js';
import { GROUP_MEMBERS } from '../store/group-store.js';
import { defaultDocument, findPolicy } from '../store/policy-store.js';
import { roles } from '../store/role-store.js';
import { servicesUsedBy, type AccessAdvisorJob, type EntityUse } from '../store/service-usage-store.js';
import { users } from '../store/user-store.js';
import { policySource } from '../simulator/policy-source.js';
import { policyGrants, statementsOf } from './service-grants.js';

/** The service namespaces Rampart serves (and reports on). */
export const ADVISOR_SERVICES = ['artifact', 'cloudtrail', 'ec2', 'events', 'guardduty', 'iam', 'inspector2', 'kms', 'organizations', 's3', 'shield', 'sts', 'wafv2'] as const;

/** The services the Allow statements of `documents` can grant (`service-grants.ts`). */
export function allowedServices(documents: readonly string[]): string[] {
  const parsed = documents.map(statementsOf);
  return ADVISOR_SERVICES.filter((svc) => parsed.some((statements) => policyGrants(statements, svc)));
}

async function userEntity(store: Store, scope: Scope, name: string): Promise<EntityUse | undefined> {
  const u = await users.get(store, scope, name);
  return u && { arn: u.arn, name: u.userName, type: 'USER', id: u.userId, path: u.path };
}

async function groupMembers(store: Store, scope: Scope, groupName: string): Promise<EntityUse[]> {
  const prefix = `${nameKey(groupName)}/`;
  const out: EntityUse[] = [];
  for (const row of await GROUP_MEMBERS.list(store, scope, { prefix })) {
    const u = await userEntity(store, scope, row.key.slice(prefix.length));
    if (u) out.push(u);
  }
  return out;
}

/** The policies and entities an access advisor ARN stands for. */
async function subject(store: Store, scope: Scope, accountId: string, arn: string): Promise<{ documents: string[]; entities: EntityUse[] }> {
  if (iamArnOrThrow(arn).type === 'policy') {
    const p = parsePolicyArn(arn) ? await findPolicy(store, scope, accountId, arn) : undefined;
    if (!p) throw policyNotFound(arn);
    const entities: EntityUse[] = [];
    for (const { value: ref } of await POLICY_ENTITIES.list(store, scope, { prefix: `${arn}|` })) {
      if (ref.kind === 'group') entities.push(...(await groupMembers(store, scope, ref.name)));
      else if (ref.kind === 'user') entities.push(...[await userEntity(store, scope, ref.name)].filter((e): e is EntityUse => e !== undefined));
      else {
        const r = await roles.get(store, scope, ref.name);
        if (r) entities.push({ arn: r.arn, name: r.roleName, type: 'ROLE', id: r.roleId, path: r.path });
      }
    }
    return { documents: [defaultDocument(p)], entities };
  }
  const src = await policySource(store, scope, accountId, arn);
  const documents = src.identity.map((p) => p.text);
  if (src.kind === 'group') return { documents, entities: await groupMembers(store, scope, src.name) };
  const entity = src.kind === 'user' ? await userEntity(store, scope, src.name) : undefined;
  const r = src.kind === 'role' ? await roles.get(store, scope, src.name) : undefined;
  return { documents, entities: entity ? [entity] : r ? [{ arn: r.arn, name: r.roleName, type: 'ROLE', id: r.roleId, path: r.path }] : [] };
}

/** Computes a report (jobs complete at once). */
export async function runAccessAdvisor(store: Store, scope: Scope, accountId: string, arn: string, granularity: AccessAdvisorUsageGranularityType, now: string): Promise<AccessAdvisorJob> {
  const { documents, entities } = await subject(store, scope, accountId, arn);
  const unique = [...new Map(entities.map((e) => [e.arn, e])).values()];
  const usage = await Promise.all(unique.map(async (e) => ({ e, used: await servicesUsedBy(store, scope, e.arn) })));
  const job: AccessAdvisorJob = { jobId: randomUUID(), granularity, createdAt: now, services: [], entities: {} };
  for (const svc of allowedServices(documents)) {
    const withUse = usage.map(({ e, used }) => ({ e, u: used.get(svc) }));
    const users = withUse.filter((x) => x.u !== undefined).sort((a, b) => (a.u!.lastAuthenticated < b.u!.lastAuthenticated ? 1 : -1));
    const last = users[0];
    job.services.push({
      ServiceName: serviceCatalog(svc)?.name ?? svc,
      ServiceNamespace: svc,
      TotalAuthenticatedEntities: users.length,
      ...(last ? { LastAuthenticated: last.u!.lastAuthenticated, LastAuthenticatedEntity: last.e.arn, LastAuthenticatedRegion: last.u!.region } : {}),
      ...(granularity === 'ACTION_LEVEL' ? { TrackedActionsLastAccessed: [] } : {}),
    });
    job.entities[svc] = withUse.map(({ e, u }) => ({ ...e, ...(u ? { lastAuthenticated: u.lastAuthenticated } : {}) }));
  }
  return job;
}
