/**
 * Policy documents as IAM stores and returns them: kept exactly as the caller sent them, validated
 * on write by the policy engine, and returned URL-encoded (RFC 3986) in query responses, as AWS does
 * ("Policies returned by this operation are URL-encoded compliant with RFC 3986"): the AWS CLI and
 * boto3 decode them, the JavaScript/Go/Java SDKs hand the encoded text to the caller.
 */
import { policySize, validatePolicy, type PolicyKind } from '../../policy/index.js';
import { limitExceeded, malformedPolicy } from './errors.js';

/** Percent-encodes everything but RFC 3986 unreserved characters (A-Z a-z 0-9 - _ . ~). */
export function encodePolicyDocument(document: string): string {
  return encodeURIComponent(document).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** Throws IAM's MalformedPolicyDocument / LimitExceeded when `document` is not acceptable as `kind`. */
export function assertValidPolicy(document: string, kind: PolicyKind, entityName?: string): void {
  const result = validatePolicy(document, kind, entityName === undefined ? {} : { entityName });
  if (result.ok) return;
  const first = result.errors[0]!;
  throw first.code === 'LimitExceeded' ? limitExceeded(first.message) : malformedPolicy(first.message);
}

/** Aggregate inline-policy quota per entity kind (non-white-space characters). */
export const INLINE_AGGREGATE_LIMIT = { user: 2048, group: 5120, role: 10240 } as const;

/** The size IAM charges a document against its quotas (white space outside strings does not count). */
export function chargedSize(document: string): number {
  return policySize(document, 'managed');
}
