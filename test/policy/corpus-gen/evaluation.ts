/**
 * Policy evaluation by principal type: identity policies, permissions boundaries, session
 * policies and resource-based policies (by whom they name), same account, cross account, and
 * policies that must grant explicitly (role trust policies, KMS key policies).
 *
 * Every expectation below is written by hand, row by row, from the AWS sentence quoted in its
 * table; nothing here computes a decision. A combination the quoted pages do not decide is left
 * out (see test/policy/corpus/README.md for the list and the reasons). `deniedBy` is given only
 * where the pages say which policy denies: the policy holding the explicit deny, the single policy
 * type that does not allow, or, with no resource-based grant in play, the first step of the
 * evaluation flow that denies. Rows written `Deny` leave it unchecked.
 */
import { ACCT, ALLOW_ALL, FEDERATED, OBJ, OTHER, SESSION, USER, allow, deny, doc } from './helpers.js';
import type { CasePolicies, CasePrincipal, Citation, Doc, EvalCase, Expect } from './helpers.js';
import { S } from './sources.js';
import type { Source } from './sources.js';

/** Identity-based policy: allows the request, or is attached but allows something else. */
type Id = 'allow' | 'silent';
/** Permissions boundary / session policy: none, one that allows the request, one that does not. */
type Cap = 'none' | 'allow' | 'silent';
/** Whom the resource-based policy's Allow names. */
type Names =
  | 'none' // no resource-based policy
  | 'self' // the exact ARN of the caller (user, role session, federated user session)
  | 'role' // the role of the role session
  | 'fed-source' // the IAM user who called GetFederationToken
  | 'account' // the caller's account
  | 'everyone' // "Principal": "*"
  | 'everyone-if-role-arn' // "Principal": "*" with aws:PrincipalArn = the role ARN
  | 'other'; // another IAM user of the resource account
type Denier = 'identity' | 'boundary' | 'session' | 'resource';
type Out = 'Allow' | 'Deny' | `Deny:${Denier}` | `ExplicitDeny:${Denier}`;
/** [identity, boundary, session policy ('-' for IAM users), resource policy names, outcome, explicit deny in]. */
type Row = readonly [Id, Cap, Cap | '-', Names, Out, Denier?];

/** What the request is for: S3 object, sts:AssumeRole on a role (trust policy), or a KMS key. */
interface Target {
  readonly action: string;
  readonly resource: string;
  /** Resource element of the resource-based policy (absent: role trust policies have none). */
  readonly policyResource?: string;
  readonly mustGrant?: boolean;
  readonly what: string;
}

interface Table {
  readonly title: string;
  readonly principal: CasePrincipal;
  readonly source: Source;
  readonly quote: string;
  readonly seeAlso?: Citation[];
  readonly cross?: boolean;
  readonly target?: Target;
  readonly rows: readonly Row[];
  /** Rows (by index) where the engine answers otherwise, with what it answers. */
  readonly engineDisagrees?: Readonly<Record<number, string>>;
}

const S3: Target = { action: 's3:GetObject', resource: OBJ, policyResource: 'arn:aws:s3:::bucket/*', what: 'resource policy' };
const ROLE_TARGET = `arn:aws:iam::${ACCT}:role/Target`;
const ASSUME: Target = { action: 'sts:AssumeRole', resource: ROLE_TARGET, mustGrant: true, what: 'role trust policy' };
const KEY: Target = {
  action: 'kms:Decrypt',
  resource: `arn:aws:kms:us-east-1:${ACCT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`,
  policyResource: '*',
  mustGrant: true,
  what: 'key policy',
};

// Callers in the other account (the resource stays in ACCT).
const X_USER: CasePrincipal = { arn: `arn:aws:iam::${OTHER}:user/bob`, accountId: OTHER, type: 'user' };
const X_ROLE = `arn:aws:iam::${OTHER}:role/R`;
const X_SESSION: CasePrincipal = { arn: `arn:aws:sts::${OTHER}:assumed-role/R/s`, accountId: OTHER, type: 'assumed-role', roleArn: X_ROLE };
const X_FEDERATED: CasePrincipal = {
  arn: `arn:aws:sts::${OTHER}:federated-user/fed`,
  accountId: OTHER,
  type: 'federated-user',
  sourceUserArn: `arn:aws:iam::${OTHER}:user/fedsource`,
};
const SOMEONE_ELSE = `arn:aws:iam::${ACCT}:user/someone-else`;

// ---------------------------------------------------------------------------------------------
// The quoted sentences.
// ---------------------------------------------------------------------------------------------

const Q = {
  denyEval:
    'Deny evaluation – By default, all requests are denied. ... These include AWS Organizations SCPs and RCPs, resource-based policies, identity-based policies, IAM permissions boundaries, and session policies. In all those policies, the enforcement code looks for a Deny statement that applies to the request. ... If the enforcement code finds even one explicit deny that applies, the enforcement code returns a final decision of Deny.',
  flowIdentity:
    'Identity-based policies – ... If there are no identity-based policies or no statements in identity-based policies that allow the requested action, then the request is implicitly denied and the enforcement code returns a final decision of Deny. If any statement in any applicable identity-based policies allows the requested action, the code evaluation continues.',
  flowBoundary:
    'IAM permissions boundaries – ... If the policy that is used to set the permissions boundary does not allow the requested action, then the request is implicitly denied. The enforcement code returns a final decision of Deny. If there is no permissions boundary, or if the permissions boundary allows the requested action, the code evaluation continues.',
  flowNotSession: 'Session policies – The enforcement code checks whether the principal is a session principal. ... If the principal is not a session principal, the enforcement code returns a final decision of Allow.',
  flowSession:
    'If a session policy is present and does not allow the requested action, then the request is implicitly denied. The enforcement code returns a final decision of Deny. The enforcement code checks whether the principal is a role session. If the principal is a role session, then the request is Allowed. Otherwise, the request is implicitly denied and the enforcement code returns a final decision of Deny. If a session policy is present and allows the requested action, then the enforcement code returns a final decision of Allow.',
  mustGrant:
    'For most resources, you only need an explicit Allow for the principal in either an identity-based policy or a resource-based policy to grant access. IAM role trust policies and KMS key policies are exceptions to this logic, because they must explicitly allow access for principals.',
  user: 'IAM user – Within the same account, resource-based policies that grant permissions to an IAM user ARN (that is not a federated user session) are not limited by an implicit deny in an identity-based policy or permissions boundary.',
  roleSession:
    'IAM role session – Within the same account, resource-based policies that grant permissions to an IAM role session ARN grant permissions directly to the assumed role session. Permissions granted directly to a session are not limited by an implicit deny in an identity-based policy, a permissions boundary, or session policy.',
  role: 'IAM role – Resource-based policies that grant permissions to an IAM role ARN are limited by an implicit deny in a permissions boundary or session policy. You can specify the role ARN in the Principal element or the aws:PrincipalArn condition key. In both cases, the principal that makes the request is the IAM role session.',
  fedSession:
    'AWS STS federated user principal – ... When a federated user makes a request, the principal making the request is the federated user ARN and not the ARN of the IAM user who federated. Within the same account, resource-based policies that grant permissions to a federated user ARN grant permissions directly to the session. Permissions granted directly to a session are not limited by an implicit deny in an identity-based policy, a permissions boundary, or session policy.',
  fedSource:
    'However, if a resource-based policy grants permission to the ARN of the IAM user who federated, then requests made by the federated user during the session are limited by an implicit deny in a permission boundary or session policy.',
  principalArnWildcard:
    'Permissions boundaries and session policies do not limit permissions granted using the aws:PrincipalArn condition key with a wildcard(*) in the Principal element, unless the identity-based policies contain an explicit deny.',
  union: "If either the identity-based policy or the resource-based policy within the same account allows the request and the other doesn't, the request is still allowed.",
  principalElement: 'Use the Principal element in a resource-based JSON policy to specify the principal that is allowed or denied access to a resource.',
  account:
    'You can specify AWS account identifiers in the Principal element of a resource-based policy or in condition keys that support principals. This delegates authority to the account. When you allow access to a different account, an administrator in that account must then grant access to an identity (IAM user or role) in that account.',
  everyone:
    'For resource-based policies, using a wildcard (*) with an Allow effect grants access to all users, including anonymous users (public access). For IAM users and role principals within your account, no other permissions are required. For principals in other accounts, they must also have identity-based permissions in their account that allow them to access your resource.',
  roleArnPrincipal:
    'When you specify a role principal in a resource-based policy, the effective permissions for the principal are limited by any policy types that limit permissions for the role. This includes session policies and permissions boundaries.',
  principalArnRole:
    'Identity-based policy types, such as permissions boundaries or session policies, do not limit permissions granted using the aws:PrincipalArn condition key with a wildcard(*) in the Principal element, unless the identity-based policies contain an explicit deny.',
  sessionArn:
    'A resource-based policy can specify the ARN of the session as a principal. In that case, the permissions from the resource-based policy are added after the session is created. The resource-based policy permissions are not limited by the session policy. The resulting session has all the permissions of the resource-based policy plus the intersection of the identity-based policy and the session policy. ... However, a permissions boundary does not limit permissions granted by a resource-based policy that specifies the ARN of the resulting session.',
  entityArn:
    "A resource-based policy can specify the ARN of the user or role as a principal. In that case, the permissions from the resource-based policy are added to the role or user's identity-based policy before the session is created. The session policy limits the total permissions granted by the resource-based policy and the identity-based policy. The resulting session's permissions are the intersection of the session policies and the resource-based policies plus the intersection of the session policies and identity-based policies.",
  gftNoPolicy: 'This parameter is optional. However, if you do not pass any session policies, then the resulting federated user session has no permissions.',
  gftSessionArn:
    'The resulting credentials can be used to access a resource that has a resource-based policy. If that policy specifically references the federated user session in the Principal element of the policy, the session has the permissions allowed by the policy. These permissions are granted in addition to the permissions that are granted by the session policies.',
  crossIntro:
    "To allow cross-account access, you attach a resource-based policy to the resource that you want to share. You must also attach an identity-based policy to the identity that acts as the principal in the request. The resource-based policy in the trusting account must specify the principal of the trusted account that will have access to the resource. ... The principal's identity-based policy must allow the requested access to the resource in the trusting service.",
  crossTwo:
    'The requesting principal exists in the trusted account (AccountA). When AWS evaluates this account, it checks the identity-based policy and any policies that can limit an identity-based policy. ... The requested resource exists in the trusting account (AccountB). When AWS evaluates this account, it checks the resource-based policy that is attached to the requested resource and any policies that can limit a resource-based policy. ... AWS allows the request only if both account policy evaluations allow the request.',
  assumeSame:
    "To allow a user to assume a role in the same account, you can do either of the following: Attach a policy to the user that allows the user to call AssumeRole (as long as the role's trust policy trusts the account). Add the user as a principal directly in the role's trust policy. You can do either because the role's trust policy acts as an IAM resource-based policy. When a resource-based policy grants access to a principal in the same account, no additional identity-based policy is required.",
  assumeCross:
    "To assume a role from a different account, your AWS account must be trusted by the role. The trust relationship is defined in the role's trust policy when the role is created. That trust policy states which accounts are allowed to delegate that access to users in the account. A user who wants to access a role in a different account must also have permissions that are delegated from the account administrator. The administrator must attach a policy that allows the user to call AssumeRole for the ARN of the role in the other account.",
  trustBoundary:
    "If a user is listed as the principal in a role's trust policy but cannot assume the role, check the user's permissions boundary. If a permissions boundary is set for the user, then it must allow the sts:AssumeRole action.",
  kmsAccount:
    'When the principal in a key policy statement is an account principal expressed as arn:aws:iam::111122223333:root", the policy statement doesn\'t give permission to any IAM principal. Instead, it gives the AWS account permission to use IAM policies to delegate the permissions specified in the key policy.',
  kmsExplicit:
    'No AWS principal, including the account root user or key creator, has any permissions to a KMS key unless they are explicitly allowed, and never denied, in a key policy, IAM policy, or grant. Unless the key policy explicitly allows it, you cannot use IAM policies to allow access to a KMS key. Without permission from the key policy, IAM policies that allow permissions have no effect.',
};

const flowUser = [Q.flowIdentity, Q.flowBoundary, Q.flowNotSession].join(' … ');
const flowSessions = [Q.flowIdentity, Q.flowBoundary, Q.flowSession].join(' … ');
const cite = (source: Source, quote: string): Citation => ({ source, quote });
const gftNone = cite(S.getFederationToken, Q.gftNoPolicy);

// ---------------------------------------------------------------------------------------------
// Same account.
// ---------------------------------------------------------------------------------------------

const SAME_ACCOUNT: Table[] = [
  {
    title: 'IAM user, no resource-based policy',
    principal: USER,
    source: S.denyAllow,
    quote: flowUser,
    rows: [
      ['allow', 'none', '-', 'none', 'Allow'],
      ['allow', 'allow', '-', 'none', 'Allow'],
      ['allow', 'silent', '-', 'none', 'Deny:boundary'],
      ['silent', 'none', '-', 'none', 'Deny:identity'],
      ['silent', 'allow', '-', 'none', 'Deny:identity'],
      ['silent', 'silent', '-', 'none', 'Deny:identity'],
    ],
  },
  {
    title: 'IAM user, resource-based policy names another user',
    principal: USER,
    source: S.denyAllow,
    quote: flowUser,
    seeAlso: [cite(S.principal, Q.principalElement)],
    rows: [
      ['allow', 'none', '-', 'other', 'Allow'],
      ['allow', 'allow', '-', 'other', 'Allow'],
      ['allow', 'silent', '-', 'other', 'Deny:boundary'],
      ['silent', 'none', '-', 'other', 'Deny:identity'],
      ['silent', 'allow', '-', 'other', 'Deny:identity'],
      ['silent', 'silent', '-', 'other', 'Deny:identity'],
    ],
  },
  {
    title: 'IAM user, resource-based policy names the user',
    principal: USER,
    source: S.denyAllow,
    quote: Q.user,
    seeAlso: [cite(S.singleAccount, Q.union)],
    rows: [
      ['allow', 'none', '-', 'self', 'Allow'],
      ['allow', 'allow', '-', 'self', 'Allow'],
      ['allow', 'silent', '-', 'self', 'Allow'],
      ['silent', 'none', '-', 'self', 'Allow'],
      ['silent', 'allow', '-', 'self', 'Allow'],
      ['silent', 'silent', '-', 'self', 'Allow'],
    ],
  },
  {
    title: 'IAM user, resource-based policy names the account, identity policy allows',
    principal: USER,
    source: S.singleAccount,
    quote: Q.union,
    seeAlso: [cite(S.principalAccounts, Q.account), cite(S.denyAllow, flowUser)],
    rows: [
      ['allow', 'none', '-', 'account', 'Allow'],
      ['allow', 'allow', '-', 'account', 'Allow'],
    ],
  },
  {
    title: 'IAM user, resource-based policy names everyone',
    principal: USER,
    source: S.principalAll,
    quote: Q.everyone,
    rows: [
      ['allow', 'none', '-', 'everyone', 'Allow'],
      ['allow', 'allow', '-', 'everyone', 'Allow'],
      ['silent', 'none', '-', 'everyone', 'Allow'],
      ['silent', 'allow', '-', 'everyone', 'Allow'],
    ],
  },
  {
    title: 'IAM user, explicit deny',
    principal: USER,
    source: S.denyAllow,
    quote: Q.denyEval,
    rows: [
      ['allow', 'none', '-', 'self', 'ExplicitDeny:identity', 'identity'],
      ['allow', 'allow', '-', 'self', 'ExplicitDeny:boundary', 'boundary'],
      ['allow', 'none', '-', 'self', 'ExplicitDeny:resource', 'resource'],
    ],
  },
  ...sessionTables(),
  ...federatedTables(),
];

function sessionTables(): Table[] {
  const noGrant = (names: Names): Row[] => [
    ['allow', 'none', 'none', names, 'Allow'],
    ['allow', 'none', 'allow', names, 'Allow'],
    ['allow', 'none', 'silent', names, 'Deny:session'],
    ['allow', 'allow', 'none', names, 'Allow'],
    ['allow', 'allow', 'allow', names, 'Allow'],
    ['allow', 'allow', 'silent', names, 'Deny:session'],
    ['allow', 'silent', 'none', names, 'Deny:boundary'],
    ['allow', 'silent', 'allow', names, 'Deny:boundary'],
    ['allow', 'silent', 'silent', names, 'Deny:boundary'],
    ['silent', 'none', 'none', names, 'Deny:identity'],
    ['silent', 'none', 'allow', names, 'Deny:identity'],
    ['silent', 'none', 'silent', names, 'Deny:identity'],
    ['silent', 'allow', 'none', names, 'Deny:identity'],
    ['silent', 'allow', 'allow', names, 'Deny:identity'],
    ['silent', 'allow', 'silent', names, 'Deny:identity'],
    ['silent', 'silent', 'none', names, 'Deny:identity'],
    ['silent', 'silent', 'allow', names, 'Deny:identity'],
    ['silent', 'silent', 'silent', names, 'Deny:identity'],
  ];
  return [
    { title: 'role session, no resource-based policy', principal: SESSION, source: S.denyAllow, quote: flowSessions, rows: noGrant('none') },
    {
      title: 'role session, resource-based policy names another user',
      principal: SESSION,
      source: S.denyAllow,
      quote: flowSessions,
      seeAlso: [cite(S.principal, Q.principalElement)],
      rows: noGrant('other'),
    },
    {
      title: 'role session, resource-based policy names the session',
      principal: SESSION,
      source: S.denyAllow,
      quote: Q.roleSession,
      seeAlso: [cite(S.sessionPolicies, Q.sessionArn)],
      rows: [
        ['allow', 'none', 'none', 'self', 'Allow'],
        ['allow', 'none', 'allow', 'self', 'Allow'],
        ['allow', 'none', 'silent', 'self', 'Allow'],
        ['allow', 'allow', 'none', 'self', 'Allow'],
        ['allow', 'allow', 'allow', 'self', 'Allow'],
        ['allow', 'allow', 'silent', 'self', 'Allow'],
        ['allow', 'silent', 'none', 'self', 'Allow'],
        ['allow', 'silent', 'allow', 'self', 'Allow'],
        ['allow', 'silent', 'silent', 'self', 'Allow'],
        ['silent', 'none', 'none', 'self', 'Allow'],
        ['silent', 'none', 'allow', 'self', 'Allow'],
        ['silent', 'none', 'silent', 'self', 'Allow'],
        ['silent', 'allow', 'none', 'self', 'Allow'],
        ['silent', 'allow', 'allow', 'self', 'Allow'],
        ['silent', 'allow', 'silent', 'self', 'Allow'],
        ['silent', 'silent', 'none', 'self', 'Allow'],
        ['silent', 'silent', 'allow', 'self', 'Allow'],
        ['silent', 'silent', 'silent', 'self', 'Allow'],
      ],
    },
    {
      title: 'role session, resource-based policy names the role',
      principal: SESSION,
      source: S.denyAllow,
      quote: Q.role,
      seeAlso: [cite(S.sessionPolicies, Q.entityArn), cite(S.principalRoles, Q.roleArnPrincipal), cite(S.singleAccount, Q.union)],
      rows: [
        ['allow', 'none', 'none', 'role', 'Allow'],
        ['allow', 'none', 'allow', 'role', 'Allow'],
        ['allow', 'none', 'silent', 'role', 'Deny:session'],
        ['allow', 'allow', 'none', 'role', 'Allow'],
        ['allow', 'allow', 'allow', 'role', 'Allow'],
        ['allow', 'allow', 'silent', 'role', 'Deny:session'],
        ['allow', 'silent', 'none', 'role', 'Deny:boundary'],
        ['allow', 'silent', 'allow', 'role', 'Deny:boundary'],
        ['allow', 'silent', 'silent', 'role', 'Deny'],
        ['silent', 'none', 'none', 'role', 'Allow'],
        ['silent', 'none', 'allow', 'role', 'Allow'],
        ['silent', 'none', 'silent', 'role', 'Deny'],
        ['silent', 'allow', 'none', 'role', 'Allow'],
        ['silent', 'allow', 'allow', 'role', 'Allow'],
        ['silent', 'allow', 'silent', 'role', 'Deny'],
        ['silent', 'silent', 'none', 'role', 'Deny'],
        ['silent', 'silent', 'allow', 'role', 'Deny'],
        ['silent', 'silent', 'silent', 'role', 'Deny'],
      ],
    },
    {
      title: 'role session, resource-based policy names the account, identity policy allows',
      principal: SESSION,
      source: S.singleAccount,
      quote: Q.union,
      seeAlso: [cite(S.principalAccounts, Q.account), cite(S.denyAllow, flowSessions)],
      rows: [
        ['allow', 'none', 'none', 'account', 'Allow'],
        ['allow', 'none', 'allow', 'account', 'Allow'],
        ['allow', 'allow', 'none', 'account', 'Allow'],
        ['allow', 'allow', 'allow', 'account', 'Allow'],
      ],
    },
    {
      title: 'role session, resource-based policy names everyone',
      principal: SESSION,
      source: S.principalAll,
      quote: Q.everyone,
      rows: [
        ['allow', 'none', 'none', 'everyone', 'Allow'],
        ['allow', 'none', 'allow', 'everyone', 'Allow'],
        ['allow', 'allow', 'none', 'everyone', 'Allow'],
        ['allow', 'allow', 'allow', 'everyone', 'Allow'],
        ['silent', 'none', 'none', 'everyone', 'Allow'],
        ['silent', 'none', 'allow', 'everyone', 'Allow'],
        ['silent', 'allow', 'none', 'everyone', 'Allow'],
        ['silent', 'allow', 'allow', 'everyone', 'Allow'],
      ],
    },
    {
      title: 'role session, resource-based policy names everyone on condition aws:PrincipalArn is the role',
      principal: SESSION,
      source: S.denyAllow,
      quote: Q.principalArnWildcard,
      seeAlso: [cite(S.principalRoles, Q.principalArnRole)],
      rows: [
        ['allow', 'none', 'none', 'everyone-if-role-arn', 'Allow'],
        ['allow', 'none', 'allow', 'everyone-if-role-arn', 'Allow'],
        ['allow', 'none', 'silent', 'everyone-if-role-arn', 'Allow'],
        ['allow', 'allow', 'none', 'everyone-if-role-arn', 'Allow'],
        ['allow', 'allow', 'allow', 'everyone-if-role-arn', 'Allow'],
        ['allow', 'allow', 'silent', 'everyone-if-role-arn', 'Allow'],
        ['allow', 'silent', 'none', 'everyone-if-role-arn', 'Allow'],
        ['allow', 'silent', 'allow', 'everyone-if-role-arn', 'Allow'],
        ['allow', 'silent', 'silent', 'everyone-if-role-arn', 'Allow'],
        ['silent', 'none', 'none', 'everyone-if-role-arn', 'Allow'],
        ['silent', 'none', 'allow', 'everyone-if-role-arn', 'Allow'],
        ['silent', 'none', 'silent', 'everyone-if-role-arn', 'Allow'],
        ['silent', 'allow', 'none', 'everyone-if-role-arn', 'Allow'],
        ['silent', 'allow', 'allow', 'everyone-if-role-arn', 'Allow'],
        ['silent', 'allow', 'silent', 'everyone-if-role-arn', 'Allow'],
        ['silent', 'silent', 'none', 'everyone-if-role-arn', 'Allow'],
        ['silent', 'silent', 'allow', 'everyone-if-role-arn', 'Allow'],
        ['silent', 'silent', 'silent', 'everyone-if-role-arn', 'Allow'],
        ['silent', 'silent', 'silent', 'everyone-if-role-arn', 'ExplicitDeny:identity', 'identity'],
      ],
    },
    {
      title: 'role session, explicit deny',
      principal: SESSION,
      source: S.denyAllow,
      quote: Q.denyEval,
      rows: [
        ['allow', 'none', 'none', 'self', 'ExplicitDeny:identity', 'identity'],
        ['allow', 'allow', 'none', 'self', 'ExplicitDeny:boundary', 'boundary'],
        ['allow', 'none', 'allow', 'self', 'ExplicitDeny:session', 'session'],
        ['allow', 'none', 'none', 'self', 'ExplicitDeny:resource', 'resource'],
      ],
    },
  ];
}

function federatedTables(): Table[] {
  const noGrant = (names: Names): Row[] => [
    ['allow', 'none', 'none', names, 'Deny:session'],
    ['allow', 'none', 'allow', names, 'Allow'],
    ['allow', 'none', 'silent', names, 'Deny:session'],
    ['allow', 'allow', 'none', names, 'Deny:session'],
    ['allow', 'allow', 'allow', names, 'Allow'],
    ['allow', 'allow', 'silent', names, 'Deny:session'],
    ['allow', 'silent', 'none', names, 'Deny:boundary'],
    ['allow', 'silent', 'allow', names, 'Deny:boundary'],
    ['allow', 'silent', 'silent', names, 'Deny:boundary'],
    ['silent', 'none', 'none', names, 'Deny:identity'],
    ['silent', 'none', 'allow', names, 'Deny:identity'],
    ['silent', 'none', 'silent', names, 'Deny:identity'],
    ['silent', 'allow', 'none', names, 'Deny:identity'],
    ['silent', 'allow', 'allow', names, 'Deny:identity'],
    ['silent', 'allow', 'silent', names, 'Deny:identity'],
    ['silent', 'silent', 'none', names, 'Deny:identity'],
    ['silent', 'silent', 'allow', names, 'Deny:identity'],
    ['silent', 'silent', 'silent', names, 'Deny:identity'],
  ];
  return [
    { title: 'federated user, no resource-based policy', principal: FEDERATED, source: S.denyAllow, quote: flowSessions, seeAlso: [gftNone], rows: noGrant('none') },
    {
      title: 'federated user, resource-based policy names another user',
      principal: FEDERATED,
      source: S.denyAllow,
      quote: flowSessions,
      seeAlso: [gftNone, cite(S.principal, Q.principalElement)],
      rows: noGrant('other'),
    },
    {
      title: 'federated user, resource-based policy names the federated user session',
      principal: FEDERATED,
      source: S.denyAllow,
      quote: Q.fedSession,
      seeAlso: [cite(S.getFederationToken, Q.gftSessionArn), cite(S.sessionPolicies, Q.sessionArn)],
      rows: [
        ['allow', 'none', 'none', 'self', 'Allow'],
        ['allow', 'none', 'allow', 'self', 'Allow'],
        ['allow', 'none', 'silent', 'self', 'Allow'],
        ['allow', 'allow', 'none', 'self', 'Allow'],
        ['allow', 'allow', 'allow', 'self', 'Allow'],
        ['allow', 'allow', 'silent', 'self', 'Allow'],
        ['allow', 'silent', 'none', 'self', 'Allow'],
        ['allow', 'silent', 'allow', 'self', 'Allow'],
        ['allow', 'silent', 'silent', 'self', 'Allow'],
        ['silent', 'none', 'none', 'self', 'Allow'],
        ['silent', 'none', 'allow', 'self', 'Allow'],
        ['silent', 'none', 'silent', 'self', 'Allow'],
        ['silent', 'allow', 'none', 'self', 'Allow'],
        ['silent', 'allow', 'allow', 'self', 'Allow'],
        ['silent', 'allow', 'silent', 'self', 'Allow'],
        ['silent', 'silent', 'none', 'self', 'Allow'],
        ['silent', 'silent', 'allow', 'self', 'Allow'],
        ['silent', 'silent', 'silent', 'self', 'Allow'],
      ],
    },
    {
      title: 'federated user, resource-based policy names the IAM user who federated',
      principal: FEDERATED,
      source: S.denyAllow,
      quote: Q.fedSource,
      seeAlso: [cite(S.getFederationToken, Q.gftNoPolicy), cite(S.sessionPolicies, Q.entityArn)],
      rows: [
        ['allow', 'none', 'none', 'fed-source', 'Deny:session'],
        ['allow', 'none', 'allow', 'fed-source', 'Allow'],
        ['allow', 'none', 'silent', 'fed-source', 'Deny:session'],
        ['allow', 'allow', 'none', 'fed-source', 'Deny:session'],
        ['allow', 'allow', 'allow', 'fed-source', 'Allow'],
        ['allow', 'allow', 'silent', 'fed-source', 'Deny:session'],
        ['allow', 'silent', 'none', 'fed-source', 'Deny'],
        ['allow', 'silent', 'allow', 'fed-source', 'Deny:boundary'],
        ['allow', 'silent', 'silent', 'fed-source', 'Deny'],
        ['silent', 'none', 'none', 'fed-source', 'Deny'],
        ['silent', 'none', 'allow', 'fed-source', 'Allow'],
        ['silent', 'none', 'silent', 'fed-source', 'Deny'],
        ['silent', 'allow', 'none', 'fed-source', 'Deny'],
        ['silent', 'allow', 'allow', 'fed-source', 'Allow'],
        ['silent', 'allow', 'silent', 'fed-source', 'Deny'],
        ['silent', 'silent', 'none', 'fed-source', 'Deny'],
        ['silent', 'silent', 'allow', 'fed-source', 'Deny'],
        ['silent', 'silent', 'silent', 'fed-source', 'Deny'],
      ],
    },
    {
      title: 'federated user, resource-based policy names the account, identity and session policies allow',
      principal: FEDERATED,
      source: S.singleAccount,
      quote: Q.union,
      seeAlso: [cite(S.principalAccounts, Q.account), cite(S.denyAllow, flowSessions)],
      rows: [
        ['allow', 'none', 'allow', 'account', 'Allow'],
        ['allow', 'allow', 'allow', 'account', 'Allow'],
      ],
    },
    {
      title: 'federated user, explicit deny',
      principal: FEDERATED,
      source: S.denyAllow,
      quote: Q.denyEval,
      rows: [
        ['allow', 'none', 'allow', 'self', 'ExplicitDeny:identity', 'identity'],
        ['allow', 'allow', 'allow', 'self', 'ExplicitDeny:boundary', 'boundary'],
        ['allow', 'none', 'allow', 'self', 'ExplicitDeny:session', 'session'],
        ['allow', 'none', 'allow', 'self', 'ExplicitDeny:resource', 'resource'],
      ],
    },
  ];
}

// ---------------------------------------------------------------------------------------------
// Cross account: the caller is in OTHER, the resource in ACCT.
// ---------------------------------------------------------------------------------------------

const crossCite = [cite(S.crossAccount, Q.crossTwo)];
const grantedCross = (names: Names): Row[] => [
  ['allow', 'none', '-', names, 'Allow'],
  ['allow', 'allow', '-', names, 'Allow'],
  ['allow', 'silent', '-', names, 'Deny:boundary'],
  ['silent', 'none', '-', names, 'Deny:identity'],
  ['silent', 'allow', '-', names, 'Deny:identity'],
  ['silent', 'silent', '-', names, 'Deny:identity'],
];
const notGrantedCross = (names: Names): Row[] => [
  ['allow', 'none', '-', names, 'Deny:resource'],
  ['allow', 'allow', '-', names, 'Deny:resource'],
  ['allow', 'silent', '-', names, 'Deny'],
  ['silent', 'none', '-', names, 'Deny'],
  ['silent', 'allow', '-', names, 'Deny'],
  ['silent', 'silent', '-', names, 'Deny'],
];
const grantedSessionCross = (names: Names): Row[] => [
  ['allow', 'none', 'none', names, 'Allow'],
  ['allow', 'none', 'allow', names, 'Allow'],
  ['allow', 'none', 'silent', names, 'Deny:session'],
  ['silent', 'none', 'none', names, 'Deny:identity'],
  ['silent', 'none', 'allow', names, 'Deny:identity'],
  ['silent', 'none', 'silent', names, 'Deny:identity'],
];

const CROSS_ACCOUNT: Table[] = [
  { title: 'cross account IAM user, resource-based policy names the user', principal: X_USER, cross: true, source: S.crossAccount, quote: Q.crossIntro, seeAlso: crossCite, rows: grantedCross('self') },
  {
    title: 'cross account IAM user, resource-based policy names the user account',
    principal: X_USER,
    cross: true,
    source: S.principalAccounts,
    quote: Q.account,
    seeAlso: [cite(S.crossAccount, Q.crossIntro), ...crossCite],
    rows: grantedCross('account'),
  },
  {
    title: 'cross account IAM user, resource-based policy names everyone',
    principal: X_USER,
    cross: true,
    source: S.principalAll,
    quote: Q.everyone,
    seeAlso: crossCite,
    rows: grantedCross('everyone'),
  },
  { title: 'cross account IAM user, no resource-based policy', principal: X_USER, cross: true, source: S.crossAccount, quote: Q.crossIntro, seeAlso: crossCite, rows: notGrantedCross('none') },
  {
    title: 'cross account IAM user, resource-based policy names a user of the resource account',
    principal: X_USER,
    cross: true,
    source: S.crossAccount,
    quote: Q.crossIntro,
    seeAlso: crossCite,
    rows: notGrantedCross('other'),
  },
  {
    title: 'cross account role session, resource-based policy names the session',
    principal: X_SESSION,
    cross: true,
    source: S.crossAccount,
    quote: Q.crossTwo,
    seeAlso: [cite(S.crossAccount, Q.crossIntro), cite(S.denyAllow, flowSessions)],
    rows: [
      ...grantedSessionCross('self'),
      ['allow', 'allow', 'none', 'self', 'Allow'],
      ['allow', 'silent', 'none', 'self', 'Deny:boundary'],
    ],
  },
  {
    title: 'cross account role session, resource-based policy names the role',
    principal: X_SESSION,
    cross: true,
    source: S.crossAccount,
    quote: Q.crossTwo,
    seeAlso: [cite(S.denyAllow, Q.role), cite(S.denyAllow, flowSessions)],
    rows: grantedSessionCross('role'),
  },
  {
    title: 'cross account role session, resource-based policy names the account',
    principal: X_SESSION,
    cross: true,
    source: S.crossAccount,
    quote: Q.crossTwo,
    seeAlso: [cite(S.principalAccounts, Q.account), cite(S.denyAllow, flowSessions)],
    rows: grantedSessionCross('account'),
  },
  {
    title: 'cross account role session, no resource-based policy',
    principal: X_SESSION,
    cross: true,
    source: S.crossAccount,
    quote: Q.crossIntro,
    seeAlso: [cite(S.crossAccount, Q.crossTwo), cite(S.denyAllow, flowSessions)],
    rows: [
      ['allow', 'none', 'none', 'none', 'Deny:resource'],
      ['allow', 'none', 'allow', 'none', 'Deny:resource'],
      ['allow', 'none', 'silent', 'none', 'Deny'],
      ['silent', 'none', 'none', 'none', 'Deny'],
      ['silent', 'none', 'allow', 'none', 'Deny'],
      ['silent', 'none', 'silent', 'none', 'Deny'],
    ],
  },
  {
    title: 'cross account federated user, identity and session policies allow',
    principal: X_FEDERATED,
    cross: true,
    source: S.crossAccount,
    quote: Q.crossIntro,
    seeAlso: [cite(S.crossAccount, Q.crossTwo), cite(S.denyAllow, flowSessions)],
    rows: [
      ['allow', 'none', 'allow', 'self', 'Allow'],
      ['allow', 'none', 'allow', 'account', 'Allow'],
      ['allow', 'none', 'allow', 'none', 'Deny:resource'],
    ],
  },
  {
    title: 'cross account IAM user, explicit deny',
    principal: X_USER,
    cross: true,
    source: S.denyAllow,
    quote: Q.denyEval,
    seeAlso: crossCite,
    rows: [
      ['allow', 'none', '-', 'self', 'ExplicitDeny:identity', 'identity'],
      ['allow', 'allow', '-', 'self', 'ExplicitDeny:boundary', 'boundary'],
      ['allow', 'none', '-', 'self', 'ExplicitDeny:resource', 'resource'],
    ],
  },
];

// ---------------------------------------------------------------------------------------------
// Policies that must grant explicitly: role trust policies (sts:AssumeRole) and KMS key policies.
// ---------------------------------------------------------------------------------------------

const MUST_GRANT: Table[] = [
  {
    title: 'role trust policy, same account IAM user',
    principal: USER,
    target: ASSUME,
    source: S.stsAssumeRoleTrust,
    quote: Q.assumeSame,
    rows: [
      ['silent', 'none', '-', 'self', 'Allow'],
      ['allow', 'none', '-', 'self', 'Allow'],
      ['allow', 'none', '-', 'account', 'Allow'],
    ],
  },
  {
    title: 'role trust policy, same account IAM user not named',
    principal: USER,
    target: ASSUME,
    source: S.denyAllow,
    quote: Q.mustGrant,
    rows: [['allow', 'none', '-', 'other', 'Deny:resource']],
  },
  {
    title: 'role trust policy names the user, permissions boundary',
    principal: USER,
    target: ASSUME,
    source: S.updateTrust,
    quote: Q.trustBoundary,
    rows: [
      ['silent', 'allow', '-', 'self', 'Allow'],
      ['silent', 'silent', '-', 'self', 'Deny:boundary'],
      ['allow', 'silent', '-', 'self', 'Deny:boundary'],
    ],
  },
  {
    title: 'role trust policy names the account, permissions boundary',
    principal: USER,
    target: ASSUME,
    source: S.stsAssumeRoleTrust,
    quote: Q.assumeSame,
    seeAlso: [cite(S.denyAllow, flowUser)],
    rows: [
      ['allow', 'allow', '-', 'account', 'Allow'],
      ['allow', 'silent', '-', 'account', 'Deny:boundary'],
    ],
  },
  {
    title: 'role trust policy, cross account IAM user',
    principal: X_USER,
    cross: true,
    target: ASSUME,
    source: S.stsAssumeRoleTrust,
    quote: Q.assumeCross,
    seeAlso: [cite(S.crossAccount, Q.crossTwo)],
    rows: [
      ['allow', 'none', '-', 'account', 'Allow'],
      ['silent', 'none', '-', 'account', 'Deny:identity'],
      ['allow', 'none', '-', 'self', 'Allow'],
      ['silent', 'none', '-', 'self', 'Deny:identity'],
      ['allow', 'none', '-', 'other', 'Deny:resource'],
    ],
  },
  {
    title: 'KMS key policy names the account',
    principal: USER,
    target: KEY,
    source: S.kmsKeyPolicyElements,
    quote: Q.kmsAccount,
    seeAlso: [cite(S.denyAllow, flowUser)],
    rows: [
      ['allow', 'none', '-', 'account', 'Allow'],
      ['allow', 'allow', '-', 'account', 'Allow'],
      ['allow', 'silent', '-', 'account', 'Deny:boundary'],
      ['silent', 'none', '-', 'account', 'Deny:identity'],
      ['silent', 'allow', '-', 'account', 'Deny:identity'],
    ],
  },
  {
    title: 'KMS key policy names the account, role session',
    principal: SESSION,
    target: KEY,
    source: S.kmsKeyPolicyElements,
    quote: Q.kmsAccount,
    seeAlso: [cite(S.denyAllow, flowSessions)],
    rows: [
      ['allow', 'none', 'none', 'account', 'Allow'],
      ['allow', 'none', 'allow', 'account', 'Allow'],
      ['allow', 'none', 'silent', 'account', 'Deny:session'],
      ['silent', 'none', 'none', 'account', 'Deny:identity'],
    ],
  },
  {
    title: 'KMS key policy names the account, federated user',
    principal: FEDERATED,
    target: KEY,
    source: S.kmsKeyPolicyElements,
    quote: Q.kmsAccount,
    seeAlso: [cite(S.denyAllow, flowSessions), gftNone],
    rows: [
      ['allow', 'none', 'allow', 'account', 'Allow'],
      ['allow', 'none', 'none', 'account', 'Deny:session'],
    ],
  },
  {
    title: 'KMS key policy',
    principal: USER,
    target: KEY,
    source: S.kmsKeyPolicies,
    quote: Q.kmsExplicit,
    rows: [
      ['allow', 'none', '-', 'other', 'Deny:resource'],
      ['silent', 'none', '-', 'self', 'Allow'],
      ['allow', 'none', '-', 'self', 'ExplicitDeny:identity', 'identity'],
    ],
  },
];

// ---------------------------------------------------------------------------------------------
// Building the cases.
// ---------------------------------------------------------------------------------------------

const ONLY_SQS = doc(allow('sqs:*'));
const capDoc = (c: Cap, denyHere: boolean, action: string): Doc | undefined => {
  if (c === 'none') return undefined;
  const base = c === 'allow' ? ALLOW_ALL : ONLY_SQS;
  return denyHere ? doc(...(base.Statement as Doc[]), deny(action)) : base;
};

/** The account is named by id in same-account S3 policies and by account ARN otherwise (both "delegate permissions to the account"). */
function principalEntry(names: Names, p: CasePrincipal, t: Target): string | undefined {
  switch (names) {
    case 'self':
      return p.arn;
    case 'role':
      return p.roleArn;
    case 'fed-source':
      return p.sourceUserArn;
    case 'account':
      return p.accountId === ACCT && !t.mustGrant ? ACCT : `arn:aws:iam::${p.accountId}:root`;
    case 'other':
      return SOMEONE_ELSE;
    default:
      return undefined;
  }
}

function resourcePolicy(names: Names, p: CasePrincipal, t: Target, denyHere: boolean): Doc | undefined {
  const res = t.policyResource ? { Resource: t.policyResource } : {};
  const stmts: Doc[] = [];
  if (names === 'everyone') stmts.push({ Effect: 'Allow', Principal: '*', Action: t.action, ...res });
  else if (names === 'everyone-if-role-arn') {
    stmts.push({ Effect: 'Allow', Principal: '*', Action: t.action, ...res, Condition: { ArnEquals: { 'aws:PrincipalArn': p.roleArn } } });
  } else {
    const entry = principalEntry(names, p, t);
    if (entry !== undefined) stmts.push({ Effect: 'Allow', Principal: { AWS: entry }, Action: t.action, ...res });
  }
  if (denyHere) stmts.push({ Effect: 'Deny', Principal: '*', Action: t.action, ...res });
  return stmts.length ? doc(...stmts) : undefined;
}

function expectOf(out: Out): Expect {
  const [decision, by] = out.split(':') as [string, string | undefined];
  if (decision === 'Allow') return { decision: 'Allow' };
  const kind = decision === 'ExplicitDeny' ? 'ExplicitDeny' : 'ImplicitDeny';
  return by ? { decision: kind, deniedBy: by } : { decision: kind };
}

const ID_WORDS: Record<Id, string> = { allow: 'allows', silent: 'does not allow' };
const CAP_WORDS: Record<Cap, string> = { none: 'none', allow: 'allows', silent: 'does not allow' };
const NAMES_WORDS: Record<Names, string> = {
  none: 'absent',
  self: 'names the caller',
  role: 'names the role',
  'fed-source': 'names the IAM user who federated',
  account: 'names the account',
  everyone: 'names everyone',
  'everyone-if-role-arn': 'names everyone if aws:PrincipalArn is the role',
  other: 'names someone else',
};

function casesOf(tables: readonly Table[]): EvalCase[] {
  const out: EvalCase[] = [];
  for (const t of tables) {
    const target = t.target ?? S3;
    t.rows.forEach(([id, boundary, session, names, result, denyIn], i) => {
      const identityAllow =
        target.action === 's3:GetObject' ? allow('s3:GetObject', 'arn:aws:s3:::bucket/*') : allow(target.action, target.resource);
      const identity = doc(...(id === 'allow' ? [identityAllow] : [allow('sqs:*')]), ...(denyIn === 'identity' ? [deny(target.action)] : []));
      const policies: CasePolicies = { identity: [identity] };
      const b = capDoc(boundary, denyIn === 'boundary', target.action);
      if (b) policies.boundary = b;
      const s = session === '-' ? undefined : capDoc(session, denyIn === 'session', target.action);
      if (s) policies.session = [s];
      const r = resourcePolicy(names, t.principal, target, denyIn === 'resource');
      if (r) policies.resource = r;
      if (target.mustGrant) policies.resourceKind = 'trust';
      const sessionWords = session === '-' ? '' : `, session policy ${CAP_WORDS[session]}`;
      const denyWords = denyIn ? `, explicit deny in the ${denyIn} policy` : '';
      const context = names === 'everyone-if-role-arn' && t.principal.roleArn ? { 'aws:PrincipalArn': t.principal.roleArn } : undefined;
      const disagreement = t.engineDisagrees?.[i];
      out.push({
        name: `${t.title}: identity policy ${ID_WORDS[id]}, boundary ${CAP_WORDS[boundary]}${sessionWords}, ${target.what} ${NAMES_WORDS[names]}${denyWords} -> ${result}`,
        source: t.source,
        quote: t.quote,
        ...(t.seeAlso ? { seeAlso: t.seeAlso } : {}),
        policies,
        request: {
          principal: t.principal,
          action: target.action,
          resource: target.resource,
          ...(t.cross ? { resourceAccountId: ACCT } : {}),
          ...(context ? { context } : {}),
        },
        expect: expectOf(result),
        ...(disagreement ? { engineDisagrees: disagreement } : {}),
      });
    });
  }
  return out;
}

/** Same-account requests of IAM users, role sessions and federated users (S3 object, resource policy). */
export function sameAccountCases(): EvalCase[] {
  return casesOf(SAME_ACCOUNT);
}

/** Cross-account requests: the caller in OTHER, the resource and its policy in ACCT. */
export function crossAccountCases(): EvalCase[] {
  return casesOf(CROSS_ACCOUNT);
}

/** Role trust policies and KMS key policies, which must grant explicitly. */
export function mustGrantCases(): EvalCase[] {
  return casesOf(MUST_GRANT);
}
