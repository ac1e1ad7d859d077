/**
 * How IAM finds the entity an operation acts on, for authorization: only from the members that name
 * it (never from a description, a password or a tag that looks like an ARN), resolved to the
 * entity's canonical ARN (stored name and path) with the keys the entity carries
 * (`aws:ResourceTag/*`, `iam:ResourceTag/*`, `iam:PermissionsBoundary`).
 */
import type { ContextValue } from '../../../policy/index.js';
import type { OperationAuthz, ResolveEnv, TargetResource } from '../../../authz/service-rules.js';
import { rootArn } from '../../../shared/principal.js';
import type { Store } from '../../../storage/types.js';
import { validationError } from '../errors.js';
import { getAccessKey } from '../store/access-key-store.js';
import { SERVICE_CREDENTIALS, userPrefix } from '../store/user-credential-store.js';
import { accountScope } from '../store/tables.js';
import { parseIamArn } from '../iam-arns.js';
import { parseTaskId } from '../service-linked/deletion-tasks.js';
import { linkedRoleSpec, SERVICE_ROLE_PATH_PREFIX } from '../service-linked/role-catalog.js';
import { entityByArn, entityByName, type IamEntity, type IamResourceType } from './iam-entities.js';

type Input = Readonly<Record<string, unknown>>;
type Resolve = NonNullable<OperationAuthz['resolve']>;

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** The ARN of a `type` entity that does not exist (the request names it; the operation then fails). */
function namedArn(env: ResolveEnv, type: IamResourceType, path: string, name: string): string {
  return `arn:${env.partition}:iam::${env.accountId}:${type}${path}${name}`;
}

/** The entity's own condition keys for the action being authorized. */
function entityKeys(e: IamEntity, input: Input, env: ResolveEnv): Record<string, ContextValue> | undefined {
  let keys: Record<string, ContextValue> | undefined;
  for (const t of e.tags ?? []) {
    keys ??= {};
    keys[`aws:ResourceTag/${t.Key}`] = t.Value;
    keys[`iam:ResourceTag/${t.Key}`] = t.Value;
  }
  // The target's current boundary, where the request does not name one (Attach/Detach/Put/Delete*).
  if (e.boundary !== undefined && input['PermissionsBoundary'] === undefined && env.conditionKeys.has('iam:permissionsboundary')) {
    keys ??= {};
    keys['iam:PermissionsBoundary'] = e.boundary;
  }
  return keys;
}

/** A resolved target: the entity's canonical ARN and keys, or the ARN as named when it does not exist. */
function target(e: IamEntity | undefined, fallback: string, type: IamResourceType, input: Input, env: ResolveEnv): TargetResource {
  if (!e) return { arn: fallback, type };
  const keys = entityKeys(e, input, env);
  return keys ? { arn: e.arn, type, keys } : { arn: e.arn, type };
}

/** The calling IAM user's name (for operations whose UserName defaults to the caller). */
function callerUserName(env: ResolveEnv): string | undefined {
  const p = env.caller.principal;
  if (p.type !== 'user') return undefined;
  return parseIamArn(p.arn)?.name;
}

/** Resolvers over `store`. */
export class IamTargets {
  constructor(private readonly store: Store) {}

  private byName(env: ResolveEnv, type: IamResourceType, name: string): Promise<IamEntity | undefined> {
    return entityByName(this.store, accountScope(env.accountId), env.accountId, type, name);
  }

  /** An existing entity named by `member` (`UserName`, `RoleName`, ...). */
  name(type: IamResourceType, member: string, opts: { callerDefault?: boolean } = {}): Resolve {
    return async (input, env) => {
      let name = str(input[member]);
      if (name === undefined && opts.callerDefault) {
        if (env.caller.principal.type === 'root') return [{ arn: env.caller.principal.arn, type }];
        name = callerUserName(env);
        if (name === undefined) throw validationError('Must specify userName when calling with non-User credentials');
      }
      if (name === undefined) return [];
      const e = await this.byName(env, type, name);
      return [target(e, type === 'mfa' && name.startsWith('arn:') ? name : namedArn(env, type, '/', name), type, input, env)];
    };
  }

  /** An entity to create: the name member and the `Path` member (default `/`). */
  create(type: IamResourceType, member: string): Resolve {
    return async (input, env) => {
      const name = str(input[member]);
      return name === undefined ? [] : [{ arn: namedArn(env, type, str(input['Path']) ?? '/', name), type }];
    };
  }

  /** An existing entity named by ARN in `member` (exactly: another case or path names no entity). */
  arn(member: string): Resolve {
    return async (input, env) => {
      const arn = str(input[member]);
      if (arn === undefined) return [];
      const e = await entityByArn(this.store, accountScope(env.accountId), env.accountId, arn);
      const type = (e?.type ?? parseIamArn(arn)?.type ?? 'user') as IamResourceType;
      return [target(e, arn, type, input, env)];
    };
  }

  /**
   * A rename or move (UpdateUser, UpdateGroup, UpdateServerCertificate): AWS requires permission on both the source and the
   * target ("to change Bob to Robert, the entity making the request must have permission on Bob and
   * Robert").
   */
  rename(type: 'user' | 'group' | 'server-certificate', member: string, newNameMember: string): Resolve {
    return async (input, env) => {
      const name = str(input[member]);
      if (name === undefined) return [];
      const e = await this.byName(env, type, name);
      const source = target(e, namedArn(env, type, '/', name), type, input, env);
      const newName = str(input[newNameMember]);
      const newPath = str(input['NewPath']);
      if (!e || (newName === undefined && newPath === undefined)) return [source];
      const parts = parseIamArn(e.arn)!;
      return [source, { arn: namedArn(env, type, newPath ?? parts.path, newName ?? parts.name), type }];
    };
  }

  /**
   * The user of a service-specific credential operation (UserName, default the caller), with
   * `iam:ServiceSpecificCredentialServiceName` (the request's ServiceName, or the stored credential's)
   * and `iam:ServiceSpecificCredentialAgeDays`. ListServiceSpecificCredentials with AllUsers acts on
   * every user of the account (`user/*`), never on the caller's own ARN alone.
   */
  serviceCredential(): Resolve {
    const self = this.name('user', 'UserName', { callerDefault: true });
    return async (input, env) => {
      if (input['AllUsers'] === true) return [{ arn: `arn:${env.partition}:iam::${env.accountId}:user/*`, type: 'user' }];
      const targets = await self(input, env);
      const keys: Record<string, ContextValue> = {};
      const id = str(input['ServiceSpecificCredentialId']);
      const userArn = targets[0]?.arn;
      const userName = userArn === undefined ? undefined : parseIamArn(userArn)?.name;
      const stored = id && userName ? await SERVICE_CREDENTIALS.get(this.store, accountScope(env.accountId), userPrefix(userName) + id) : undefined;
      const service = str(input['ServiceName']) ?? stored?.serviceName;
      if (service !== undefined) keys['iam:ServiceSpecificCredentialServiceName'] = service;
      if (typeof input['CredentialAgeDays'] === 'number') keys['iam:ServiceSpecificCredentialAgeDays'] = String(input['CredentialAgeDays']);
      if (Object.keys(keys).length === 0) return targets;
      return targets.map((t) => ({ ...t, keys: { ...t.keys, ...keys } }));
    };
  }

  /** The calling user itself (ChangePassword). */
  caller(): Resolve {
    return async (input, env) => {
      const name = callerUserName(env);
      if (name === undefined) return [{ arn: env.caller.principal.arn, type: 'user' }];
      return [target(await this.byName(env, 'user', name), env.caller.principal.arn, 'user', input, env)];
    };
  }

  /** The owner of the access key `AccessKeyId` (GetAccessKeyLastUsed): a user of the account, or its root. */
  keyOwner(): Resolve {
    return async (input, env) => {
      const id = str(input['AccessKeyId']);
      const rec = id === undefined ? undefined : await getAccessKey(this.store, id);
      if (!rec || rec.accountId !== env.accountId) return [{ arn: '*' }];
      if (rec.principalType === 'root') return [{ arn: rootArn(env.accountId), type: 'user' }];
      const owner = rec.userName === undefined ? undefined : await this.byName(env, 'user', rec.userName);
      return [target(owner, rec.arn, 'user', input, env)];
    };
  }

  /**
   * The service-linked role CreateServiceLinkedRole would make: `role/aws-service-role/<service>/`
   * and the service's role name (with `_<CustomSuffix>`), so that a policy on one service's path
   * does not allow another's. For a service IAM does not know, the bare path (the handler refuses it).
   */
  linkedRoleToCreate(): Resolve {
    return async (input, env) => {
      const service = str(input['AWSServiceName']);
      if (service === undefined) return [];
      const spec = linkedRoleSpec(service);
      const suffix = str(input['CustomSuffix']);
      const name = spec ? (suffix === undefined ? spec.roleName : `${spec.roleName}_${suffix}`) : '';
      return [{ arn: namedArn(env, 'role', `${SERVICE_ROLE_PATH_PREFIX}${service}/`, name), type: 'role' }];
    };
  }

  /** The service-linked role a deletion task id names (`task/aws-service-role/<service>/<role>/<uuid>`). */
  deletionTaskRole(): Resolve {
    return async (input, env) => {
      const id = str(input['DeletionTaskId']);
      const parts = id === undefined ? undefined : parseTaskId(id);
      return parts ? [{ arn: namedArn(env, 'role', `${SERVICE_ROLE_PATH_PREFIX}${parts.principal}/`, parts.roleName), type: 'role' }] : [];
    };
  }

  /** `iam:PassRole` on the role named by `member`, handed to `service` (AddRoleToInstanceProfile). */
  passRole(member: string, service: string): NonNullable<OperationAuthz['extraChecks']> {
    return async (input, env) => {
      const name = str(input[member]);
      if (name === undefined) return [];
      const e = await this.byName(env, 'role', name);
      return [{ action: 'iam:PassRole', resource: e?.arn ?? namedArn(env, 'role', '/', name), context: { 'iam:PassedToService': service } }];
    };
  }
}
