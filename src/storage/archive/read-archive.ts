import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import { ARCHIVE_KIND, ArchiveError, FORMAT_VERSION, type ArchiveManifest, type ItemLine, type PartLine } from './archive-format.js';

/**
 * Reads an archive line by line, checking every part hash as it goes and, at the end, the manifest
 * against the parts seen. `onPart` receives each part's items only after that part's hash matched.
 * Any defect throws ArchiveError; nothing is handed out from a part that failed its check.
 */
export async function readArchive(path: string, onPart?: (items: ItemLine[]) => Promise<void> | void): Promise<ArchiveManifest> {
  const gunzip = createGunzip();
  const lines = createInterface({ input: createReadStream(path).pipe(gunzip), crlfDelay: Infinity });
  let streamError: Error | undefined;
  gunzip.on('error', (e) => {
    streamError = e;
    lines.close();
  });

  let header = false;
  let manifest: ArchiveManifest | undefined;
  const seen: string[] = [];
  let pending: ItemLine[] = [];
  let hash = createHash('sha256');
  const tally: Record<string, Record<string, number>> = {};
  try {
    for await (const line of lines) {
      if (manifest) throw new ArchiveError('corrupt', 'data after the manifest');
      const rec = parseLine(line);
      if (!header) {
        checkHeader(rec);
        header = true;
      } else if ('manifest' in rec) {
        manifest = rec['manifest'] as ArchiveManifest;
      } else if ('part' in rec) {
        const p = rec as unknown as PartLine;
        const actual = hash.digest('hex');
        if (p.sha256 !== actual || p.items !== pending.length || p.part !== seen.length + 1) throw new ArchiveError('corrupt', `part ${seen.length + 1} does not match its checksum`);
        seen.push(actual);
        await onPart?.(pending);
        pending = [];
        hash = createHash('sha256');
      } else {
        hash.update(line + '\n');
        const item = rec as unknown as ItemLine;
        const perScope = (tally[item.s] ??= {});
        perScope[item.t] = (perScope[item.t] ?? 0) + 1;
        pending.push(item);
      }
    }
  } catch (e) {
    if (e instanceof ArchiveError) throw e;
    throw new ArchiveError('truncated', `the archive cannot be read: ${(e as Error).message}`);
  }
  if (streamError) throw new ArchiveError('truncated', `the archive is truncated or corrupted (${streamError.message})`);
  if (!header) throw new ArchiveError('truncated', 'the archive is empty');
  if (!manifest) throw new ArchiveError('truncated', 'the archive is truncated: its manifest is missing');
  if (pending.length) throw new ArchiveError('corrupt', 'items after the last part');
  checkManifest(manifest, seen, tally);
  return manifest;
}

function parseLine(line: string): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(line);
    if (v && typeof v === 'object' && !Array.isArray(v)) return v as Record<string, unknown>;
  } catch {
    /* fall through */
  }
  throw new ArchiveError('corrupt', 'the archive contains a line that is not a JSON object');
}

function checkHeader(rec: Record<string, unknown>): void {
  if (rec['kind'] !== ARCHIVE_KIND) throw new ArchiveError('corrupt', 'not a Rampart backup archive');
  const v = rec['formatVersion'];
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) throw new ArchiveError('corrupt', 'the archive has no valid format version');
  if (v > FORMAT_VERSION) throw new ArchiveError('newer-format', `the archive has format ${v}, newer than this Rampart reads (${FORMAT_VERSION}): upgrade Rampart to restore it`);
}

function checkManifest(m: ArchiveManifest, seen: readonly string[], tally: Record<string, Record<string, number>>): void {
  if (m.formatVersion !== FORMAT_VERSION) throw new ArchiveError('corrupt', 'the manifest and the header disagree on the format version');
  if (!Array.isArray(m.parts) || m.parts.length !== seen.length || m.parts.some((h, i) => h !== seen[i])) {
    throw new ArchiveError('corrupt', 'the manifest does not list the parts found in the archive (reordered, spliced or tampered with)');
  }
  const counted = Object.values(m.counts ?? {}).reduce((n, perTable) => n + Object.values(perTable).reduce((a, b) => a + b, 0), 0);
  if (counted !== m.totalItems || canonical(m.counts ?? {}) !== canonical(tally)) {
    throw new ArchiveError('corrupt', 'the manifest item counts do not match the items in the archive');
  }
}

/** JSON with keys sorted, for comparing count tables. */
function canonical(counts: Readonly<Record<string, Readonly<Record<string, number>>>>): string {
  return JSON.stringify(Object.keys(counts).sort().map((s) => [s, Object.keys(counts[s]!).sort().map((t) => [t, counts[s]![t]])]));
}
