/**
 * Default encryption (PutBucketEncryption, GetBucketEncryption, DeleteBucketEncryption): one rule,
 * SSEAlgorithm AES256 | aws:kms | aws:kms:dsse, KMSMasterKeyID (only with a KMS algorithm),
 * BucketKeyEnabled, BlockedEncryptionTypes (SSE-C or NONE). Every bucket has one: a new bucket's is
 * SSE-S3 with SSE-C blocked ("Starting April 2026, Amazon S3 automatically disables SSE-C for all new
 * general purpose buckets"); DeleteBucketEncryption goes back to it. Uploads without encryption
 * headers get the rule's encryption (object-encryption.ts).
 */
import type { ServerSideEncryptionRule } from '../api.generated.js';
import { bucketNamed, type OpHandlers, type S3Deps } from '../deps.js';
import { invalidArgument, malformedXml, noSuchBucket } from '../errors.js';
import { buckets, GLOBAL, type BucketEncryption, type BucketRecord } from '../store.js';

export const DEFAULT_BUCKET_ENCRYPTION: BucketEncryption = { algorithm: 'AES256', bucketKeyEnabled: false, blockSseC: true };

export const bucketEncryption = (b: BucketRecord): BucketEncryption => b.encryption ?? DEFAULT_BUCKET_ENCRYPTION;

/** The stored form of the one rule of a configuration, or S3's error. */
export function parseRule(rules: readonly ServerSideEncryptionRule[] | undefined): BucketEncryption {
  if (!rules || rules.length !== 1) throw malformedXml();
  const rule = rules[0]!;
  const byDefault = rule.ApplyServerSideEncryptionByDefault;
  if (!byDefault) throw malformedXml();
  const algorithm = byDefault.SSEAlgorithm as string;
  if (algorithm !== 'AES256' && algorithm !== 'aws:kms' && algorithm !== 'aws:kms:dsse') throw malformedXml();
  const keyId = byDefault.KMSMasterKeyID;
  // "This parameter is allowed if and only if SSEAlgorithm is set to aws:kms or aws:kms:dsse." (text unconfirmed)
  if (keyId !== undefined && algorithm === 'AES256') throw invalidArgument('a KMSMasterKeyID is not applicable if the default sse algorithm is not aws:kms or aws:kms:dsse', 'ApplyServerSideEncryptionByDefault', '');
  if (keyId !== undefined && !/^[\x21-\x7e]{1,2048}$/.test(keyId)) throw invalidArgument('Invalid KMS key id (unconfirmed)', 'KMSMasterKeyID', keyId);
  const blocked = rule.BlockedEncryptionTypes?.EncryptionType;
  if (blocked !== undefined && (blocked.length !== 1 || (blocked[0] !== 'SSE-C' && blocked[0] !== 'NONE'))) throw malformedXml();
  return {
    algorithm,
    ...(keyId !== undefined ? { kmsKeyId: keyId } : {}),
    bucketKeyEnabled: rule.BucketKeyEnabled === true,
    // Absent: SSE-C stays blocked, as for a new bucket (unconfirmed).
    blockSseC: blocked === undefined || blocked[0] === 'SSE-C',
  };
}

async function update(deps: S3Deps, name: string, encryption: BucketEncryption | undefined): Promise<void> {
  await deps.store.transaction(async (tx) => {
    const b = await buckets.get(tx, GLOBAL, name);
    if (!b) throw noSuchBucket(name);
    const { encryption: _old, ...rest } = b;
    await buckets.put(tx, GLOBAL, name, encryption ? { ...rest, encryption } : rest);
  });
}

export function bucketEncryptionHandlers(deps: S3Deps): OpHandlers<'PutBucketEncryption' | 'GetBucketEncryption' | 'DeleteBucketEncryption'> {
  return {
    async PutBucketEncryption(input) {
      await update(deps, input.Bucket, parseRule(input.ServerSideEncryptionConfiguration?.Rules));
      return undefined;
    },
    async GetBucketEncryption(input) {
      const e = bucketEncryption(await bucketNamed(deps, input.Bucket));
      return {
        ServerSideEncryptionConfiguration: {
          Rules: [
            {
              ApplyServerSideEncryptionByDefault: { SSEAlgorithm: e.algorithm, ...(e.kmsKeyId !== undefined ? { KMSMasterKeyID: e.kmsKeyId } : {}) },
              BucketKeyEnabled: e.bucketKeyEnabled,
              BlockedEncryptionTypes: { EncryptionType: [e.blockSseC ? 'SSE-C' : 'NONE'] },
            },
          ],
        },
      };
    },
    async DeleteBucketEncryption(input) {
      await update(deps, input.Bucket, undefined);
      return undefined;
    },
  };
}
