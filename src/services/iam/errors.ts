/**
 * IAM's errors with AWS's codes, HTTP statuses and messages (IAM API reference "Errors" sections;
 * messages as the real service words them, e.g. "The user with name X cannot be found.").
 * Codes and statuses come from the generated exception classes (404 NoSuchEntity,
 * 409 EntityAlreadyExists / LimitExceeded / DeleteConflict, 400 MalformedPolicyDocument /
 * InvalidInput / UnmodifiableEntity / PolicyNotAttachable).
 */
import { clientError, type AwsError } from '../../shared/aws-error.js';
import {
  DeleteConflictException,
  EntityAlreadyExistsException,
  InvalidInputException,
  LimitExceededException,
  MalformedPolicyDocumentException,
  NoSuchEntityException,
  PolicyNotAttachableException,
  UnmodifiableEntityException,
} from './api.generated.js';

/** The IAM entity kinds that have names. */
export type EntityKind = 'user' | 'group' | 'role';

/** NoSuchEntity for a user, group or role name. */
export function noSuchEntity(kind: EntityKind, name: string): AwsError {
  return new NoSuchEntityException(`The ${kind} with name ${name} cannot be found.`);
}

/** NoSuchEntity for an instance profile. */
export function noSuchInstanceProfile(name: string): AwsError {
  return new NoSuchEntityException(`Instance Profile ${name} cannot be found.`);
}

/** NoSuchEntity for GetPolicy / DeletePolicy / DetachXPolicy of an unknown or unattached policy. */
export function policyNotFound(arn: string): AwsError {
  return new NoSuchEntityException(`Policy ${arn} was not found.`);
}

/** NoSuchEntity for AttachXPolicy of an unknown policy. */
export function policyNotAttachable(arn: string): AwsError {
  return new NoSuchEntityException(`Policy ${arn} does not exist or is not attachable.`);
}

/** NoSuchEntity for a permissions boundary that is not an existing managed policy. */
export function boundaryNotFound(arn: string): AwsError {
  return new NoSuchEntityException(`Scope ARN: ${arn} does not exist or is not attachable.`);
}

/** NoSuchEntity for an unknown policy version. */
export function noSuchPolicyVersion(arn: string, versionId: string): AwsError {
  return new NoSuchEntityException(`Policy ${arn} version ${versionId} does not exist or is not attachable.`);
}

/** NoSuchEntity for an inline policy. */
export function noSuchInlinePolicy(kind: EntityKind, policyName: string): AwsError {
  return new NoSuchEntityException(`The ${kind} policy with name ${policyName} cannot be found.`);
}

/** NoSuchEntity for an access key. */
export function noSuchAccessKey(accessKeyId: string): AwsError {
  return new NoSuchEntityException(`The Access Key with id ${accessKeyId} cannot be found.`);
}

/** NoSuchEntity for an account alias. */
export function noSuchAccountAlias(alias: string): AwsError {
  return new NoSuchEntityException(`The account alias ${alias} cannot be found.`);
}

/** EntityAlreadyExists for a user, group or role. */
export function entityExists(kind: EntityKind, name: string): AwsError {
  const label = kind === 'user' ? 'User' : kind === 'group' ? 'Group' : 'Role';
  return new EntityAlreadyExistsException(`${label} with name ${name} already exists.`);
}

/** EntityAlreadyExists for an instance profile. */
export function instanceProfileExists(name: string): AwsError {
  return new EntityAlreadyExistsException(`Instance Profile ${name} already exists.`);
}

/** EntityAlreadyExists for a managed policy name. */
export function policyExists(name: string): AwsError {
  return new EntityAlreadyExistsException(`A policy called ${name} already exists. Duplicate names are not allowed.`);
}

/** EntityAlreadyExists for an alias another account owns. */
export function accountAliasTaken(alias: string): AwsError {
  return new EntityAlreadyExistsException(`The account alias ${alias} already exists.`);
}

/** LimitExceeded in AWS's quota wording: "Cannot exceed quota for UsersPerAccount: 5000". */
export function quotaExceeded(quota: string, limit: number): AwsError {
  return new LimitExceededException(`Cannot exceed quota for ${quota}: ${limit}`);
}

/** LimitExceeded with a free message (e.g. policy versions). */
export function limitExceeded(message: string): AwsError {
  return new LimitExceededException(message);
}

/** DeleteConflict with AWS's message. */
export function deleteConflict(message: string): AwsError {
  return new DeleteConflictException(message);
}

/** MalformedPolicyDocument. */
export function malformedPolicy(message: string): AwsError {
  return new MalformedPolicyDocumentException(message);
}

/** InvalidInput (400). */
export function invalidInput(message: string): AwsError {
  return new InvalidInputException(message);
}

/** `ValidationError` (400): one definition for the query services (src/shared/aws-error.ts). */
export { queryValidationError as validationError } from '../../shared/aws-error.js';

/** AccessDenied (403): e.g. modifying an AWS managed policy, which belongs to AWS's account. */
export function accessDenied(callerArn: string, action: string, resource: string): AwsError {
  return clientError('AccessDenied', `User: ${callerArn} is not authorized to perform: ${action} on resource: ${resource}`, 403);
}

/**
 * UnmodifiableEntity (400) for a change to a service-linked role, as AWS words it ("Cannot perform
 * the operation on the protected role 'AWSServiceRoleForAmazonGuardDuty' - this role is only
 * modifiable by AWS").
 */
export function protectedRole(roleName: string): AwsError {
  return new UnmodifiableEntityException(`Cannot perform the operation on the protected role '${roleName}' - this role is only modifiable by AWS`);
}

/** PolicyNotAttachable (400): an AWS managed policy of service-linked roles attached to a customer entity. */
export function serviceRolePolicyNotAttachable(): AwsError {
  return new PolicyNotAttachableException('Cannot attach a Service Role Policy to a Customer Role.');
}
