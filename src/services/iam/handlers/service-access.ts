/**
 * ListPoliciesGrantingServiceAccess: for a user, group or role, the permissions policies that can
 * grant access to each service namespace asked for ("policies that the IAM identity can use to
 * access each specified service"). A user's include those of its groups; permissions boundaries are
 * not listed. Managed policies carry their ARN, inline ones the entity they are embedded in.
 * Namespaces are answered in the order asked (duplicates once), up to 100 per page.
 */
import type { ListPoliciesGrantingServiceAccessEntry, PolicyGrantingServiceAccess, policyOwnerEntityType } from '../api.generated.js';
import type { Statement } from '../../../policy/index.js';
import type { Scope, StoreOps } from '../../../storage/types.js';
import { entityByArn } from '../authz/iam-entities.js';
import { invalidInput, noSuchEntity, type EntityKind } from '../errors.js';
import { iamArnOrThrow } from '../iam-arns.js';
import { pageFields, paginate } from '../pagination.js';
import { policyGrants, statementsOf } from '../reports/service-grants.js';
import { attachedPolicies } from '../store/attachment-store.js';
import { groupKeysOfUser, groups } from '../store/group-store.js';
import { listInline } from '../store/inline-policy-store.js';
import { defaultDocument, findPolicy } from '../store/policy-store.js';
import { scopeOf, type IamDeps, type OpHandlers } from '../deps.js';

/** A policy with its statements (parsed once), as the answer names it. */
interface Candidate {
  readonly entry: PolicyGrantingServiceAccess;
  readonly statements: readonly Statement[];
}

const ENTITY_TYPE: Readonly<Record<EntityKind, policyOwnerEntityType>> = { user: 'USER', group: 'GROUP', role: 'ROLE' };

/** The inline and managed policies of one entity (managed ones found once, by ARN, in `seen`). */
async function policiesOf(ops: StoreOps, scope: Scope, accountId: string, kind: EntityKind, name: string, seen: Set<string>): Promise<Candidate[]> {
  const out: Candidate[] = [];
  for (const p of await listInline(ops, scope, kind, name)) {
    out.push({ entry: { PolicyName: p.policyName, PolicyType: 'INLINE', EntityType: ENTITY_TYPE[kind], EntityName: name }, statements: statementsOf(p.document) });
  }
  for (const ref of await attachedPolicies(ops, scope, kind, name)) {
    if (seen.has(ref.policyArn)) continue;
    seen.add(ref.policyArn);
    const mp = await findPolicy(ops, scope, accountId, ref.policyArn);
    if (mp) out.push({ entry: { PolicyName: mp.policyName, PolicyType: 'MANAGED', PolicyArn: mp.arn }, statements: statementsOf(defaultDocument(mp)) });
  }
  return out;
}

/** The permissions policies of the user, group or role `arn` names exactly. */
async function candidatesOf(ops: StoreOps, scope: Scope, accountId: string, arn: string): Promise<Candidate[]> {
  const parts = iamArnOrThrow(arn);
  if (parts.type !== 'user' && parts.type !== 'group' && parts.type !== 'role') {
    throw invalidInput(`Invalid ARN: ${arn}. The ARN must be that of an IAM user, group or role.`);
  }
  const kind = parts.type as EntityKind;
  const entity = parts.accountId === accountId ? await entityByArn(ops, scope, accountId, arn) : undefined;
  if (!entity) throw noSuchEntity(kind, parts.name);
  const name = iamArnOrThrow(entity.arn).name;
  const seen = new Set<string>();
  const out = await policiesOf(ops, scope, accountId, kind, name, seen);
  if (kind === 'user') {
    for (const key of await groupKeysOfUser(ops, scope, name)) {
      const g = await groups.get(ops, scope, key);
      if (g) out.push(...(await policiesOf(ops, scope, accountId, 'group', g.groupName, seen)));
    }
  }
  return out;
}

/** The access report operation. */
export function serviceAccessHandlers({ store }: IamDeps): OpHandlers<'ListPoliciesGrantingServiceAccess'> {
  return {
    async ListPoliciesGrantingServiceAccess(input, ctx) {
      const candidates = await candidatesOf(store, scopeOf(ctx), ctx.caller.principal.accountId, input.Arn);
      const namespaces = [...new Set(input.ServiceNamespaces)];
      // Markers are positions in the request's own list: `<index>` of the last namespace answered.
      const page = paginate(
        namespaces.map((ns, i) => ({ ns, key: String(i).padStart(4, '0') })),
        (n) => n.key,
        { ...(input.Marker !== undefined ? { Marker: input.Marker } : {}) },
      );
      const entries: ListPoliciesGrantingServiceAccessEntry[] = page.items.map(({ ns }) => ({
        ServiceNamespace: ns,
        Policies: candidates.filter((c) => policyGrants(c.statements, ns)).map((c) => c.entry),
      }));
      return { PoliciesGrantingServiceAccess: entries, ...pageFields(page) };
    },
  };
}
