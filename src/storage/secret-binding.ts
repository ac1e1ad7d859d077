/**
 * Bringing stored values written before schema 3 up to it, where they live (the schema-3 migration
 * of a database, migrations.ts) or as they are restored (the item migration of an older archive,
 * archive/archive-migrations.ts):
 *
 * - every `rs1:` string (sealed with a fixed AAD, bound to nothing) that opens with the master key is
 *   sealed again as `rs2:`, bound to its table, scope and key; an `rs1:` string that does not open
 *   is user data and is kept as it is;
 * - the password hashes of IAM login profiles (`passwordHash`, `previousHashes`), stored unsealed
 *   before, are sealed for their record.
 *
 * Storage knows no service: the login-profile layout is named here by its table and field names
 * (src/services/iam/store/login-profile-store.ts; a test there holds the two in step).
 */
import { isLegacySealed, type MasterKeySealer } from './secret-sealer.js';
import type { JsonValue, SealContext } from './types.js';

/** IAM's login profiles: `{ passwordHash, previousHashes?, ... }` keyed by user. */
export const LOGIN_PROFILES_TABLE = 'iam.login-profiles';
/** The field of a login profile holding the current password hash. */
export const PASSWORD_HASH_FIELD = 'passwordHash';
/** The field of a login profile holding earlier password hashes (an array). */
export const PASSWORD_HISTORY_FIELD = 'previousHashes';
/** How an unsealed password hash starts (scrypt, the only kind Rampart ever wrote). */
export const PASSWORD_HASH_PREFIX = 'scrypt$';

/**
 * The value of the record at `where` with its legacy secrets sealed for it (see above), or
 * undefined when nothing in it needed that.
 */
export function bindLegacySecrets(where: SealContext, value: JsonValue, sealer: MasterKeySealer): JsonValue | undefined {
  let changed = false;
  const seal = (plain: Buffer | string): string => {
    changed = true;
    return sealer.seal(plain, where);
  };
  const walk = (v: JsonValue): JsonValue => {
    if (typeof v === 'string') {
      if (!isLegacySealed(v)) return v;
      const plain = sealer.openLegacy(v);
      return plain === undefined ? v : seal(plain);
    }
    if (Array.isArray(v)) return v.map(walk);
    if (v !== null && typeof v === 'object') {
      const out: { [k: string]: JsonValue } = {};
      for (const [k, x] of Object.entries(v)) Object.defineProperty(out, k, { value: walk(x), enumerable: true, writable: true, configurable: true });
      return out;
    }
    return v;
  };
  let out = walk(value);
  if (where.table === LOGIN_PROFILES_TABLE && out !== null && typeof out === 'object' && !Array.isArray(out)) {
    const hash = (h: JsonValue): JsonValue => (typeof h === 'string' && h.startsWith(PASSWORD_HASH_PREFIX) ? seal(h) : h);
    const { [PASSWORD_HASH_FIELD]: current, [PASSWORD_HISTORY_FIELD]: history } = out;
    if (current !== undefined) out = { ...out, [PASSWORD_HASH_FIELD]: hash(current) };
    if (Array.isArray(history)) out = { ...out, [PASSWORD_HISTORY_FIELD]: history.map(hash) };
  }
  return changed ? out : undefined;
}
