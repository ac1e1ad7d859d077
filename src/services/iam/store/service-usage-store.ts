/**
 * When each principal last used each service (access advisor), in `iam.service-usage` keyed
 * `<principal arn>|<service namespace>`: written by the usage recorder (throttled), read by
 * GenerateServiceLastAccessedDetails. Jobs (`iam.access-advisor-jobs`) keep a report by job id.
 */
import type { Scope, StoreOps } from '../../../storage/types.js';
import type { AccessAdvisorUsageGranularityType, ServiceLastAccessed } from '../api.generated.js';
import { Table } from './table.js';
import { IAM_TABLES } from './tables.js';

/** A principal's last use of a service. */
export interface ServiceUsageRecord {
  readonly lastAuthenticated: string;
  readonly region: string;
}

/** One entity's last use of one service, as a job keeps it. */
export interface EntityUse {
  readonly arn: string;
  readonly name: string;
  readonly type: 'USER' | 'ROLE' | 'GROUP';
  readonly id: string;
  readonly path: string;
  readonly lastAuthenticated?: string;
}

/** A generated service-last-accessed report. */
export interface AccessAdvisorJob {
  readonly jobId: string;
  readonly granularity: AccessAdvisorUsageGranularityType;
  readonly createdAt: string;
  readonly services: (Omit<ServiceLastAccessed, 'LastAuthenticated'> & { readonly LastAuthenticated?: string })[];
  /** Service namespace -> the entities that could use it. */
  readonly entities: Record<string, EntityUse[]>;
}

const USAGE = new Table<ServiceUsageRecord>(IAM_TABLES.serviceUsage);
/** Access advisor jobs by id. */
export const ADVISOR_JOBS = new Table<AccessAdvisorJob>(IAM_TABLES.accessAdvisorJobs);

/** Records that `principalArn` used `service`. */
export function putServiceUsage(ops: StoreOps, scope: Scope, principalArn: string, service: string, rec: ServiceUsageRecord): Promise<void> {
  return USAGE.put(ops, scope, `${principalArn}|${service}`, rec);
}

/** Every service `principalArn` used, by namespace. */
export async function servicesUsedBy(ops: StoreOps, scope: Scope, principalArn: string): Promise<Map<string, ServiceUsageRecord>> {
  const prefix = `${principalArn}|`;
  return new Map((await USAGE.list(ops, scope, { prefix })).map((r) => [r.key.slice(prefix.length), r.value]));
}
