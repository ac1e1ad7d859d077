/**
 * The parsed (not yet compiled) form of an IAM JSON policy document: the element
 * grammar of "IAM JSON policy element reference" with every list normalised to an
 * array and every condition value normalised to a string.
 */

/** `Version` element values that IAM accepts. */
export type PolicyVersion = '2012-10-17' | '2008-10-17';

/** Statement effect, case-sensitive as in IAM. */
export type Effect = 'Allow' | 'Deny';

/** `Principal` / `NotPrincipal` element: the bare wildcard or a map of principal types. */
export type PrincipalElement =
  | { readonly kind: 'wildcard' }
  | {
      readonly kind: 'map';
      readonly aws: readonly string[];
      readonly service: readonly string[];
      readonly federated: readonly string[];
      readonly canonicalUser: readonly string[];
    };

/** One operator/key pair of a `Condition` block with its (OR-ed) values. */
export interface ConditionEntry {
  /** The operator as written, e.g. `ForAnyValue:StringLikeIfExists`. */
  readonly operator: string;
  /** The condition key as written (matched case-insensitively). */
  readonly key: string;
  /** Values, stringified (`true`, `10` ...). */
  readonly values: readonly string[];
  /** Whether the policy wrote the values as a JSON array (kept for re-serialisation). */
  readonly valuesWereArray: boolean;
}

/** A statement; exactly one of action/notAction and at most one of resource/notResource is set. */
export interface Statement {
  readonly sid?: string;
  readonly effect: Effect;
  readonly principal?: PrincipalElement;
  readonly notPrincipal?: PrincipalElement;
  readonly action?: readonly string[];
  readonly notAction?: readonly string[];
  readonly resource?: readonly string[];
  readonly notResource?: readonly string[];
  readonly condition: readonly ConditionEntry[];
}

/** A whole policy document. `version` undefined means the 2008-10-17 default applies. */
export interface PolicyDocument {
  readonly version?: PolicyVersion;
  readonly id?: string;
  readonly statements: readonly Statement[];
  /** Whether `Statement` was written as a single object rather than an array. */
  readonly statementWasObject?: boolean;
}

/** True when `${...}` policy variables are interpreted (only in 2012-10-17 documents). */
export function supportsVariables(doc: PolicyDocument): boolean {
  return doc.version === '2012-10-17';
}
