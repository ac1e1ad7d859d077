/**
 * IAM ARNs and keys: `arn:aws:iam::ACCOUNT:user/PATH/NAME` (the path starts and ends with `/`),
 * AWS managed policies under the pseudo-account `aws`.
 */
import { PARTITION } from '../../shared/arn.js';
import { invalidInput } from './errors.js';

/** The resource types whose ARN is `<type><path><name>`. */
export type ArnKind = 'user' | 'group' | 'role' | 'instance-profile' | 'policy';

/** The ARN of a named IAM entity. */
export function iamArn(accountId: string, kind: ArnKind, path: string, name: string): string {
  return `arn:${PARTITION}:iam::${accountId}:${kind}${path}${name}`;
}

/** Storage key of a name that IAM compares case-insensitively (users, groups, roles, instance profiles). */
export function nameKey(name: string): string {
  return name.toLowerCase();
}

/** The account of AWS managed policies in their ARNs. */
export const AWS_POLICY_ACCOUNT = 'aws';

/** A managed policy ARN split into its parts. */
export interface PolicyArnParts {
  /** `aws` for AWS managed policies, else the owning account id. */
  readonly accountId: string;
  readonly path: string;
  readonly name: string;
}

/** Parses `arn:aws:iam::ACCOUNT:policy/PATH/NAME`; undefined when it is not a policy ARN. */
export function parsePolicyArn(arn: string): PolicyArnParts | undefined {
  const m = /^arn:aws:iam::([0-9]{12}|aws):policy(\/(?:[^/]+\/)*)([^/]+)$/.exec(arn);
  if (!m) return undefined;
  return { accountId: m[1]!, path: m[2]!, name: m[3]! };
}

/**
 * Parses a policy ARN given by a caller. A string that is not an ARN at all is InvalidInput
 * ("ARN x is not valid."); a well-formed ARN of something else returns undefined (NoSuchEntity for the caller).
 */
export function policyArnOrThrow(arn: string): PolicyArnParts | undefined {
  if (!/^arn:[^:]+:[^:]*:[^:]*:[^:]*:.+$/.test(arn)) throw invalidInput(`ARN ${arn} is not valid.`);
  return parsePolicyArn(arn);
}

/** The principal's IAM user name from its ARN (`...:user/path/NAME`), or undefined for non-users. */
export function userNameFromArn(arn: string): string | undefined {
  const m = /^arn:[^:]+:iam::\d{12}:user\/(?:.*\/)?([^/]+)$/.exec(arn);
  return m ? m[1] : undefined;
}
