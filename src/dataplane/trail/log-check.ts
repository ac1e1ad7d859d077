/**
 * Checks the log files a valid digest lists: present, gzip JSON, and the SHA-256 of the
 * uncompressed content as recorded (AWS). When it is not, Rampart tells more: the file holds the
 * content of another listed file (files reordered), or which records were modified, removed, added
 * or moved (the digest's per-record hashes).
 */
import type { DigestLogFile } from './digest.js';
import type { DeliveredFiles } from './delivery-target.js';
import { inflate, recordHashesOf, sha256Hex } from './log-file.js';

export type LogProblem = 'not-found' | 'invalid-format' | 'hash' | 'reordered';
export type RecordProblem = 'modified' | 'removed' | 'added' | 'out-of-order';

export interface RecordFinding {
  /** 1-based position in the file (the digest's position for a removed record). */
  readonly position: number;
  readonly problem: RecordProblem;
  readonly detail: string;
}

export type LogCheck =
  | { readonly ok: true }
  | { readonly ok: false; readonly problem: LogProblem; readonly detail: string; readonly records: readonly RecordFinding[] };

/** Record findings reported per file at most (the rest are counted). */
export const MAX_RECORD_FINDINGS = 20;

/** Compares the record hashes of a file with those its digest lists. */
export function compareRecords(expected: readonly string[], actual: readonly string[]): RecordFinding[] {
  const inExpected = new Map<string, number>();
  expected.forEach((h, i) => inExpected.set(h, i));
  const inActual = new Set(actual);
  const out: RecordFinding[] = [];
  const n = Math.max(expected.length, actual.length);
  for (let i = 0; i < n; i++) {
    const a = actual[i];
    const e = expected[i];
    if (a === e) continue;
    const position = i + 1;
    if (a === undefined) out.push({ position, problem: 'removed', detail: 'not found (removed)' });
    else if (e === undefined) out.push({ position, problem: inExpected.has(a) ? 'out-of-order' : 'added', detail: inExpected.has(a) ? `out of order (record ${inExpected.get(a)! + 1} in the digest)` : 'not listed in the digest (added)' });
    else if (inExpected.has(a) && inActual.has(e)) out.push({ position, problem: 'out-of-order', detail: `out of order (record ${inExpected.get(a)! + 1} in the digest)` });
    else if (!inExpected.has(a) && !inActual.has(e)) out.push({ position, problem: 'modified', detail: "modified (hash value doesn't match)" });
    else if (!inActual.has(e)) out.push({ position, problem: 'removed', detail: 'not found (removed)' });
    else out.push({ position, problem: 'added', detail: 'not listed in the digest (added)' });
  }
  return out;
}

/**
 * Checks one listed log file. `listedHashes` maps the hash of every log file listed by the digests
 * being verified to its key (to recognise a file that holds another one's content).
 */
export async function checkLogFile(files: DeliveredFiles, entry: DigestLogFile, listedHashes: ReadonlyMap<string, string>): Promise<LogCheck> {
  const obj = entry.s3Bucket === files.bucket ? await files.get(entry.s3Object) : undefined;
  if (!obj) return { ok: false, problem: 'not-found', detail: 'not found', records: [] };
  const json = inflate(obj.body);
  if (!json) return { ok: false, problem: 'invalid-format', detail: 'invalid format', records: [] };
  const hash = sha256Hex(json);
  if (hash === entry.hashValue) return { ok: true };
  const other = listedHashes.get(hash);
  if (other !== undefined && other !== entry.s3Object) {
    return { ok: false, problem: 'reordered', detail: `reordered (holds the content of log file s3://${files.bucket}/${other})`, records: [] };
  }
  const actual = recordHashesOf(json);
  const records = entry.rampartRecordHashes && actual ? compareRecords(entry.rampartRecordHashes, actual) : [];
  return { ok: false, problem: 'hash', detail: "hash value doesn't match", records };
}
