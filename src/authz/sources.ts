/**
 * The policy information point's inputs. Services own their data and expose what authorization
 * needs through these interfaces; the gateway wires the implementations (services never import
 * authz's consumers, and authz never imports a service).
 *
 *   IdentityPolicySource  <- IAM (users, groups, roles: inline + managed policies, boundaries, tags)
 *   MfaVerifier           <- IAM (virtual MFA devices: TOTP check for STS SerialNumber/TokenCode)
 *   sessions              <- STS writes `sts.sessions` through `authz/session-store.ts`; the credential
 *                            resolver reads it (session policies, tags, MFA, source identity), so no
 *                            interface is needed between STS and authorization.
 *   resource policies     <- each service's own rules: `TargetResource.policy` (a role's trust
 *                            policy, S3 bucket and KMS key policies), see service-rules.ts
 *   OrganizationSource    <- Organizations (SCP/RCP chains, management account: src/services/organizations/organization-source.ts)
 */

/** A stored policy document, identified for the decision's reasons. */
export interface PolicyRecord {
  /** Stable id used in decisions, e.g. the managed policy ARN or `user/alice/inline/Name`. */
  readonly id: string;
  /** Human-readable name for denial explanations. */
  readonly name: string;
  /** The policy JSON as stored (parsed leniently, compiled once, cached by content hash). */
  readonly document: string;
}

/** Everything IAM knows that decides what an IAM user or role may do. */
export interface PrincipalPolicies {
  /** Inline and attached managed policies of the principal, plus those of its groups (users). */
  readonly identityPolicies: readonly PolicyRecord[];
  readonly permissionsBoundary?: PolicyRecord;
  /** `aws:PrincipalTag/*` values. */
  readonly tags: Readonly<Record<string, string>>;
  /** The IAM path (for ARNs and `aws:PrincipalArn` with path). */
  readonly path?: string;
  /** The name as stored (lookups ignore case: `ADMIN` finds `admin`). */
  readonly name?: string;
  /**
   * The unique id (`AIDA...` for users, `AROA...` for roles): `aws:userid`, and the first half of a
   * role session's `AROA...:session` id. When absent, authz derives a stable id from the ARN.
   */
  readonly id?: string;
}

/** A role: its policies plus what STS needs to let someone assume it. */
export interface RolePolicies extends PrincipalPolicies {
  /** The trust policy (assume-role policy document). Absent: nobody may assume the role. */
  readonly trustPolicy?: PolicyRecord;
  /** MaxSessionDuration in seconds (3600..43200); 3600 when absent, as AWS's default. */
  readonly maxSessionDuration?: number;
}

export interface IdentityPolicySource {
  /** The policies of IAM user `name` in `accountId`; undefined when the user does not exist (any more). */
  userPolicies(accountId: string, userName: string): Promise<PrincipalPolicies | undefined>;
  /** The policies of IAM role `name` in `accountId`; undefined when the role does not exist (any more). */
  rolePolicies(accountId: string, roleName: string): Promise<RolePolicies | undefined>;
  /**
   * The default version of the managed policy `policyArn` (`arn:aws:iam::ACCT:policy/...` or an AWS
   * managed `arn:aws:iam::aws:policy/...`), with `id` = the ARN; undefined when it does not exist.
   * Used for session policies passed as `PolicyArns` to STS. Optional until IAM provides it: STS then
   * answers as if no such policy existed.
   */
  managedPolicy?(policyArn: string): Promise<PolicyRecord | undefined>;
  /** Storage tables whose writes change the answers above (the PIP drops its cache on such writes). */
  readonly tables: readonly string[];
}

/** One MFA check: STS `SerialNumber` + `TokenCode` on AssumeRole / GetSessionToken. */
export interface MfaCheck {
  readonly accountId: string;
  /** The IAM user the device must be assigned to; undefined for the account's root user. */
  readonly userName?: string;
  /** The device's serial number or virtual device ARN (`arn:aws:iam::ACCT:mfa/NAME`). */
  readonly serialNumber: string;
  /** The 6-digit code the caller typed. */
  readonly tokenCode: string;
  /** Epoch ms of the request (the clock is injected). */
  readonly now: number;
}

/**
 * Checks MFA codes against the MFA devices IAM stores (IAM implements it; the gateway wires it).
 * Implementations must accept only a device assigned to the caller, and should refuse a code that was
 * already used (AWS rejects replays). Until IAM provides one, `REJECT_ALL_MFA` is wired: every
 * request with SerialNumber/TokenCode is refused, never silently accepted.
 */
export interface MfaVerifier {
  verify(check: MfaCheck): Promise<boolean>;
}

/** The MFA verifier used until IAM's devices exist: rejects every code. */
export const REJECT_ALL_MFA: MfaVerifier = { verify: async () => false };

/** The organization policies that apply to one account: one list per level of its OU chain. */
export interface OrganizationPolicies {
  /** The account is its organization's management account (exempt from SCPs and RCPs). */
  readonly managementAccount: boolean;
  /** Root first, then each OU down to the account itself (none while the policy type is not enabled). */
  readonly levels: readonly (readonly PolicyRecord[])[];
  /** `aws:PrincipalOrgID` / `aws:ResourceOrgID` of the account (`o-...`). */
  readonly organizationId?: string;
  /** `aws:PrincipalOrgPaths` / `aws:ResourceOrgPaths`: `o-.../r-.../ou-.../` down to the account's parent. */
  readonly orgPath?: string;
}

/**
 * Service control and resource control policies by account (Organizations implements it; the
 * gateway wires it). Accounts in no organization answer undefined: nothing restricts them.
 */
export interface OrganizationSource {
  /** The SCPs that limit principals of `accountId` (the root user included). */
  serviceControlPolicies(accountId: string): Promise<OrganizationPolicies | undefined>;
  /** The RCPs that limit access to resources of `accountId` (RCPFullAWSAccess is implied). */
  resourceControlPolicies(accountId: string): Promise<OrganizationPolicies | undefined>;
  /** Storage tables whose writes change the answers above. */
  readonly tables: readonly string[];
}
