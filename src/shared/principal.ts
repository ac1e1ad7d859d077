import { canonicalArn } from './arn.js';

/** The authenticated caller of a request, as every layer after authentication sees it. */
export interface Principal {
  readonly accountId: string;
  /** `arn:aws:iam::123456789012:root`, `...:user/alice`, `arn:aws:sts::...:assumed-role/r/s`. */
  readonly arn: string;
  /** Unique id: account id for root, `AIDA...` for users, `AROA...:session` for role sessions. */
  readonly userId: string;
  /**
   * `service`: an AWS service acting on its own (CloudTrail delivering to a bucket), whose `arn`
   * is its service principal (`cloudtrail.amazonaws.com`); only resource-based policies grant it.
   */
  readonly type: 'root' | 'user' | 'assumed-role' | 'federated-user' | 'anonymous' | 'service';
}

/** @deprecated the same as `Principal` (kept for the names existing code uses). */
export type RequestPrincipal = Principal;

/** ARN of an account's root user. */
export function rootArn(accountId: string): string {
  return canonicalArn('iam', '', accountId, 'root');
}
