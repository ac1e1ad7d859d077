/** IAM's errors for SAML providers, in AWS's words. */
import type { AwsError } from '../../../shared/aws-error.js';
import { EntityAlreadyExistsException, NoSuchEntityException } from '../api.generated.js';

/** NoSuchEntity for a SAML provider ARN that names none (AWS: "Manifest not found for arn ..."). */
export function samlProviderNotFound(arn: string): AwsError {
  return new NoSuchEntityException(`Manifest not found for arn ${arn}`);
}

/** EntityAlreadyExists for a provider name in use (ignoring case). */
export function samlProviderExists(name: string): AwsError {
  return new EntityAlreadyExistsException(`SAMLProvider ${name} already exists`);
}
