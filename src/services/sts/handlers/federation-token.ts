/**
 * STS GetFederationToken: a federated-user session (`arn:aws:sts::ACCT:federated-user/NAME`, user id
 * `ACCT:NAME`) whose permissions are the intersection of the calling user's policies and the session
 * policies passed (none passed: no permissions). `sts:GetFederationToken` on the federated-user
 * resource is authorized by the chain. Duration 900..129600 s (default 43200), root at most 3600.
 */
import type { Handler } from '../../../protocol/service-definition.js';
import type { GetFederationTokenRequest, GetFederationTokenResponse } from '../api.generated.js';
import type { StsDeps } from '../deps.js';
import { issueCredentials } from '../session/issue-credentials.js';
import { sessionInputs } from '../session/session-policies.js';
import { nameOfArn } from '../../../authz/caller-policies.js';
import { canonicalArn } from '../../../shared/arn.js';

export function getFederationToken(deps: StsDeps): Handler<GetFederationTokenRequest, GetFederationTokenResponse> {
  return async (input, ctx) => {
    const caller = ctx.caller;
    const p = caller.principal;
    const session = sessionInputs(input.Policy, input.PolicyArns, input.Tags, undefined);
    const requested = input.DurationSeconds ?? 43200;
    const duration = p.type === 'root' ? Math.min(requested, 3600) : requested;
    const arn = canonicalArn('sts', '', p.accountId, `federated-user/${input.Name}`);
    const userId = `${p.accountId}:${input.Name}`;
    const credentials = await issueCredentials(deps.store, {
      kind: 'federation',
      accountId: p.accountId,
      principalType: 'federated-user',
      arn,
      userId,
      issuedAt: ctx.caller.now,
      expiresAt: ctx.caller.now + duration * 1000,
      sourceUserArn: p.arn,
      // The federating user's unique id: a user deleted and recreated under the same name is someone else.
      ...(p.type === 'user' ? { sourceUserId: p.userId } : {}),
      ...(p.type === 'user' ? { userName: nameOfArn(p.arn) } : {}),
      ...(session.policy !== undefined ? { policy: session.policy } : {}),
      ...(session.policyArns ? { policyArns: session.policyArns } : {}),
      ...(session.tags ? { tags: session.tags } : {}),
    });
    return {
      Credentials: credentials,
      FederatedUser: { FederatedUserId: userId, Arn: arn },
      ...(session.packedPolicySize !== undefined ? { PackedPolicySize: session.packedPolicySize } : {}),
    };
  };
}
