/**
 * Sealed values in archived items. Every `rs2:` string of an item is looked at from the item's own
 * table, scope and key with the archive's master key (secret-sealer.ts `inspect`):
 *
 * - sealed for this record: kept, or sealed again with the target's key when it has another;
 * - sealed by this key for another record (copied there, or its bytes changed): the archive is
 *   refused (`corrupt`), whatever the checksums and MACs say;
 * - not sealed by this key at all (user data that starts with `rs2:`): kept as it is.
 */
import type { MasterKeySealer } from '../secret-sealer.js';
import { describeLocation, isSealed } from '../secret-sealer.js';
import type { SealContext, SecretSealer } from '../types.js';
import { ArchiveError, scopeFromString, type ItemLine } from './archive-format.js';
import { mayHoldSealed } from './read-archive.js';

/** Throws ArchiveError('corrupt') when the item holds a value `sealer` sealed for another record. */
export function checkSealedValues(item: ItemLine, sealer: MasterKeySealer): void {
  resealValues(item, sealer, undefined);
}

/**
 * The item's value with every value sealed for it by `from` sealed again by `to` (the same value
 * when `to` is undefined: only checked). Refuses a value `from` sealed for another record.
 */
export function resealValues(item: ItemLine, from: MasterKeySealer, to: SecretSealer | undefined): unknown {
  if (!mayHoldSealed(item)) return item.d;
  const where: SealContext = { table: item.t, scope: scopeFromString(item.s), key: item.k };
  return mapStrings(item.d, (s) => {
    if (!isSealed(s)) return s;
    const kind = from.inspect(s, where);
    if (kind === 'misplaced') {
      throw new ArchiveError('corrupt', `the item ${describeLocation(where)} holds a value sealed for another record (moved there or altered): refused`);
    }
    return kind === 'bound' && to ? to.seal(from.open(s, where), where) : s;
  });
}

/** v with fn applied to every string in it (not to object keys); v itself when nothing changed. */
function mapStrings(v: unknown, fn: (s: string) => string): unknown {
  if (typeof v === 'string') return fn(v);
  if (Array.isArray(v)) {
    let out: unknown[] | undefined;
    v.forEach((x, i) => {
      const y = mapStrings(x, fn);
      if (y !== x) (out ??= [...v])[i] = y;
    });
    return out ?? v;
  }
  if (v !== null && typeof v === 'object') {
    let out: Record<string, unknown> | undefined;
    for (const [k, x] of Object.entries(v)) {
      const y = mapStrings(x, fn);
      // defineProperty: a key such as `__proto__` stays an own property, as JSON.parse made it.
      if (y !== x) Object.defineProperty((out ??= { ...v }), k, { value: y, enumerable: true, writable: true, configurable: true });
    }
    return out ?? v;
  }
  return v;
}
