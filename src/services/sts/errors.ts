/** STS errors that the model does not declare but AWS answers (query protocol). */
import { AwsError } from '../../shared/aws-error.js';

/** `ValidationError` (400), AWS's code for semantic input errors in query services. */
export function validationError(message: string): AwsError {
  return new AwsError({ code: 'ValidationError', message, httpStatus: 400, senderFault: true });
}

/** `AccessDenied` (403) with a fixed text. */
export function stsAccessDenied(message: string): AwsError {
  return new AwsError({ code: 'AccessDenied', message, httpStatus: 403, senderFault: true });
}

/** AWS's answer to a wrong or missing MFA code. */
export function mfaFailed(): AwsError {
  return stsAccessDenied('MultiFactorAuthentication failed with invalid MFA one time pass code. ');
}
