/**
 * IAM ARNs and keys: `arn:aws:iam::ACCOUNT:user/PATH/NAME` (the path starts and ends with `/`),
 * AWS managed policies under the pseudo-account `aws`.
 */
import { canonicalArn } from '../../shared/arn.js';
import { invalidInput } from './errors.js';

/** The resource types whose ARN is `<type><path><name>`. */
export type ArnKind = 'user' | 'group' | 'role' | 'instance-profile' | 'policy' | 'mfa' | 'server-certificate';

/** The ARN of a named IAM entity. */
export function iamArn(accountId: string, kind: ArnKind, path: string, name: string): string {
  return canonicalArn('iam', '', accountId, `${kind}${path}${name}`);
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

/**
 * Parses `arn:aws:iam::ACCOUNT:policy/PATH/NAME` as CreatePolicy makes them (path segments and
 * name of the model's policyPathType / policyNameType characters); undefined otherwise.
 */
export function parsePolicyArn(arn: string): PolicyArnParts | undefined {
  const m = /^arn:aws:iam::([0-9]{12}|aws):policy(\/(?:[A-Za-z0-9.,+@=_-]+\/)*)([\w+=,.@-]+)$/.exec(arn);
  if (!m) return undefined;
  return { accountId: m[1]!, path: m[2]!, name: m[3]! };
}

/** The resource types of IAM ARNs (`arn:aws:iam::ACCOUNT:<type><path><name>`). */
const IAM_RESOURCE_TYPES: ReadonlySet<string> = new Set(['user', 'group', 'role', 'policy', 'instance-profile', 'mfa', 'server-certificate', 'saml-provider', 'oidc-provider']);

/** An IAM resource ARN split into its parts. */
export interface IamArnParts {
  /** The account id, or `aws` (AWS managed policies only). */
  readonly accountId: string;
  readonly type: string;
  /** `/` or `/a/b/`. */
  readonly path: string;
  readonly name: string;
}

/**
 * Parses an IAM resource ARN as IAM validates ARNs passed to its API: partition `aws`, service
 * `iam`, no region, a 12-digit account (`aws` for AWS managed policies), a resource type IAM has,
 * a path of printable ASCII and a non-empty name of `[\w+=,.@-]`. Undefined otherwise: a trailing
 * `/`, NUL or any other control or non-ASCII character, white space, another case (`ARN:AWS:...`).
 */
export function parseIamArn(arn: string): IamArnParts | undefined {
  const m = /^arn:aws:iam::([0-9]{12}|aws):([a-z-]+)(\/(?:[\x21-\x2e\x30-\x7e]+\/)*)([\w+=,.@-]+)$/.exec(arn);
  if (!m || !IAM_RESOURCE_TYPES.has(m[2]!) || (m[1] === AWS_POLICY_ACCOUNT && m[2] !== 'policy')) return undefined;
  return { accountId: m[1]!, type: m[2]!, path: m[3]!, name: m[4]! };
}

/** The ARN's parts; InvalidInput "ARN x is not valid." (400) for anything `parseIamArn` refuses. */
export function iamArnOrThrow(arn: string): IamArnParts {
  const parts = parseIamArn(arn);
  if (!parts) throw invalidInput(`ARN ${arn} is not valid.`);
  return parts;
}

/**
 * Parses a policy ARN given by a caller. A string that is not a valid IAM ARN (see `parseIamArn`),
 * or a policy ARN with a path or name CreatePolicy refuses, is InvalidInput ("ARN x is not valid.");
 * a valid ARN of another resource type returns undefined (NoSuchEntity for the caller).
 */
export function policyArnOrThrow(arn: string): PolicyArnParts | undefined {
  if (iamArnOrThrow(arn).type !== 'policy') return undefined;
  const parts = parsePolicyArn(arn);
  if (!parts) throw invalidInput(`ARN ${arn} is not valid.`);
  return parts;
}

/** The principal's IAM user name from its ARN (`...:user/path/NAME`), or undefined for non-users. */
export function userNameFromArn(arn: string): string | undefined {
  const m = /^arn:[^:]+:iam::\d{12}:user\/(?:.*\/)?([^/]+)$/.exec(arn);
  return m ? m[1] : undefined;
}
