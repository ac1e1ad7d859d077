/**
 * The S3 delivery target: PutObject through the gateway's internal client as the CloudTrail service
 * principal (`cloudtrail.amazonaws.com`) with aws:SourceArn (the trail) and aws:SourceAccount, so the
 * bucket policy decides as in AWS (the policy AWS documents for CloudTrail: bucket-policy.ts), with
 * the `bucket-owner-full-control` canned ACL that policy requires, and SSE-KMS under the trail's key
 * when it has one. The client is structural (dataplane does not import the protocol layer): the
 * gateway's InternalClient fits it.
 */
import type { Caller } from '../../shared/caller.js';
import type { DeliveryTarget } from './delivery-target.js';

export const CLOUDTRAIL_PRINCIPAL = 'cloudtrail.amazonaws.com';

/** The part of the gateway's OnBehalfOf used here: the calling service itself. */
export interface ServicePrincipalCall {
  readonly servicePrincipal: string;
  readonly region: string;
  readonly now: number;
  readonly serviceContext?: Readonly<Record<string, string>>;
}

/** The other part: a principal's call made through a service (`via`, added to aws:CalledVia). */
export interface CallerCall {
  readonly caller: Caller;
  readonly via: string;
}

/** The internal client (`parts.internal`). */
export interface InternalCaller {
  call(service: string, operation: string, input: Readonly<Record<string, unknown>>, on: ServicePrincipalCall | CallerCall): Promise<unknown>;
}

export interface S3TargetOptions {
  readonly internal: InternalCaller;
  readonly bucket: string;
  /** The trail's home region (where CloudTrail calls from). */
  readonly region: string;
  readonly trailArn: string;
  readonly accountId: string;
  readonly now?: () => number;
}

/** A target writing the trail's bucket through S3 PutObject. */
export function s3Target(o: S3TargetOptions): DeliveryTarget {
  const now = o.now ?? Date.now;
  return {
    bucket: o.bucket,
    async put(key, body, metadata, opts) {
      await o.internal.call(
        's3',
        'PutObject',
        {
          Bucket: o.bucket,
          Key: key,
          Body: body,
          ContentLength: body.length,
          ContentType: 'application/json',
          ACL: 'bucket-owner-full-control',
          Metadata: { ...metadata },
          ...(opts?.kmsKeyId ? { ServerSideEncryption: 'aws:kms', SSEKMSKeyId: opts.kmsKeyId } : {}),
        },
        { servicePrincipal: CLOUDTRAIL_PRINCIPAL, region: o.region, now: now(), serviceContext: { 'aws:SourceArn': o.trailArn, 'aws:SourceAccount': o.accountId } },
      );
    },
  };
}
