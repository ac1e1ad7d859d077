/**
 * Grants in authorization, through the generic seam (`TargetResource.policy`): when grants of the key
 * apply to the caller for the action being authorized, the key's resource policy is the key policy
 * plus ONE synthesized statement
 *
 *   { "Sid": "RampartGrants", "Effect": "Allow", "Principal": { "AWS": [grantees...] | "Service": [...] },
 *     "Action": "<the action>", "Resource": "*" }
 *
 * naming the grantee principals of those grants (those whose operations include the action, whose
 * constraints the request satisfies, and whose grantee could be the caller: its ARN, its account,
 * its role). The policy engine then decides as for any resource policy that must grant: a grant
 * naming the caller allows without the key policy or an identity policy; a grant naming its account
 * delegates to the account's IAM policies; across accounts the caller's own identity policy must
 * allow too; explicit denies (key policy, IAM, SCP, RCP, boundaries, session policies) still win.
 * Nothing here knows an operation: a new operation that a grant may hold is covered by its name.
 */
import type { OperationAuthz, ResolveEnv, TargetResource } from '../../authz/service-rules.js';
import type { ContextValue } from '../../policy/index.js';
import type { Store, StoreOps } from '../../storage/types.js';
import type { GrantConstraints } from './api.generated.js';
import type { GrantTokenRef } from './grant-tokens.js';
import { constraintsApply, contextOfKeys, satisfies, withinParent } from './grant-rules.js';
import { grantAt, grantNamed, grantTokenRefs } from './grants.js';
import { parseKeyRef, type KeyRef } from './keys.js';
import { POLICY_NAME } from './key-policy.js';
import { grants, grantsByGrantee, granteeIndex, keys, regionScope, type GrantRecord, type KeyRecord } from './store.js';

/** ResolveEnv with the grants the request's valid grant tokens name (set by the KMS rules' wrapper). */
export interface GrantEnv extends ResolveEnv {
  readonly grantTokens?: readonly GrantTokenRef[];
}

/** A further test a grant must pass for this request (CreateGrant: the new grant stays within it). */
export type GrantFilter = (g: GrantRecord) => boolean;

/** The grantee index keys that could name the caller: itself, its account, its role. */
export function callerIndexes(p: ResolveEnv['caller']['principal']): string[] {
  const out = [granteeIndex(p.arn)];
  if (p.type !== 'service' && p.type !== 'anonymous') out.push(granteeIndex(`arn:aws:iam::${p.accountId}:root`));
  const s = /^arn:([^:]+):sts::(\d{12}):assumed-role\/([^/]+)\//.exec(p.arn);
  if (s) out.push(granteeIndex(`arn:${s[1]}:iam::${s[2]}:role/${s[3]}`));
  return out;
}

/** At most this many grants are read per index key (AWS: 500 grants for a given principal per key). */
const PER_PRINCIPAL = 500;

/** The grants of `key` that apply to the caller for `env.action` and pass `filter`. */
export async function applicableGrants(ops: StoreOps, key: KeyRecord, env: GrantEnv, filter: GrantFilter): Promise<GrantRecord[]> {
  const operation = env.action.slice(env.action.indexOf(':') + 1);
  const scope = regionScope(key.accountId, key.region);
  const found = new Map<string, GrantRecord>();
  for (const ix of new Set(callerIndexes(env.caller.principal))) {
    for (const r of await grantsByGrantee.list(ops, scope, { prefix: `${key.id}/${ix}/`, limit: PER_PRINCIPAL })) found.set(r.value.id, r.value);
  }
  // A grant token makes its grant count in this request even if no index lists it yet.
  for (const t of env.grantTokens ?? []) {
    if (t.accountId !== key.accountId || t.region !== key.region || t.keyId !== key.id || found.has(t.grantId)) continue;
    const g = await grants.get(ops, scope, `${key.id}/${t.grantId}`);
    if (g) found.set(g.id, g);
  }
  return [...found.values()].filter((g) => g.operations.includes(operation as GrantRecord['operations'][number]) && filter(g));
}

/** The default filter: the request's encryption context (its condition keys) satisfies the grant's constraints. */
export function constraintFilter(operation: string, keys: Readonly<Record<string, unknown>> | undefined): GrantFilter {
  if (!constraintsApply(operation)) return () => true;
  const ec = contextOfKeys(keys);
  return (g) => satisfies(g.constraints, ec);
}

/** The key policy with the statement allowing `action` to the grantees (service principals under `Service`). */
export function withGrantStatement(policy: string, grantees: readonly string[], action: string): string {
  let doc: Record<string, unknown>;
  try {
    // protocol-lint: allow a key policy is a stored document (data), not the request body
    const parsed: unknown = JSON.parse(policy);
    doc = parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
  } catch {
    doc = {};
  }
  const raw = doc['Statement'];
  const statements = Array.isArray(raw) ? [...(raw as unknown[])] : raw !== undefined ? [raw] : [];
  const aws = grantees.filter((g) => g.startsWith('arn:'));
  const service = grantees.filter((g) => !g.startsWith('arn:'));
  statements.push({
    Sid: 'RampartGrants',
    Effect: 'Allow',
    Principal: { ...(aws.length ? { AWS: aws } : {}), ...(service.length ? { Service: service } : {}) },
    Action: action,
    Resource: '*',
  });
  // protocol-lint: allow a key policy is a stored document (data), not a response body
  return JSON.stringify({ Version: doc['Version'] ?? '2012-10-17', Statement: statements });
}

/** The key target with the grants that apply to this request in its resource policy (unchanged when none apply). */
export async function withGrants(ops: StoreOps, target: TargetResource, key: KeyRecord | undefined, env: GrantEnv, filter?: GrantFilter): Promise<TargetResource> {
  if (!key || !target.policy) return target;
  const operation = env.action.slice(env.action.indexOf(':') + 1);
  const applicable = await applicableGrants(ops, key, env, filter ?? constraintFilter(operation, target.keys));
  if (applicable.length === 0) return target;
  const grantees = [...new Set(applicable.map((g) => g.granteePrincipal))].sort();
  const record = target.policy.record;
  return { ...target, policy: { ...target.policy, record: { ...record, id: `${record.id}+grants`, document: withGrantStatement(record.document, grantees, env.action) } } };
}

/** Resolves a key reference to its key target (authz.ts's `byRef`). */
export type ByRef = (ref: KeyRef, env: ResolveEnv, extra?: Record<string, ContextValue>) => Promise<TargetResource>;

/** kms:EncryptionContext* and kms:GrantConstraintType of a grant's constraints (CreateGrant, RetireGrant). */
function constraintKeys(c: GrantConstraints | undefined): Record<string, ContextValue> {
  if (!c) return {};
  const types = (['EncryptionContextEquals', 'EncryptionContextSubset'] as const).filter((t) => c[t] !== undefined && Object.keys(c[t]!).length > 0);
  if (types.length === 0) return {};
  // As authz.ts's encryptionContextKeys (not imported: authz.ts imports this module).
  const pairs = Object.entries({ ...c.EncryptionContextSubset, ...c.EncryptionContextEquals });
  const out: Record<string, ContextValue> = { 'kms:GrantConstraintType': types.length === 1 ? types[0]! : types, 'kms:EncryptionContextKeys': pairs.map(([k]) => k) };
  for (const [k, v] of pairs) out[`kms:EncryptionContext:${k}`] = v;
  return out;
}

/**
 * The rules of the grant operations. CreateGrant: the key policy, IAM, or a grant holding CreateGrant
 * whose operations and constraints the new grant stays within; ListGrants and RevokeGrant: the key
 * policy and IAM only; ListRetirableGrants: IAM only (resource `*`). RetireGrant: the grant decides
 * (its retiring principal, its grantee when it holds RetireGrant, and the key's account, which
 * delegates to its IAM policies); the key policy is not consulted ("not effective in a key policy"),
 * explicit IAM denies and SCPs still apply. kms:GrantIsForAWSResource is `false` here and set to
 * `true` by authorization when another service calls (`viaServiceFlags`).
 */
export function grantRules(store: Store, byRef: ByRef): Record<string, OperationAuthz> {
  const here = (env: ResolveEnv) => ({ accountId: env.accountId, region: env.region });
  const forAws = { 'kms:GrantIsForAWSResource': 'false' };
  const keyOnly = (member: string): OperationAuthz => ({ resolve: async (input, env) => [await byRef(parseKeyRef(String(input[member]), here(env), false), env, forAws)] });
  return {
    CreateGrant: {
      resolve: async (input, env) => {
        const c = input['Constraints'] as GrantConstraints | undefined;
        const extra: Record<string, ContextValue> = {
          ...forAws,
          'kms:GrantOperations': Array.isArray(input['Operations']) ? (input['Operations'] as string[]) : [],
          'kms:GranteePrincipal': String(input['GranteePrincipal']),
          ...(typeof input['RetiringPrincipal'] === 'string' ? { 'kms:RetiringPrincipal': input['RetiringPrincipal'] } : {}),
          ...constraintKeys(c),
        };
        return [await byRef(parseKeyRef(String(input['KeyId']), here(env), false), env, extra)];
      },
    },
    ListGrants: keyOnly('KeyId'),
    RevokeGrant: keyOnly('KeyId'),
    ListRetirableGrants: { resolve: async () => [{ arn: '*' }] },
    RetireGrant: {
      resolve: async (input, env) => {
        const at = await grantNamed(store, input, here(env));
        const g = await grantAt(store, at, here(env));
        const allowed = [`arn:${env.partition}:iam::${at.accountId}:root`];
        if (g?.retiringPrincipal !== undefined) allowed.push(g.retiringPrincipal);
        if (g?.operations.includes('RetireGrant')) allowed.push(g.granteePrincipal);
        const document = withGrantStatement('{"Statement":[]}', [...new Set(allowed)], env.action);
        // Evaluated in the caller's account: a principal the grant names needs no identity policy of its own.
        return [{ arn: at.keyArn, type: 'key', keys: { 'kms:CallerAccount': env.accountId, ...constraintKeys(g?.constraints) }, policy: { record: { id: `${at.keyArn}/grant/${at.grantId}`, name: 'grant', document }, mustGrant: true } }];
      },
    },
  };
}

const KEY_ARN = /^arn:[^:]+:kms:([a-z0-9-]+):(\d{12}):key\/([0-9a-f-]{36})$/;

/** A resolved target with the grants of its key applied, when it is a key with its key policy (other targets as they are). */
async function grantsOn(ops: StoreOps, t: TargetResource, env: GrantEnv, filter: GrantFilter | undefined): Promise<TargetResource> {
  const m = t.policy && t.policy.record.id.endsWith(`/policy/${POLICY_NAME}`) ? KEY_ARN.exec(t.arn) : null;
  if (!m) return t;
  const key = await keys.get(ops, regionScope(m[2]!, m[1]!), m[3]!);
  return key && key.arn === t.arn ? withGrants(ops, t, key, env, filter) : t;
}

/**
 * Every rule of the service, wrapped: the request's grant tokens are checked first
 * (InvalidGrantTokenException) and handed to the grants lookup, then every key target the rule
 * resolves gets the grants that apply (so an operation added later is covered by its name alone).
 * CreateGrant's grants must also contain the new grant (`withinParent`).
 */
export function withGrantsApplied(store: Store, operations: Readonly<Record<string, OperationAuthz>>): Record<string, OperationAuthz> {
  const out: Record<string, OperationAuthz> = {};
  for (const [name, rule] of Object.entries(operations)) {
    const resolve = rule.resolve;
    out[name] = resolve
      ? {
          ...rule,
          resolve: async (input, env) => {
            const grantTokens = await grantTokenRefs(store, input['GrantTokens']);
            const genv: GrantEnv = grantTokens.length ? { ...env, grantTokens } : env;
            const child = { operations: Array.isArray(input['Operations']) ? (input['Operations'] as string[]) : [], constraints: input['Constraints'] as GrantConstraints | undefined };
            const filter: GrantFilter | undefined = name === 'CreateGrant' ? (g) => withinParent(g, child) : undefined;
            return Promise.all((await resolve(input, genv)).map((t) => grantsOn(store, t, genv, filter)));
          },
        }
      : rule;
  }
  return out;
}
