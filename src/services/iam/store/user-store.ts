/** IAM users (`iam.users`, keyed by lower-cased name). */
import { noSuchEntity } from '../errors.js';
import type { TagRecord } from '../tag-list.js';
import { namedStore } from './named-store.js';
import { IAM_TABLES } from './tables.js';

/** A stored IAM user. */
export interface UserRecord {
  readonly userName: string;
  /** `AIDA...` */
  readonly userId: string;
  readonly path: string;
  readonly arn: string;
  /** ISO 8601. */
  readonly createDate: string;
  readonly tags: TagRecord[];
  /** ARN of the managed policy that is the user's permissions boundary. */
  readonly permissionsBoundary?: string;
}

/** The users of an account. */
export const users = namedStore<UserRecord>(IAM_TABLES.users, (u) => u.userName, (n) => noSuchEntity('user', n));
