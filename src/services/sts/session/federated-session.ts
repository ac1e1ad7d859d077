/** The role session AssumeRoleWithSAML and AssumeRoleWithWebIdentity issue once the trust decision allowed it. */
import type { Store } from '../../../storage/types.js';
import type { SessionDraft } from './issue-credentials.js';
import { issueCredentials } from './issue-credentials.js';
import { roleSessionIdentity } from './role-session.js';
import type { SessionInputs } from './session-policies.js';

export interface FederatedSessionRequest {
  readonly accountId: string;
  readonly role: { readonly name: string; readonly path: string; readonly id?: string };
  readonly sessionName: string;
  readonly issuedAt: number;
  readonly expiresAt: number;
  readonly session: SessionInputs;
  readonly sourceIdentity?: string;
  /** The federation's keys the session keeps for permission policies (`saml:sub`, `<provider>:sub`, ...). */
  readonly federationKeys: SessionDraft['federationKeys'];
  readonly federatedProvider?: string;
}

/** Issues the assumed-role session; answers its credentials and AssumedRoleUser. */
export async function issueFederatedSession(store: Store, r: FederatedSessionRequest) {
  const { roleArn, arn, userId } = roleSessionIdentity(r.accountId, r.role, r.sessionName);
  const { session } = r;
  const credentials = await issueCredentials(store, {
    kind: 'assume-role',
    accountId: r.accountId,
    principalType: 'assumed-role',
    arn,
    userId,
    issuedAt: r.issuedAt,
    expiresAt: r.expiresAt,
    roleArn,
    roleName: r.role.name,
    sessionName: r.sessionName,
    ...(session.policy !== undefined ? { policy: session.policy } : {}),
    ...(session.policyArns ? { policyArns: session.policyArns } : {}),
    ...(session.tags ? { tags: session.tags } : {}),
    ...(session.transitiveTagKeys?.length ? { transitiveTagKeys: session.transitiveTagKeys } : {}),
    ...(r.sourceIdentity !== undefined ? { sourceIdentity: r.sourceIdentity } : {}),
    federationKeys: r.federationKeys,
    ...(r.federatedProvider !== undefined ? { federatedProvider: r.federatedProvider } : {}),
  });
  return { credentials, assumedRoleUser: { AssumedRoleId: userId, Arn: arn } };
}
