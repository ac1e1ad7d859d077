import type { Principal } from '../shared/principal.js';
import type { Store } from '../storage/types.js';
import { accessKeySecretAt, GLOBAL, TABLES, type AccessKeyRecord } from './identity-tables.js';
import { SESSIONS_TABLE, sessionContextOf, sessionSecretsAt, type SessionContext, type SessionRecord } from './session-store.js';

/** What authentication needs about an access key (structurally the auth layer's ResolvedCredential). */
export interface KnownCredential {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly principal: Principal;
  readonly active: boolean;
  /** Temporary credentials (ASIA...): the token the request must carry in X-Amz-Security-Token. */
  readonly sessionToken?: string;
  /** Temporary credentials: epoch ms after which the verifier answers ExpiredToken. */
  readonly expiresAt?: number;
  /** Temporary credentials: what authorization needs (session policies, tags, MFA, issue time, ...). */
  readonly session?: SessionContext;
}

/**
 * Looks up access keys (`iam.access-keys`) and STS temporary credentials (`sts.sessions`, ASIA ids)
 * in storage, unseals their secrets and caches the result in memory.
 * INVARIANT: a committed write to either table (or a reset) drops the cached entry before the next
 * lookup, because the store emits change events synchronously after commit.
 */
export class CredentialResolver {
  private readonly cache = new Map<string, KnownCredential | null>();
  private readonly extra = new Map<string, KnownCredential>();
  private static readonly MAX_CACHED = 10_000;
  /** Bumped by every relevant change, so a lookup that raced a write does not cache stale data. */
  private generation = 0;

  constructor(private readonly store: Store) {
    store.onChange((e) => {
      if (e.op === 'reset') this.cache.clear();
      else if (e.table === TABLES.accessKeys || e.table === SESSIONS_TABLE) this.cache.delete(e.key);
      else return;
      this.generation++;
    });
  }

  /** Adds a credential that lives outside storage (the `--dev` `test`/`test` key). */
  addStatic(cred: KnownCredential): void {
    this.extra.set(cred.accessKeyId, cred);
  }

  resolve(accessKeyId: string): KnownCredential | undefined | Promise<KnownCredential | undefined> {
    const fixed = this.extra.get(accessKeyId);
    if (fixed) return fixed;
    const hit = this.cache.get(accessKeyId);
    if (hit !== undefined) return hit ?? undefined;
    return this.load(accessKeyId);
  }

  private async load(accessKeyId: string): Promise<KnownCredential | undefined> {
    // Only well-formed ids reach storage; anything else is unknown by definition.
    if (!/^[A-Z0-9]{16,128}$/.test(accessKeyId)) return undefined;
    const generation = this.generation;
    const cred = accessKeyId.startsWith('ASIA') ? await this.loadSession(accessKeyId) : await this.loadKey(accessKeyId);
    if (generation === this.generation) {
      if (this.cache.size >= CredentialResolver.MAX_CACHED) this.cache.clear();
      this.cache.set(accessKeyId, cred);
    }
    return cred ?? undefined;
  }

  private async loadKey(accessKeyId: string): Promise<KnownCredential | null> {
    const item = await this.store.get(TABLES.accessKeys, GLOBAL, accessKeyId);
    return item ? toCredential(accessKeyId, item.value as unknown as AccessKeyRecord, this.store) : null;
  }

  private async loadSession(accessKeyId: string): Promise<KnownCredential | null> {
    const item = await this.store.get(SESSIONS_TABLE, GLOBAL, accessKeyId);
    return item ? sessionCredential(accessKeyId, item.value as unknown as SessionRecord, this.store) : null;
  }
}

/** The credential of the session stored at `accessKeyId` (its secrets are sealed for that record). */
function sessionCredential(accessKeyId: string, rec: SessionRecord, store: Store): KnownCredential {
  return {
    accessKeyId: rec.accessKeyId,
    secretAccessKey: store.sealer.open(rec.sealedSecret, sessionSecretsAt(accessKeyId)).toString('utf8'),
    sessionToken: store.sealer.open(rec.sealedToken, sessionSecretsAt(accessKeyId)).toString('utf8'),
    expiresAt: rec.expiresAt,
    principal: { accountId: rec.accountId, arn: rec.arn, userId: rec.userId, type: rec.principalType },
    active: true,
    session: sessionContextOf(rec),
  };
}

/** The credential of the access key stored at `accessKeyId` (its secret is sealed for that record). */
function toCredential(accessKeyId: string, rec: AccessKeyRecord, store: Store): KnownCredential {
  return {
    accessKeyId: rec.accessKeyId,
    secretAccessKey: store.sealer.open(rec.sealedSecret, accessKeySecretAt(accessKeyId)).toString('utf8'),
    principal: { accountId: rec.accountId, arn: rec.arn, userId: rec.userId, type: rec.principalType },
    active: rec.status === 'Active',
  };
}
