/**
 * KMS's errors, named and worded as AWS answers them. Texts marked (unconfirmed) follow moto's and
 * LocalStack's recordings of AWS where AWS's documentation gives none.
 */
import { clientError } from '../../shared/aws-error.js';
import {
  AlreadyExistsException,
  DisabledException,
  DryRunOperationException,
  IncorrectKeyException,
  InvalidGrantIdException,
  InvalidCiphertextException,
  InvalidGrantTokenException,
  InvalidKeyUsageException,
  InvalidMarkerException,
  KMSInvalidStateException,
  LimitExceededException,
  MalformedPolicyDocumentException,
  NotFoundException,
  TagException,
  UnsupportedOperationException,
} from './api.generated.js';

/** "Key 'arn:aws:kms:us-east-1:111122223333:key/...' does not exist" (AWS, botocore#2107). */
export const keyNotFound = (arn: string) => new NotFoundException(`Key '${arn}' does not exist`);
/** A KeyId that is no key id, key ARN, alias name or alias ARN (unconfirmed). */
export const invalidKeyId = (id: string) => new NotFoundException(`Invalid keyId ${id}`);
/** (unconfirmed: moto's text) */
export const aliasNotFound = (aliasArn: string) => new NotFoundException(`Alias ${aliasArn} is not found.`);
/** (unconfirmed: moto's text) */
export const aliasExists = (aliasArn: string) => new AlreadyExistsException(`An alias with the name ${aliasArn} already exists`);
/** Key state table note 1. */
export const disabled = (arn: string) => new DisabledException(`${arn} is disabled.`);
/** Key state table note 3. */
export const pendingDeletion = (arn: string) => new KMSInvalidStateException(`${arn} is pending deletion.`);
/** Key state table note 5. */
export const pendingImport = (arn: string) => new KMSInvalidStateException(`${arn} is pending import.`);
/** Key state table note 4. */
export const notPendingDeletion = (arn: string) => new KMSInvalidStateException(`${arn} is not pending deletion.`);
/** AWS answers a changed, truncated or foreign ciphertext, or a wrong encryption context, with no text. */
export const invalidCiphertext = () => new InvalidCiphertextException('');
/** (unconfirmed) */
export const incorrectKey = () => new IncorrectKeyException('The key ID in the request does not identify a KMS key that can perform this operation.');
/** The lockout safety check (AWS's text, knowledge-center "update-key-policy-future"). */
export const lockout = () => new MalformedPolicyDocumentException('The new key policy will not allow you to update the key policy in the future.');
export const malformedPolicy = (message: string) => new MalformedPolicyDocumentException(message);
/** Key policies are at most 32 KiB (CreateKey/PutKeyPolicy docs). (text unconfirmed) */
export const policyTooLarge = () => new LimitExceededException('Policy exceeds the maximum allowed size of 32768 bytes.');
export const validation = (message: string) => clientError('ValidationException', message, 400);
/** The generic validation text for a member out of range, as the protocol layer words it. */
export const outOfRange = (member: string, value: number, constraint: string) => validation(`1 validation error detected: Value '${value}' at '${member}' failed to satisfy constraint: ${constraint}`);
export const unsupported = (message: string) => new UnsupportedOperationException(message);
export const invalidKeyUsage = (message: string) => new InvalidKeyUsageException(message);
export const invalidMarker = () => new InvalidMarkerException('Invalid marker value.');
/** A grant token that is not one of Rampart's (grant-tokens.ts). (text unconfirmed) */
export const invalidGrantToken = () => new InvalidGrantTokenException('Invalid grant token.');
/** A grant id that names no grant of the key. (text unconfirmed: moto's wording) */
export const grantNotFound = (grantId: string) => new NotFoundException(`Grant ID ${grantId} not found`);
/** A grant id that cannot be one (ours are 64 hex digits, as AWS's). (text unconfirmed) */
export const invalidGrantId = () => new InvalidGrantIdException('Invalid grant ID.');
/** AWS's quotas: 50,000 grants per key, 500 for one grantee principal per key. (text unconfirmed) */
export const grantLimit = (what: string) => new LimitExceededException(`The request was rejected because ${what}.`);
/** A GranteePrincipal/RetiringPrincipal that is no account, user, role, session, federated user or service principal. (text unconfirmed) */
export const invalidPrincipal = (member: string, value: string) => validation(`${member} ${value} is not a valid principal.`);
export const dryRun = () => new DryRunOperationException('The request would have succeeded, but the DryRun option is set.');
/** (unconfirmed) */
export const reservedTag = () => new TagException('Tags beginning with aws: are reserved.');
/** CreateAlias/UpdateAlias/DeleteAlias on `alias/aws/...`: reserved for AWS managed keys (moto's recording of AWS; no text). */
export const notAuthorized = () => clientError('NotAuthorizedException', '', 400);
/** Decrypt and ReEncrypt without CiphertextBlob (the model makes it optional; AWS requires it). (unconfirmed) */
export const missingCiphertext = () => validation("1 validation error detected: Value null at 'ciphertextBlob' failed to satisfy constraint: Member must not be null");
