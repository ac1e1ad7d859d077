/**
 * STS GetSessionToken: temporary credentials with the caller's own permissions (IAM user or root),
 * typically to add MFA context. Duration 900..129600 s, default 43200; root sessions at most 3600
 * ("Sessions for AWS account owners are restricted to a maximum of 3,600 seconds"). Session
 * credentials cannot call it (the STS rules' sessionLimits, sts/authz.ts).
 */
import type { Handler } from '../../../protocol/service-definition.js';
import type { GetSessionTokenRequest, GetSessionTokenResponse } from '../api.generated.js';
import type { StsDeps } from '../deps.js';
import { issueCredentials } from '../session/issue-credentials.js';
import { checkMfa } from '../session/mfa.js';
import { nameOfArn } from '../../../authz/caller-policies.js';

export function getSessionToken(deps: StsDeps): Handler<GetSessionTokenRequest, GetSessionTokenResponse> {
  return async (input, ctx) => {
    const caller = ctx.caller;
    const p = caller.principal;
    const mfaAt = await checkMfa(deps, caller, input.SerialNumber, input.TokenCode, ctx.caller.now);
    const requested = input.DurationSeconds ?? 43200;
    const duration = p.type === 'root' ? Math.min(requested, 3600) : requested;
    const credentials = await issueCredentials(deps.store, {
      kind: 'session-token',
      accountId: p.accountId,
      principalType: p.type === 'root' ? 'root' : 'user',
      arn: p.arn,
      userId: p.userId,
      issuedAt: ctx.caller.now,
      expiresAt: ctx.caller.now + duration * 1000,
      ...(p.type === 'user' ? { userName: nameOfArn(p.arn) } : {}),
      ...(mfaAt !== undefined ? { mfaAuthenticatedAt: mfaAt } : {}),
    });
    return { Credentials: credentials };
  };
}
