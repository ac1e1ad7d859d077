/** The Status a caller may set on a signing certificate, SSH key or service-specific credential. */
import { validationError } from '../errors.js';
import type { CredentialStatus } from '../store/user-credential-store.js';

/**
 * `Active` or `Inactive`; `Expired` (in the model's enum) is a state IAM sets, never one a caller
 * sets: ValidationError as for UpdateAccessKey.
 */
export function requireStatus(status: string): CredentialStatus {
  if (status !== 'Active' && status !== 'Inactive') {
    throw validationError(`1 validation error detected: Value '${status}' at 'status' failed to satisfy constraint: Member must satisfy enum value set: [Active, Inactive]`);
  }
  return status;
}
