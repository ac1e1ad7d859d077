/** Instance profiles (`iam.instance-profiles`) and the role -> profiles index (`iam.role-profiles`). */
import type { Scope, StoreOps } from '../../../storage/types.js';
import { noSuchInstanceProfile } from '../errors.js';
import { nameKey } from '../iam-arns.js';
import type { TagRecord } from '../tag-list.js';
import { namedStore } from './named-store.js';
import { Table } from './table.js';
import { IAM_TABLES, type Marker } from './tables.js';

/** A stored instance profile. */
export interface InstanceProfileRecord {
  readonly instanceProfileName: string;
  /** `AIPA...` */
  readonly instanceProfileId: string;
  readonly path: string;
  readonly arn: string;
  readonly createDate: string;
  /** Names of its roles (AWS allows one). */
  readonly roleNames: string[];
  readonly tags: TagRecord[];
}

/** The instance profiles of an account. */
export const instanceProfiles = namedStore<InstanceProfileRecord>(
  IAM_TABLES.instanceProfiles,
  (p) => p.instanceProfileName,
  (n) => noSuchInstanceProfile(n),
);

/** `<role key>/<profile key>` for every role in a profile. */
export const ROLE_PROFILES = new Table<Marker>(IAM_TABLES.roleProfiles);

/** Keys of the instance profiles that contain the role. */
export async function profileKeysOfRole(ops: StoreOps, scope: Scope, roleName: string): Promise<string[]> {
  const prefix = `${nameKey(roleName)}/`;
  return (await ROLE_PROFILES.list(ops, scope, { prefix })).map((r) => r.key.slice(prefix.length));
}
