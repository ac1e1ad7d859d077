/** IAM roles (`iam.roles`, keyed by lower-cased name). */
import { noSuchEntity } from '../errors.js';
import type { TagRecord } from '../tag-list.js';
import { namedStore } from './named-store.js';
import { IAM_TABLES } from './tables.js';

/** A stored IAM role. */
export interface RoleRecord {
  readonly roleName: string;
  /** `AROA...` */
  readonly roleId: string;
  readonly path: string;
  readonly arn: string;
  readonly createDate: string;
  /** The trust policy, exactly as the caller sent it. */
  readonly assumeRolePolicyDocument: string;
  /** Unique ids of the users and roles the trust policy names, bound when it was saved (trust-principals.ts). */
  readonly trustPrincipalIds?: Readonly<Record<string, string>>;
  readonly description?: string;
  /** Seconds, 3600..43200. */
  readonly maxSessionDuration: number;
  readonly tags: TagRecord[];
  readonly permissionsBoundary?: string;
}

/** The roles of an account. */
export const roles = namedStore<RoleRecord>(IAM_TABLES.roles, (r) => r.roleName, (n) => noSuchEntity('role', n));
