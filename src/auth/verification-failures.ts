/**
 * The failures of checking a parsed signed request: credential scope, signed headers, time limits,
 * keys, tokens and signatures, each worded for its family (texts: see auth-failures.ts and
 * auth-errors.ts for the sources).
 */
import type { AwsError } from '../shared/aws-error.js';
import { authError, plainError, S3_CREDENTIAL_PREFIX, s3HeaderMalformed, s3QueryParamsError } from './auth-errors.js';
import { formatIsoSeconds, MAX_CLOCK_SKEW_MS } from './amz-date.js';
import type { ErrorFamily } from './types.js';

/** One thing wrong with a credential scope. */
export type ScopeProblem =
  | { readonly kind: 'date-format'; readonly date: string }
  | { readonly kind: 'region'; readonly region: string; readonly expected: string }
  | { readonly kind: 'service'; readonly service: string; readonly expected: string }
  | { readonly kind: 'terminator'; readonly terminator: string }
  | { readonly kind: 'date-mismatch'; readonly date: string; readonly requestDay: string; readonly requestTime: string };

function s3ScopeText(p: ScopeProblem): { text: string; prefixed: boolean; fields?: Record<string, unknown> } {
  switch (p.kind) {
    case 'date-format':
      return { text: `incorrect date format "${p.date}". This date in the credential must be in the format "yyyyMMdd".`, prefixed: true };
    case 'region':
      return { text: `the region '${p.region}' is wrong; expecting '${p.expected}'`, prefixed: true, fields: { Region: p.expected } };
    case 'service':
      return { text: `incorrect service "${p.service}". This endpoint belongs to "${p.expected}".`, prefixed: true };
    case 'terminator':
      return { text: `incorrect terminal "${p.terminator}". This endpoint uses "aws4_request".`, prefixed: true };
    case 'date-mismatch':
      return { text: `Invalid credential date "${p.date}". This date is not the same as X-Amz-Date: "${p.requestDay}".`, prefixed: false };
  }
}

function genericScopeText(p: ScopeProblem): string {
  switch (p.kind) {
    case 'region':
      return `Credential should be scoped to a valid region, not '${p.region}'.`;
    case 'service':
      return `Credential should be scoped to correct service: '${p.expected}'.`;
    case 'terminator':
      return `Credential should be scoped with a valid terminator: 'aws4_request', not '${p.terminator}'.`;
    case 'date-format':
      return `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${p.date}'.`;
    case 'date-mismatch':
      return `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${p.date}' != '${p.requestDay}', from '${p.requestTime}'.`;
  }
}

/** A credential scope that does not fit the request (S3 reports the first problem, others all of them). */
export function badScope(family: ErrorFamily, presigned: boolean, problems: readonly ScopeProblem[]): AwsError {
  if (family === 's3') {
    const { text, prefixed, fields } = s3ScopeText(problems[0] as ScopeProblem);
    if (presigned) return s3QueryParamsError(prefixed ? S3_CREDENTIAL_PREFIX + text : text, fields);
    return s3HeaderMalformed(text, fields);
  }
  return authError(family, 'signature-mismatch', { message: problems.map(genericScopeText).join(' ') });
}

/** `host` missing from SignedHeaders, or (S3) an x-amz-* header that is not signed. */
export function headersNotSigned(family: ErrorFamily, names: readonly string[]): AwsError {
  if (family === 's3') {
    return plainError('AccessDenied', 'There were headers present in the request which were not signed', 403, { HeadersNotSigned: names.join(', ') });
  }
  return authError(family, 'signature-mismatch', { message: "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization." });
}

/** X-Amz-Expires that is not a number, negative, or longer than a week. */
export function badExpires(family: ErrorFamily, reason: 'not-a-number' | 'negative' | 'too-large'): AwsError {
  const message =
    reason === 'not-a-number'
      ? 'X-Amz-Expires should be a number'
      : reason === 'negative'
        ? 'X-Amz-Expires must be non-negative'
        : 'X-Amz-Expires must be less than a week (in seconds); that is, the given X-Amz-Expires must be less than 604800 seconds';
  return family === 's3' ? s3QueryParamsError(message) : authError(family, 'incomplete-signature', { message });
}

/** A presigned URL used after X-Amz-Date + X-Amz-Expires. */
export function presignExpired(family: ErrorFamily, expires: number, expiresAt: number, now: number): AwsError {
  const fields = family === 's3' ? { 'X-Amz-Expires': String(expires), Expires: formatIsoSeconds(expiresAt), ServerTime: formatIsoSeconds(now) } : undefined;
  return authError(family, 'presign-expired', fields ? { fields } : {});
}

/** S3: a presigned URL whose X-Amz-Date is more than 15 minutes ahead. */
export function presignNotYetValid(amzDate: string, now: number): AwsError {
  return plainError('AccessDenied', 'Request is not yet valid', 403, { 'X-Amz-Date': amzDate, ServerTime: formatIsoSeconds(now) });
}

/** A request time outside the 15-minute window (`message` is the Signature expired/not yet current text). */
export function clockSkewed(family: ErrorFamily, requestTime: string, now: number, message: string): AwsError {
  const fields =
    family === 's3' ? { RequestTime: requestTime, ServerTime: formatIsoSeconds(now), MaxAllowedSkewMilliseconds: String(MAX_CLOCK_SKEW_MS) } : undefined;
  return authError(family, 'clock-skew', fields ? { message, fields } : { message });
}

/** What S3 reports with a SignatureDoesNotMatch (nothing secret: all of it is computable by the client). */
export interface MismatchDetails {
  readonly accessKeyId: string;
  readonly signatureProvided: string;
  readonly stringToSign: string;
  readonly canonicalRequest?: string;
}

function hexBytes(text: string): string {
  return (Buffer.from(text, 'utf8').toString('hex').match(/../g) ?? []).join(' ');
}

/** The computed signature differs from the one sent (request, chunk or trailer signature). */
export function signatureMismatch(family: ErrorFamily, d: MismatchDetails): AwsError {
  if (family !== 's3') return authError(family, 'signature-mismatch');
  const fields: Record<string, unknown> = {
    AWSAccessKeyId: d.accessKeyId,
    StringToSign: d.stringToSign,
    SignatureProvided: d.signatureProvided,
    StringToSignBytes: hexBytes(d.stringToSign),
  };
  if (d.canonicalRequest !== undefined) {
    fields['CanonicalRequest'] = d.canonicalRequest;
    fields['CanonicalRequestBytes'] = hexBytes(d.canonicalRequest);
  }
  return authError('s3', 'signature-mismatch', { fields });
}

/** No such access key, an inactive one, or temporary credentials sent without their session token. */
export function unknownAccessKey(family: ErrorFamily, accessKeyId: string): AwsError {
  return authError(family, 'unknown-access-key', family === 's3' ? { fields: { AWSAccessKeyId: accessKeyId } } : {});
}

/** A session token that is not the credential's (or a token for a key that has none). */
export function invalidSecurityToken(family: ErrorFamily, provided: string): AwsError {
  return authError(family, 'invalid-security-token', family === 's3' ? { fields: { 'Token-0': provided } } : {});
}
