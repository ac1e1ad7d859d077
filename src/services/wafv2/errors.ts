/**
 * WAFv2's errors, named and worded as AWS answers them. Texts recorded from AWS (issues quoting real
 * responses) say so; the others are marked (unconfirmed).
 */
import {
  WAFAssociatedItemException,
  WAFDuplicateItemException,
  WAFInvalidOperationException,
  WAFInvalidParameterException,
  WAFLimitsExceededException,
  WAFNonexistentItemException,
  WAFOptimisticLockException,
  type ParameterExceptionField,
} from './api.generated.js';

/**
 * WAFInvalidParameterException as AWS words it: `Error reason: <reason>, field: <FIELD>, parameter: <value>`
 * with the Field, Parameter and Reason members (aws-samples/dcv-web-portal#10, aws/aws-cli#5015).
 */
export const invalidParameter = (field: ParameterExceptionField, parameter: string, reason: string) =>
  new WAFInvalidParameterException(`Error reason: ${reason}, field: ${field}, parameter: ${parameter}`, { Field: field, Parameter: parameter, Reason: reason });

/** AWS's reason for a value in the wrong format (IP_ADDRESS `0.0.0.0/0`, aws-samples/dcv-web-portal#10). */
export const BAD_FORMAT = 'The parameter contains formatting that is not valid.';
/** AWS's reason for a union (statement) with more than one member set. (unconfirmed) */
export const MULTIPLE_VALUES = 'Your statement has multiple values set for a field that requires a single value.';
/** AWS's reason for none or several values where one is needed (hashicorp/terraform-provider-aws#29321: a rule with Action and OverrideAction, `field: RULE, parameter: Rule`). */
export const EXACTLY_ONE = 'You have used none or multiple values for a field that requires exactly one value.';
/** AWS's reason for an AND/OR with fewer than two statements (hashicorp/terraform-provider-aws#34320, parameter `AndStatement`). */
export const THRESHOLD =
  "You haven't met a minimum requirement for a threshold setting. Examples include a rule group capacity setting that's too low and an OR statement with only one nested statement.";
/**
 * AWS's reason for rules that need more WCUs than allowed, with field WEB_ACL (or RULE_GROUP) and the
 * WCUs needed as parameter (trussworks/terraform-aws-wafv2#87: `field: WEB_ACL, parameter: 1525`).
 */
export const CAPACITY_EXCEEDED = 'You exceeded the capacity limit for a rule group or web ACL.';
/** A statement placed where AWS does not accept it (a nested rate-based or rule group statement). (unconfirmed) */
export const NOT_NESTABLE = 'The statement is not valid in this context: it can only be a rule\'s top-level statement.';
/** AWS's reason for a reference that names nothing usable (aws/aws-cli#5015). */
export const BAD_REFERENCE = 'A reference in your rule statement is not valid.';
/** AWS's reason for an ARN it refuses (a log destination not named aws-waf-logs-*: YumaInaura/YumaInaura#4006, `field: LOG_DESTINATION`). */
export const BAD_ARN = "The ARN isn't valid. A valid ARN begins with arn: and includes other information separated by colons or slashes.";
/** CLOUDFRONT outside us-east-1: `field: SCOPE_VALUE, parameter: CLOUDFRONT` (aws-solutions/aws-waf-security-automations#300). */
export const BAD_SCOPE = 'The scope is not valid.';
/** A value that is not supported for this field. (unconfirmed) */
export const UNSUPPORTED = 'The parameter contains a value that is not supported in this context.';

/** AWS's text (hashicorp/terraform-provider-aws#21136, #45787). */
export const staleLock = () =>
  new WAFOptimisticLockException('AWS WAF couldn’t save your changes because someone changed the resource after you started to edit it. Reapply your changes.');
/** AWS's text (recorded in Terraform and boto issues for WAFv2). */
export const nonexistent = () => new WAFNonexistentItemException('AWS WAF couldn’t perform the operation because your resource doesn’t exist.');
/** (unconfirmed: AWS's text as other emulators record it) */
export const duplicate = () => new WAFDuplicateItemException('AWS WAF could not perform the operation because some resource in your request is a duplicate of an existing one.');
/** (unconfirmed) */
export const associated = () =>
  new WAFAssociatedItemException('AWS WAF couldn’t perform the operation because your resource is being used by another resource or it’s associated with another resource.');
/** (unconfirmed) */
export const limitsExceeded = (sourceType?: string) =>
  new WAFLimitsExceededException(
    'AWS WAF couldn’t perform the operation because you exceeded your resource limit. For example, the maximum number of WebACL objects that you can create for an Amazon Web Services account. For more information, see Limits in the WAF Developer Guide.',
    sourceType !== undefined ? { SourceType: sourceType } : undefined,
  );
/** (unconfirmed) */
export const invalidOperation = (message: string) => new WAFInvalidOperationException(message);
