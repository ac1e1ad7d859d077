/**
 * Shield state, per account (Shield is a global service: its ARNs carry no Region):
 * - shield.subscription       `subscription`  SubscriptionRecord (at most one per account)
 * - shield.settings           `settings`      SettingsRecord (DRT role and log buckets, emergency contacts)
 * - shield.protections        `<id>`          ProtectionRecord
 * - shield.protection-groups  `<id>`          ProtectionGroupRecord
 * - shield.attacks            `<attack id>`   AttackRecord (written by the detection engine, src/dataplane/shield)
 */
import { Table } from '../../storage/table.js';
import type { Scope } from '../../storage/types.js';
import type { AutoRenew, EmergencyContact, ProtectedResourceType, ProtectionGroupAggregation, ProtectionGroupPattern, ProactiveEngagementStatus, Tag } from './api.generated.js';

export const SHIELD_TABLES = {
  subscription: 'shield.subscription',
  settings: 'shield.settings',
  protections: 'shield.protections',
  groups: 'shield.protection-groups',
  attacks: 'shield.attacks',
} as const;

export interface SubscriptionRecord {
  readonly arn: string;
  readonly startTime: number;
  readonly endTime: number;
  readonly commitmentSeconds: number;
  readonly autoRenew: AutoRenew;
  readonly proactiveEngagement: ProactiveEngagementStatus;
}

export interface SettingsRecord {
  readonly roleArn?: string;
  readonly logBuckets: readonly string[];
  readonly contacts: readonly EmergencyContact[];
}

export interface AutoResponse {
  readonly status: 'ENABLED' | 'DISABLED';
  readonly action: 'Block' | 'Count';
}

export interface ProtectionRecord {
  readonly id: string;
  readonly name: string;
  readonly resourceArn: string;
  readonly resourceType: ProtectedResourceType;
  readonly arn: string;
  readonly healthCheckArns: readonly string[];
  readonly tags: readonly Tag[];
  readonly autoResponse?: AutoResponse;
  /** The web ACL the resource was associated with when automatic response was enabled. */
  readonly webAclArn?: string;
  readonly createdAt: number;
}

export interface ProtectionGroupRecord {
  readonly id: string;
  readonly arn: string;
  readonly aggregation: ProtectionGroupAggregation;
  readonly pattern: ProtectionGroupPattern;
  readonly resourceType?: ProtectedResourceType;
  readonly members: readonly string[];
  readonly tags: readonly Tag[];
}

/** A summarized counter as AWS returns it (SummarizedCounter). */
export interface CounterRecord {
  readonly Name: string;
  readonly Max: number;
  readonly Average: number;
  readonly Sum: number;
  readonly N: number;
  readonly Unit: string;
}

/** One attack (AWS's AttackDetail, times in epoch milliseconds). */
export interface AttackRecord {
  readonly AttackId: string;
  readonly ResourceArn: string;
  readonly StartTime: number;
  /** Absent while the attack goes on. */
  readonly EndTime?: number;
  readonly AttackVectors: readonly string[];
  readonly SubResources: readonly {
    readonly Type: 'IP' | 'URL';
    readonly Id: string;
    readonly AttackVectors: readonly { readonly VectorType: string; readonly VectorCounters: readonly CounterRecord[] }[];
    readonly Counters: readonly CounterRecord[];
  }[];
  readonly AttackCounters: readonly CounterRecord[];
  readonly AttackProperties: readonly {
    readonly AttackLayer: 'NETWORK' | 'APPLICATION';
    readonly AttackPropertyIdentifier: 'DESTINATION_URL' | 'SOURCE_IP_ADDRESS' | 'SOURCE_USER_AGENT' | 'REFERRER' | 'SOURCE_ASN' | 'SOURCE_COUNTRY';
    readonly TopContributors: readonly { readonly Name: string; readonly Value: number }[];
    readonly Unit: 'REQUESTS' | 'BYTES' | 'BITS' | 'PACKETS';
    readonly Total: number;
  }[];
  readonly Mitigations: readonly { readonly MitigationName: string }[];
  /** The largest request rate seen (requests per second), for DescribeAttackStatistics. */
  readonly MaxRequestsPerSecond: number;
  /** The last time the attack's traffic was seen (ms; closes an attack left open by a stopped engine). */
  readonly LastActive?: number;
}

export const subscriptions = new Table<SubscriptionRecord>(SHIELD_TABLES.subscription);
export const settings = new Table<SettingsRecord>(SHIELD_TABLES.settings);
export const protections = new Table<ProtectionRecord>(SHIELD_TABLES.protections);
export const groups = new Table<ProtectionGroupRecord>(SHIELD_TABLES.groups);
export const attacks = new Table<AttackRecord>(SHIELD_TABLES.attacks);

export const SUBSCRIPTION_KEY = 'subscription';
export const SETTINGS_KEY = 'settings';
export const accountScope = (accountId: string): Scope => ({ kind: 'account', accountId });
