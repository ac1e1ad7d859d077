/**
 * CloudTrail state, per account and home region (scope `region`):
 * - cloudtrail.trails       `<trail name>`   TrailRecord (settings, logging state, selectors, tags)
 * - cloudtrail.public-keys  `<fingerprint>`  PublicKeyRecord (written by log-file delivery, which owns the signing keys)
 * and in the global scope (trail-index.ts): cloudtrail.trail-index `ACCOUNT/REGION/NAME` (every trail,
 * for delivery and the shadows of multi-region trails) and its backfill mark.
 * Events themselves live in the event log (src/storage/event-log), not here.
 */
import { Table } from '../../storage/table.js';
import type { Scope } from '../../storage/types.js';
import type { AdvancedEventSelector, EventSelector, Tag } from './api.generated.js';

export const CLOUDTRAIL_TABLES = { trails: 'cloudtrail.trails', publicKeys: 'cloudtrail.public-keys' } as const;

export interface TrailRecord {
  readonly name: string;
  readonly arn: string;
  readonly homeRegion: string;
  readonly s3BucketName: string;
  readonly s3KeyPrefix?: string;
  readonly snsTopicName?: string;
  readonly includeGlobalServiceEvents: boolean;
  readonly isMultiRegionTrail: boolean;
  /**
   * Epoch ms at which an UpdateTrail made the trail multi-region (absent when it was created so):
   * other regions' events older than this are not delivered.
   */
  readonly multiRegionSince?: number;
  readonly logFileValidationEnabled: boolean;
  readonly cloudWatchLogsLogGroupArn?: string;
  readonly cloudWatchLogsRoleArn?: string;
  readonly kmsKeyId?: string;
  readonly isOrganizationTrail: boolean;
  /** An organization trail's organization (`o-...`), recorded when it became one. */
  readonly organizationId?: string;
  readonly logging: boolean;
  /** Epoch ms. */
  readonly startLoggingTime?: number;
  readonly stopLoggingTime?: number;
  /** Basic selectors, or advanced ones (never both); neither: the default (all management events). */
  readonly eventSelectors?: readonly EventSelector[];
  readonly advancedEventSelectors?: readonly AdvancedEventSelector[];
  readonly tags: readonly Tag[];
}

/** A signing key's public half, as ListPublicKeys answers it (DER, base64). */
export interface PublicKeyRecord {
  readonly value: string;
  readonly fingerprint: string;
  /** Epoch ms. */
  readonly validityStartTime: number;
  readonly validityEndTime?: number;
}

export const trails = new Table<TrailRecord>(CLOUDTRAIL_TABLES.trails);
export const publicKeys = new Table<PublicKeyRecord>(CLOUDTRAIL_TABLES.publicKeys);

export const regionScope = (accountId: string, region: string): Scope => ({ kind: 'region', accountId, region });
