/** The policy types of the evaluation logic, used to cite the policy that decided. */
export type PolicyType = 'scp' | 'rcp' | 'resource' | 'identity' | 'boundary' | 'session';

/** Final answer of the engine. */
export type DecisionKind = 'Allow' | 'ExplicitDeny' | 'ImplicitDeny';

/** A statement that applied to the request (action, resource, principal and conditions matched). */
export interface MatchedStatement {
  readonly policyId: string;
  readonly policyType: PolicyType;
  readonly sid?: string;
  readonly statementIndex: number;
  readonly effect: 'Allow' | 'Deny';
}

/** Result of `evaluate`. */
export interface Decision {
  readonly decision: DecisionKind;
  /** For denials: the policy type that denied (explicitly) or failed to allow (implicitly). */
  readonly deniedBy?: PolicyType;
  /** Every applicable statement, in evaluation order. */
  readonly matched: readonly MatchedStatement[];
}
