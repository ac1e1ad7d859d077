/** CreateBucket, DeleteBucket, HeadBucket, ListBuckets, GetBucketLocation. */
import { versions } from '../versioning.js';
import { isValidName } from '../../../storage/scope-codec.js';
import { StorageError } from '../../../storage/types.js';
import { clientError } from '../../../shared/aws-error.js';
import { partitionOfRegion } from '../../../shared/regions.js';
import { accountOf, bucketNamed, ownerOf, type OpHandlers, type S3Deps } from '../deps.js';
import { checkAclWrite, setsAcl } from '../access/acl.js';
import { NEW_BUCKET_BLOCK } from '../access/public-access.js';
import { bucketAlreadyExists, bucketAlreadyOwnedByYou, bucketNotEmpty, illegalLocationConstraint, invalidArgument, invalidLocationConstraint, noSuchBucket } from '../errors.js';
import { buckets, GLOBAL, objects, uploads, type BucketRecord, type PartRecord } from '../store.js';
import { dropUpload } from './multipart.js';

const LEGACY_REGION = 'us-east-1';

/** The region a new bucket goes to: S3's rules for the endpoint's region and the LocationConstraint. */
function regionOf(endpointRegion: string, constraint: string | undefined): string {
  if (constraint === LEGACY_REGION) throw invalidLocationConstraint(constraint);
  if (constraint !== undefined && (constraint === '' || !partitionOfRegion(constraint))) throw invalidLocationConstraint(constraint);
  if (endpointRegion === LEGACY_REGION) return constraint ?? LEGACY_REGION;
  if (constraint !== endpointRegion) throw illegalLocationConstraint(constraint);
  return constraint;
}

const encodeToken = (name: string) => Buffer.from(name, 'utf8').toString('base64url');
function decodeToken(token: string): string {
  const name = Buffer.from(token, 'base64url').toString('utf8');
  if (!token || encodeToken(name) !== token || !isValidName(name)) throw invalidArgument('The continuation token provided is incorrect', 'continuation-token', token);
  return name;
}

export function bucketHandlers(deps: S3Deps): OpHandlers<'CreateBucket' | 'DeleteBucket' | 'HeadBucket' | 'ListBuckets' | 'GetBucketLocation'> {
  return {
    async CreateBucket(input, ctx) {
      // Object Ownership "bucket owner enforced" by default: ACLs are disabled. New buckets block public access.
      const ownership = input.ObjectOwnership ?? 'BucketOwnerEnforced';
      const grants = [input.GrantFullControl, input.GrantRead, input.GrantReadACP, input.GrantWrite, input.GrantWriteACP].some((g) => g !== undefined);
      if (ownership === 'BucketOwnerEnforced' && ((input.ACL !== undefined && input.ACL !== 'private') || grants)) {
        throw clientError('InvalidBucketAclWithObjectOwnership', "Bucket cannot have ACLs set with ObjectOwnership's BucketOwnerEnforced setting", 400);
      }
      const region = regionOf(ctx.caller.region, input.CreateBucketConfiguration?.LocationConstraint);
      const fresh: BucketRecord = { name: input.Bucket, accountId: accountOf(ctx), region, createdAt: ctx.caller.now, publicAccessBlock: NEW_BUCKET_BLOCK, ownership };
      const aclGrants = setsAcl(input) ? checkAclWrite(fresh, NEW_BUCKET_BLOCK, input, fresh.accountId, 'private') : [];
      const rec: BucketRecord = aclGrants.length ? { ...fresh, aclGrants } : fresh;
      try {
        await buckets.put(deps.store, GLOBAL, rec.name, rec, { ifAbsent: true });
      } catch (e) {
        if (!(e instanceof StorageError && e.reason === 'ConditionFailed')) throw e;
        const existing = await buckets.get(deps.store, GLOBAL, rec.name);
        if (existing?.accountId !== rec.accountId) throw bucketAlreadyExists(rec.name);
        // us-east-1 answers a repeated CreateBucket of one's own bucket there with success (legacy).
        if (!(existing.region === LEGACY_REGION && region === LEGACY_REGION)) throw bucketAlreadyOwnedByYou(rec.name);
      }
      return { Location: region === LEGACY_REGION ? `/${rec.name}` : `http://${rec.name}.s3.amazonaws.com/` };
    },

    async DeleteBucket(input, ctx) {
      // Multipart uploads in progress go with the bucket (their parts' files after the commit).
      const dropped = await deps.store.transaction(async (tx) => {
        const b = await buckets.get(tx, GLOBAL, input.Bucket);
        if (!b) throw noSuchBucket(input.Bucket);
        if ((await objects.count(tx, GLOBAL, `${input.Bucket}/`)) > 0) throw bucketNotEmpty(input.Bucket);
        // Noncurrent versions and delete markers count too: a versioned bucket is empty once every version is deleted.
        if ((await versions.count(tx, GLOBAL, `${input.Bucket}/`)) > 0) throw bucketNotEmpty(input.Bucket);
        const open = await uploads.list(tx, GLOBAL, { prefix: `${input.Bucket}/` });
        const gone: PartRecord[] = [];
        for (const u of open) gone.push(...(await dropUpload(tx, input.Bucket, u.value.uploadId)));
        await buckets.delete(tx, GLOBAL, input.Bucket);
        return gone;
      });
      for (const p of dropped) await deps.blobs.remove(p.blob).catch((e: unknown) => deps.log('removing a part body failed', e));
      void ctx;
      return undefined;
    },

    async HeadBucket(input) {
      const b = await bucketNamed(deps, input.Bucket);
      return { BucketRegion: b.region, AccessPointAlias: false };
    },

    async GetBucketLocation(input) {
      const b = await bucketNamed(deps, input.Bucket);
      return b.region === LEGACY_REGION ? {} : { LocationConstraint: b.region as never };
    },

    async ListBuckets(input, ctx) {
      const max = input.MaxBuckets ?? 10000;
      if (!Number.isInteger(max) || max < 1 || max > 10000) throw invalidArgument('Argument max-buckets must be an integer between 1 and 10000.', 'max-buckets', String(input.MaxBuckets));
      const after = input.ContinuationToken !== undefined ? decodeToken(input.ContinuationToken) : undefined;
      const account = accountOf(ctx);
      const mine: BucketRecord[] = [];
      let cursor = after;
      // Bucket names are global: page through them, keeping the caller's (bounded by max + 1 matches).
      for (;;) {
        const page = await buckets.list(deps.store, GLOBAL, { ...(input.Prefix ? { prefix: input.Prefix } : {}), ...(cursor !== undefined ? { after: cursor } : {}), limit: 1000 });
        for (const r of page) if (r.value.accountId === account && (!input.BucketRegion || r.value.region === input.BucketRegion)) mine.push(r.value);
        if (page.length < 1000 || mine.length > max) break;
        cursor = page[page.length - 1]!.key;
      }
      const shown = mine.slice(0, max);
      return {
        Buckets: shown.map((b) => ({ Name: b.name, CreationDate: new Date(b.createdAt), BucketRegion: b.region })),
        Owner: ownerOf(account),
        ...(mine.length > max ? { ContinuationToken: encodeToken(shown[shown.length - 1]!.name) } : {}),
        ...(input.Prefix !== undefined ? { Prefix: input.Prefix } : {}),
      };
    },
  };
}
