/**
 * STS AssumeRoleWithSAML ("AssumeRoleWithSAML API reference", "SAML 2.0 federation"): an unsigned
 * call. The SAML provider `PrincipalArn` names must exist; the response must verify against its
 * metadata (saml-response.ts) and map the user to (`RoleArn`, `PrincipalArn`); then one evaluation
 * of `sts:AssumeRoleWithSAML` (+ `sts:TagSession` with PrincipalTag attributes, +
 * `sts:SetSourceIdentity` with a SourceIdentity) against the role's trust policy, with the caller as
 * the `Federated` provider and the `saml:*` keys; then a role session, as AssumeRole makes.
 */
import { samlProviderByArn } from '../../../authz/saml-provider-records.js';
import type { ContextValue } from '../../../policy/index.js';
import type { Handler, HandlerContext } from '../../../protocol/service-definition.js';
import { XmlRefused } from '../../../shared/xml/strict-xml.js';
import type { AssumeRoleWithSAMLRequest, AssumeRoleWithSAMLResponse } from '../api.generated.js';
import type { StsDeps } from '../deps.js';
import { stsAccessDenied, validationError } from '../errors.js';
import { nameQualifier, samlConditionKeys, sessionSamlKeys } from '../saml/saml-attributes.js';
import { checkRolePair, readClaims } from '../saml/saml-claims.js';
import { decryptionKeysOf } from '../saml/decryption-keys.js';
import { invalidIdentityToken, NOT_AUTHORIZED, samlRefusal } from '../saml/saml-errors.js';
import { SamlRefused, verifySamlResponse, type VerifiedAssertion } from '../saml/saml-response.js';
import { issueFederatedSession } from '../session/federated-session.js';
import { federatedTrustAllows } from '../session/federated-trust.js';
import { sessionInputs } from '../session/session-policies.js';

const ROLE_ARN = /^arn:aws:iam::(\d{12}):role(\/(?:[\x21-\x7e]*\/)?)([\w+=,.@-]+)$/;

/** The verified response, or AWS's error for it. */
function verified(input: AssumeRoleWithSAMLRequest, trust: Parameters<typeof verifySamlResponse>[1], now: number): VerifiedAssertion {
  try {
    return verifySamlResponse(input.SAMLAssertion, trust, now);
  } catch (e) {
    if (e instanceof SamlRefused) throw samlRefusal(e);
    if (e instanceof XmlRefused) throw invalidIdentityToken('Invalid SAML response.');
    throw e;
  }
}

export function assumeRoleWithSaml(deps: StsDeps): Handler<AssumeRoleWithSAMLRequest, AssumeRoleWithSAMLResponse> {
  return async (input, ctx: HandlerContext) => {
    const now = ctx.caller.now;
    const provider = await samlProviderByArn(deps.store, input.PrincipalArn);
    if (!provider) throw invalidIdentityToken("Specified provider doesn't exist.");
    if (Date.parse(provider.validUntil) <= now) throw invalidIdentityToken('The SAML provider is no longer valid (ValidUntil has passed).');
    const v = verified(input, { ...provider, decryptionKeys: decryptionKeysOf(deps.store.sealer, provider) }, now);
    checkRolePair(v.attributes, input.RoleArn, provider.arn);
    const claims = readClaims(v.attributes);
    const session = sessionInputs(input.Policy, input.PolicyArns, claims.tags, claims.transitiveTagKeys);

    const m = ROLE_ARN.exec(input.RoleArn);
    const roleAccount = m?.[1] ?? provider.arn.split(':')[4]!;
    const found = m ? await deps.authorizer.pip.entity('role', roleAccount, m[3]!) : undefined;
    const role = found && found.path === m![2] && found.name === m![3] ? found : undefined;

    const providerAccount = provider.arn.split(':')[4]!;
    const context: Record<string, ContextValue> = { ...samlConditionKeys(v, providerAccount, provider.name) };
    for (const [k, val] of Object.entries(session.tags ?? {})) context[`aws:RequestTag/${k}`] = val;
    if (session.tags) context['aws:TagKeys'] = Object.keys(session.tags);
    if (session.transitiveTagKeys) context['sts:TransitiveTagKeys'] = session.transitiveTagKeys;
    for (const [k, val] of Object.entries(role?.tags ?? {})) context[`iam:ResourceTag/${k}`] = val;
    if (claims.sourceIdentity !== undefined) context['sts:SourceIdentity'] = claims.sourceIdentity;
    context['sts:RoleSessionName'] = claims.sessionName;
    // The caller is the provider's user (the trust policy's `Federated` principal), whoever sent the request.
    const operations = ['AssumeRoleWithSAML', ...(session.tags ? ['TagSession'] : []), ...(claims.sourceIdentity !== undefined ? ['SetSourceIdentity'] : [])];
    for (const operation of operations) {
      const trusted = await federatedTrustAllows(deps, ctx.caller, {
        operation,
        providerArn: provider.arn,
        roleArn: input.RoleArn,
        roleAccountId: roleAccount,
        trustPolicy: role?.trustPolicy,
        claimKeys: context,
        input: input as unknown as Record<string, unknown>,
      });
      if (!trusted) throw stsAccessDenied(NOT_AUTHORIZED);
    }
    if (!m || !role) throw stsAccessDenied(NOT_AUTHORIZED);

    const max = role.maxSessionDuration ?? 3600;
    if (input.DurationSeconds !== undefined && input.DurationSeconds > max) throw validationError('The requested DurationSeconds exceeds the MaxSessionDuration set for this role.');
    // SessionDuration and SessionNotOnOrAfter only ever shorten the session.
    let expiresAt = now + Math.min(input.DurationSeconds ?? 3600, claims.sessionDuration ?? Infinity) * 1000;
    if (v.sessionNotOnOrAfter !== undefined) expiresAt = Math.min(expiresAt, v.sessionNotOnOrAfter);
    if (expiresAt <= now) throw samlRefusal(new SamlRefused('expired', 'Token is expired: the SAML session is over (SessionNotOnOrAfter).'));

    const { credentials, assumedRoleUser } = await issueFederatedSession(deps.store, {
      accountId: roleAccount,
      role,
      sessionName: claims.sessionName,
      issuedAt: now,
      expiresAt,
      session,
      ...(claims.sourceIdentity !== undefined ? { sourceIdentity: claims.sourceIdentity } : {}),
      federationKeys: sessionSamlKeys(context),
    });
    deps.onRoleAssumed?.(roleAccount, role.name, ctx.caller.region, now);
    return {
      Credentials: credentials,
      AssumedRoleUser: assumedRoleUser,
      ...(session.packedPolicySize !== undefined ? { PackedPolicySize: session.packedPolicySize } : {}),
      Subject: v.subject,
      SubjectType: v.subjectType,
      Issuer: v.issuer,
      Audience: v.recipient,
      NameQualifier: nameQualifier(v.issuer, providerAccount, provider.name),
      ...(claims.sourceIdentity !== undefined ? { SourceIdentity: claims.sourceIdentity } : {}),
    };
  };
}
