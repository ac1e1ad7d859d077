/**
 * One CloudTrail log file: the gzip of `{"Records":[...]}`, the records in delivery order. AWS's
 * digest lists the SHA-256 (hex) of the uncompressed content; Rampart also lists the SHA-256 of each
 * record's JSON text (record-hashes in the digest), so that an edited, removed, added or reordered
 * record inside a file is reported as such, not only as a changed file.
 */
import { createHash } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import { isoSeconds } from './names.js';

/** A CloudTrail record (eventVersion, eventTime, eventName, ...): a plain JSON object. */
export type CloudTrailRecord = Readonly<Record<string, unknown>>;

/** A log file ready to deliver. */
export interface BuiltLogFile {
  /** The gzip of `json` (what is stored). */
  readonly body: Buffer;
  /** The uncompressed content. */
  readonly json: Buffer;
  /** Hex SHA-256 of `json` (the digest's hashValue). */
  readonly hashValue: string;
  /** Hex SHA-256 of each record's JSON text, in file order. */
  readonly recordHashes: readonly string[];
  /** Oldest and newest eventTime of the records (`2015-08-17T14:52:27Z`), undefined without records. */
  readonly oldestEventTime: string | undefined;
  readonly newestEventTime: string | undefined;
}

export const sha256Hex = (data: Buffer | string): string => createHash('sha256').update(data).digest('hex');

/** Epoch ms of a record's eventTime, or undefined when it has none that parses. */
export function eventTimeOf(record: CloudTrailRecord): number | undefined {
  const t = record['eventTime'];
  if (typeof t !== 'string') return undefined;
  const ms = Date.parse(t);
  return Number.isNaN(ms) ? undefined : ms;
}

/** The JSON text of a record as written in a log file (and hashed). */
const recordText = (record: unknown): string => JSON.stringify(record);

/** Builds the log file of an ordered batch of records. */
export function buildLogFile(records: readonly CloudTrailRecord[]): BuiltLogFile {
  const texts = records.map(recordText);
  const json = Buffer.from(`{"Records":[${texts.join(',')}]}`, 'utf8');
  let oldest: number | undefined;
  let newest: number | undefined;
  for (const r of records) {
    const t = eventTimeOf(r);
    if (t === undefined) continue;
    if (oldest === undefined || t < oldest) oldest = t;
    if (newest === undefined || t > newest) newest = t;
  }
  return {
    body: gzipSync(json),
    json,
    hashValue: sha256Hex(json),
    recordHashes: texts.map(sha256Hex),
    oldestEventTime: oldest === undefined ? undefined : isoSeconds(oldest),
    newestEventTime: newest === undefined ? undefined : isoSeconds(newest),
  };
}

/** Largest uncompressed log file the verifier inflates (a bomb is reported as invalid format). */
export const MAX_INFLATED_BYTES = 256 * 1024 * 1024;

/** Inflates a gzip body; undefined when it is not gzip or inflates past `max` bytes. */
export function inflate(body: Buffer, max = MAX_INFLATED_BYTES): Buffer | undefined {
  try {
    return gunzipSync(body, { maxOutputLength: max });
  } catch {
    return undefined;
  }
}

/** The record hashes of an uncompressed log file, or undefined when it is not `{"Records":[...]}`. */
export function recordHashesOf(json: Buffer): string[] | undefined {
  let doc: unknown;
  try {
    doc = JSON.parse(json.toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof doc !== 'object' || doc === null || !Array.isArray((doc as { Records?: unknown }).Records)) return undefined;
  return ((doc as { Records: unknown[] }).Records).map((r) => sha256Hex(recordText(r)));
}
