/**
 * An S3 logging destination made writable, as PutLoggingConfiguration does in AWS (developer guide,
 * "Permissions to publish logs to Amazon S3"): the bucket policy gets the two statements that let
 * CloudWatch Logs' delivery service (`delivery.logs.amazonaws.com`) check the bucket's ACL and put
 * files under `[prefix/]AWSLogs/<account>/`, for this account's deliveries only (aws:SourceAccount,
 * aws:SourceArn). They are added, with the caller's own s3:GetBucketPolicy and s3:PutBucketPolicy
 * (through WAF: aws:CalledVia), to whatever policy the bucket has, unless the same statements are
 * there (another web ACL's prefix or Region adds its own). A bucket that does not exist, or a caller
 * who may not read or write its policy: WAFLogDestinationPermissionIssueException.
 */
import type { InternalClient } from '../../protocol/service-definition.js';
import { isAwsError } from '../../shared/aws-error.js';
import type { Caller } from '../../shared/caller.js';
import { WAFLogDestinationPermissionIssueException } from './api.generated.js';

const PRINCIPAL = 'delivery.logs.amazonaws.com';
const VIA = 'wafv2.amazonaws.com';

type Statement = Record<string, unknown>;

/** The statements AWS writes for a bucket (and prefix) receiving `accountId`'s logs from `region`. */
export function deliveryStatements(bucket: string, prefix: string, accountId: string, region: string, partition = 'aws'): Statement[] {
  const condition = { StringEquals: { 'aws:SourceAccount': [accountId] }, ArnLike: { 'aws:SourceArn': [`arn:${partition}:logs:${region}:${accountId}:*`] } };
  return [
    {
      Sid: 'AWSLogDeliveryWrite', Effect: 'Allow', Principal: { Service: PRINCIPAL }, Action: 's3:PutObject',
      Resource: `arn:${partition}:s3:::${bucket}/${prefix ? `${prefix}/` : ''}AWSLogs/${accountId}/*`,
      Condition: { ...condition, StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', ...condition.StringEquals } },
    },
    { Sid: 'AWSLogDeliveryAclCheck', Effect: 'Allow', Principal: { Service: PRINCIPAL }, Action: 's3:GetBucketAcl', Resource: `arn:${partition}:s3:::${bucket}`, Condition: condition },
  ];
}

const denied = (bucket: string) =>
  new WAFLogDestinationPermissionIssueException(`Unable to deliver logs to the configured destination. You might need to grant log delivery permissions for the destination. If you're using S3 as your log destination, you might have exceeded your bucket limit. (bucket ${bucket})`);

export async function grantLogDelivery(internal: InternalClient, caller: Caller, destination: { bucket: string; prefix: string }, accountId: string, region: string, partition: string): Promise<void> {
  const on = { caller, via: VIA };
  let doc: { Version?: string; Statement?: Statement[] | Statement } = {};
  try {
    const out = (await internal.call('s3', 'GetBucketPolicy', { Bucket: destination.bucket }, on)) as { Policy?: string };
    // protocol-lint: allow a bucket policy is data (S3 stored it as valid JSON), not wire format
    doc = JSON.parse(out.Policy ?? '{}') as typeof doc;
  } catch (e) {
    if (!isAwsError(e) || e.code !== 'NoSuchBucketPolicy') throw isAwsError(e) ? denied(destination.bucket) : e;
  }
  const existing = doc.Statement === undefined ? [] : Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement];
  // protocol-lint: allow statements compared as data, not wire format
  const same = (a: Statement, b: Statement) => JSON.stringify({ ...a, Sid: '' }) === JSON.stringify({ ...b, Sid: '' });
  const added: Statement[] = [];
  for (const w of deliveryStatements(destination.bucket, destination.prefix, accountId, region, partition)) {
    if (existing.some((s) => same(s, w))) continue;
    // Another web ACL's prefix or Region holds the id: this one gets a suffixed id (ids stay unique).
    const taken = (sid: unknown) => existing.some((s) => s['Sid'] === sid);
    let sid = w['Sid'] as string;
    for (let n = 2; taken(sid); n++) sid = `${w['Sid'] as string}${n}`;
    added.push({ ...w, Sid: sid });
  }
  if (added.length === 0) return;
  const policy = { Version: doc.Version ?? '2012-10-17', Statement: [...existing, ...added] };
  try {
    // protocol-lint: allow the policy document is data S3 validates, not wire format
    await internal.call('s3', 'PutBucketPolicy', { Bucket: destination.bucket, Policy: JSON.stringify(policy) }, on);
  } catch (e) {
    throw isAwsError(e) ? denied(destination.bucket) : e;
  }
}
