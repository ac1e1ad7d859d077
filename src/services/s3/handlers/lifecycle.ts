/** Put/Get/DeleteBucketLifecycle(Configuration): the rules live on the bucket record; the scheduler carries them out (lifecycle/). */
import { clientError } from '../../../shared/aws-error.js';
import { bucketNamed, type OpHandlers, type S3Deps } from '../deps.js';
import { noSuchBucket } from '../errors.js';
import { buckets, GLOBAL, type LifecycleRuleRecord } from '../store.js';
import { lifecycleRecords, ruleOutput } from '../lifecycle/rules.js';

const noSuchLifecycle = (bucket: string) => clientError('NoSuchLifecycleConfiguration', 'The lifecycle configuration does not exist', 404, { BucketName: bucket });

async function setRules(deps: S3Deps, bucket: string, rules: readonly LifecycleRuleRecord[] | undefined): Promise<void> {
  await deps.store.transaction(async (tx) => {
    const b = await buckets.get(tx, GLOBAL, bucket);
    if (!b) throw noSuchBucket(bucket);
    const { lifecycle: _old, ...rest } = b;
    await buckets.put(tx, GLOBAL, bucket, rules ? { ...rest, lifecycle: rules } : rest);
  });
}

export function lifecycleHandlers(deps: S3Deps): OpHandlers<'PutBucketLifecycleConfiguration' | 'GetBucketLifecycleConfiguration' | 'DeleteBucketLifecycle'> {
  return {
    async PutBucketLifecycleConfiguration(input) {
      const rules = lifecycleRecords(input.LifecycleConfiguration?.Rules);
      await setRules(deps, input.Bucket, rules);
      return {};
    },
    async GetBucketLifecycleConfiguration(input) {
      const b = await bucketNamed(deps, input.Bucket);
      if (!b.lifecycle?.length) throw noSuchLifecycle(input.Bucket);
      return { Rules: b.lifecycle.map(ruleOutput) };
    },
    async DeleteBucketLifecycle(input) {
      await setRules(deps, input.Bucket, undefined);
      return undefined;
    },
  };
}
