/**
 * STS AssumeRole ("AssumeRole API reference", "Role chaining", "Passing session tags in AWS STS"):
 * one evaluation of `sts:AssumeRole` (plus `sts:TagSession` / `sts:SetSourceIdentity` when tags or a
 * source identity are passed) with the role's trust policy as resource policy and the caller's
 * identity policies, after the MFA check; then the duration limits; then a session with the role's
 * permissions only (the caller's are abandoned).
 */
import type { AuthzCheck } from '../../../authz/authorizer.js';
import { compilePolicyJson, type ContextValue } from '../../../policy/index.js';
import { actionInfo } from '../../../authz/catalog/action-catalog.js';
import { requestConditionKeys } from '../../../authz/request/request-keys.js';
import type { Handler, HandlerContext } from '../../../protocol/service-definition.js';
import type { AssumeRoleRequest, AssumeRoleResponse } from '../api.generated.js';
import type { StsDeps } from '../deps.js';
import { stsAccessDenied, validationError } from '../errors.js';
import { issueCredentials } from '../session/issue-credentials.js';
import { sessionInputs } from '../session/session-policies.js';
import { checkMfa } from '../session/mfa.js';
import { roleSessionIdentity } from '../session/role-session.js';

const ROLE_ARN = /^arn:aws:iam::(\d{12}):role(\/(?:[\x21-\x7e]*\/)?)([\w+=,.@-]+)$/;
const STS = { prefix: 'sts', protocol: 'query' } as const;
/** A trust policy that trusts nobody: stands in for a role that does not exist (no existence leak). */
const NOBODY = compilePolicyJson('{"Version":"2012-10-17","Statement":[]}', 'trust', 'resource', { kind: 'trust' })!;

/** A stable AROA id for a role whose source does not report one. */
export { derivedRoleId } from '../session/role-session.js';

export function assumeRole(deps: StsDeps): Handler<AssumeRoleRequest, AssumeRoleResponse> {
  return async (input, ctx: HandlerContext) => {
    const caller = ctx.caller;
    if (caller.principal.type === 'root') throw stsAccessDenied('Roles may not be assumed by root accounts.');
    const m = ROLE_ARN.exec(input.RoleArn);
    const roleAccount = m?.[1] ?? caller.principal.accountId;
    // The ARN must name the role exactly (stored path and name, in their case): `role/adminrole`
    // or `role/sandbox/AdminRole` does not name `role/AdminRole`, so that role "does not exist".
    const found = m ? await deps.authorizer.pip.entity('role', roleAccount, m[3]!) : undefined;
    const role = found && found.path === m![2] && found.name === m![3] ? found : undefined;

    const mfaAt = await checkMfa(deps, caller, input.SerialNumber, input.TokenCode, ctx.caller.now);
    const s = caller.session;
    const inheritedTags: Record<string, string> = {};
    for (const k of s?.transitiveTagKeys ?? []) if (s?.tags?.[k] !== undefined) inheritedTags[k] = s.tags[k]!;
    const session = sessionInputs(input.Policy, input.PolicyArns, input.Tags, input.TransitiveTagKeys, inheritedTags);
    if (s?.sourceIdentity !== undefined && input.SourceIdentity !== undefined && input.SourceIdentity !== s.sourceIdentity) {
      throw stsAccessDenied('SourceIdentity cannot be changed once set: the source identity of the calling session is passed on.');
    }
    const sourceIdentity = s?.sourceIdentity ?? input.SourceIdentity;

    // One context for every check: the request's keys, the role's tags, and MFA as of this call.
    const context: Record<string, ContextValue> = { ...requestConditionKeys('sts', actionInfo('sts', 'AssumeRole')!, input as unknown as Record<string, unknown>) };
    for (const [k, v] of Object.entries({ ...inheritedTags, ...(session.tags ?? {}) })) context[`aws:RequestTag/${k}`] = v;
    if (session.tags || Object.keys(inheritedTags).length) context['aws:TagKeys'] = Object.keys({ ...inheritedTags, ...(session.tags ?? {}) });
    for (const [k, v] of Object.entries(role?.tags ?? {})) context[`iam:ResourceTag/${k}`] = v;
    if (sourceIdentity !== undefined) context['sts:SourceIdentity'] = sourceIdentity;
    if (mfaAt !== undefined) {
      context['aws:MultiFactorAuthPresent'] = 'true';
      context['aws:MultiFactorAuthAge'] = String(Math.floor((ctx.caller.now - mfaAt) / 1000));
    }
    const base = { resource: input.RoleArn, resourcePolicy: role?.trustPolicy ?? NOBODY, resourceAccountId: roleAccount, context };
    const checks: AuthzCheck[] = [{ action: 'sts:AssumeRole', ...base }];
    if (input.Tags?.length || input.TransitiveTagKeys?.length || Object.keys(inheritedTags).length) checks.push({ action: 'sts:TagSession', ...base });
    if (sourceIdentity !== undefined) checks.push({ action: 'sts:SetSourceIdentity', ...base });
    await deps.authorizer.enforce(STS, caller, ctx.caller, checks);
    if (!m || !role) throw stsAccessDenied(`User: ${caller.principal.arn} is not authorized to perform: sts:AssumeRole on resource: ${input.RoleArn}`);

    const chained = s !== undefined;
    const max = role.maxSessionDuration ?? 3600;
    const duration = input.DurationSeconds ?? 3600;
    if (chained && duration > 3600) throw validationError('The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.');
    if (duration > max) throw validationError('The requested DurationSeconds exceeds the MaxSessionDuration set for this role.');

    const { roleArn, arn, userId } = roleSessionIdentity(roleAccount, role, input.RoleSessionName);
    const tags = { ...inheritedTags, ...(session.tags ?? {}) };
    const transitive = [...new Set([...Object.keys(inheritedTags), ...(session.transitiveTagKeys ?? [])])];
    const credentials = await issueCredentials(deps.store, {
      kind: 'assume-role',
      accountId: roleAccount,
      principalType: 'assumed-role',
      arn,
      userId,
      issuedAt: ctx.caller.now,
      expiresAt: ctx.caller.now + duration * 1000,
      roleArn,
      roleName: role.name,
      sessionName: input.RoleSessionName,
      ...(mfaAt !== undefined ? { mfaAuthenticatedAt: mfaAt } : {}),
      ...(session.policy !== undefined ? { policy: session.policy } : {}),
      ...(session.policyArns ? { policyArns: session.policyArns } : {}),
      ...(Object.keys(tags).length ? { tags } : {}),
      ...(transitive.length ? { transitiveTagKeys: transitive } : {}),
      ...(sourceIdentity !== undefined ? { sourceIdentity } : {}),
      ...(chained ? { chained: true } : {}),
    });
    deps.onRoleAssumed?.(roleAccount, role.name, ctx.caller.region, ctx.caller.now);
    return {
      Credentials: credentials,
      AssumedRoleUser: { AssumedRoleId: userId, Arn: arn },
      ...(session.packedPolicySize !== undefined ? { PackedPolicySize: session.packedPolicySize } : {}),
      ...(sourceIdentity !== undefined ? { SourceIdentity: sourceIdentity } : {}),
    };
  };
}
