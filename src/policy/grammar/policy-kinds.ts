/**
 * Where a policy is stored decides its grammar and its size quota (IAM "IAM and AWS
 * STS quotas"; AWS Organizations "Quotas and service limits"; STS AssumeRole
 * "Policy" parameter).
 */

/** The place a policy document is written to. */
export type PolicyKind =
  | 'managed'
  | 'user-inline'
  | 'group-inline'
  | 'role-inline'
  | 'boundary'
  | 'session'
  | 'trust'
  | 'resource'
  | 'scp'
  | 'rcp';

/** How a kind treats the Principal / NotPrincipal elements. */
export type PrincipalRule = 'forbidden' | 'required' | 'wildcard-only';

/** Grammar and quota facts for one kind. */
export interface KindRules {
  readonly principal: PrincipalRule;
  /** Whether NotPrincipal may appear (only in some resource-based policies). */
  readonly notPrincipal: boolean;
  /** Whether a statement needs Resource/NotResource (resource policies imply the resource itself). */
  readonly resourceRequired: boolean;
  /** Whether Resource/NotResource are prohibited (role trust policies). */
  readonly resourceProhibited: boolean;
  /**
   * Whether the document must say `"Version": "2012-10-17"` ("Policy document must be version
   * 2012-10-17 or greater."): managed policies (CreatePolicy, CreatePolicyVersion, and so the
   * permissions boundaries, which are managed policies). Inline, trust and session policies may
   * omit Version or say 2008-10-17 (the Version page: "If you do not include a Version element,
   * the value defaults to 2008-10-17").
   */
  readonly requireCurrentVersion: boolean;
  /** Whether Sids are restricted to [0-9A-Za-z]* (IAM-stored documents). */
  readonly alnumSid: boolean;
  /** Maximum size in characters. */
  readonly maxSize: number;
  /** IAM does not count white space; Organizations counts every character. */
  readonly countWhitespace: boolean;
  /** Only U+0009, U+000A, U+000D and U+0020–U+00FF are allowed in IAM documents. */
  readonly latin1Only: boolean;
}

const identity = (maxSize: number): KindRules => ({
  principal: 'forbidden',
  requireCurrentVersion: false,
  notPrincipal: false,
  resourceRequired: true,
  resourceProhibited: false,
  alnumSid: true,
  maxSize,
  countWhitespace: false,
  latin1Only: true,
});

/** Rules per kind. */
export const KIND_RULES: Readonly<Record<PolicyKind, KindRules>> = {
  managed: { ...identity(6144), requireCurrentVersion: true },
  boundary: { ...identity(6144), requireCurrentVersion: true },
  'user-inline': identity(2048),
  'group-inline': identity(5120),
  'role-inline': identity(10240),
  session: identity(2048),
  trust: { ...identity(2048), principal: 'required', resourceRequired: false, resourceProhibited: true },
  resource: { ...identity(20480), principal: 'required', notPrincipal: true, resourceRequired: false, alnumSid: false, latin1Only: false },
  scp: { ...identity(5120), countWhitespace: true, latin1Only: false },
  rcp: { ...identity(5120), principal: 'wildcard-only', countWhitespace: true, latin1Only: false },
};

/** Every kind, for iteration in tests. */
export const POLICY_KINDS: readonly PolicyKind[] = Object.keys(KIND_RULES) as PolicyKind[];
