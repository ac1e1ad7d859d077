/**
 * Block Public Access (bucket level) and Object Ownership: Put/Get/DeletePublicAccessBlock,
 * Put/Get/DeleteBucketOwnershipControls. access/public-access.ts and access/acl.ts say how they act.
 */
import { clientError } from '../../../shared/aws-error.js';
import { bucketNamed, type OpHandlers, type S3Deps } from '../deps.js';
import { noSuchBucket } from '../errors.js';
import { ownershipOf } from '../access/acl.js';
import { blockOf, noSuchPublicAccessBlock } from '../access/public-access.js';
import { buckets, GLOBAL, type BucketRecord } from '../store.js';

/** Changes a bucket's record atomically (NoSuchBucket if it went away meanwhile). */
export async function updateBucket(deps: S3Deps, name: string, change: (b: BucketRecord) => BucketRecord): Promise<void> {
  await deps.store.transaction(async (tx) => {
    const b = await buckets.get(tx, GLOBAL, name);
    if (!b) throw noSuchBucket(name);
    await buckets.put(tx, GLOBAL, name, change(b));
  });
}

const OWNERSHIPS = new Set(['BucketOwnerEnforced', 'BucketOwnerPreferred', 'ObjectWriter']);
const malformedXml = () => clientError('MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema', 400);

export function accessSettingHandlers(
  deps: S3Deps,
): OpHandlers<'PutPublicAccessBlock' | 'GetPublicAccessBlock' | 'DeletePublicAccessBlock' | 'PutBucketOwnershipControls' | 'GetBucketOwnershipControls' | 'DeleteBucketOwnershipControls'> {
  return {
    async PutPublicAccessBlock(input) {
      const block = blockOf(input.PublicAccessBlockConfiguration ?? {});
      await updateBucket(deps, input.Bucket, (b) => ({ ...b, publicAccessBlock: block }));
      return undefined;
    },
    async GetPublicAccessBlock(input) {
      const b = await bucketNamed(deps, input.Bucket);
      if (!b.publicAccessBlock) throw noSuchPublicAccessBlock(input.Bucket);
      return { PublicAccessBlockConfiguration: { ...b.publicAccessBlock } };
    },
    async DeletePublicAccessBlock(input) {
      await updateBucket(deps, input.Bucket, ({ publicAccessBlock: _p, ...b }) => b);
      return undefined;
    },
    async PutBucketOwnershipControls(input) {
      const rules = input.OwnershipControls.Rules ?? [];
      if (rules.length !== 1 || !OWNERSHIPS.has(rules[0]!.ObjectOwnership)) throw malformedXml();
      const ownership = rules[0]!.ObjectOwnership as 'BucketOwnerEnforced' | 'BucketOwnerPreferred' | 'ObjectWriter';
      await updateBucket(deps, input.Bucket, (b) => {
        // "you can't disable ACLs" while the bucket ACL grants access to anyone but the owner.
        if (ownership === 'BucketOwnerEnforced' && b.aclGrants?.length) {
          throw clientError('InvalidBucketAclWithObjectOwnership', "Bucket cannot have ACLs set with ObjectOwnership's BucketOwnerEnforced setting", 400);
        }
        return { ...b, ownership };
      });
      return undefined;
    },
    async GetBucketOwnershipControls(input) {
      const b = await bucketNamed(deps, input.Bucket);
      const o = ownershipOf(b);
      if (o === 'none') throw clientError('OwnershipControlsNotFoundError', 'The bucket ownership controls were not found', 404, { BucketName: input.Bucket });
      return { OwnershipControls: { Rules: [{ ObjectOwnership: o }] } };
    },
    async DeleteBucketOwnershipControls(input) {
      await updateBucket(deps, input.Bucket, (b) => ({ ...b, ownership: 'none' }));
      return undefined;
    },
  };
}
