import { masterKeyCheckValue, validateMasterKey } from '../master-key.js';
import { LATEST_SCHEMA_VERSION } from '../migrations.js';
import { createSecretSealer, isSealed } from '../secret-sealer.js';
import type { JsonValue, SealContext, SecretSealer, Store } from '../types.js';
import { ArchiveError, scopeFromString, type ArchiveManifest, type ItemLine } from './archive-format.js';
import { migrateItem } from './archive-migrations.js';
import { readArchive } from './read-archive.js';

export interface RestoreOptions {
  /** Check value of the target store's master key. */
  readonly targetKeyCheck: string;
  /** The master key the archive was made with, when it differs from the target's: secrets are re-sealed. */
  readonly fromMasterKey?: string;
  /** Replace a non-empty target. */
  readonly force?: boolean;
  readonly onProgress?: (items: number, total: number) => void;
}

/**
 * Restores an archive into a store. Two passes: the first reads the whole archive and checks every
 * checksum, the format and the master key, writing nothing; the second imports in one transaction.
 * INVARIANT: the target is unchanged unless every check passed and the import committed.
 */
export async function restoreArchive(path: string, store: Store, o: RestoreOptions): Promise<ArchiveManifest> {
  return restoreVerified(path, await verifyArchive(path), store, o);
}

/**
 * The first pass alone: reads the whole archive, checks every checksum, the format and the schema
 * version, and returns its manifest. Needs no store, so the CLI runs it before opening the target.
 */
export async function verifyArchive(path: string): Promise<ArchiveManifest> {
  const manifest = await readArchive(path);
  if (manifest.schemaVersion > LATEST_SCHEMA_VERSION) {
    throw new ArchiveError('newer-schema', `the archive has schema version ${manifest.schemaVersion}, newer than this Rampart knows (${LATEST_SCHEMA_VERSION}): upgrade Rampart to restore it`);
  }
  return manifest;
}

/**
 * The second pass, for an archive `verifyArchive` accepted: checks the master key and the target,
 * then imports in one transaction. The parts are checked again as they are read, and against the
 * verified manifest, so a file changed between the passes rolls the import back.
 */
export async function restoreVerified(path: string, manifest: ArchiveManifest, store: Store, o: RestoreOptions): Promise<ArchiveManifest> {
  const reseal = resealerFor(manifest, o, store.sealer);
  const existing = await store.countAll();
  if (existing > 0 && !o.force) {
    throw new ArchiveError('target-not-empty', `the target data store is not empty (${existing} items): restore into an empty one, or pass --force to replace its contents`);
  }
  await store.importAll(async (put) => {
    let done = 0; // per attempt: PostgreSQL may run this more than once
    const again = await readArchive(path, async (items: ItemLine[]) => {
      for (const it of items) {
        const m = migrateItem(manifest.schemaVersion, it);
        // Awaiting gives the backend backpressure (PostgreSQL sends batches while the archive streams).
        const scope = scopeFromString(m.s);
        await put(m.t, scope, { key: m.k, version: m.v, value: reseal(m.d, { table: m.t, scope, key: m.k }) as JsonValue });
      }
      done += items.length;
      o.onProgress?.(done, manifest.totalItems);
    });
    if (again.parts.join() !== manifest.parts.join() || again.masterKeyCheck !== manifest.masterKeyCheck || again.schemaVersion !== manifest.schemaVersion) {
      throw new ArchiveError('corrupt', 'the archive changed while it was being restored');
    }
  }, { replace: true });
  return manifest;
}

/** Checks the master key and returns the function that re-seals secrets (identity when keys match). */
function resealerFor(manifest: ArchiveManifest, o: RestoreOptions, target: SecretSealer): (v: unknown, where: SealContext) => unknown {
  if (o.fromMasterKey === undefined) {
    if (manifest.masterKeyCheck !== o.targetKeyCheck) {
      throw new ArchiveError('key-mismatch', 'master key mismatch: the archive was made with a different master key than this data store uses; restore with --from-master-key <the archive\'s key> to re-encrypt its secrets');
    }
    return (v) => v;
  }
  const fromKey = validateMasterKey(o.fromMasterKey, '--from-master-key');
  if (masterKeyCheckValue(fromKey) !== manifest.masterKeyCheck) {
    throw new ArchiveError('key-mismatch', 'master key mismatch: --from-master-key is not the key this archive was made with');
  }
  if (manifest.masterKeyCheck === o.targetKeyCheck) return (v) => v;
  const from = createSecretSealer(fromKey);
  return (v, where) => resealDeep(v, where, from, target);
}

/**
 * Opens every sealed string with the archive's key and seals it again with the target's. A string
 * that only looks sealed (user data starting with `rs1:`) does not open and is kept as it is.
 */
function resealDeep(v: unknown, where: SealContext, from: SecretSealer, to: SecretSealer): unknown {
  if (isSealed(v)) return reseal(v, where, from, to);
  if (Array.isArray(v)) return v.map((x) => resealDeep(x, where, from, to));
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, resealDeep(x, where, from, to)]));
  return v;
}

/** One sealed string re-sealed with the target's key, or kept as it is when it does not open. */
function reseal(v: string, where: SealContext, from: SecretSealer, to: SecretSealer): string {
  let plain: Buffer;
  try {
    plain = from.open(v, where);
  } catch {
    return v;
  }
  return to.seal(plain, where);
}
