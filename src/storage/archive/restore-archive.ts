import { masterKeyCheckValue, validateMasterKey } from '../master-key.js';
import { LATEST_SCHEMA_VERSION } from '../migrations.js';
import { createSecretSealer } from '../secret-sealer.js';
import type { JsonValue, Store } from '../types.js';
import { ArchiveError, scopeFromString, type ArchiveManifest, type ItemLine } from './archive-format.js';
import { migrateItem } from './archive-migrations.js';
import { checkSealedValues, resealValues } from './archive-secrets.js';
import { readArchive } from './read-archive.js';

/** How to verify an archive before a restore. */
export interface VerifyOptions {
  /** The target store's master key, when known (the CLI reads it before it opens the target). */
  readonly masterKey?: string;
  /** The master key the archive was made with, when the target has another: secrets are re-sealed. */
  readonly fromMasterKey?: string;
  /**
   * Accept an archive of format 1 or 2, which carries no authentication (refused otherwise). Its
   * secrets are sealed again, bound to their records, as the schema-3 migration does in a database.
   */
  readonly acceptUnauthenticated?: boolean;
}

/** Options of a restore. */
export interface RestoreOptions extends VerifyOptions {
  /** The target store's master key (must be the store's). */
  readonly masterKey: string;
  /** Replace a non-empty target. */
  readonly force?: boolean;
  readonly onProgress?: (items: number, total: number) => void;
}

/**
 * Restores an archive into a store. Two passes: the first reads the whole archive and checks every
 * checksum and MAC, the format, the master key and every sealed value, writing nothing; the second
 * imports in one transaction.
 * INVARIANT: the target is unchanged unless every check passed and the import committed.
 */
export async function restoreArchive(path: string, store: Store, o: RestoreOptions): Promise<ArchiveManifest> {
  return restoreVerified(path, await verifyArchive(path, o), store, o);
}

/**
 * The first pass alone: reads the whole archive, authenticates it with the archive's master key
 * (`fromMasterKey`, else `masterKey`), checks every checksum, the format, the schema version, the
 * master key and that no sealed value sits in another record than its own, and returns its
 * manifest. Needs no store, so the CLI runs it before opening the target.
 */
export async function verifyArchive(path: string, o: VerifyOptions): Promise<ArchiveManifest> {
  const key = archiveMasterKey(o);
  const sealer = key === undefined ? undefined : createSecretSealer(key);
  const manifest = await explainKeyMismatch(o, () =>
    readArchive(path, { masterKey: key, acceptUnauthenticated: o.acceptUnauthenticated === true }, (items) => {
      if (sealer) for (const it of items) checkSealedValues(it, sealer);
    }),
  );
  if (manifest.schemaVersion > LATEST_SCHEMA_VERSION) {
    throw new ArchiveError('newer-schema', `the archive has schema version ${manifest.schemaVersion}, newer than this Rampart knows (${LATEST_SCHEMA_VERSION}): upgrade Rampart to restore it`);
  }
  // Without the archive's key nothing can be restored (format 3 was refused above already).
  if (key === undefined || masterKeyCheckValue(key) !== manifest.masterKeyCheck) throw keyMismatch(o);
  return manifest;
}

/**
 * The second pass, for an archive `verifyArchive` accepted: checks the master keys and the target,
 * then imports in one transaction: items of an older schema migrated (archive-migrations.ts),
 * sealed values checked again and, with `fromMasterKey`, sealed again with the target's key. The
 * parts are authenticated again as they are read, and checked against the verified manifest, so a
 * file changed between the passes rolls the import back.
 */
export async function restoreVerified(path: string, manifest: ArchiveManifest, store: Store, o: RestoreOptions): Promise<ArchiveManifest> {
  if (masterKeyCheckValue(validateMasterKey(o.masterKey)) !== store.masterKeyCheck) {
    throw new ArchiveError('key-mismatch', 'master key mismatch: the master key given for the target is not the one of the target data store');
  }
  const key = archiveMasterKey(o)!;
  if (masterKeyCheckValue(key) !== manifest.masterKeyCheck) throw keyMismatch(o);
  const from = createSecretSealer(key);
  const to = manifest.masterKeyCheck === store.masterKeyCheck ? undefined : store.sealer;
  const existing = await store.countAll();
  if (existing > 0 && !o.force) {
    throw new ArchiveError('target-not-empty', `the target data store is not empty (${existing} items): restore into an empty one, or pass --force to replace its contents`);
  }
  await store.importAll(async (put) => {
    let done = 0; // per attempt: PostgreSQL may run this more than once
    const again = await explainKeyMismatch(o, () =>
      readArchive(path, { masterKey: key, acceptUnauthenticated: o.acceptUnauthenticated === true }, async (items: ItemLine[]) => {
        for (const it of items) {
          const m = migrateItem(manifest.schemaVersion, it, from);
          // Awaiting gives the backend backpressure (PostgreSQL sends batches while the archive streams).
          await put(m.t, scopeFromString(m.s), { key: m.k, version: m.v, value: resealValues(m, from, to) as JsonValue });
        }
        done += items.length;
        o.onProgress?.(done, manifest.totalItems);
      }),
    );
    if (again.parts.join() !== manifest.parts.join() || again.masterKeyCheck !== manifest.masterKeyCheck || again.schemaVersion !== manifest.schemaVersion) {
      throw new ArchiveError('corrupt', 'the archive changed while it was being restored');
    }
  }, { replace: true });
  return manifest;
}

/** The master key the archive is read with: `fromMasterKey` when given, else the target's (if known). */
function archiveMasterKey(o: VerifyOptions): string | undefined {
  if (o.fromMasterKey !== undefined) return validateMasterKey(o.fromMasterKey, '--from-master-key');
  return o.masterKey === undefined ? undefined : validateMasterKey(o.masterKey);
}

/** Runs a read, turning its key-mismatch refusal into one that says which key and what to do. */
async function explainKeyMismatch<T>(o: VerifyOptions, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (e) {
    if (e instanceof ArchiveError && e.reason === 'key-mismatch') throw keyMismatch(o);
    throw e;
  }
}

function keyMismatch(o: VerifyOptions): ArchiveError {
  if (o.fromMasterKey !== undefined) return new ArchiveError('key-mismatch', 'master key mismatch: --from-master-key is not the key this archive was made with');
  if (o.masterKey === undefined) {
    return new ArchiveError('key-mismatch', "master key mismatch: the target has no master key yet; copy the master key the archive was made with into it first, or restore with --from-master-key <the archive's key> to re-encrypt its secrets with a new one");
  }
  return new ArchiveError('key-mismatch', "master key mismatch: the archive was made with a different master key than this data store uses; restore with --from-master-key <the archive's key> to re-encrypt its secrets");
}
