/** NoSuchKey or AccessDenied for a key that is not there, as S3 decides between them. */
import type { HandlerContext } from '../../protocol/service-definition.js';
import { clientError, type AwsError } from '../../shared/aws-error.js';
import { visibleBucketPolicy } from './access/acl-policy.js';
import { enforcedView } from './access/public-access.js';
import type { S3Deps } from './deps.js';
import { noSuchBucket, noSuchKey } from './errors.js';
import { buckets, GLOBAL } from './store.js';

/**
 * "If the object you request doesn't exist, the error that Amazon S3 returns depends on whether you
 * also have the s3:ListBucket permission": NoSuchKey (404) with it, AccessDenied (403) without.
 */
export async function missingKey(deps: S3Deps, ctx: HandlerContext, bucket: string, key: string): Promise<AwsError> {
  const b = await buckets.get(deps.store, GLOBAL, bucket);
  if (!b) return noSuchBucket(bucket);
  const authorizer = deps.authorizer();
  const arn = `arn:aws:s3:::${bucket}`;
  const document = visibleBucketPolicy(await enforcedView(b, deps.accountBlock), ctx.caller.principal);
  const resourcePolicy = document ? authorizer.pip.compile({ id: `${arn}/policy`, name: 'BucketPolicy', document }, 'resource', 'resource') : undefined;
  const { decision } = await authorizer.decide(ctx.caller, ctx.caller, {
    action: 's3:ListBucket',
    resource: arn,
    context: { 's3:ResourceAccount': b.accountId },
    ...(resourcePolicy ? { resourcePolicy } : {}),
    ...(b.accountId !== ctx.caller.principal.accountId ? { resourceAccountId: b.accountId } : {}),
  });
  return decision.decision === 'Allow' ? noSuchKey(key) : clientError('AccessDenied', 'Access Denied', 403);
}
