/**
 * The credential report's CSV (IAM User Guide, "Getting credential reports"): one header line and
 * one row per principal, the account root user first as `<root_account>`, then every IAM user in
 * name order. Dates are ISO 8601 (`2024-01-02T03:04:05+00:00`), booleans `true`/`false`, and
 * `N/A` / `no_information` / `not_supported` where the guide says so. The `cert_N` columns are the
 * principal's first two signing certificates, oldest first (`N/A` dates when there are fewer).
 */
import { GLOBAL, TABLES, type AccessKeyRecord, type AccountRecord } from '../../../authz/identity-tables.js';
import type { Scope, Store } from '../../../storage/types.js';
import { nextRotation } from '../password-rules.js';
import { keysOfUser, rootKeys } from '../store/access-key-store.js';
import { getLoginProfile } from '../store/login-profile-store.js';
import { countDevicesOf } from '../store/mfa-store.js';
import { getPasswordPolicy } from '../store/password-policy-store.js';
import { getKeyUsage } from '../store/usage-store.js';
import { certsOf, type CertOwner } from '../store/user-credential-store.js';
import { users } from '../store/user-store.js';
import { rootArn } from '../../../shared/principal.js';

/** The report's columns, in AWS's order. */
export const CREDENTIAL_REPORT_COLUMNS = [
  'user',
  'arn',
  'user_creation_time',
  'password_enabled',
  'password_last_used',
  'password_last_changed',
  'password_next_rotation',
  'mfa_active',
  ...[1, 2].flatMap((n) => ['active', 'last_rotated', 'last_used_date', 'last_used_region', 'last_used_service'].map((c) => `access_key_${n}_${c}`)),
  'cert_1_active',
  'cert_1_last_rotated',
  'cert_2_active',
  'cert_2_last_rotated',
] as const;

const NA = 'N/A';

/** A date as the report writes it. */
export function reportDate(iso: string): string {
  return new Date(iso).toISOString().replace(/\.\d{3}Z$/, '+00:00');
}

async function keyColumns(store: Store, keys: readonly AccessKeyRecord[]): Promise<string[]> {
  const out: string[] = [];
  for (const k of [keys[0], keys[1]]) {
    if (!k) {
      out.push('false', NA, NA, NA, NA);
      continue;
    }
    const used = await getKeyUsage(store, k.accessKeyId);
    out.push(String(k.status === 'Active'), reportDate(k.createdAt), used ? reportDate(used.lastUsedDate) : NA, used?.region ?? NA, used?.serviceName ?? NA);
  }
  return out;
}

async function certColumns(store: Store, scope: Scope, owner: CertOwner): Promise<string[]> {
  const certs = await certsOf(store, scope, owner);
  return [certs[0], certs[1]].flatMap((c) => (c ? [String(c.status === 'Active'), reportDate(c.uploadDate)] : ['false', NA]));
}

/** A CSV field (quoted only when it must be). */
function field(v: string): string {
  return /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** The report of account `accountId` as CSV text. */
export async function buildCredentialReport(store: Store, scope: Scope, accountId: string): Promise<string> {
  const policy = await getPasswordPolicy(store, scope);
  const account = (await store.get(TABLES.accounts, GLOBAL, accountId))?.value as unknown as AccountRecord | undefined;
  const rows: string[][] = [[...CREDENTIAL_REPORT_COLUMNS]];
  const rootMfa = (await countDevicesOf(store, scope, { kind: 'root' })) > 0;
  rows.push([
    '<root_account>', // protocol-lint: allow CSV content: AWS's name of the root user's row
    rootArn(accountId),
    account ? reportDate(account.createdAt) : NA,
    'not_supported',
    'no_information',
    'not_supported',
    'not_supported',
    String(rootMfa),
    ...(await keyColumns(store, await rootKeys(store, accountId))),
    ...(await certColumns(store, scope, { kind: 'root' })),
  ]);
  const all = (await users.table.list(store, scope)).map((r) => r.value).sort((a, b) => (a.userName < b.userName ? -1 : 1));
  for (const u of all) {
    const profile = await getLoginProfile(store, scope, u.userName);
    const changed = profile ? (profile.passwordChangedAt ?? profile.createDate) : undefined;
    const rotation = changed ? nextRotation(changed, policy) : undefined;
    rows.push([
      u.userName,
      u.arn,
      reportDate(u.createDate),
      String(profile !== undefined),
      profile ? 'no_information' : NA,
      changed ? reportDate(changed) : NA,
      rotation ? reportDate(rotation) : NA,
      String((await countDevicesOf(store, scope, { kind: 'user', userName: u.userName })) > 0),
      ...(await keyColumns(store, await keysOfUser(store, scope, u.userName))),
      ...(await certColumns(store, scope, { kind: 'user', userName: u.userName })),
    ]);
  }
  return rows.map((r) => r.map(field).join(',')).join('\n');
}
