import { storageOptions } from '../gateway/storage-config.js';
import { ArchiveError } from '../storage/archive/archive-format.js';
import { restoreVerified, verifyArchive } from '../storage/archive/restore-archive.js';
import { configuredMasterKey, openStore } from '../storage/open-store.js';
import { parseOptions, STORE_OPTIONS } from './common-options.js';
import { createProgress } from './progress.js';

const USAGE = `Usage: rampart restore --in FILE [--data-dir DIR] [--storage sqlite|postgres://...]
                       [--force] [--from-master-key KEY] [--accept-unauthenticated-archive]

Restores a 'rampart backup' archive into an empty data dir or an empty PostgreSQL schema (the
server must not be running on it). The archive is authenticated with the master key it was made
with (HMAC over header, every part and the manifest) and every checksum and sealed secret is
verified before anything is written; a truncated, corrupted, tampered, reordered, spliced or
newer-format archive leaves the target untouched.
  --force                replace a target that is not empty
  --from-master-key KEY  the master key the archive was made with, when the target has another:
                         the archive is authenticated with it and its secrets are re-encrypted
                         with the target's key
  --accept-unauthenticated-archive
                         restore an archive of format 1 or 2 (Rampart before authenticated
                         archives): nothing proves it was not changed since it was written, so
                         it is refused without this option. Its secrets are sealed again, bound
                         to their records
Into a new SQLite data dir: copy the original DIR/master.key into it first (or use --from-master-key).
Moving from SQLite to PostgreSQL: 'rampart backup' on the SQLite data dir, then
'RAMPART_MASTER_KEY=<the key in DIR/master.key> rampart restore --storage postgres://...'.`;

/** `rampart restore`: verify an archive completely, then import it in one transaction. */
export async function runRestore(args: string[]): Promise<number> {
  const o = parseOptions(
    args,
    {
      ...STORE_OPTIONS,
      in: { type: 'string' },
      force: { type: 'boolean', default: false },
      'from-master-key': { type: 'string' },
      'accept-unauthenticated-archive': { type: 'boolean', default: false },
    },
    USAGE,
  );
  if (o.help) {
    console.log(USAGE);
    return 0;
  }
  if (!o.in) throw new Error(`--in FILE is required\n\n${USAGE}`);
  const progress = createProgress('restore');
  const storeOptions = storageOptions(o.storage, o['data-dir'], process.env);
  const keys = {
    acceptUnauthenticated: o['accept-unauthenticated-archive'],
    ...(o['from-master-key'] !== undefined ? { fromMasterKey: o['from-master-key'] } : {}),
  };
  try {
    // First pass before the target is opened: a bad archive must not even create an empty store.
    const targetKey = configuredMasterKey(storeOptions);
    const verified = await verifyArchive(o.in, { ...keys, ...(targetKey !== undefined ? { masterKey: targetKey } : {}) });
    progress.note(`verified ${verified.totalItems} items in ${verified.parts.length} parts${verified.formatVersion < 3 ? ` (format ${verified.formatVersion}, unauthenticated, accepted)` : ''}`);
    const store = await openStore(storeOptions);
    try {
      const manifest = await restoreVerified(o.in, verified, store, {
        ...keys,
        masterKey: configuredMasterKey(storeOptions)!,
        force: o.force,
        onProgress: (n, total) => progress.update(n, total),
      });
      progress.finish(manifest.totalItems);
      console.log(`Restored ${manifest.totalItems} items from ${o.in} (made ${manifest.createdAt} by Rampart ${manifest.rampartVersion}).`);
      return 0;
    } finally {
      await store.close();
    }
  } catch (e) {
    if (e instanceof ArchiveError) {
      console.error(`rampart restore: refused (${e.reason}): ${e.message}. The target was not changed.`);
      return 1;
    }
    throw e;
  }
}
