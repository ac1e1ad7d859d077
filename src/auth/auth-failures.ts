/**
 * The failures of reading the signature parameters of a request (Authorization header, presigned
 * query, date, credential), each worded for its family. Generic texts
 * follow the AWS (Coral) wording recorded by dynalite and scratchstack-aws-signature; S3 texts follow
 * S3's own (`AuthorizationHeaderMalformed`, `AuthorizationQueryParametersError`, ...), as tabulated by
 * versitygw and an S3 emulator suite recorded against AWS.
 */
import type { AwsError } from '../shared/aws-error.js';
import { authError, plainError, S3_CREDENTIAL_PREFIX, s3HeaderMalformed, s3QueryParamsError } from './auth-errors.js';
import type { ErrorFamily } from './types.js';

const CREDENTIAL_SHAPE = 'the Credential is mal-formed; expecting "<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request".';

/** Which pieces an Authorization header lacks. */
export interface MissingParts {
  readonly credential: boolean;
  readonly signature: boolean;
  readonly signedHeaders: boolean;
  readonly date: boolean;
}

/** Authorization header without Credential/SignedHeaders/Signature, or a request without a date. */
export function missingHeaderParts(family: ErrorFamily, authorization: string, m: MissingParts): AwsError {
  if (family === 's3') {
    if (m.credential || m.signature || m.signedHeaders) {
      return s3HeaderMalformed('the authorization header requires three components: Credential, SignedHeaders, and Signature.');
    }
    return plainError('AccessDenied', 'AWS authentication requires a valid Date or x-amz-date header', 403);
  }
  let message = '';
  if (m.credential) message += "Authorization header requires 'Credential' parameter. ";
  if (m.signature) message += "Authorization header requires 'Signature' parameter. ";
  if (m.signedHeaders) message += "Authorization header requires 'SignedHeaders' parameter. ";
  if (m.date) message += "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. ";
  return authError(family, 'incomplete-signature', { message: `${message}Authorization=${authorization}` });
}

/** A component of the Authorization header that is not `key=value`, or is repeated. */
export function malformedComponent(family: ErrorFamily, component: string, authorization: string): AwsError {
  if (family === 's3') return s3HeaderMalformed(`the authorization component "${component}" is malformed.`);
  const message = `'${component}' not a valid key=value pair (missing equal-sign) in Authorization header: '${authorization}'.`;
  return authError(family, 'incomplete-signature', { message });
}

/** A SignedHeaders list with an empty name (`host;;x-amz-date`). */
export function malformedSignedHeaders(family: ErrorFamily, presigned: boolean, value: string): AwsError {
  if (!presigned) return malformedComponent(family, `SignedHeaders=${value}`, value);
  const message = `X-Amz-SignedHeaders is malformed: '${value}'.`;
  return family === 's3' ? s3QueryParamsError(message) : authError(family, 'incomplete-signature', { message });
}

/** An Authorization header of another scheme: SigV2 (`AWS key:sig`), another AWS4 algorithm, Basic, Bearer... */
export function unsupportedAuthorization(family: ErrorFamily, authorization: string): AwsError {
  const scheme = authorization.trim().split(/\s+/)[0] ?? '';
  if (family === 's3') {
    if (/^AWS4?(-|$)/.test(scheme)) {
      return plainError('InvalidRequest', 'The authorization mechanism you have provided is not supported. Please use AWS4-HMAC-SHA256.', 400);
    }
    return plainError('InvalidArgument', 'Unsupported Authorization Type', 400, { ArgumentName: 'Authorization', ArgumentValue: authorization });
  }
  if (scheme.startsWith('AWS4-')) {
    return authError(family, 'incomplete-signature', { message: `Unsupported AWS 'algorithm': '${scheme}' (only AWS4-HMAC-SHA256 for now).` });
  }
  return missingHeaderParts(family, authorization, { credential: true, signature: true, signedHeaders: true, date: false });
}

/** Both an Authorization header and presigned query parameters. */
export function bothMechanisms(family: ErrorFamily, authorization: string): AwsError {
  const message =
    'Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, Signature query string parameter or the Authorization header should be specified';
  if (family === 's3') return plainError('InvalidArgument', message, 400, { ArgumentName: 'Authorization', ArgumentValue: authorization });
  return authError(family, 'incomplete-signature', { message });
}

/** S3 only: SigV2 query parameters (AWSAccessKeyId + Signature). */
export function sigV2NotSupported(): AwsError {
  return plainError('InvalidRequest', 'The authorization mechanism you have provided is not supported. Please use AWS4-HMAC-SHA256.', 400);
}

/** A date that is not ISO 8601 basic (or no usable Date header). */
export function badRequestDate(family: ErrorFamily, presigned: boolean, text: string): AwsError {
  if (family === 's3') {
    if (presigned) return s3QueryParamsError(`X-Amz-Date must be in the ISO8601 Long Format "yyyyMMdd'T'HHmmss'Z'"`);
    return plainError('AccessDenied', 'AWS authentication requires a valid Date or x-amz-date header', 403);
  }
  return authError(family, 'incomplete-signature', {
    message: `Date must be in ISO-8601 'basic format'. Got '${text}'. See http://en.wikipedia.org/wiki/ISO_8601`,
  });
}

/** A Credential that is not `AKID/YYYYMMDD/region/service/aws4_request`. */
export function malformedCredential(family: ErrorFamily, presigned: boolean, credential: string): AwsError {
  if (family === 's3') return presigned ? s3QueryParamsError(S3_CREDENTIAL_PREFIX + CREDENTIAL_SHAPE) : s3HeaderMalformed(CREDENTIAL_SHAPE);
  const message = `Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '${credential}'`;
  return authError(family, 'incomplete-signature', { message });
}

/** Presigned query parameters missing. */
export function missingQueryParams(family: ErrorFamily, missing: readonly string[]): AwsError {
  if (family === 's3') {
    return s3QueryParamsError(
      'Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.',
    );
  }
  const message = missing.map((name) => `AWS query-string parameters must include '${name}'.`).join(' ') + ' Re-examine the query-string parameters.';
  return authError(family, 'incomplete-signature', { message });
}

/** A presign parameter sent twice, or a presigned X-Amz-Algorithm other than AWS4-HMAC-SHA256. */
export function badQueryParam(family: ErrorFamily, name: string, value: string): AwsError {
  if (family === 's3') {
    if (name === 'X-Amz-Algorithm') return s3QueryParamsError('X-Amz-Algorithm only supports "AWS4-HMAC-SHA256 and AWS4-ECDSA-P256-SHA256"');
    return s3QueryParamsError(`${name} was specified more than once.`);
  }
  if (name === 'X-Amz-Algorithm') return authError(family, 'incomplete-signature', { message: `Unsupported AWS 'algorithm': '${value}'` });
  return authError(family, 'incomplete-signature', { message: `${name} was specified more than once. Re-examine the query-string parameters.` });
}
