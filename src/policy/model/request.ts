/**
 * The request context an authorization decision is made on (IAM "Processing the
 * request context"): who, what action, on which resource, plus condition keys.
 */

/** The kind of principal that signed the request. */
export type PrincipalType = 'root' | 'user' | 'assumed-role' | 'federated-user' | 'service' | 'anonymous';

/** The calling principal. */
export interface RequestPrincipal {
  /**
   * The principal's ARN: user ARN, `arn:aws:sts::ACCT:assumed-role/ROLE/SESSION`,
   * `arn:aws:sts::ACCT:federated-user/NAME`, `arn:aws:iam::ACCT:root`, the service
   * principal name (e.g. `s3.amazonaws.com`) for services, `*` for anonymous.
   */
  readonly arn: string;
  /** 12-digit account id of the principal ('' for services and anonymous callers). */
  readonly accountId: string;
  readonly type: PrincipalType;
  /** For assumed-role sessions: the role ARN including its path. */
  readonly roleArn?: string;
  /**
   * The unique id of the IAM entity behind the principal: the user's (`AIDA...`) for IAM users, the
   * role's (`AROA...`) for role sessions. Resource-based policies name IAM users and roles by unique
   * id once saved (a deleted and recreated entity with the same ARN is not the one named).
   */
  readonly uniqueId?: string;
  /** For federated-user sessions: ARN of the IAM user that called GetFederationToken. */
  readonly sourceUserArn?: string;
  /** Identity provider (SAML/OIDC ARN or web IdP name) that a `Federated` principal names. */
  readonly federatedProvider?: string;
  /** S3 canonical user id, matched by `CanonicalUser` principals. */
  readonly canonicalUserId?: string;
  /** Service-linked roles are exempt from SCPs and RCPs; also inferred from `/aws-service-role/` paths. */
  readonly serviceLinkedRole?: boolean;
}

/** Condition-key values: a string is a single-valued key, an array a multivalued key. */
export type ContextValue = string | readonly string[];

/** Condition keys of the request; key names are matched case-insensitively. */
export type RequestContextInput = ReadonlyMap<string, ContextValue> | Readonly<Record<string, ContextValue>>;

/** One authorization request. */
export interface AuthzRequest {
  readonly principal: RequestPrincipal;
  /** `service:Action`, matched case-insensitively. */
  readonly action: string;
  /** The resource ARN, or `*` for actions without resource-level permissions. */
  readonly resource: string;
  /** Account owning the resource; defaults to the principal's account (same-account request). */
  readonly resourceAccountId?: string;
  readonly context?: RequestContextInput;
}
