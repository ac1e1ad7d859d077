/**
 * What a request signed with temporary credentials carries about their session (STS issues them
 * and stores this with them; authentication hands it to the chain; authorization and handlers
 * read it).
 */

/** How the session was made. */
export type SessionKind = 'assume-role' | 'session-token' | 'federation';

/** The session context of temporary credentials. */
// A type alias (not an interface), so that it is assignable to free-form records where needed.
export type SessionContext = {
  readonly kind: SessionKind;
  /** Epoch ms the credentials were issued (`aws:TokenIssueTime`). */
  readonly issuedAt: number;
  /** Epoch ms the caller authenticated with MFA; absent without MFA (`aws:MultiFactorAuthPresent`/`Age`). */
  readonly mfaAuthenticatedAt?: number;
  /** Assume-role sessions: the role's ARN (with path), its name and the session name. */
  readonly roleArn?: string;
  readonly roleName?: string;
  readonly sessionName?: string;
  /** Session-token and federation sessions of an IAM user: the user's name (root: absent). */
  readonly userName?: string;
  /** Federation sessions: ARN of the IAM user (or root) that called GetFederationToken. */
  readonly sourceUserArn?: string;
  /** Federation sessions of an IAM user: that user's unique id (`AIDA...`). */
  readonly sourceUserId?: string;
  /** The inline session policy (JSON as passed). */
  readonly policy?: string;
  /** Managed session policies passed as PolicyArns. */
  readonly policyArns?: readonly string[];
  /** Session tags (`aws:PrincipalTag/*`), inherited transitive tags included. */
  readonly tags?: Readonly<Record<string, string>>;
  /** Keys of `tags` that pass on to chained role sessions. */
  readonly transitiveTagKeys?: readonly string[];
  readonly sourceIdentity?: string;
  /** True when the credentials that made this session were themselves temporary (role chaining). */
  readonly chained?: boolean;
  /**
   * Sessions of AssumeRoleWithSAML / AssumeRoleWithWebIdentity: the federation's keys that policies
   * of the session may test (`saml:sub`, `saml:sub_type`, `saml:namequalifier`; `<provider url>:sub`,
   * `:aud`, `:amr`). Never `aws:*` keys. Absent in records written before (nothing to test then).
   */
  readonly federationKeys?: Readonly<Record<string, string | readonly string[]>>;
  /** Web identity sessions: `aws:FederatedProvider`, the identity provider that issued the principal. */
  readonly federatedProvider?: string;
};
