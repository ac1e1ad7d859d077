import type { ItemLine } from './archive-format.js';

/**
 * Item-level migrations for archives written under an older storage schema version. Entry N turns
 * an item of schema version N into schema version N + 1. Schema version 1 is the first, so the list
 * is empty today; a schema change that alters stored documents adds its step here and a test.
 */
export const ITEM_MIGRATIONS: ReadonlyArray<{ readonly from: number; readonly migrate: (item: ItemLine) => ItemLine }> = [];

/** Brings one archived item from `schemaVersion` up to the current schema. */
export function migrateItem(schemaVersion: number, item: ItemLine, steps = ITEM_MIGRATIONS): ItemLine {
  let out = item;
  for (const step of steps) if (step.from >= schemaVersion) out = step.migrate(out);
  return out;
}
