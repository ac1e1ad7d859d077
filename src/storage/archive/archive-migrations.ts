import { bindLegacySecrets } from '../secret-binding.js';
import type { MasterKeySealer } from '../secret-sealer.js';
import type { JsonValue } from '../types.js';
import { scopeFromString, type ItemLine } from './archive-format.js';

/** One step: turns an item of schema version `from` into one of `from + 1`. */
export interface ItemMigration {
  readonly from: number;
  /** `sealer` is the sealer of the master key the archive was made with. */
  readonly migrate: (item: ItemLine, sealer: MasterKeySealer) => ItemLine;
}

/**
 * Item-level migrations for archives written under an older storage schema version: what the
 * database migrations of migrations.ts do to stored documents, done to archived items. Entry N
 * turns an item of schema version N into schema version N + 1 (schemas 1 and 2 differ in their
 * SQLite layout only, so there is no entry 1).
 */
export const ITEM_MIGRATIONS: readonly ItemMigration[] = [
  {
    // Schema 3: rs1: values sealed again bound to their record, login profiles' password hashes sealed.
    from: 2,
    migrate: (item, sealer) => {
      const bound = bindLegacySecrets({ table: item.t, scope: scopeFromString(item.s), key: item.k }, item.d as JsonValue, sealer);
      return bound === undefined ? item : { ...item, d: bound };
    },
  },
];

/** Brings one archived item from `schemaVersion` up to the current schema. */
export function migrateItem(schemaVersion: number, item: ItemLine, sealer: MasterKeySealer, steps: readonly ItemMigration[] = ITEM_MIGRATIONS): ItemLine {
  let out = item;
  for (const step of steps) if (step.from >= schemaVersion) out = step.migrate(out, sealer);
  return out;
}
