/**
 * IAM entities as authorization must see them: found by name (IAM names are unique ignoring case, so
 * `ADMIN` finds `admin`) or by ARN (the ARN must name the entity exactly: stored path and name, in
 * their case; anything else names no entity), and answered with their canonical ARN, tags and
 * permissions boundary. Handlers that take an entity's ARN use `entityByArn` too, so that the entity
 * a request is authorized on is the entity it acts on.
 */
import type { Scope, StoreOps } from '../../../storage/types.js';
import { groups } from '../store/group-store.js';
import { instanceProfiles } from '../store/instance-profile-store.js';
import { MFA_DEVICES, deviceKeyOfSerial } from '../store/mfa-store.js';
import { oidcProviderByArn, parseOidcProviderArn } from '../store/oidc-provider-store.js';
import { findPolicy } from '../store/policy-store.js';
import { roles } from '../store/role-store.js';
import { getServerCertificate } from '../store/server-certificate-store.js';
import { getSamlProvider } from '../store/saml-provider-store.js';
import { users } from '../store/user-store.js';
import { parseIamArn } from '../iam-arns.js';
import type { TagRecord } from '../tag-list.js';

/** IAM resource types of the Service Authorization Reference that Rampart stores. */
export type IamResourceType = 'user' | 'group' | 'role' | 'instance-profile' | 'policy' | 'mfa' | 'oidc-provider' | 'saml-provider' | 'server-certificate';

/** An existing entity, as authorization sees it. */
export interface IamEntity {
  readonly type: IamResourceType;
  /** The stored ARN (stored path and name). */
  readonly arn: string;
  /** `AIDA...`, `AROA...`, `AGPA...`, ... where the entity has one. */
  readonly id?: string;
  readonly tags?: readonly TagRecord[];
  /** ARN of the entity's permissions boundary (users and roles). */
  readonly boundary?: string;
}

/** The entity of `type` named `name` in `scope` (case-insensitive), or undefined. */
export async function entityByName(ops: StoreOps, scope: Scope, accountId: string, type: IamResourceType, name: string): Promise<IamEntity | undefined> {
  switch (type) {
    case 'user': {
      const u = await users.get(ops, scope, name);
      return u && { type, arn: u.arn, id: u.userId, tags: u.tags, ...(u.permissionsBoundary ? { boundary: u.permissionsBoundary } : {}) };
    }
    case 'role': {
      const r = await roles.get(ops, scope, name);
      return r && { type, arn: r.arn, id: r.roleId, tags: r.tags, ...(r.permissionsBoundary ? { boundary: r.permissionsBoundary } : {}) };
    }
    case 'group': {
      const g = await groups.get(ops, scope, name);
      return g && { type, arn: g.arn, id: g.groupId };
    }
    case 'instance-profile': {
      const p = await instanceProfiles.get(ops, scope, name);
      return p && { type, arn: p.arn, id: p.instanceProfileId, tags: p.tags };
    }
    case 'mfa': {
      const key = deviceKeyOfSerial(accountId, name);
      const d = key === undefined ? undefined : await MFA_DEVICES.get(ops, scope, key);
      return d && { type, arn: d.serialNumber, tags: d.tags };
    }
    case 'server-certificate': {
      const c = await getServerCertificate(ops, scope, name);
      return c && { type, arn: c.arn, id: c.id, tags: c.tags };
    }
    case 'saml-provider': {
      const p = await getSamlProvider(ops, scope, name);
      return p && { type, arn: p.arn, tags: [...p.tags] };
    }
    default:
      // Policies and OIDC providers are named by ARN.
      return undefined;
  }
}

/**
 * The entity `arn` names exactly in `accountId` (its stored ARN equals `arn`), or undefined:
 * another case or path names no entity, as in AWS.
 */
export async function entityByArn(ops: StoreOps, scope: Scope, accountId: string, arn: string): Promise<IamEntity | undefined> {
  if (parseOidcProviderArn(arn)) {
    // The URL in an OIDC provider ARN may hold a port or a path: it is not a path and a name.
    const p = await oidcProviderByArn(ops, scope, accountId, arn);
    return p && { type: 'oidc-provider', arn: p.arn, tags: p.tags };
  }
  const parts = parseIamArn(arn);
  if (!parts) return undefined;
  if (parts.type === 'policy') {
    const p = await findPolicy(ops, scope, accountId, arn);
    return p && { type: 'policy', arn: p.arn, id: p.policyId, tags: p.tags };
  }
  if (parts.accountId !== accountId) return undefined;
  const type = parts.type as IamResourceType;
  const e = type === 'mfa' ? await entityByName(ops, scope, accountId, 'mfa', arn) : await entityByName(ops, scope, accountId, type, parts.name);
  return e && e.arn === arn ? e : undefined;
}
