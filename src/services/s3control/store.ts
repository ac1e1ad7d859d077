/**
 * S3 Control state, per account:
 * - s3control.public-access-block  `configuration`  PublicAccessBlockRecord (the account's Block
 *   Public Access; absent: none). S3 reads it through `accountBlockSource` (wired by the gateway).
 */
import { Table } from '../../storage/table.js';
import type { Scope, Store } from '../../storage/types.js';

export const S3CONTROL_TABLES = { publicAccessBlock: 's3control.public-access-block' } as const;

/** The four settings, each stored (an element left out of PutPublicAccessBlock is false). */
export interface PublicAccessBlockRecord {
  readonly BlockPublicAcls: boolean;
  readonly IgnorePublicAcls: boolean;
  readonly BlockPublicPolicy: boolean;
  readonly RestrictPublicBuckets: boolean;
}

/** The one key of an account's configuration. */
export const CONFIGURATION = 'configuration';

export const publicAccessBlocks = new Table<PublicAccessBlockRecord>(S3CONTROL_TABLES.publicAccessBlock);

export const accountScope = (accountId: string): Scope => ({ kind: 'account', accountId });

/** What S3 enforces with each bucket's own settings: the account's configuration, read from the store. */
export function accountBlockSource(store: Store): { readonly table: string; get(accountId: string): Promise<PublicAccessBlockRecord | undefined> } {
  return { table: S3CONTROL_TABLES.publicAccessBlock, get: (accountId) => publicAccessBlocks.get(store, accountScope(accountId), CONFIGURATION) };
}
