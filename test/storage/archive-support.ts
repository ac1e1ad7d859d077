/**
 * Helpers for backup-archive tests: reading and rewriting an archive's lines (to tamper with it),
 * snapshots of a store's whole content (to prove a target unchanged), filling a store with a
 * varied state (several tables, all three scope kinds, sealed secrets, odd keys), and writing
 * archives as earlier formats did.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { brotliCompressSync, brotliDecompressSync, constants, gunzipSync, gzipSync } from 'node:zlib';
import { ArchiveError, type ArchiveManifest } from '../../src/storage/archive/archive-format.js';
import { itemLine, scopeToString } from '../../src/storage/item-lines.js';
import { masterKeyCheckValue } from '../../src/storage/master-key.js';
import type { JsonValue, Scope, SealContext, Store } from '../../src/storage/types.js';

/** An assert.rejects validator: an ArchiveError for one of `reasons`. */
export const refusedWith = (...reasons: ArchiveError['reason'][]) => (e: unknown): true => {
  assert.ok(e instanceof ArchiveError, `expected an ArchiveError, got ${String(e)}`);
  assert.ok(reasons.includes(e.reason), `reason ${e.reason}, expected ${reasons.join(' or ')}: ${e.message}`);
  return true;
};

/** The decompressed lines of an archive (without the final empty one): gzip (format 1) or Brotli. */
export function archiveLines(path: string): string[] {
  const raw = readFileSync(path);
  const isGzip = raw[0] === 0x1f && raw[1] === 0x8b;
  const lines = (isGzip ? gunzipSync(raw) : brotliDecompressSync(raw)).toString('utf8').split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

/**
 * Writes lines as a well-formed archive file: gzip when the header line says format 1, Brotli
 * otherwise (or `container` to force one).
 */
export function writeArchiveLines(path: string, lines: readonly string[], container?: 'gzip' | 'brotli'): void {
  const text = Buffer.from(lines.join('\n') + '\n');
  let format1 = false;
  try {
    format1 = (JSON.parse(lines[0] ?? '') as { formatVersion?: unknown }).formatVersion === 1;
  } catch {
    /* not a header: Brotli */
  }
  writeFileSync(path, (container ?? (format1 ? 'gzip' : 'brotli')) === 'gzip' ? gzipSync(text) : brotliCompressSync(text, { params: { [constants.BROTLI_PARAM_QUALITY]: 1 } }));
}

/** The manifest (last line) of an archive. */
export function archiveManifest(path: string): ArchiveManifest {
  return (JSON.parse(archiveLines(path).at(-1)!) as { manifest: ArchiveManifest }).manifest;
}

/** Index ranges of each part: its item lines [start, end) and its part line at `end`. */
export function partRanges(lines: readonly string[]): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  let start = 1;
  lines.forEach((l, i) => {
    if (l.startsWith('{"part":')) {
      out.push({ start, end: i });
      start = i + 1;
    }
  });
  return out;
}

/**
 * Recomputes every part line's hash and item count and the manifest's hashes and counts, as a
 * forger would; the MACs stay as they were (only the master key makes them).
 */
export function reseal(lines: readonly string[]): string[] {
  const out = [...lines];
  const parts: string[] = [];
  const counts: Record<string, Record<string, number>> = {};
  let total = 0;
  for (const { start, end } of partRanges(out)) {
    const hash = createHash('sha256');
    for (let i = start; i < end; i++) {
      hash.update(out[i] + '\n');
      const { t, s } = JSON.parse(out[i]!) as { t: string; s: string };
      (counts[s] ??= {})[t] = (counts[s]![t] ?? 0) + 1;
      total++;
    }
    parts.push(hash.digest('hex'));
    out[end] = JSON.stringify({ ...(JSON.parse(out[end]!) as object), part: parts.length, items: end - start, sha256: parts.at(-1) });
  }
  const last = JSON.parse(out.at(-1)!) as { manifest: ArchiveManifest };
  out[out.length - 1] = JSON.stringify({ ...last, manifest: { ...last.manifest, parts, counts, totalItems: total } });
  return out;
}

/** Every item of a store as text lines, in export order: equal snapshots mean equal content. */
export async function snapshot(store: Store): Promise<string[]> {
  const out: string[] = [];
  await store.exportAll((table, scope, item) => {
    out.push(JSON.stringify([table, scope, item.key, item.version, item.value]));
  });
  return out;
}

export const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';

/** Where fillVaried's sealed secret is stored (and sealed for). */
export const KEY_AT: SealContext = { table: 'iam.access-keys', scope: { kind: 'global' }, key: 'AKIAEXAMPLE' };

/**
 * Fills a store with `n` items spread over tables and every scope kind, plus a sealed secret, a
 * value that only looks sealed, odd keys and scopes whose ids contain `:` and `%`.
 */
export async function fillVaried(store: Store, n: number): Promise<void> {
  const scopes: Scope[] = [
    { kind: 'global' },
    { kind: 'account', accountId: '111111111111' },
    { kind: 'region', accountId: '111111111111', region: 'eu-west-1' },
    { kind: 'account', accountId: '222222222222' },
  ];
  await store.transaction(async (tx) => {
    for (let i = 0; i < n; i++) {
      const value: JsonValue = { i, name: `item-${i}`, nested: { list: [i, `${i}`, null, true], unicode: 'ünï €😀' } };
      await tx.put(`svc${i % 3}.table${i % 5}`, scopes[i % scopes.length]!, `key-${String(i).padStart(6, '0')}`, value);
    }
    await tx.put('iam.access-keys', { kind: 'global' }, 'AKIAEXAMPLE', { sealedSecret: store.sealer.seal(SECRET, KEY_AT), note: 'rs2:only-looks-sealed', legacyNote: 'rs1:only-looks-sealed' });
    await tx.put('odd.keys', { kind: 'global' }, 'line\nbreak\u2028sep/ü', 'text');
    await tx.put('odd.scopes', { kind: 'region', accountId: 'acct:with%colon', region: 'r:1' }, 'k', 1);
    await tx.put('odd.scopes', { kind: 'account', accountId: 'acct:x' }, 'k', 2);
  });
  // A second version of one item: versions must survive the round trip.
  await store.put('svc0.table0', scopes[0]!, 'key-000000', { updated: true });
}

/** One item of a hand-made archive. */
export interface ArchivedItem {
  readonly t: string;
  readonly s: Scope;
  readonly k: string;
  readonly v?: number;
  readonly d: JsonValue;
}

/**
 * Writes an archive as a Rampart of format 1 or 2 wrote it (no authentication): header, one part
 * per table and scope with its SHA-256, the manifest. `masterKey` is the key its secrets were
 * sealed with (named in the manifest by its check value).
 */
export function writeLegacyArchive(path: string, items: readonly ArchivedItem[], o: { format: 1 | 2; schemaVersion: number; masterKey: string }): void {
  const lines = [JSON.stringify({ kind: 'rampart-backup', formatVersion: o.format })];
  const parts: string[] = [];
  const counts: Record<string, Record<string, number>> = {};
  const groups = new Map<string, string[]>();
  for (const it of items) {
    const group = JSON.stringify([it.t, scopeToString(it.s)]);
    if (!groups.has(group)) groups.set(group, []);
    groups.get(group)!.push(itemLine(it.t, it.s, it.k, it.v ?? 1, JSON.stringify(it.d)).slice(0, -1));
    (counts[scopeToString(it.s)] ??= {})[it.t] = (counts[scopeToString(it.s)]![it.t] ?? 0) + 1;
  }
  for (const group of groups.values()) {
    lines.push(...group);
    parts.push(createHash('sha256').update(group.map((l) => `${l}\n`).join('')).digest('hex'));
    lines.push(JSON.stringify({ part: parts.length, items: group.length, sha256: parts.at(-1) }));
  }
  const manifest = {
    formatVersion: o.format,
    schemaVersion: o.schemaVersion,
    rampartVersion: '0.1.0',
    createdAt: '2024-06-01T00:00:00.000Z',
    backend: 'sqlite',
    masterKeyCheck: masterKeyCheckValue(o.masterKey),
    totalItems: items.length,
    counts,
    parts,
  };
  lines.push(JSON.stringify({ manifest }));
  writeArchiveLines(path, lines);
}
