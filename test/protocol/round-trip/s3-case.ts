import type { Shape } from '../../../src/protocol/model/service-model.js';
import { Rng } from './random-values.js';

/** S3 specifics shared by the v3 and boto3 round trips: what the SDKs derive or refuse. */
const rng = new Rng(99);
const DNS = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** Bucket names go through the client's endpoint rules (ARNs, `--x-s3` suffixes and dots change the endpoint): keep them plain DNS labels. */
export function override(member: string, shape: Shape): (() => unknown) | undefined {
  if (shape.type !== 'string' && shape.type !== 'long') return undefined;
  if (member === 'Bucket') return () => `b${Array.from({ length: rng.int(3, 20) }, () => rng.pick([...DNS, '-'])).join('')}0`;
  // The client computes request checksums itself and implements only these algorithms.
  if (member === 'ChecksumAlgorithm') return () => rng.pick(['CRC32', 'CRC32C', 'SHA1', 'SHA256']);
  if (member === 'ContentLength') return () => rng.int(0, 1e6);
  return undefined;
}

/**
 * S3's deprecated operations and their newer twins: same method, URI and subresource, so the
 * router serves the twin (as AWS does). The v3 client has none of the four (aws-sdk v2 drives them).
 */
export const DEPRECATED_TWINS: Readonly<Record<string, string>> = {
  GetBucketLifecycle: 'GetBucketLifecycleConfiguration',
  GetBucketNotification: 'GetBucketNotificationConfiguration',
  PutBucketLifecycle: 'PutBucketLifecycleConfiguration',
  PutBucketNotification: 'PutBucketNotificationConfiguration',
};

/**
 * Input members a twin has no wire name for. `Content-MD5` and `x-amz-sdk-checksum-algorithm`
 * are request checksums the clients compute (the twins drop them: they say nothing about the
 * configuration); `InvocationRole` is a deprecated CloudFunctionConfiguration member that
 * LambdaFunctionConfiguration does not have: the routed request loses it.
 */
export const TWIN_DROPS: Readonly<Record<string, readonly string[]>> = {
  PutBucketLifecycle: ['ContentMD5'],
  PutBucketNotification: ['ContentMD5', 'ChecksumAlgorithm', 'NotificationConfiguration.CloudFunctionConfiguration.InvocationRole'],
};

/**
 * GetBucketNotification's deprecated configurations give `Event` (one) and `Events` (flattened)
 * the same element name, `<Event>`: a document cannot say which member an element belongs to.
 * The codec writes both in model order; aws-sdk v2 reads every `<Event>` into `Events` and the
 * first one into `Event`. This is what the client must read back.
 */
export function readBack(operation: string, output: Record<string, unknown>): Record<string, unknown> {
  if (operation !== 'GetBucketNotification') return output;
  const out: Record<string, unknown> = { ...output };
  for (const [k, order] of [['TopicConfiguration', ['Events', 'Event']], ['QueueConfiguration', ['Event', 'Events']], ['CloudFunctionConfiguration', ['Event', 'Events']]] as const) {
    const c = output[k] as Record<string, unknown> | undefined;
    if (!c) continue;
    const events = order.flatMap((m) => (c[m] === undefined ? [] : m === 'Events' ? (c[m] as string[]) : [c[m] as string]));
    const { Event: _e, Events: _es, ...rest } = c;
    out[k] = events.length ? { ...rest, Events: events, Event: events[0] } : rest;
  }
  return out;
}

/** Members the S3 client computes or sets by itself on the wire. */
export const CLIENT_FILLED = ['ContentMD5', 'ChecksumAlgorithm', 'ChecksumCRC32', 'ChecksumCRC32C', 'ChecksumCRC64NVME', 'ChecksumSHA1', 'ChecksumSHA256', 'ContentLength', 'ContentType'];

/** A random SelectObjectContent event stream: records, progress and stats, continuation, end (the generator leaves event streams out). */
export function selectEvents(): Record<string, unknown>[] {
  const bytes = (): Uint8Array => Uint8Array.from({ length: rng.int(1, 40) }, () => rng.int(0, 255));
  const details = (): Record<string, unknown> => Object.fromEntries(['BytesScanned', 'BytesProcessed', 'BytesReturned'].filter(() => rng.chance(0.8)).map((k) => [k, rng.int(0, 2 ** 40)]));
  const events: Record<string, unknown>[] = [];
  for (let i = rng.int(1, 3); i > 0; i--) events.push({ Records: { Payload: bytes() } });
  events.push({ Cont: {} }, { Progress: { Details: details() } }, { Records: { Payload: bytes() } }, { Stats: { Details: details() } }, { End: {} });
  return events;
}

/** A DNS label for host-prefix members (WriteGetObjectResponse `RequestRoute` becomes `<route>.<host>`). */
export function dnsLabel(): string {
  return `r${Array.from({ length: rng.int(2, 12) }, () => rng.pick([...DNS, '-'])).join('')}0`;
}

export function fixCase(operation: string, input: Record<string, unknown>, output: Record<string, unknown>): void {
  if (operation === 'SelectObjectContent') output['Payload'] = selectEvents();
  // Host labels are left out by the generator (clients fill them); this one is a required member the SDKs put in front of the host.
  if (operation === 'WriteGetObjectResponse') input['RequestRoute'] = dnsLabel();
  // An empty streaming request body is no body on the wire: the server cannot tell it from an absent one.
  if (input['Body'] instanceof Uint8Array && input['Body'].length === 0) delete input['Body'];
  // Likewise an empty text payload (GetBucketPolicy `Policy`): v3 reads no body as no member.
  if (operation === 'GetBucketPolicy' && output['Policy'] === '') delete output['Policy'];
  // Content-Length frames the HTTP message: the client sets it from the body, the server from its payload.
  delete input['ContentLength'];
  if (operation !== 'HeadObject') delete output['ContentLength'];
  // With ChecksumMode ENABLED the client validates the body against the random checksum headers.
  delete input['ChecksumMode'];
  // S3 always answers these with their result document; the v3 client treats an empty 200 as an aborted copy.
  if ((operation === 'CopyObject' || operation === 'UploadPartCopy') && output['CopyObjectResult'] === undefined) output['CopyObjectResult'] = {};
  if (operation === 'UploadPartCopy' && output['CopyPartResult'] === undefined) output['CopyPartResult'] = {};
  // A streaming body is always there for the client (empty when the server sends none).
  if (operation === 'GetObject' || operation === 'GetObjectTorrent') output['Body'] ??= new Uint8Array(0);
  // A random Content-Encoding would change how the body is read.
  delete output['ContentEncoding'];
  // The client base64-encodes SSE-C keys and adds their MD5: what arrives is derived, not what was given.
  for (const k of ['SSECustomerKey', 'SSECustomerKeyMD5', 'CopySourceSSECustomerKey', 'CopySourceSSECustomerKeyMD5']) delete input[k];
  // v3 reads `Expires` as a Date and keeps the raw header as ExpiresString; botocore types it as text.
  delete output['Expires'];
}

