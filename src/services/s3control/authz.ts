/**
 * How S3 Control requests are authorized (Service Authorization Reference, "Actions defined by Amazon
 * S3"): its actions are `s3:` actions (`actionPrefix`), with rules of its own since operation names
 * collide with S3's (the bucket's PutPublicAccessBlock is s3:PutBucketPublicAccessBlock).
 * PutPublicAccessBlock and DeletePublicAccessBlock are s3:PutAccountPublicAccessBlock,
 * GetPublicAccessBlock is s3:GetAccountPublicAccessBlock, on `*` (the reference lists no resource)
 * with s3:ResourceAccount. The account named by `x-amz-account-id` must be the caller's: another one
 * is AccessDenied before any decision.
 */
import type { OperationAuthz, ServiceAuthorization, TargetResource } from '../../authz/service-rules.js';
import { otherAccount } from './errors.js';
import { S3CONTROL_TABLES } from './store.js';

/** The account's configuration as the resource (`*`), once `AccountId` is the caller's account. */
const accountLevel = (action: string): OperationAuthz => ({
  actions: [action],
  resolve: async (input, env): Promise<TargetResource[]> => {
    if (input['AccountId'] !== env.accountId) throw otherAccount();
    return [{ arn: '*', keys: { 's3:ResourceAccount': env.accountId } }];
  },
});

export const S3CONTROL_AUTHORIZATION: ServiceAuthorization = {
  prefix: 's3control',
  actionPrefix: 's3',
  operations: {
    PutPublicAccessBlock: accountLevel('PutAccountPublicAccessBlock'),
    DeletePublicAccessBlock: accountLevel('PutAccountPublicAccessBlock'),
    GetPublicAccessBlock: accountLevel('GetAccountPublicAccessBlock'),
  },
  tables: [S3CONTROL_TABLES.publicAccessBlock],
};
