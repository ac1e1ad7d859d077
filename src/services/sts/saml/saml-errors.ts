/** STS's answers to SAML responses it refuses, in AWS's words where AWS documents them ("Troubleshoot SAML federation"). */
import type { AwsError } from '../../../shared/aws-error.js';
import { ExpiredTokenException, IDPRejectedClaimException, InvalidIdentityTokenException } from '../api.generated.js';
import { stsAccessDenied } from '../errors.js';
import type { SamlRefused } from './saml-response.js';

/** AccessDenied for every refusal of the trust policy, a role the response does not name, or a missing role. */
export const NOT_AUTHORIZED = 'Not authorized to perform sts:AssumeRoleWithSAML';

/** InvalidIdentityToken (400). */
export function invalidIdentityToken(message: string): AwsError {
  return new InvalidIdentityTokenException(message);
}

/** The AWS error of a refused response. */
export function samlRefusal(r: SamlRefused): AwsError {
  switch (r.kind) {
    case 'invalid':
      return new InvalidIdentityTokenException(r.message);
    case 'expired':
      return new ExpiredTokenException(r.message);
    case 'rejected':
      return new IDPRejectedClaimException(r.message);
    case 'denied':
      return stsAccessDenied(NOT_AUTHORIZED);
  }
}
