/**
 * Amazon S3, first increment: general purpose buckets (global names, regions, tags, bucket
 * policies) and objects (bodies streamed to sealed files on disk, checksums, conditional and range
 * reads, copies, listings, tags), authorized as S3 authorizes requests (authz.ts). README.md lists
 * what is served and the behaviour decisions.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { codecFor } from '../../protocol/codecs.js';
import { loadModel } from '../../protocol/model/load-model.js';
import { asHandlerTable } from '../../protocol/service-definition.js';
import type { ServiceModule, ServiceParts } from '../service-module.js';
import { S3_NOT_IMPLEMENTED, type S3Handlers } from './api.generated.js';
import { s3Authorization } from './authz.js';
import { s3CorsResponder } from './access/cors-responder.js';
import { NO_ACCOUNT_BLOCK, type AccountBlockSource } from './access/public-access.js';
import { BlobStore } from './blob-store.js';
import type { S3Deps } from './deps.js';
import { accessSettingHandlers } from './handlers/access-settings.js';
import { aclHandlers } from './handlers/acls.js';
import { bucketConfigHandlers } from './handlers/bucket-config.js';
import { corsHandlers } from './handlers/cors.js';
import { bucketHandlers } from './handlers/buckets.js';
import { copyObjectHandlers } from './handlers/copy-object.js';
import { deleteHandlers } from './handlers/delete-objects.js';
import { getObjectHandlers } from './handlers/get-object.js';
import { listHandlers } from './handlers/list-objects.js';
import { objectTaggingHandlers } from './handlers/object-tagging.js';
import { multipartHandlers } from './handlers/multipart.js';
import { multipartExtraHandlers } from './handlers/multipart-extra.js';
import { putObjectHandlers } from './handlers/put-object.js';
import { versionHandlers } from './handlers/versions.js';
import { lifecycleHandlers } from './handlers/lifecycle.js';
import { objectAttributeHandlers } from './handlers/object-attributes.js';
import { S3Scheduler } from './lifecycle/scheduler.js';
import { bucketEncryptionHandlers } from './sse/bucket-encryption.js';
import { KmsKeys } from './sse/kms-keys.js';
import { buckets, GLOBAL } from './store.js';
import type { Store } from '../../storage/types.js';

/** Every operation not listed in the groups below answers as AWS answers an operation it does not know (README lists them). */
export function s3Handlers(deps: S3Deps): S3Handlers {
  return {
    ...S3_NOT_IMPLEMENTED,
    ...bucketHandlers(deps),
    ...bucketConfigHandlers(deps),
    ...putObjectHandlers(deps),
    ...getObjectHandlers(deps),
    ...deleteHandlers(deps),
    ...copyObjectHandlers(deps),
    ...listHandlers(deps),
    ...objectTaggingHandlers(deps),
    ...multipartHandlers(deps),
    ...multipartExtraHandlers(deps),
    ...versionHandlers(deps),
    ...lifecycleHandlers(deps),
    ...objectAttributeHandlers(deps),
    ...bucketEncryptionHandlers(deps),
    ...accessSettingHandlers(deps),
    ...aclHandlers(deps),
    ...corsHandlers(deps),
  };
}

/** Operations served to unsigned requests (as the anonymous principal: only a bucket policy can allow them). */
const ANONYMOUS = new Set(['GetObject', 'HeadObject', 'ListObjects', 'ListObjectsV2']);

/**
 * Amazon S3. Object bodies live under `<dataDir>/s3/objects` (with PostgreSQL, a directory every
 * node shares); without a data dir (in-process tests) under a fresh temporary directory.
 * `accountBlock`: the accounts' Block Public Access settings (the S3 Control service's), enforced
 * with each bucket's own.
 */
export function createS3Service(parts: ServiceParts, opts: { readonly accountBlock?: AccountBlockSource } = {}): ServiceModule {
  const accountBlock = opts.accountBlock ?? NO_ACCOUNT_BLOCK;
  const model = loadModel('s3');
  const dir = parts.dataDir ? join(parts.dataDir, 's3', 'objects') : join(mkdtempSync(join(tmpdir(), 'rampart-s3-')), 'objects');
  const deps: S3Deps = { store: parts.store, blobs: new BlobStore(dir, parts.store.sealer), authorizer: parts.authorizer, log: parts.log, kms: new KmsKeys(parts.internal), accountBlock };
  // Lifecycle rules and the orphaned-body sweep (lifecycle/scheduler.ts).
  const scheduler = new S3Scheduler(parts.store, deps.blobs, { now: parts.clock, log: parts.log });
  return {
    start: () => scheduler.start(),
    // Bodies being removed are let go first (a removal cut short leaves an orphan, swept later).
    stop: async () => {
      await deps.blobs.removed();
      await scheduler.stop();
    },
    definition: { name: 's3', model, codec: codecFor(model), handlers: asHandlerTable(s3Handlers(deps)), streamingPayloads: true, anonymousOperations: ANONYMOUS, cors: s3CorsResponder(parts.store) },
    authorization: s3Authorization(parts.store, accountBlock),
  };
}

/**
 * The account that owns a bucket and the bucket's region (S3's record), for the composition root's
 * operator tools (`rampart audit verify` reads a trail's bucket as its owner); undefined when there
 * is no such bucket.
 */
export async function bucketHome(store: Store, name: string): Promise<{ readonly accountId: string; readonly region: string } | undefined> {
  const b = await buckets.get(store, GLOBAL, name);
  return b ? { accountId: b.accountId, region: b.region } : undefined;
}
