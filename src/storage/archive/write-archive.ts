import { createHash } from 'node:crypto';
import { createWriteStream, renameSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { createGzip } from 'node:zlib';
import type { Store } from '../types.js';
import { ARCHIVE_KIND, FORMAT_VERSION, PART_SIZE, scopeToString, type ArchiveManifest } from './archive-format.js';

export interface WriteArchiveOptions {
  readonly rampartVersion: string;
  readonly schemaVersion: number;
  readonly masterKeyCheck: string;
  readonly now: number;
  /** Called every PART_SIZE items and at the end with the number written so far. */
  readonly onProgress?: (items: number) => void;
}

/**
 * Streams a consistent snapshot of the whole store (Store.exportAll runs in one read transaction)
 * into `outPath`. The file appears under its name only when complete (written to a temporary name,
 * then renamed), so an interrupted backup never leaves a plausible-looking partial archive.
 */
export async function writeArchive(store: Store, outPath: string, o: WriteArchiveOptions): Promise<ArchiveManifest> {
  const tmp = `${outPath}.partial`;
  const gzip = createGzip({ level: 6 });
  const file = createWriteStream(tmp, { mode: 0o600 });
  gzip.pipe(file);
  const write = async (line: string) => {
    if (!gzip.write(line)) await once(gzip, 'drain');
  };

  const counts: Record<string, Record<string, number>> = {};
  const parts: string[] = [];
  let hash = createHash('sha256');
  let inPart = 0;
  let total = 0;
  const closePart = async () => {
    const sha256 = hash.digest('hex');
    parts.push(sha256);
    await write(JSON.stringify({ part: parts.length, items: inPart, sha256 }) + '\n');
    hash = createHash('sha256');
    inPart = 0;
    o.onProgress?.(total);
  };

  try {
    await write(JSON.stringify({ kind: ARCHIVE_KIND, formatVersion: FORMAT_VERSION }) + '\n');
    await store.exportAll(async (table, scope, item) => {
      const s = scopeToString(scope);
      const line = JSON.stringify({ t: table, s, k: item.key, v: item.version, d: item.value }) + '\n';
      hash.update(line);
      await write(line);
      const perScope = (counts[s] ??= {});
      perScope[table] = (perScope[table] ?? 0) + 1;
      inPart++;
      total++;
      if (inPart === PART_SIZE) await closePart();
    });
    if (inPart > 0 || parts.length === 0) await closePart();
    const manifest: ArchiveManifest = {
      formatVersion: FORMAT_VERSION,
      schemaVersion: o.schemaVersion,
      rampartVersion: o.rampartVersion,
      createdAt: new Date(o.now).toISOString(),
      backend: store.backend,
      masterKeyCheck: o.masterKeyCheck,
      totalItems: total,
      counts,
      parts,
    };
    await write(JSON.stringify({ manifest }) + '\n');
    gzip.end();
    await once(file, 'finish');
    renameSync(tmp, outPath);
    return manifest;
  } catch (e) {
    gzip.destroy();
    file.destroy();
    rmSync(tmp, { force: true });
    throw e;
  }
}
