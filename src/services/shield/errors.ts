/**
 * Shield's errors as AWS names and words them. Texts recorded from AWS say where; the others are
 * marked (unconfirmed) and follow the API reference's descriptions.
 */
import {
  AccessDeniedForDependencyException,
  InvalidOperationException,
  InvalidPaginationTokenException,
  InvalidParameterException,
  InvalidResourceException,
  LimitsExceededException,
  LockedSubscriptionException,
  NoAssociatedRoleException,
  ResourceAlreadyExistsException,
  ResourceNotFoundException,
} from './api.generated.js';

/** AWS's text for every operation but Create/GetSubscriptionState without a subscription (nccgroup/aws-inventory#7: DescribeDRTAccess, DescribeEmergencyContactSettings). */
export const noSubscription = () => new ResourceNotFoundException('The subscription does not exist.', { resourceType: 'subscription' });
/** (as other emulators record AWS's text) */
export const noProtection = () => new ResourceNotFoundException('The referenced protection does not exist.', { resourceType: 'protection' });
/** (unconfirmed) */
export const noGroup = () => new ResourceNotFoundException('The referenced protection group does not exist.', { resourceType: 'protection-group' });
/** (unconfirmed) */
export const noAttack = () => new ResourceNotFoundException('The referenced attack does not exist.', { resourceType: 'attack' });
/** (unconfirmed) */
export const notFound = (what: string, resourceType: string) => new ResourceNotFoundException(`The referenced ${what} does not exist.`, { resourceType });
/** (as other emulators record AWS's text) */
export const protectionExists = () => new ResourceAlreadyExistsException('The referenced protection already exists.', { resourceType: 'protection' });
/** (unconfirmed) */
export const groupExists = () => new ResourceAlreadyExistsException('The referenced protection group already exists.', { resourceType: 'protection-group' });
/** (unconfirmed) */
export const subscriptionExists = () => new ResourceAlreadyExistsException('The subscription already exists.', { resourceType: 'subscription' });

/** InvalidParameterException with AWS's `reason` member (OTHER or FIELD_VALIDATION_FAILED) and the fields concerned. */
export const invalidParameter = (message: string, field?: string) =>
  new InvalidParameterException(message, field !== undefined ? { reason: 'FIELD_VALIDATION_FAILED', fields: [{ name: field, message }] } : { reason: 'OTHER' });

/** (as other emulators record AWS's text for DescribeProtection with both or neither member) */
export const oneOfIdOrArn = () => invalidParameter('Invalid parameter. You must provide one value, either protectionId or resourceArn, but not both.');

/** (the text other emulators record for a resource ARN of a service Shield does not protect) */
export const invalidResource = (message: string) => new InvalidResourceException(message);

/** (unconfirmed; the API reference's description) */
export const lockedSubscription = () =>
  new LockedSubscriptionException(
    'You are trying to update a subscription that has not yet completed the 1-year commitment. You can change the AutoRenew parameter during the last 30 days of your subscription.',
  );

/** LimitsExceededException with the Type and Limit members. (unconfirmed) */
export const limitsExceeded = (type: string, limit: number) => new LimitsExceededException(`Exceeds the limit of ${limit} for ${type}.`, { Type: type, Limit: limit });

/** (unconfirmed; the API reference's description) */
export const noAssociatedRole = () => new NoAssociatedRoleException('The ARN of the role that you specified does not exist. Associate a role with AssociateDRTRole first.');

/** (unconfirmed; the API reference's description) */
export const accessDeniedForDependency = (message: string) => new AccessDeniedForDependencyException(message);

/** (unconfirmed) */
export const invalidOperation = (message: string) => new InvalidOperationException(message);

/** (unconfirmed) */
export const badToken = () => new InvalidPaginationTokenException('Invalid pagination token.');
