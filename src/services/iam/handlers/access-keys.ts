/**
 * CreateAccessKey, ListAccessKeys, UpdateAccessKey, DeleteAccessKey, GetAccessKeyLastUsed.
 * Without UserName these act on the caller's own keys: an IAM user's, or the root user's.
 * The secret is returned once, by CreateAccessKey, and stored only sealed.
 */
import { accessKeySecretAt, type AccessKeyRecord } from '../../../authz/identity-tables.js';
import { newAccessKeyIdFor } from '../../../authz/key-ids.js';
import type { HandlerContext } from '../../../protocol/service-definition.js';
import { newSecretAccessKey } from '../../../shared/ids.js';
import { rootArn } from '../../../shared/principal.js';
import type { Scope, StoreOps } from '../../../storage/types.js';
import type { AccessKey, AccessKeyMetadata } from '../api.generated.js';
import { noSuchAccessKey, quotaExceeded, validationError } from '../errors.js';
import { nameKey } from '../iam-arns.js';
import { pageFields, paginate } from '../pagination.js';
import { deleteAccessKey, getAccessKey, keysOfUser, putAccessKey, rootKeys } from '../store/access-key-store.js';
import { deleteKeyUsage, getKeyUsage } from '../store/usage-store.js';
import { users, type UserRecord } from '../store/user-store.js';
import { nowIso, scopeOf, type IamDeps, type OpHandlers } from '../deps.js';
import { callerUserName } from './users.js';

/** Access keys per IAM user (and per root user). */
export const ACCESS_KEYS_QUOTA = 2;

/** Whose keys an operation is about. */
type KeyOwner = { readonly kind: 'root' } | { readonly kind: 'user'; readonly user: UserRecord };

async function ownerOf(ops: StoreOps, scope: Scope, ctx: HandlerContext, userName: string | undefined): Promise<KeyOwner> {
  if (userName === undefined && ctx.caller.principal.type === 'root') return { kind: 'root' };
  return { kind: 'user', user: await users.require(ops, scope, userName ?? callerUserName(ctx)) };
}

function keysOf(ops: StoreOps, scope: Scope, ctx: HandlerContext, owner: KeyOwner): Promise<AccessKeyRecord[]> {
  return owner.kind === 'root' ? rootKeys(ops, ctx.caller.principal.accountId) : keysOfUser(ops, scope, owner.user.userName);
}

/** The key if it belongs to `owner` in the caller's account, else NoSuchEntity. */
async function ownedKey(ops: StoreOps, ctx: HandlerContext, owner: KeyOwner, accessKeyId: string): Promise<AccessKeyRecord> {
  const rec = await getAccessKey(ops, accessKeyId);
  const mine =
    rec !== undefined &&
    rec.accountId === ctx.caller.principal.accountId &&
    (owner.kind === 'root' ? rec.principalType === 'root' : rec.principalType === 'user' && nameKey(rec.userName ?? '') === nameKey(owner.user.userName));
  if (!mine) throw noSuchAccessKey(accessKeyId);
  return rec!;
}

function metadata(rec: AccessKeyRecord): AccessKeyMetadata {
  return { UserName: rec.userName, AccessKeyId: rec.accessKeyId, Status: rec.status, CreateDate: new Date(rec.createdAt) };
}

type KeyOps = 'CreateAccessKey' | 'ListAccessKeys' | 'UpdateAccessKey' | 'DeleteAccessKey' | 'GetAccessKeyLastUsed';

/** Access key operations. */
export function accessKeyHandlers({ store }: IamDeps): OpHandlers<KeyOps> {
  return {
    async CreateAccessKey(input, ctx) {
      const scope = scopeOf(ctx);
      // Key ids encode their account, as AWS's do (STS GetAccessKeyInfo reads it back).
      const accessKeyId = newAccessKeyIdFor('AKIA', ctx.caller.principal.accountId);
      const secret = newSecretAccessKey();
      const createdAt = nowIso(ctx);
      const rec = await store.transaction(async (tx) => {
        const owner = await ownerOf(tx, scope, ctx, input.UserName);
        if ((await keysOf(tx, scope, ctx, owner)).length >= ACCESS_KEYS_QUOTA) throw quotaExceeded('AccessKeysPerUser', ACCESS_KEYS_QUOTA);
        const accountId = ctx.caller.principal.accountId;
        const key: AccessKeyRecord =
          owner.kind === 'root'
            ? { accessKeyId, accountId, principalType: 'root', arn: rootArn(accountId), userId: accountId, status: 'Active', sealedSecret: store.sealer.seal(secret, accessKeySecretAt(accessKeyId)), createdAt }
            : {
                accessKeyId,
                accountId,
                principalType: 'user',
                arn: owner.user.arn,
                userId: owner.user.userId,
                userName: owner.user.userName,
                status: 'Active',
                sealedSecret: store.sealer.seal(secret, accessKeySecretAt(accessKeyId)),
                createdAt,
              };
        await putAccessKey(tx, scope, key);
        return key;
      });
      const out = { UserName: rec.userName, AccessKeyId: accessKeyId, Status: 'Active', SecretAccessKey: secret, CreateDate: new Date(createdAt) };
      return { AccessKey: out as AccessKey };
    },

    async ListAccessKeys(input, ctx) {
      const scope = scopeOf(ctx);
      const owner = await ownerOf(store, scope, ctx, input.UserName);
      const page = paginate(await keysOf(store, scope, ctx, owner), (k) => `${k.createdAt}|${k.accessKeyId}`, input);
      return { AccessKeyMetadata: page.items.map(metadata), ...pageFields(page) };
    },

    async UpdateAccessKey(input, ctx) {
      if (input.Status !== 'Active' && input.Status !== 'Inactive') {
        throw validationError(`1 validation error detected: Value '${input.Status}' at 'status' failed to satisfy constraint: Member must satisfy enum value set: [Active, Inactive]`);
      }
      const scope = scopeOf(ctx);
      await store.transaction(async (tx) => {
        const owner = await ownerOf(tx, scope, ctx, input.UserName);
        const rec = await ownedKey(tx, ctx, owner, input.AccessKeyId);
        await putAccessKey(tx, scope, { ...rec, status: input.Status as 'Active' | 'Inactive' });
      });
    },

    async DeleteAccessKey(input, ctx) {
      const scope = scopeOf(ctx);
      await store.transaction(async (tx) => {
        const owner = await ownerOf(tx, scope, ctx, input.UserName);
        const rec = await ownedKey(tx, ctx, owner, input.AccessKeyId);
        await deleteAccessKey(tx, scope, rec);
        await deleteKeyUsage(tx, rec.accessKeyId);
      });
    },

    async GetAccessKeyLastUsed(input, ctx) {
      const rec = await getAccessKey(store, input.AccessKeyId);
      if (!rec || rec.accountId !== ctx.caller.principal.accountId) throw noSuchAccessKey(input.AccessKeyId);
      const used = await getKeyUsage(store, rec.accessKeyId);
      return {
        UserName: rec.userName,
        // Never used: AWS answers "N/A" for the service and region and no date.
        AccessKeyLastUsed: used
          ? { LastUsedDate: new Date(used.lastUsedDate), ServiceName: used.serviceName, Region: used.region }
          : { ServiceName: 'N/A', Region: 'N/A' },
      };
    },
  };
}
