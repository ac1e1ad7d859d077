/**
 * Records when access keys and roles are used, for GetAccessKeyLastUsed and Role.RoleLastUsed.
 * The gateway calls `recordAccessKeyUse` after each authenticated request (and STS calls
 * `recordRoleUse` when a role is assumed); writes are throttled to one per key (or role) per
 * minute, so the hot path costs a map lookup. AWS itself reports last use with a delay and at a
 * coarse granularity, so the throttle is invisible to callers.
 */
import { GLOBAL } from '../../authz/identity-tables.js';
import { SESSIONS_TABLE, type SessionRecord } from '../../authz/session-store.js';
import type { Store } from '../../storage/types.js';
import { getAccessKey } from './store/access-key-store.js';
import { putServiceUsage } from './store/service-usage-store.js';
import { accountScope } from './store/tables.js';
import { putKeyUsage, putRoleUsage } from './store/usage-store.js';

/** Minimum time between two recorded uses of the same key or role. */
export const USAGE_THROTTLE_MS = 60_000;
const MAX_TRACKED = 10_000;

/** Last-use recorder (one per process). */
export class UsageRecorder {
  private readonly lastWrite = new Map<string, number>();
  private lastLogged = -Infinity;

  constructor(
    private readonly store: Store,
    private readonly throttleMs = USAGE_THROTTLE_MS,
    /** Where a failed write is reported (at most once per throttle period, so a broken store cannot flood the log). */
    private readonly log: (msg: string, err?: unknown) => void = () => {},
  ) {}

  /** A failed bookkeeping write: logged, never thrown (it must not fail the request it describes). */
  private failed(what: string, err: unknown, now: number): void {
    if (now - this.lastLogged < this.throttleMs) return;
    this.lastLogged = now;
    this.log(`recording ${what} failed (last-use data may lag)`, err);
  }

  /**
   * Records that `accessKeyId` signed a request to `service` (signing name, e.g. `s3`) in `region`
   * at `now` (epoch ms); also the principal's last use of the service (access advisor): the key's
   * user or root user, or for temporary credentials the session's role. Unknown keys (e.g. the
   * `--dev` test key) are ignored. Never throws.
   */
  async recordAccessKeyUse(accessKeyId: string, service: string, region: string, now: number): Promise<void> {
    const keyDue = this.due(`k:${accessKeyId}`, now);
    const serviceDue = this.due(`s:${accessKeyId}:${service}`, now);
    if (!keyDue && !serviceDue) return;
    try {
      const when = new Date(now).toISOString();
      const key = await getAccessKey(this.store, accessKeyId);
      if (key) {
        if (keyDue) await putKeyUsage(this.store, accessKeyId, { lastUsedDate: when, serviceName: service, region });
        if (serviceDue) await putServiceUsage(this.store, accountScope(key.accountId), key.arn, service, { lastAuthenticated: when, region });
        return;
      }
      if (!serviceDue) return;
      const session = (await this.store.get(SESSIONS_TABLE, GLOBAL, accessKeyId))?.value as unknown as SessionRecord | undefined;
      const principalArn = session?.roleArn ?? (session?.principalType === 'user' ? session.arn : undefined);
      if (session && principalArn) await putServiceUsage(this.store, accountScope(session.accountId), principalArn, service, { lastAuthenticated: when, region });
    } catch (e) {
      this.failed('access key use', e, now);
    }
  }

  /** Records that role `roleName` of `accountId` was assumed (or used) in `region` at `now`. Never throws. */
  async recordRoleUse(accountId: string, roleName: string, region: string, now: number): Promise<void> {
    if (!this.due(`r:${accountId}:${roleName.toLowerCase()}`, now)) return;
    try {
      await putRoleUsage(this.store, accountScope(accountId), roleName, { lastUsedDate: new Date(now).toISOString(), region });
    } catch (e) {
      this.failed('role use', e, now);
    }
  }

  private due(key: string, now: number): boolean {
    const last = this.lastWrite.get(key);
    if (last !== undefined && now - last < this.throttleMs && now >= last) return false;
    if (this.lastWrite.size >= MAX_TRACKED) this.lastWrite.clear();
    this.lastWrite.set(key, now);
    return true;
  }
}
