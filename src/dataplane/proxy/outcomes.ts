/**
 * What is kept of a request once it is answered: its sample (GetSampledRequests) and, with a logging
 * configuration that keeps it, its WAF log record, delivered to an S3 bucket destination (with the
 * services at hand) or written to the data directory for the other destinations.
 */
import { randomUUID } from 'node:crypto';
import type { LoggingConfiguration } from '../../services/wafv2/api.generated.js';
import { s3BucketAndPrefix } from '../../shared/arn.js';
import type { Decision } from '../waf/evaluate.js';
import type { GeoDb } from '../waf/geo.js';
import type { InspectedRequest } from '../waf/inspected-request.js';
import { parseIp } from '../waf/ip.js';
import type { ActiveAcl } from './acl-watcher.js';
import type { ProxyResponse } from './exchange.js';
import type { Recorder } from './recorder.js';
import type { S3LogDelivery } from './s3-log-delivery.js';
import { keep, logRecord, type WafLogWriter } from './waf-log.js';

export interface OutcomeSinks {
  readonly albArn: string;
  readonly recorder: Recorder;
  readonly geo: GeoDb;
  /** WAF logs in the data dir (without one, only S3 destinations are logged). */
  readonly logs?: WafLogWriter;
  /** WAF logs to S3 destinations (without the services, every destination is written to the data dir). */
  readonly s3Logs?: S3LogDelivery;
}

export class Outcomes {
  /** A logging configuration's S3 destination (null: another kind), read once per configuration loaded. */
  private readonly s3DestOf = new WeakMap<LoggingConfiguration, string | null>();

  constructor(private readonly o: OutcomeSinks) {}

  /** Records `inspected`'s outcome under the web ACL `active` once `res` has finished. */
  after(res: ProxyResponse, active: ActiveAcl, inspected: InspectedRequest, decision: Decision, nowMs: number): void {
    const acl = active.snapshot.acl;
    const compiled = active.compiled;
    if (!acl || !compiled) return;
    const logging = active.snapshot.logging;
    const cfg = logging && keep(logging, decision) ? logging : undefined;
    const s3Dest = cfg && this.o.s3Logs ? this.s3Destination(cfg) : undefined;
    res.on('finish', () => {
      let country: string | undefined | null = null;
      const countryOf = () => {
        if (country === null) {
          const ip = parseIp(inspected.clientIp);
          country = ip ? this.o.geo.countryOf(ip) : undefined;
        }
        return country;
      };
      this.o.recorder.sample(acl.id, compiled.sampleMetric, inspected, decision, res.statusCode, countryOf, nowMs);
      if (!cfg || (!s3Dest && !this.o.logs)) return;
      const c = countryOf();
      const record = logRecord(cfg, inspected, decision, { aclArn: acl.arn, albArn: this.o.albArn, requestId: randomUUID(), ...(c ? { country: c } : {}), responseCode: res.statusCode, now: nowMs });
      if (s3Dest) this.o.s3Logs!.add(s3Dest, acl.name, record);
      else this.o.logs!.write(acl.name, record);
    });
  }

  private s3Destination(cfg: LoggingConfiguration): string | undefined {
    let d = this.s3DestOf.get(cfg);
    if (d === undefined) this.s3DestOf.set(cfg, (d = s3BucketAndPrefix(cfg.LogDestinationConfigs[0] ?? '') ? cfg.LogDestinationConfigs[0]! : null));
    return d ?? undefined;
  }
}
