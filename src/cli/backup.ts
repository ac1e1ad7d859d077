import { storageOptions } from '../gateway/storage-config.js';
import { VERSION } from '../gateway/version.js';
import { writeArchive } from '../storage/archive/write-archive.js';
import { LATEST_SCHEMA_VERSION } from '../storage/migrations.js';
import { configuredMasterKey, openStore } from '../storage/open-store.js';
import { parseOptions, STORE_OPTIONS } from './common-options.js';
import { createProgress } from './progress.js';

const USAGE = `Usage: rampart backup --out FILE [--data-dir DIR] [--storage sqlite|postgres://...]

Writes a consistent snapshot of the whole state (every account, every service) to one compressed
file, while the server keeps running. Secrets stay encrypted with the master key, and the archive
is authenticated with it (HMAC): keep the master key (DIR/master.key, or RAMPART_MASTER_KEY) to
restore it.`;

/** `rampart backup`: one consistent, checksummed, compressed archive of the store. */
export async function runBackup(args: string[]): Promise<number> {
  const o = parseOptions(args, { ...STORE_OPTIONS, out: { type: 'string' } }, USAGE);
  if (o.help) {
    console.log(USAGE);
    return 0;
  }
  if (!o.out) throw new Error(`--out FILE is required\n\n${USAGE}`);
  const storeOptions = storageOptions(o.storage, o['data-dir'], process.env, { mustExist: true });
  const store = await openStore(storeOptions);
  try {
    // A bar needs a total: on a terminal it is counted first (an estimate: the snapshot starts
    // after it; on SQLite the count reads the whole table). Plain progress lines do without.
    const progress = createProgress('backup', process.stderr.isTTY ? await store.countAll() : 0);
    const manifest = await writeArchive(store, o.out, {
      rampartVersion: VERSION,
      schemaVersion: LATEST_SCHEMA_VERSION,
      masterKey: configuredMasterKey(storeOptions)!, // the store is open: its key exists
      now: Date.now(),
      onProgress: (n) => progress.update(n),
    });
    progress.finish(manifest.totalItems);
    console.log(`Wrote ${o.out}: ${manifest.totalItems} items in ${manifest.parts.length} parts (format ${manifest.formatVersion}, schema ${manifest.schemaVersion}).`);
    return 0;
  } finally {
    await store.close();
  }
}
