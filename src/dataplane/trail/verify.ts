/**
 * `rampart audit verify`: walks a trail's digest chain from the newest digest in the range back to
 * the oldest, as `aws cloudtrail validate-logs` does (a missing or invalid digest is reported and
 * the walk goes on with the next older digest found in the bucket), then checks every log file the
 * valid digests list. Pure over DeliveredFiles and the public keys. Rampart reports more than AWS:
 * the newest digest the deliverer wrote when it is gone, digests that don't match what the next
 * digest recorded, log files holding another file's content, record-level changes, and log files
 * in the verified period that no digest lists.
 */
import type { DigestDocument } from './digest.js';
import { checkDigest, type DigestProblem, type Successor } from './digest-check.js';
import type { DeliveredFiles } from './delivery-target.js';
import { checkLogFile, MAX_RECORD_FINDINGS, type LogProblem, type RecordProblem } from './log-check.js';
import { digestFolder, digestKeyPattern, digestKeyTime, isoSeconds, logFolder, type TrailLocation } from './names.js';
import type { PublicKeyInfo } from './signing-keys.js';

export interface VerifyOptions {
  readonly loc: TrailLocation;
  readonly files: DeliveredFiles;
  readonly publicKeys: readonly PublicKeyInfo[];
  /** Epoch ms, inclusive. */
  readonly start: number;
  readonly end: number;
  /** The key of the newest digest the deliverer wrote (its state), so that its deletion is seen too. */
  readonly expectedHead?: string;
}

/** One reported problem (or a gap, which is not an error). */
export interface Finding {
  readonly kind: 'digest' | 'log' | 'record' | 'gap';
  readonly problem: DigestProblem | LogProblem | RecordProblem | 'unlisted' | 'gap';
  readonly key: string;
  /** The line printed (validate-logs' format). */
  readonly message: string;
}

export interface VerifyReport {
  readonly start: number;
  readonly end: number;
  /** The period the valid digests cover (clipped to the request), when one was valid. */
  readonly foundStart: number | undefined;
  readonly foundEnd: number | undefined;
  readonly validDigests: number;
  readonly invalidDigests: number;
  readonly validLogs: number;
  readonly invalidLogs: number;
  readonly findings: readonly Finding[];
  /** `... valid` lines (printed with --verbose). */
  readonly validLines: readonly string[];
}

const HOUR = 3_600_000;

export async function verifyTrail(o: VerifyOptions): Promise<VerifyReport> {
  const { loc, files } = o;
  const s3 = (key: string): string => `s3://${files.bucket}/${key}`;
  const findings: Finding[] = [];
  const validLines: string[] = [];
  const pattern = digestKeyPattern(loc);
  const inRange = (k: string): boolean => {
    const t = digestKeyTime(k);
    return t !== undefined && t >= o.start && t <= o.end + HOUR;
  };
  const listed = (await files.list(digestFolder(loc))).filter((k) => pattern.test(k) && inRange(k)).sort((a, b) => digestKeyTime(a)! - digestKeyTime(b)!);
  const candidates = [...listed];
  const nextOlder = (before: number): string | undefined => {
    while (candidates.length > 0) {
      const k = candidates.pop()!;
      if (digestKeyTime(k)! < before) return k;
    }
    return undefined;
  };
  const digestFinding = (key: string, problem: DigestProblem, detail: string): void => {
    findings.push({ kind: 'digest', problem, key, message: `Digest file\t${s3(key)}\tINVALID: ${detail}` });
  };

  let invalidDigests = 0;
  if (o.expectedHead && inRange(o.expectedHead) && !listed.includes(o.expectedHead)) {
    invalidDigests++;
    digestFinding(o.expectedHead, 'not-found', 'not found');
  }
  const valid: { key: string; document: DigestDocument }[] = [];
  const visited = new Set<string>();
  let successor: Successor | undefined;
  let key = candidates.pop();
  while (key !== undefined && !visited.has(key)) {
    visited.add(key);
    const keyTime = digestKeyTime(key) ?? 0;
    const idx = candidates.indexOf(key);
    if (idx >= 0) candidates.splice(idx, 1);
    const obj = await files.get(key);
    if (!obj) {
      invalidDigests++;
      digestFinding(key, 'not-found', 'not found');
      successor = undefined;
      key = nextOlder(keyTime);
      continue;
    }
    const c = checkDigest(files.bucket, key, obj, o.publicKeys, loc.homeRegion, successor);
    if (!c.ok) {
      invalidDigests++;
      digestFinding(key, c.problem, c.detail);
      successor = undefined;
      key = nextOlder(keyTime);
      continue;
    }
    valid.push({ key, document: c.document });
    validLines.push(`Digest file\t${s3(key)}\tvalid`);
    const startTime = Date.parse(c.document.digestStartTime);
    if (startTime < o.start) break;
    const prev = c.document.previousDigestS3Object;
    if (prev === null || c.document.previousDigestS3Bucket !== files.bucket) {
      successor = undefined;
      key = nextOlder(keyTime);
      if (key !== undefined) {
        findings.push({ kind: 'gap', problem: 'gap', key, message: `No log files were delivered by CloudTrail between ${isoSeconds(digestKeyTime(key)!)} and ${isoSeconds(startTime)}` });
      }
      continue;
    }
    successor = { key, document: c.document };
    key = prev;
    if (digestKeyTime(prev) !== undefined && digestKeyTime(prev)! < o.start) break;
  }

  // Log files: every file listed by a valid digest, newest digest first (validate-logs' order).
  const listedHashes = new Map<string, string>();
  const listedKeys = new Set<string>();
  for (const d of valid) for (const f of d.document.logFiles) {
    listedHashes.set(f.hashValue, f.s3Object);
    listedKeys.add(f.s3Object);
  }
  let validLogs = 0;
  let invalidLogs = 0;
  for (const d of valid) {
    for (const f of d.document.logFiles) {
      const c = await checkLogFile(files, f, listedHashes);
      if (c.ok) {
        validLogs++;
        validLines.push(`Log file\ts3://${f.s3Bucket}/${f.s3Object}\tvalid`);
        continue;
      }
      invalidLogs++;
      findings.push({ kind: 'log', problem: c.problem, key: f.s3Object, message: `Log file\ts3://${f.s3Bucket}/${f.s3Object}\tINVALID: ${c.detail}` });
      for (const r of c.records.slice(0, MAX_RECORD_FINDINGS)) {
        findings.push({ kind: 'record', problem: r.problem, key: f.s3Object, message: `Record ${r.position} of log file\ts3://${f.s3Bucket}/${f.s3Object}\tINVALID: ${r.detail}` });
      }
      if (c.records.length > MAX_RECORD_FINDINGS) {
        findings.push({ kind: 'record', problem: c.records[MAX_RECORD_FINDINGS]!.problem, key: f.s3Object, message: `... and ${c.records.length - MAX_RECORD_FINDINGS} more records of log file\ts3://${f.s3Bucket}/${f.s3Object}\tINVALID` });
      }
    }
  }

  let foundStart: number | undefined;
  let foundEnd: number | undefined;
  if (valid.length > 0) {
    foundEnd = Math.min(Date.parse(valid[0]!.document.digestEndTime), o.end);
    foundStart = Math.max(Date.parse(valid[valid.length - 1]!.document.digestStartTime), o.start);
    // Rampart: log files delivered well inside the period of a valid digest that no digest lists (added).
    const periods = valid.map((d) => [Date.parse(d.document.digestStartTime), Date.parse(d.document.digestEndTime)] as const);
    for (const k of await files.list(logFolder(loc))) {
      if (listedKeys.has(k) || !k.endsWith('.json.gz')) continue;
      const t = logKeyTime(k);
      if (t === undefined || !periods.some(([from, to]) => t > from && t + 60_000 <= to)) continue;
      invalidLogs++;
      findings.push({ kind: 'log', problem: 'unlisted', key: k, message: `Log file\t${s3(k)}\tINVALID: not listed in any digest file (added)` });
    }
  }
  return { start: o.start, end: o.end, foundStart, foundEnd, validDigests: valid.length, invalidDigests, validLogs, invalidLogs, findings, validLines };
}

/** The delivery minute in a log file name (`..._20150801T0210Z_UNIQUE.json.gz`). */
function logKeyTime(key: string): number | undefined {
  const m = /_(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})Z_[A-Za-z0-9]+\.json\.gz$/.exec(key);
  if (!m) return undefined;
  const [, y, mo, d, h, mi] = m.map(Number) as [number, number, number, number, number, number];
  return Date.UTC(y, mo - 1, d, h, mi);
}

/**
 * The report as validate-logs prints it: errors (stderr) and the summary (stdout); `account` names
 * the account whose files an organization trail's report covers.
 */
export function formatReport(r: VerifyReport, arn: string, verbose = false, account?: string): { stdout: string; stderr: string } {
  let out = `Validating log files for trail ${arn}${account ? ` (account ${account})` : ''} between ${isoSeconds(r.start)} and ${isoSeconds(r.end)}\n\n`;
  if (verbose) out += r.validLines.map((l) => `${l}\n`).join('');
  const err = r.findings.map((f) => `${f.message}\n\n`).join('');
  out += `Results requested for ${isoSeconds(r.start)} to ${isoSeconds(r.end)}\n`;
  if (r.validDigests === 0 && r.invalidDigests === 0) return { stdout: `${out}No digests found\n`, stderr: err };
  out += r.foundStart === undefined || r.foundEnd === undefined ? 'No valid digests found in range\n' : `Results found for ${isoSeconds(r.foundStart)} to ${isoSeconds(r.foundEnd)}:\n`;
  const ratio = (v: number, i: number, name: string): string => {
    const total = v + i;
    if (total === 0) return '';
    return `\n${v}/${total} ${name} files valid${i > 0 ? `, ${i}/${total} ${name} files INVALID` : ''}`;
  };
  out += `${ratio(r.validDigests, r.invalidDigests, 'digest')}${ratio(r.validLogs, r.invalidLogs, 'log')}\n`;
  return { stdout: out, stderr: err };
}
