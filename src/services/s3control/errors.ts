/** S3 Control's errors as AWS names and words them. */
import { clientError } from '../../shared/aws-error.js';
import { NoSuchPublicAccessBlockConfiguration } from './api.generated.js';

/** GetPublicAccessBlock of an account without a configuration (AWS's text, as the SDKs and CLI print it). */
export const noSuchConfiguration = () => new NoSuchPublicAccessBlockConfiguration('The public access block configuration was not found');

/**
 * `x-amz-account-id` naming another account than the caller's: S3 Control answers 403 AccessDenied
 * "Access Denied" (as reported for calls with a wrong account id, duo-labs/cloudmapper#750).
 */
export const otherAccount = () => clientError('AccessDenied', 'Access Denied', 403);
