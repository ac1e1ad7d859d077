import type { Handler } from '../../../protocol/service-definition.js';

/** Output of GetCallerIdentity (model: sts GetCallerIdentityResponse). */
export interface GetCallerIdentityOutput {
  readonly UserId: string;
  readonly Account: string;
  readonly Arn: string;
}

/**
 * STS GetCallerIdentity: who signed this request. AWS answers it for every valid credential,
 * whatever the policies say (no permission is needed to call it).
 */
export const getCallerIdentity: Handler<Record<string, never>, GetCallerIdentityOutput> = (_input, ctx) => ({
  UserId: ctx.caller.principal.userId,
  Account: ctx.caller.principal.accountId,
  Arn: ctx.caller.principal.arn,
});
