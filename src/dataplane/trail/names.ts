/**
 * CloudTrail's S3 key layout (AWS "Finding your CloudTrail log files" and "CloudTrail digest file
 * structure"): log files under `[prefix/]AWSLogs/ACCOUNT/CloudTrail/REGION/YYYY/MM/DD/` named
 * `ACCOUNT_CloudTrail_REGION_YYYYMMDDTHHmmZ_UNIQUE.json.gz`; digest files under
 * `[prefix/]AWSLogs/ACCOUNT/CloudTrail-Digest/REGION/YYYY/MM/DD/` named
 * `ACCOUNT_CloudTrail-Digest_REGION_TRAILNAME_HOMEREGION_YYYYMMDDTHHmmssZ.json.gz` (the date of the
 * digest's end time; validators read the 16 characters before `.json.gz` as that time). An
 * organization trail delivers each account of the organization under `AWSLogs/O-ID/ACCOUNT/...`, the
 * file names naming that account (as AWS, and as validate-logs' --account-id reads them).
 */
import { createHash } from 'node:crypto';
import { partitionOfRegion } from '../../shared/regions.js';

/** Where one trail of one account delivers in one region. */
export interface TrailLocation {
  readonly accountId: string;
  /** The region whose events the files hold (the digest's source region). */
  readonly region: string;
  readonly trailName: string;
  /** The trail's home region (= region for a single-region trail). */
  readonly homeRegion: string;
  readonly bucket: string;
  /** S3KeyPrefix of the trail, without a trailing slash; absent or empty for none. */
  readonly prefix?: string;
  /** An organization trail's organization (`o-...`): its files go under `AWSLogs/O-ID/`. */
  readonly organizationId?: string;
  /** The account whose events the files hold (an organization trail's member); default `accountId`, the trail's own. */
  readonly sourceAccountId?: string;
}

/** The account whose events a location's files hold. */
export const sourceAccountOf = (loc: Pick<TrailLocation, 'accountId' | 'sourceAccountId'>): string => loc.sourceAccountId ?? loc.accountId;

/** `AWSLogs/ACCOUNT/`, or `AWSLogs/O-ID/ACCOUNT/` for an organization trail. */
const logsRoot = (loc: TrailLocation): string => `AWSLogs/${loc.organizationId ? `${loc.organizationId}/` : ''}${sourceAccountOf(loc)}/`;

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** `2015-08-17T14:01:31Z`: the time format of digest fields and of validate-logs' output (seconds, UTC). */
export function isoSeconds(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** `20150817T1401Z` (log file names). */
export function compactMinutes(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}T${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}Z`;
}

/** `20150817T140131Z` (digest file names). */
export function compactSeconds(ms: number): string {
  const d = new Date(ms);
  return `${compactMinutes(ms).slice(0, -1)}${pad(d.getUTCSeconds())}Z`;
}

function datePath(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}/${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())}`;
}

function withPrefix(loc: TrailLocation, key: string): string {
  return loc.prefix ? `${loc.prefix}/${key}` : key;
}

/** `[prefix/]AWSLogs/[O-ID/]ACCOUNT/CloudTrail/REGION/` */
export function logFolder(loc: TrailLocation): string {
  return withPrefix(loc, `${logsRoot(loc)}CloudTrail/${loc.region}/`);
}

/** `[prefix/]AWSLogs/[O-ID/]ACCOUNT/CloudTrail-Digest/REGION/` */
export function digestFolder(loc: TrailLocation): string {
  return withPrefix(loc, `${logsRoot(loc)}CloudTrail-Digest/${loc.region}/`);
}

const UNIQUE_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/**
 * The 16-character unique part of a log file name. Derived from `seed` (the trail and the batch's
 * cursor range) so that delivering the same batch again, after a crash, writes the same key.
 */
export function uniquePart(seed: string): string {
  const h = createHash('sha256').update(seed).digest();
  let s = '';
  for (let i = 0; i < 16; i++) s += UNIQUE_ALPHABET[h[i]! % UNIQUE_ALPHABET.length];
  return s;
}

/** The key of a log file delivered at `deliveredAt`. */
export function logFileKey(loc: TrailLocation, deliveredAt: number, unique: string): string {
  return `${logFolder(loc)}${datePath(deliveredAt)}/${sourceAccountOf(loc)}_CloudTrail_${loc.region}_${compactMinutes(deliveredAt)}_${unique}.json.gz`;
}

/** The key of the digest file whose period ends at `endTime`. */
export function digestFileKey(loc: TrailLocation, endTime: number): string {
  return `${digestFolder(loc)}${datePath(endTime)}/${sourceAccountOf(loc)}_CloudTrail-Digest_${loc.region}_${loc.trailName}_${loc.homeRegion}_${compactSeconds(endTime)}.json.gz`;
}

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&');

/** Matches the digest keys of this trail (any date), as validate-logs does. */
export function digestKeyPattern(loc: TrailLocation): RegExp {
  return new RegExp(
    `^${escapeRe(digestFolder(loc))}\\d{4}/\\d{2}/\\d{2}/${escapeRe(`${sourceAccountOf(loc)}_CloudTrail-Digest_${loc.region}_${loc.trailName}_${loc.homeRegion}_`)}\\d{8}T\\d{6}Z\\.json\\.gz$`,
  );
}

/** The end time (epoch ms) written in a digest key, or undefined. */
export function digestKeyTime(key: string): number | undefined {
  const m = /(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z\.json\.gz$/.exec(key);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s] = m.map(Number) as [number, number, number, number, number, number, number];
  return Date.UTC(y, mo - 1, d, h, mi, s);
}

/** `arn:PARTITION:cloudtrail:HOMEREGION:ACCOUNT:trail/NAME` (the home region's partition) */
export function trailArn(loc: TrailLocation): string {
  return `arn:${partitionOfRegion(loc.homeRegion)?.id ?? 'aws'}:cloudtrail:${loc.homeRegion}:${loc.accountId}:trail/${loc.trailName}`;
}
