/** What every S3 handler group needs, and the typing helpers they share. */
import { createHash } from 'node:crypto';
import type { Authorizer } from '../../authz/authorizer.js';
import type { Handler, HandlerContext } from '../../protocol/service-definition.js';
import type { Store } from '../../storage/types.js';
import type { Input, OperationName, Output } from './api.generated.js';
import type { BlobStore } from './blob-store.js';
import type { KmsKeys } from './sse/kms-keys.js';
import { noSuchBucket } from './errors.js';
import { enforcedView, type AccountBlockSource } from './access/public-access.js';
import { buckets, GLOBAL, type BucketRecord } from './store.js';

export interface S3Deps {
  readonly store: Store;
  readonly blobs: BlobStore;
  /** For the second check CopyObject makes (s3:GetObject on the source). */
  readonly authorizer: () => Authorizer;
  readonly log: (msg: string, err?: unknown) => void;
  /** SSE-KMS data keys, asked of KMS as the caller (sse/kms-keys.ts). */
  readonly kms: KmsKeys;
  /** The bucket owners' account-level Block Public Access (the S3 Control API's, wired by the gateway). */
  readonly accountBlock: AccountBlockSource;
}

export type OpHandler<Op extends OperationName> = Handler<Input<Op>, Output<Op>>;
export type OpHandlers<K extends OperationName> = { readonly [Op in K]: OpHandler<Op> };

/** The bucket named by a request (authorization has already answered NoSuchBucket; a concurrent delete has not). */
export async function bucketNamed(deps: S3Deps, name: string): Promise<BucketRecord> {
  const b = await buckets.get(deps.store, GLOBAL, name);
  if (!b) throw noSuchBucket(name);
  return b;
}

/**
 * The bucket named by a request as Block Public Access is enforced on it (its settings combined with
 * its owner's account-level ones, access/public-access.ts): for decisions only, never to store.
 */
export async function enforcedBucket(deps: S3Deps, name: string): Promise<BucketRecord> {
  return enforcedView(await bucketNamed(deps, name), deps.accountBlock);
}

/** An account's canonical user ID as S3 shows it (64 hex digits, stable per account). */
export function canonicalId(accountId: string): string {
  return createHash('sha256').update(`rampart-s3-canonical-user:${accountId}`).digest('hex');
}

export const ownerOf = (accountId: string) => ({ ID: canonicalId(accountId), DisplayName: accountId });

export const accountOf = (ctx: HandlerContext) => ctx.caller.principal.accountId;

