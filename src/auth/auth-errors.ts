/**
 * The one place that says how each authentication failure reads in each protocol family.
 *
 * Sources (codes, statuses, texts):
 * - query (IAM/STS): botocore/aws-cli issue reports quoting STS/IAM answers (`InvalidClientTokenId`,
 *   `SignatureDoesNotMatch` with "Signature expired: ..."), scratchstack-aws-signature error.rs /
 *   constants.rs (IncompleteSignature 400, the long mismatch text). MissingAuthenticationToken is
 *   403 "Request is missing Authentication Token", as STS answers (XML quoted in SP-API/CloudStore.jl
 *   issues); scratchstack says 400.
 * - json: dynalite (DynamoDB emulator recorded against AWS): `MissingAuthenticationTokenException`
 *   "Request is missing Authentication Token", `IncompleteSignatureException`, `InvalidSignatureException`,
 *   `UnrecognizedClientException`, all 400.
 * - rest-json: API Gateway/Lambda style, same codes with 403; 403 MissingAuthenticationTokenException
 *   "Missing Authentication Token" is API Gateway's answer (issue reports); unconfirmed for every
 *   rest-json service.
 * - s3: versitygw/minio error tables and an S3 emulator test-suite recorded against AWS
 *   (InvalidAccessKeyId, SignatureDoesNotMatch "Check your key and signing method.", InvalidToken,
 *   ExpiredToken 400, RequestTimeTooSkewed with RequestTime/ServerTime/MaxAllowedSkewMilliseconds).
 * - ec2: `AuthFailure` 401 "AWS was not able to validate the provided access credentials" (many SDK
 *   issue reports), for an unknown key and for a wrong secret alike (EC2 has no SignatureDoesNotMatch
 *   answer: a wrong secret reads as AuthFailure in those reports). `RequestExpired` and `MissingAuthenticationToken` follow the EC2 error-code list
 *   as remembered, not re-checked; their statuses (400/401) and ExpiredToken 400 are guesses.
 * Also guesses: `presign-expired` outside S3 (AccessDenied/AccessDeniedException 403 "Request has
 * expired."). The guesses are marked in auth-errors.test.ts.
 */
import { AwsError } from '../shared/aws-error.js';
import type { ErrorFamily } from './types.js';

/** Failures whose wording depends on the family. */
export type AuthErrorKind =
  | 'missing-authentication'
  | 'incomplete-signature'
  | 'unknown-access-key'
  | 'invalid-security-token'
  | 'expired-security-token'
  | 'signature-mismatch'
  | 'clock-skew'
  | 'presign-expired';

interface Shape {
  readonly code: string;
  readonly status: number;
  /** Default text; callers may pass their own for kinds that carry details. */
  readonly message: string;
}

const INVALID_TOKEN = 'The security token included in the request is invalid.';
const EXPIRED_TOKEN = 'The security token included in the request is expired';
const MISMATCH =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';
/** S3 words the mismatch differently. */
export const S3_SIGNATURE_MISMATCH =
  'The request signature we calculated does not match the signature you provided. Check your key and signing method.';
const EXPIRED_REQUEST = 'Request has expired.';

/** Shapes of the families that differ only by the JSON suffix and the status. */
function jsonShapes(status: number, missingText: string): Readonly<Record<AuthErrorKind, Shape>> {
  return {
    'missing-authentication': { code: 'MissingAuthenticationTokenException', status, message: missingText },
    'incomplete-signature': { code: 'IncompleteSignatureException', status, message: 'The request signature does not conform to AWS standards.' },
    'unknown-access-key': { code: 'UnrecognizedClientException', status, message: INVALID_TOKEN },
    'invalid-security-token': { code: 'UnrecognizedClientException', status, message: INVALID_TOKEN },
    'expired-security-token': { code: 'ExpiredTokenException', status, message: EXPIRED_TOKEN },
    'signature-mismatch': { code: 'InvalidSignatureException', status, message: MISMATCH },
    'clock-skew': { code: 'InvalidSignatureException', status, message: MISMATCH },
    'presign-expired': { code: 'AccessDeniedException', status: 403, message: EXPIRED_REQUEST },
  };
}

const SHAPES: Readonly<Record<ErrorFamily, Readonly<Record<AuthErrorKind, Shape>>>> = {
  query: {
    'missing-authentication': { code: 'MissingAuthenticationToken', status: 403, message: 'Request is missing Authentication Token' },
    'incomplete-signature': { code: 'IncompleteSignature', status: 400, message: 'The request signature does not conform to AWS standards.' },
    'unknown-access-key': { code: 'InvalidClientTokenId', status: 403, message: INVALID_TOKEN },
    'invalid-security-token': { code: 'InvalidClientTokenId', status: 403, message: INVALID_TOKEN },
    'expired-security-token': { code: 'ExpiredToken', status: 403, message: EXPIRED_TOKEN },
    'signature-mismatch': { code: 'SignatureDoesNotMatch', status: 403, message: MISMATCH },
    'clock-skew': { code: 'SignatureDoesNotMatch', status: 403, message: MISMATCH },
    'presign-expired': { code: 'AccessDenied', status: 403, message: EXPIRED_REQUEST },
  },
  json: jsonShapes(400, 'Request is missing Authentication Token'),
  'rest-json': jsonShapes(403, 'Missing Authentication Token'),
  s3: {
    'missing-authentication': { code: 'AccessDenied', status: 403, message: 'Access Denied' },
    'incomplete-signature': { code: 'AuthorizationHeaderMalformed', status: 400, message: 'The authorization header is malformed.' },
    'unknown-access-key': { code: 'InvalidAccessKeyId', status: 403, message: 'The AWS Access Key Id you provided does not exist in our records.' },
    'invalid-security-token': { code: 'InvalidToken', status: 400, message: 'The provided token is malformed or otherwise invalid.' },
    'expired-security-token': { code: 'ExpiredToken', status: 400, message: 'The provided token has expired.' },
    'signature-mismatch': { code: 'SignatureDoesNotMatch', status: 403, message: S3_SIGNATURE_MISMATCH },
    'clock-skew': { code: 'RequestTimeTooSkewed', status: 403, message: 'The difference between the request time and the current time is too large.' },
    'presign-expired': { code: 'AccessDenied', status: 403, message: 'Request has expired' },
  },
  ec2: {
    'missing-authentication': {
      code: 'MissingAuthenticationToken',
      status: 401,
      message: 'The request must contain either a valid (registered) AWS access key ID or X.509 certificate.',
    },
    'incomplete-signature': { code: 'IncompleteSignature', status: 400, message: 'The request signature does not conform to AWS standards.' },
    'unknown-access-key': { code: 'AuthFailure', status: 401, message: 'AWS was not able to validate the provided access credentials' },
    'invalid-security-token': { code: 'AuthFailure', status: 401, message: 'AWS was not able to validate the provided access credentials' },
    'expired-security-token': { code: 'ExpiredToken', status: 400, message: EXPIRED_TOKEN },
    // EC2 does not say a signature is wrong: a wrong secret is AuthFailure like an unknown key.
    'signature-mismatch': { code: 'AuthFailure', status: 401, message: 'AWS was not able to validate the provided access credentials' },
    'clock-skew': { code: 'RequestExpired', status: 400, message: EXPIRED_REQUEST },
    'presign-expired': { code: 'RequestExpired', status: 400, message: EXPIRED_REQUEST },
  },
};

/** Kinds whose text a caller may replace (the others always read the same in a family). */
const DETAILED: ReadonlySet<AuthErrorKind> = new Set(['incomplete-signature', 'signature-mismatch', 'clock-skew']);

/** Options of `authError`. */
export interface AuthErrorOptions {
  /** Detailed text (incomplete-signature, signature-mismatch, clock-skew) for the non-S3 families. */
  readonly message?: string;
  /** Extra members, e.g. S3's AWSAccessKeyId / StringToSign. */
  readonly fields?: Readonly<Record<string, unknown>>;
}

/** The AwsError of a failure kind in a family. */
export function authError(family: ErrorFamily, kind: AuthErrorKind, options: AuthErrorOptions = {}): AwsError {
  const shape = SHAPES[family][kind];
  const useDetail = options.message !== undefined && DETAILED.has(kind) && family !== 's3' && !(family === 'ec2' && kind !== 'incomplete-signature');
  return new AwsError({
    code: shape.code,
    message: useDetail ? (options.message as string) : shape.message,
    httpStatus: shape.status,
    senderFault: true,
    ...(options.fields ? { fields: options.fields } : {}),
  });
}

/** An S3-style error that has no counterpart in the family table (AuthorizationQueryParametersError, ...). */
export function plainError(code: string, message: string, httpStatus: number, fields?: Readonly<Record<string, unknown>>): AwsError {
  return new AwsError({ code, message, httpStatus, senderFault: true, ...(fields ? { fields } : {}) });
}

/** S3 `AuthorizationHeaderMalformed` (400): "The authorization header is malformed; <detail>". */
export function s3HeaderMalformed(detail: string, fields?: Readonly<Record<string, unknown>>): AwsError {
  return plainError('AuthorizationHeaderMalformed', 'The authorization header is malformed; ' + detail, 400, fields);
}

/** S3 `AuthorizationQueryParametersError` (400), the presigned-URL counterpart. */
export function s3QueryParamsError(message: string, fields?: Readonly<Record<string, unknown>>): AwsError {
  return plainError('AuthorizationQueryParametersError', message, 400, fields);
}

/** How S3 starts the errors about an X-Amz-Credential it cannot use. */
export const S3_CREDENTIAL_PREFIX = 'Error parsing the X-Amz-Credential parameter; ';
