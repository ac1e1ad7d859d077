/**
 * STS AssumeRoleWithWebIdentity for OpenID Connect ID tokens (an unsigned operation): the token is
 * parsed (compact JWS, at most 20,000 characters), its `iss` names an IAM OIDC provider of the
 * role's account, its signature verifies with one of the issuer's keys, `exp`/`nbf`/`iat` hold and
 * one audience is a client id of the provider; then the role's trust policy must allow
 * `sts:AssumeRoleWithWebIdentity` to the `Federated` provider with the token's keys
 * (claims.ts). The session is an assumed-role session like AssumeRole's, with the role's permissions
 * capped by the session policies passed.
 */
import type { Handler, HandlerContext } from '../../../protocol/service-definition.js';
import {
  IDPCommunicationErrorException,
  InvalidIdentityTokenException,
  type AssumeRoleWithWebIdentityRequest,
  type AssumeRoleWithWebIdentityResponse,
} from '../api.generated.js';
import type { OidcProviderView, StsDeps } from '../deps.js';
import { stsAccessDenied, validationError } from '../errors.js';
import { federatedTrustAllows } from '../session/federated-trust.js';
import { issueFederatedSession } from '../session/federated-session.js';
import { sessionInputs, sessionRequestKeys } from '../session/session-policies.js';
import { readSessionClaims } from '../web-identity/session-claims.js';
import { checkTimes, federatedProviderOf, INVALID_TOKEN, matchAudience, readClaims, sessionWebIdentityKeys, webIdentityKeys } from '../web-identity/claims.js';
import { KeyFetchError, type IssuerKeys } from '../web-identity/issuer-keys.js';
import { candidateKeys, JwtError, parseJwt, signatureValid, type ParsedJwt } from '../web-identity/jwt.js';

const ROLE_ARN = /^arn:aws:iam::(\d{12}):role(\/(?:[\x21-\x7e]*\/)?)([\w+=,.@-]+)$/;
const NO_KEY = "Couldn't retrieve verification key from your identity provider,  please reference AssumeRoleWithWebIdentity documentation for requirements";
const IDP_UNREACHABLE =
  'The request could not be fulfilled because the identity provider (IDP) that was asked to verify the incoming identity token could not be reached. This is often a transient error caused by network conditions. Retry the request a limited number of times and avoid too-rapid retries.';

const notAuthorized = () => stsAccessDenied('Not authorized to perform sts:AssumeRoleWithWebIdentity');

function parsed(token: string): ParsedJwt {
  try {
    return parseJwt(token);
  } catch (e) {
    if (e instanceof JwtError) throw new InvalidIdentityTokenException(INVALID_TOKEN);
    throw e;
  }
}

/** The provider of the token's issuer in `accountId` (only `https://` issuers can have one). */
async function providerOf(deps: StsDeps, accountId: string, iss: string): Promise<OidcProviderView> {
  const url = iss.startsWith('https://') ? iss.slice('https://'.length) : undefined;
  const p = url && deps.oidcProviders ? await deps.oidcProviders.oidcProvider(accountId, url) : undefined;
  if (!p) throw new InvalidIdentityTokenException(`No OpenIDConnect provider found in your account for ${iss}`);
  return p;
}

/** Verifies the signature with the issuer's keys (IDPCommunicationError when they cannot be had). */
async function verifySignature(keys: IssuerKeys, jwt: ParsedJwt, iss: string, provider: OidcProviderView, log?: (msg: string) => void): Promise<void> {
  let jwks;
  try {
    jwks = await keys.keys(iss, provider.thumbprints, jwt.kid);
  } catch (e) {
    if (!(e instanceof KeyFetchError)) throw e;
    log?.(`OIDC keys of ${iss}: ${e.message}`);
    throw new IDPCommunicationErrorException(IDP_UNREACHABLE);
  }
  const candidates = candidateKeys(jwt, jwks);
  if (candidates.length === 0) throw new InvalidIdentityTokenException(NO_KEY);
  if (!candidates.some((k) => signatureValid(jwt, k))) throw new InvalidIdentityTokenException(INVALID_TOKEN);
}

export function assumeRoleWithWebIdentity(deps: StsDeps, keys: IssuerKeys, log?: (msg: string) => void): Handler<AssumeRoleWithWebIdentityRequest, AssumeRoleWithWebIdentityResponse> {
  return async (input, ctx: HandlerContext) => {
    const caller = ctx.caller;
    // OAuth 2.0 access tokens (Login with Amazon, Facebook) are checked with their provider's API,
    // which Rampart does not call: only OpenID Connect ID tokens are accepted.
    if (input.ProviderId !== undefined) throw new InvalidIdentityTokenException('ProviderId is only for OAuth 2.0 access tokens, which Rampart does not accept; pass an OpenID Connect ID token without ProviderId.');
    const jwt = parsed(input.WebIdentityToken);
    const m = ROLE_ARN.exec(input.RoleArn);
    if (!m) throw notAuthorized();
    const roleAccount = m[1]!;
    const claims = readClaims(jwt.claims);
    const provider = await providerOf(deps, roleAccount, claims.iss);
    await verifySignature(keys, jwt, claims.iss, provider, log);
    checkTimes(claims, caller.now);
    const audience = matchAudience(claims, provider.clientIds);
    const asked = readSessionClaims(jwt.claims);
    const session = sessionInputs(input.Policy, input.PolicyArns, asked.tags, asked.transitiveTagKeys);
    const claimKeys = webIdentityKeys(provider.url, claims, audience);
    const federatedProvider = federatedProviderOf(provider);

    // The ARN must name the role exactly (stored path and name, in their case), as for AssumeRole.
    const found = await deps.authorizer.pip.entity('role', roleAccount, m[3]!);
    const role = found && found.path === m[2] && found.name === m[3] ? found : undefined;
    const context = { ...claimKeys, ...sessionRequestKeys(session, asked.sourceIdentity, role?.tags), 'aws:FederatedProvider': federatedProvider };
    // Session tags need sts:TagSession, a source identity sts:SetSourceIdentity, each on the trust policy.
    const operations = ['AssumeRoleWithWebIdentity', ...(session.tags ? ['TagSession'] : []), ...(asked.sourceIdentity !== undefined ? ['SetSourceIdentity'] : [])];
    for (const operation of operations) {
      const allowed = await federatedTrustAllows(deps, caller, {
        operation,
        providerArn: provider.arn,
        roleArn: input.RoleArn,
        roleAccountId: roleAccount,
        trustPolicy: role?.trustPolicy,
        claimKeys: context,
        input: input as unknown as Record<string, unknown>,
      });
      if (!allowed) throw notAuthorized();
    }
    if (!role) throw notAuthorized();

    const duration = input.DurationSeconds ?? 3600;
    if (duration > (role.maxSessionDuration ?? 3600)) throw validationError('The requested DurationSeconds exceeds the MaxSessionDuration set for this role.');
    const { credentials, assumedRoleUser } = await issueFederatedSession(deps.store, {
      accountId: roleAccount,
      role,
      sessionName: input.RoleSessionName,
      issuedAt: caller.now,
      expiresAt: caller.now + duration * 1000,
      session,
      ...(asked.sourceIdentity !== undefined ? { sourceIdentity: asked.sourceIdentity } : {}),
      federationKeys: sessionWebIdentityKeys(provider.url, claimKeys),
      federatedProvider,
    });
    deps.onRoleAssumed?.(roleAccount, role.name, caller.region, caller.now);
    return {
      Credentials: credentials,
      SubjectFromWebIdentityToken: claims.sub,
      AssumedRoleUser: assumedRoleUser,
      ...(session.packedPolicySize !== undefined ? { PackedPolicySize: session.packedPolicySize } : {}),
      Provider: provider.arn,
      Audience: audience,
      ...(asked.sourceIdentity !== undefined ? { SourceIdentity: asked.sourceIdentity } : {}),
    };
  };
}
