/** The shape of managed policies (customer and AWS managed) and their versions. */
import type { TagRecord } from '../tag-list.js';

/** One version of a managed policy. */
export interface PolicyVersionRecord {
  /** `v1`, `v2`, ... (never reused). */
  readonly versionId: string;
  readonly document: string;
  readonly createDate: string;
}

/** A managed policy (customer or AWS managed). */
export interface ManagedPolicyRecord {
  readonly policyName: string;
  /** `ANPA...` */
  readonly policyId: string;
  readonly path: string;
  readonly arn: string;
  readonly description?: string;
  readonly createDate: string;
  readonly updateDate: string;
  readonly defaultVersionId: string;
  /** Number of the next version to create. */
  readonly nextVersion: number;
  /** Oldest first. */
  readonly versions: PolicyVersionRecord[];
  readonly tags: TagRecord[];
}
