/** Organizations' errors, named and worded as AWS answers them (texts as AWS's and moto's recorded ones). */
import { AwsError } from '../../shared/aws-error.js';
import {
  AWSOrganizationsNotInUseException,
  AccessDeniedException,
  AccountNotFoundException,
  ConstraintViolationException,
  InvalidInputException,
  type ConstraintViolationExceptionReason,
} from './api.generated.js';

const named = (code: string, message: string) => new AwsError({ code, message, httpStatus: 400, senderFault: true });

export const notInUse = () => new AWSOrganizationsNotInUseException('Your account is not a member of an organization.');
export const accessDenied = () => new AccessDeniedException("You don't have permissions to access this resource.");
export const accountNotFound = () => new AccountNotFoundException("You specified an account that doesn't exist.");
export const invalidInput = (message: string, reason?: string) => new InvalidInputException(message, reason ? { Reason: reason as never } : undefined);
export const constraint = (reason: ConstraintViolationExceptionReason, message: string) => new ConstraintViolationException(message, { Reason: reason });
export const ouNotFound = () => named('OrganizationalUnitNotFoundException', "You specified an organizational unit that doesn't exist.");
export const parentNotFound = () => named('ParentNotFoundException', "You specified parent that doesn't exist.");
export const childNotFound = () => named('ChildNotFoundException', "We can't find an organizational unit (OU) or AWS account with the ChildId that you specified.");
export const rootNotFound = () => named('RootNotFoundException', "You specified a root that doesn't exist.");
export const targetNotFound = () => named('TargetNotFoundException', "You specified a target that doesn't exist.");
export const policyNotFound = () => named('PolicyNotFoundException', "We can't find a policy with the PolicyId that you specified.");
export const duplicatePolicy = () => named('DuplicatePolicyException', 'A policy with the same name already exists.');
export const duplicateOu = () => named('DuplicateOrganizationalUnitException', 'An OU with the same name already exists.');
export const duplicateAttachment = () => named('DuplicatePolicyAttachmentException', 'The selected policy is already attached to the specified target.');
export const policyNotAttached = () => named('PolicyNotAttachedException', 'The policy is not attached to the specified target.');
export const policyInUse = () =>
  named('PolicyInUseException', 'The policy is attached to one or more entities. You must detach it from all roots, OUs, and accounts before performing this operation.');
export const typeNotEnabled = () => named('PolicyTypeNotEnabledException', 'This operation can be performed only for enabled policy types.');
export const typeAlreadyEnabled = () => named('PolicyTypeAlreadyEnabledException', 'The specified policy type is already enabled.');
export const typeNotAvailable = () =>
  named('PolicyTypeNotAvailableForOrganizationException', "You can't use the specified policy type with the feature set currently enabled for this organization.");
export const ouNotEmpty = () => named('OrganizationalUnitNotEmptyException', 'The specified OU is not empty. Move all accounts to another root or OU and delete all child OUs, then try the operation again.');
export const orgNotEmpty = () => named('OrganizationNotEmptyException', 'To delete an organization you must first remove all member accounts (except the master).');
export const alreadyInOrg = () => named('AlreadyInOrganizationException', 'The provided account is already a member of an organization.');
export const sourceParentNotFound = () => named('SourceParentNotFoundException', "We can't find a source root or OU with the ParentId that you specified.");
export const destinationParentNotFound = () => named('DestinationParentNotFoundException', "We can't find the destination container (a root or OU) with the ParentId that you specified.");
export const duplicateAccount = () => named('DuplicateAccountException', 'That account is already present in the specified destination.');
export const createStatusNotFound = () => named('CreateAccountStatusNotFoundException', "We can't find an create account request with the CreateAccountRequestId that you specified.");
export const malformedPolicy = (type: string) => named('MalformedPolicyDocumentException', `The provided policy document does not meet the requirements of the specified policy type ${type}.`);
