/**
 * WAF logs delivered to an S3 bucket (developer guide, "Amazon Simple Storage Service bucket"): a web
 * ACL's records are gathered for 5 minutes (or until a file reaches 75 MB), then published as one
 * gzipped file of JSON lines under
 * `[prefix/]AWSLogs/<account>/WAFLogs/<Region>/<web ACL name>/YYYY/MM/dd/HH/mm/` named
 * `<account>_waflogs_<Region>_<web ACL name>_<YYYYMMDDTHHmmZ>_<hash>.log.gz`. The file is written with
 * S3 PutObject as CloudWatch Logs' delivery service (`delivery.logs.amazonaws.com`, aws:SourceAccount
 * and aws:SourceArn `arn:aws:logs:<Region>:<account>:*`) with the `bucket-owner-full-control` ACL, so
 * the bucket policy decides, as in AWS (PutLoggingConfiguration writes the statements AWS writes).
 * A file the bucket refuses is logged and dropped.
 */
import { randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { s3BucketAndPrefix } from '../../shared/arn.js';
import type { InternalCaller } from '../trail/s3-target.js';

export const LOG_DELIVERY_PRINCIPAL = 'delivery.logs.amazonaws.com';
const FIVE_MINUTES = 300_000;
const MAX_FILE_BYTES = 75 * 1024 * 1024;

interface Pending {
  readonly destination: string;
  readonly aclName: string;
  lines: string[];
  bytes: number;
}

export interface S3LogDeliveryOptions {
  readonly internal: InternalCaller;
  readonly accountId: string;
  readonly region: string;
  readonly log: (msg: string) => void;
  /** How often files are published (default 5 minutes, as AWS). */
  readonly intervalMs?: number;
  readonly maxFileBytes?: number;
  readonly clock?: () => number;
}

const pad = (n: number) => String(n).padStart(2, '0');

export class S3LogDelivery {
  private readonly pending = new Map<string, Pending>();
  private timer: NodeJS.Timeout | undefined;
  private readonly clock: () => number;
  private readonly maxFileBytes: number;

  constructor(private readonly o: S3LogDeliveryOptions) {
    this.clock = o.clock ?? Date.now;
    this.maxFileBytes = o.maxFileBytes ?? MAX_FILE_BYTES;
  }

  start(): void {
    this.timer = setInterval(() => void this.flush(), this.o.intervalMs ?? FIVE_MINUTES);
    this.timer.unref();
  }

  /** Adds one record for the web ACL's S3 destination; a file that reaches the size limit is published at once. */
  add(destination: string, aclName: string, record: Record<string, unknown>): void {
    const key = `${destination}\n${aclName}`;
    let p = this.pending.get(key);
    if (!p) this.pending.set(key, (p = { destination, aclName, lines: [], bytes: 0 }));
    const line = JSON.stringify(record) + '\n';
    if (p.bytes + line.length > this.maxFileBytes && p.lines.length > 0) {
      // The full file goes out as it is; this one starts anew.
      void this.publish({ ...p });
      p.lines = [];
      p.bytes = 0;
    }
    p.lines.push(line);
    p.bytes += line.length;
  }

  /** Publishes every file gathered so far. */
  async flush(): Promise<void> {
    await Promise.all([...this.pending].map(([key, p]) => this.publish(this.take(key, p))));
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.flush();
  }

  private take(key: string, p: Pending): Pending {
    this.pending.delete(key);
    return p;
  }

  /** The object key of a file published at `now` (the minute of the 5-minute period it ends). */
  objectKey(prefix: string, aclName: string, now: number): string {
    const t = new Date(now);
    const [y, mo, d, h, mi] = [t.getUTCFullYear(), pad(t.getUTCMonth() + 1), pad(t.getUTCDate()), pad(t.getUTCHours()), pad(t.getUTCMinutes())];
    const { accountId: a, region: r } = this.o;
    const folder = `AWSLogs/${a}/WAFLogs/${r}/${aclName}/${y}/${mo}/${d}/${h}/${mi}`;
    return `${prefix ? `${prefix}/` : ''}${folder}/${a}_waflogs_${r}_${aclName}_${y}${mo}${d}T${h}${mi}Z_${randomBytes(4).toString('hex')}.log.gz`;
  }

  private async publish(p: Pending): Promise<void> {
    const dest = s3BucketAndPrefix(p.destination);
    if (!dest || p.lines.length === 0) return;
    const now = this.clock();
    const body = gzipSync(p.lines.join(''));
    try {
      await this.o.internal.call(
        's3',
        'PutObject',
        { Bucket: dest.bucket, Key: this.objectKey(dest.prefix, p.aclName, now), Body: body, ContentLength: body.length, ContentType: 'application/x-gzip', ACL: 'bucket-owner-full-control' },
        { servicePrincipal: LOG_DELIVERY_PRINCIPAL, region: this.o.region, now, serviceContext: { 'aws:SourceAccount': this.o.accountId, 'aws:SourceArn': `arn:aws:logs:${this.o.region}:${this.o.accountId}:*` } },
      );
    } catch (e) {
      this.o.log(`WAF logs for web ACL ${p.aclName} not delivered to ${p.destination} (${p.lines.length} records): ${e instanceof Error ? e.message : String(e)}`);
    }
  }
}
