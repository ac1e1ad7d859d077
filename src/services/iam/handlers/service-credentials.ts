/**
 * CreateServiceSpecificCredential, ListServiceSpecificCredentials, ResetServiceSpecificCredential,
 * UpdateServiceSpecificCredential, DeleteServiceSpecificCredential: user name and password
 * credentials for one service (CodeCommit's Git credentials, Amazon Keyspaces). The password is
 * returned only by Create and Reset and stored only as its SHA-256 (256 random bits: no offline
 * guessing). At most 2 per user per service.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { HandlerContext } from '../../../protocol/service-definition.js';
import type { Scope, StoreOps } from '../../../storage/types.js';
import type { ServiceSpecificCredential, ServiceSpecificCredentialMetadata } from '../api.generated.js';
import { noSuchServiceCredential, serviceNotSupported } from '../credential-errors.js';
import { nowIso, scopeOf, type IamDeps, type OpHandlers } from '../deps.js';
import { invalidInput, quotaExceeded } from '../errors.js';
import { pageFields, paginate } from '../pagination.js';
import { listSorted, newCredentialId, SERVICE_CREDENTIALS, userPrefix, type ServiceCredentialRecord } from '../store/user-credential-store.js';
import { users } from '../store/user-store.js';
import { requireStatus } from './credential-status.js';
import { callerUserName } from './users.js';

/** Services that take user name and password credentials from IAM. */
export const PASSWORD_SERVICES: ReadonlySet<string> = new Set(['codecommit.amazonaws.com', 'cassandra.amazonaws.com']);

/** Credentials per user per service (IAM quotas). */
export const SERVICE_CREDENTIALS_QUOTA = 2;

type CredOps =
  | 'CreateServiceSpecificCredential'
  | 'ListServiceSpecificCredentials'
  | 'ResetServiceSpecificCredential'
  | 'UpdateServiceSpecificCredential'
  | 'DeleteServiceSpecificCredential';

/** A new password (44 characters of base64, as AWS's) and the digest stored for it. */
function newPassword(): { password: string; sha256: string } {
  const password = randomBytes(32).toString('base64');
  return { password, sha256: createHash('sha256').update(password).digest('hex') };
}

function metadata(c: ServiceCredentialRecord): ServiceSpecificCredentialMetadata {
  return { UserName: c.userName, Status: c.status, ServiceUserName: c.serviceUserName, CreateDate: new Date(c.createDate), ServiceSpecificCredentialId: c.id, ServiceName: c.serviceName };
}

function withPassword(c: ServiceCredentialRecord, password: string): ServiceSpecificCredential {
  return { ...metadata(c), ServicePassword: password };
}

function requireService(name: string): void {
  if (!PASSWORD_SERVICES.has(name)) throw serviceNotSupported(name);
}

async function ownedCredential(ops: StoreOps, scope: Scope, ctx: HandlerContext, userName: string | undefined, id: string): Promise<ServiceCredentialRecord> {
  const u = await users.require(ops, scope, userName ?? callerUserName(ctx));
  const c = await SERVICE_CREDENTIALS.get(ops, scope, userPrefix(u.userName) + id);
  if (!c) throw noSuchServiceCredential(id);
  return c;
}

/** Service-specific credential operations. */
export function serviceCredentialHandlers({ store }: IamDeps): OpHandlers<CredOps> {
  return {
    async CreateServiceSpecificCredential(input, ctx) {
      requireService(input.ServiceName);
      if (input.CredentialAgeDays !== undefined) throw invalidInput('CredentialAgeDays is only valid for services that support long-term API keys.');
      const scope = scopeOf(ctx);
      const { password, sha256 } = newPassword();
      const rec = await store.transaction(async (tx) => {
        const u = await users.require(tx, scope, input.UserName);
        const held = await SERVICE_CREDENTIALS.list(tx, scope, { prefix: userPrefix(u.userName) });
        if (held.filter((r) => r.value.serviceName === input.ServiceName).length >= SERVICE_CREDENTIALS_QUOTA) {
          throw quotaExceeded('ServiceSpecificCredentialsPerUserPerService', SERVICE_CREDENTIALS_QUOTA);
        }
        const c: ServiceCredentialRecord = {
          id: newCredentialId('ACCA', 16),
          userName: u.userName,
          serviceName: input.ServiceName,
          serviceUserName: `${u.userName}-at-${ctx.caller.principal.accountId}`,
          passwordSha256: sha256,
          status: 'Active',
          createDate: nowIso(ctx),
        };
        await SERVICE_CREDENTIALS.put(tx, scope, userPrefix(u.userName) + c.id, c);
        return c;
      });
      return { ServiceSpecificCredential: withPassword(rec, password) };
    },

    async ListServiceSpecificCredentials(input, ctx) {
      if (input.ServiceName !== undefined) requireService(input.ServiceName);
      if (input.AllUsers === true && input.UserName !== undefined) throw invalidInput('UserName cannot be specified together with AllUsers.');
      const scope = scopeOf(ctx);
      let prefix = '';
      if (input.AllUsers !== true) {
        // The root user has no service-specific credentials: without UserName it lists none.
        if (input.UserName === undefined && ctx.caller.principal.type === 'root') return { ServiceSpecificCredentials: [], IsTruncated: false };
        prefix = userPrefix((await users.require(store, scope, input.UserName ?? callerUserName(ctx))).userName);
      }
      const all = (await listSorted(SERVICE_CREDENTIALS, store, scope, prefix, (c) => c.createDate)).filter((c) => input.ServiceName === undefined || c.serviceName === input.ServiceName);
      const page = paginate(all, (c) => `${c.createDate}|${c.id}`, input);
      return { ServiceSpecificCredentials: page.items.map(metadata), ...pageFields(page) };
    },

    async ResetServiceSpecificCredential(input, ctx) {
      const scope = scopeOf(ctx);
      const { password, sha256 } = newPassword();
      const rec = await store.transaction(async (tx) => {
        const c = await ownedCredential(tx, scope, ctx, input.UserName, input.ServiceSpecificCredentialId);
        const after = { ...c, passwordSha256: sha256 };
        await SERVICE_CREDENTIALS.put(tx, scope, userPrefix(c.userName) + c.id, after);
        return after;
      });
      return { ServiceSpecificCredential: withPassword(rec, password) };
    },

    async UpdateServiceSpecificCredential(input, ctx) {
      const status = requireStatus(input.Status);
      const scope = scopeOf(ctx);
      await store.transaction(async (tx) => {
        const c = await ownedCredential(tx, scope, ctx, input.UserName, input.ServiceSpecificCredentialId);
        await SERVICE_CREDENTIALS.put(tx, scope, userPrefix(c.userName) + c.id, { ...c, status });
      });
    },

    async DeleteServiceSpecificCredential(input, ctx) {
      const scope = scopeOf(ctx);
      await store.transaction(async (tx) => {
        const c = await ownedCredential(tx, scope, ctx, input.UserName, input.ServiceSpecificCredentialId);
        await SERVICE_CREDENTIALS.delete(tx, scope, userPrefix(c.userName) + c.id);
      });
    },
  };
}
