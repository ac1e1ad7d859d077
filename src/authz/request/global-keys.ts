/**
 * AWS global condition keys of one request ("AWS global condition context keys"): who (principal
 * keys, tags, MFA, session), from where and when (network and time keys). Keys AWS leaves out for a
 * kind of caller are left out here too (e.g. `aws:username` exists only for IAM users,
 * `aws:MultiFactorAuthPresent` is absent for long-term access keys).
 */
import type { ContextValue } from '../../policy/index.js';
import type { Principal } from '../../shared/principal.js';
import type { SessionContext } from '../session-store.js';

/** The authenticated caller as authorization sees it. */
export interface CallerFacts {
  readonly accountId: string;
  /** The caller's ARN (`...:user/bob`, `arn:aws:sts::ACCT:assumed-role/R/S`, `...:root`). */
  readonly arn: string;
  readonly userId: string;
  readonly type: Principal['type'];
  /** `aws:PrincipalArn`: the role's ARN for role sessions, else the caller's ARN. */
  readonly principalArn: string;
  /** IAM users (also through GetSessionToken credentials): the user name. */
  readonly userName?: string;
  /** `aws:PrincipalTag/*`: the user's or role's tags, overridden by session tags. */
  readonly tags: Readonly<Record<string, string>>;
  readonly session?: SessionContext;
}

/** Facts of the request itself. */
export interface RequestFacts {
  /** Epoch ms the request arrived (injected clock). */
  readonly now: number;
  readonly sourceIp: string;
  /** Whether the request came over TLS. */
  readonly secureTransport: boolean;
  /** The region the request was signed for. */
  readonly region: string;
  /** Services the request passed through, first first (`aws:CalledVia`): set by the internal client. */
  readonly calledVia?: readonly string[];
  /** Keys a service acting on its own sets (`aws:SourceArn`, `aws:SourceAccount`). */
  readonly serviceContext?: Readonly<Record<string, string>>;
}

const PRINCIPAL_TYPE: Readonly<Record<CallerFacts['type'], string>> = {
  anonymous: 'Anonymous',
  service: 'Service',
  root: 'Account',
  user: 'User',
  'assumed-role': 'AssumedRole',
  'federated-user': 'FederatedUser',
};

let lastSecond = -1;
let lastIso = '';

/** ISO 8601 in AWS's form (seconds precision, `Z`); memoised for the current second. */
export function isoSeconds(ms: number): string {
  const sec = Math.floor(ms / 1000);
  if (sec === lastSecond) return lastIso;
  const iso = new Date(sec * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  if (ms >= lastSecond * 1000) {
    lastSecond = sec;
    lastIso = iso;
  }
  return iso;
}

/** The keys that depend on the caller only (computed once per credential and cached). */
export function callerConditionKeys(caller: CallerFacts): Record<string, ContextValue> {
  // An anonymous request has no principal keys but its type (and aws:userid "anonymous").
  if (caller.type === 'anonymous') return { 'aws:PrincipalType': 'Anonymous', 'aws:userid': 'anonymous', 'aws:ViaAWSService': 'false', 'aws:PrincipalIsAWSService': 'false' };
  // A service principal: aws:PrincipalServiceName names it; there is no account or principal ARN.
  if (caller.type === 'service') return { 'aws:PrincipalServiceName': caller.arn, 'aws:PrincipalIsAWSService': 'true', 'aws:ViaAWSService': 'false' };
  const ctx: Record<string, ContextValue> = {
    'aws:PrincipalArn': caller.principalArn,
    'aws:PrincipalAccount': caller.accountId,
    'aws:PrincipalType': PRINCIPAL_TYPE[caller.type],
    'aws:userid': caller.userId,
    'aws:ViaAWSService': 'false',
    'aws:PrincipalIsAWSService': 'false',
  };
  if (caller.userName !== undefined) ctx['aws:username'] = caller.userName;
  for (const [k, v] of Object.entries(caller.tags)) ctx[`aws:PrincipalTag/${k}`] = v;
  const s = caller.session;
  if (s) {
    ctx['aws:TokenIssueTime'] = isoSeconds(s.issuedAt);
    ctx['aws:MultiFactorAuthPresent'] = String(s.mfaAuthenticatedAt !== undefined);
    if (s.sourceIdentity !== undefined) ctx['aws:SourceIdentity'] = s.sourceIdentity;
    if (s.federatedProvider !== undefined) ctx['aws:FederatedProvider'] = s.federatedProvider;
    // The federation's own keys (saml:*, <provider>:*); a stored aws:* key never overrides a global one.
    for (const [k, v] of Object.entries(s.federationKeys ?? {})) if (!/^aws:/i.test(k) && ctx[k] === undefined) ctx[k] = v;
  }
  return ctx;
}

/** Adds the keys of the request itself (time, network, region, MFA age) to `ctx`. */
export function addRequestConditionKeys(ctx: Record<string, ContextValue>, caller: CallerFacts, req: RequestFacts): Record<string, ContextValue> {
  ctx['aws:CurrentTime'] = isoSeconds(req.now);
  ctx['aws:EpochTime'] = String(Math.floor(req.now / 1000));
  ctx['aws:SourceIp'] = req.sourceIp.startsWith('::ffff:') ? req.sourceIp.slice(7) : req.sourceIp;
  ctx['aws:SecureTransport'] = req.secureTransport ? 'true' : 'false';
  ctx['aws:RequestedRegion'] = req.region;
  const via = req.calledVia;
  if (via !== undefined && via.length > 0) {
    // "aws:CalledVia ... an ordered list of each AWS service in the chain that made requests on the principal's behalf".
    ctx['aws:CalledVia'] = via;
    ctx['aws:CalledViaFirst'] = via[0]!;
    ctx['aws:CalledViaLast'] = via[via.length - 1]!;
    ctx['aws:ViaAWSService'] = 'true';
  }
  if (req.serviceContext) for (const k in req.serviceContext) ctx[k] = req.serviceContext[k]!;
  const mfaAt = caller.session?.mfaAuthenticatedAt;
  // An MFA check made by this very request (STS AssumeRole with TokenCode) has already set the age.
  if (mfaAt !== undefined && ctx['aws:MultiFactorAuthAge'] === undefined) ctx['aws:MultiFactorAuthAge'] = String(Math.max(0, Math.floor((req.now - mfaAt) / 1000)));
  return ctx;
}

/** The global condition keys of a request by `caller`. */
export function globalConditionKeys(caller: CallerFacts, req: RequestFacts): Record<string, ContextValue> {
  return addRequestConditionKeys(callerConditionKeys(caller), caller, req);
}
