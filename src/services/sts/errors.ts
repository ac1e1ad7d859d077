/** STS errors that the model does not declare but AWS answers (query protocol). */
import { AwsError } from '../../shared/aws-error.js';

/** `ValidationError` (400): one definition for the query services (src/shared/aws-error.ts). */
export { queryValidationError as validationError } from '../../shared/aws-error.js';

/** `AccessDenied` (403) with a fixed text. */
export function stsAccessDenied(message: string): AwsError {
  return new AwsError({ code: 'AccessDenied', message, httpStatus: 403, senderFault: true });
}

/** AWS's answer to a wrong or missing MFA code. */
export function mfaFailed(): AwsError {
  return stsAccessDenied('MultiFactorAuthentication failed with invalid MFA one time pass code. ');
}
