/**
 * UploadSSHPublicKey, GetSSHPublicKey, ListSSHPublicKeys, UpdateSSHPublicKey, DeleteSSHPublicKey
 * (the keys CodeCommit authenticates users with). RSA keys of at least 2048 bits, in `ssh-rsa` or
 * PEM form; GetSSHPublicKey answers either encoding. At most 5 per user, each key once per user.
 */
import type { Scope, StoreOps } from '../../../storage/types.js';
import type { SSHPublicKey } from '../api.generated.js';
import { parseSshPublicKey } from '../certs/ssh-key.js';
import { duplicateSshKey, invalidPublicKey, noSuchSshKey, shortPublicKey, unrecognizedKeyEncoding } from '../credential-errors.js';
import { nowIso, scopeOf, type IamDeps, type OpHandlers } from '../deps.js';
import { quotaExceeded } from '../errors.js';
import { pageFields, paginate } from '../pagination.js';
import { listSorted, newCredentialId, SSH_KEYS, userPrefix, type SshKeyRecord } from '../store/user-credential-store.js';
import { users } from '../store/user-store.js';
import { requireStatus } from './credential-status.js';
import { callerUserName } from './users.js';

/** SSH public keys per user (IAM quotas). */
export const SSH_KEYS_QUOTA = 5;

type SshOps = 'UploadSSHPublicKey' | 'GetSSHPublicKey' | 'ListSSHPublicKeys' | 'UpdateSSHPublicKey' | 'DeleteSSHPublicKey';

function view(k: SshKeyRecord, encoding: 'SSH' | 'PEM'): SSHPublicKey {
  return {
    UserName: k.userName,
    SSHPublicKeyId: k.sshPublicKeyId,
    Fingerprint: k.fingerprint,
    SSHPublicKeyBody: encoding === 'PEM' ? k.pem : k.ssh,
    Status: k.status,
    UploadDate: new Date(k.uploadDate),
  };
}

async function ownedKey(ops: StoreOps, scope: Scope, userName: string, id: string): Promise<SshKeyRecord> {
  const u = await users.require(ops, scope, userName);
  const k = await SSH_KEYS.get(ops, scope, userPrefix(u.userName) + id);
  if (!k) throw noSuchSshKey(id);
  return k;
}

/** SSH public key operations. */
export function sshKeyHandlers({ store }: IamDeps): OpHandlers<SshOps> {
  return {
    async UploadSSHPublicKey(input, ctx) {
      const parsed = parseSshPublicKey(input.SSHPublicKeyBody);
      if (!parsed.ok) throw parsed.reason === 'encoding' ? unrecognizedKeyEncoding() : parsed.reason === 'too-short' ? shortPublicKey() : invalidPublicKey();
      const scope = scopeOf(ctx);
      const encoding = input.SSHPublicKeyBody.trim().startsWith('-----BEGIN') ? 'PEM' : 'SSH';
      const rec = await store.transaction(async (tx) => {
        const u = await users.require(tx, scope, input.UserName);
        const held = await SSH_KEYS.list(tx, scope, { prefix: userPrefix(u.userName) });
        if (held.some((r) => r.value.fingerprint === parsed.key.fingerprint)) throw duplicateSshKey();
        if (held.length >= SSH_KEYS_QUOTA) throw quotaExceeded('SSHPublicKeysPerUser', SSH_KEYS_QUOTA);
        const k: SshKeyRecord = {
          sshPublicKeyId: newCredentialId('APKA', 16),
          userName: u.userName,
          ssh: parsed.key.ssh,
          pem: parsed.key.pem,
          fingerprint: parsed.key.fingerprint,
          status: 'Active',
          uploadDate: nowIso(ctx),
        };
        await SSH_KEYS.put(tx, scope, userPrefix(u.userName) + k.sshPublicKeyId, k);
        return k;
      });
      return { SSHPublicKey: view(rec, encoding) };
    },

    async GetSSHPublicKey(input, ctx) {
      const k = await ownedKey(store, scopeOf(ctx), input.UserName, input.SSHPublicKeyId);
      if (input.Encoding !== 'SSH' && input.Encoding !== 'PEM') throw unrecognizedKeyEncoding();
      return { SSHPublicKey: view(k, input.Encoding) };
    },

    async ListSSHPublicKeys(input, ctx) {
      // The root user has no SSH keys: without UserName it lists none.
      if (input.UserName === undefined && ctx.caller.principal.type === 'root') return { SSHPublicKeys: [], IsTruncated: false };
      const scope = scopeOf(ctx);
      const u = await users.require(store, scope, input.UserName ?? callerUserName(ctx));
      const all = await listSorted(SSH_KEYS, store, scope, userPrefix(u.userName), (k) => k.uploadDate);
      const page = paginate(all, (k) => `${k.uploadDate}|${k.sshPublicKeyId}`, input);
      return {
        SSHPublicKeys: page.items.map((k) => ({ UserName: k.userName, SSHPublicKeyId: k.sshPublicKeyId, Status: k.status, UploadDate: new Date(k.uploadDate) })),
        ...pageFields(page),
      };
    },

    async UpdateSSHPublicKey(input, ctx) {
      const status = requireStatus(input.Status);
      const scope = scopeOf(ctx);
      await store.transaction(async (tx) => {
        const k = await ownedKey(tx, scope, input.UserName, input.SSHPublicKeyId);
        await SSH_KEYS.put(tx, scope, userPrefix(k.userName) + k.sshPublicKeyId, { ...k, status });
      });
    },

    async DeleteSSHPublicKey(input, ctx) {
      const scope = scopeOf(ctx);
      await store.transaction(async (tx) => {
        const k = await ownedKey(tx, scope, input.UserName, input.SSHPublicKeyId);
        await SSH_KEYS.delete(tx, scope, userPrefix(k.userName) + k.sshPublicKeyId);
      });
    },
  };
}
