/**
 * The claims AssumeRoleWithWebIdentity checks, with AWS's errors: `iss`, `sub`, `aud` (a string or
 * an array) and `exp` are required ("Missing a required claim: aud"), `exp` must be in the future
 * (ExpiredTokenException "Token expired: current date/time N must be before the expiration
 * date/time M", epoch seconds), `nbf` and `iat` may not be in the future beyond five minutes of clock
 * skew, and one audience must be a client id of the provider ("Incorrect token audience").
 * The trust policy then sees `<provider url>:aud` (the `azp` claim when present, else the audience),
 * `:oaud` (the `aud` claim, when `azp` is present), `:sub` and `:amr` (multivalued), as IAM's "Available
 * keys for OIDC federation" describe.
 */
import type { ContextValue } from '../../../policy/index.js';
import { ExpiredTokenException, InvalidIdentityTokenException } from '../api.generated.js';

/** The message of a token that does not verify (the API reference's InvalidIdentityToken text). */
export const INVALID_TOKEN = 'The web identity token that was passed could not be validated by AWS. Get a new identity token from the identity provider and then retry the request.';

/** Clock skew allowed for `nbf` and `iat` (not for `exp`). */
export const CLOCK_SKEW_SECONDS = 300;

/** The claims read from a token. */
export interface TokenClaims {
  readonly iss: string;
  readonly sub: string;
  readonly aud: readonly string[];
  readonly azp?: string;
  readonly amr?: readonly string[];
  /** Epoch seconds. */
  readonly exp: number;
  readonly nbf?: number;
  readonly iat?: number;
}

const missing = (claim: string) => new InvalidIdentityTokenException(`Missing a required claim: ${claim}`);
const invalid = () => new InvalidIdentityTokenException(INVALID_TOKEN);

function numericDate(v: unknown, claim: string, required: boolean): number | undefined {
  if (v === undefined && !required) return undefined;
  if (v === undefined) throw missing(claim);
  if (typeof v !== 'number' || !Number.isFinite(v)) throw invalid();
  return v;
}

function strings(v: unknown): string[] | undefined {
  if (typeof v === 'string') return [v];
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v as string[];
  return undefined;
}

/** The claims, typed; InvalidIdentityToken for a missing or mistyped one. */
export function readClaims(c: Readonly<Record<string, unknown>>): TokenClaims {
  if (typeof c['iss'] !== 'string') throw c['iss'] === undefined ? missing('iss') : invalid();
  if (typeof c['sub'] !== 'string') throw c['sub'] === undefined ? missing('sub') : invalid();
  if (c['aud'] === undefined) throw missing('aud');
  const aud = strings(c['aud']);
  if (!aud || aud.length === 0) throw invalid();
  if (c['azp'] !== undefined && typeof c['azp'] !== 'string') throw invalid();
  const amr = c['amr'] === undefined ? undefined : strings(c['amr']);
  if (c['amr'] !== undefined && !amr) throw invalid();
  const nbf = numericDate(c['nbf'], 'nbf', false);
  const iat = numericDate(c['iat'], 'iat', false);
  return {
    iss: c['iss'],
    sub: c['sub'],
    aud,
    ...(typeof c['azp'] === 'string' ? { azp: c['azp'] } : {}),
    ...(amr ? { amr } : {}),
    exp: numericDate(c['exp'], 'exp', true)!,
    ...(nbf !== undefined ? { nbf } : {}),
    ...(iat !== undefined ? { iat } : {}),
  };
}

/** ExpiredTokenException after `exp`; InvalidIdentityToken before `nbf` or `iat` (beyond the skew). */
export function checkTimes(c: TokenClaims, nowMs: number): void {
  const now = Math.floor(nowMs / 1000);
  if (now >= c.exp) throw new ExpiredTokenException(`Token expired: current date/time ${now} must be before the expiration date/time ${Math.floor(c.exp)}`);
  if (c.nbf !== undefined && c.nbf > now + CLOCK_SKEW_SECONDS) throw new InvalidIdentityTokenException(`Token is not valid yet: current date/time ${now} is before the not-before date/time ${Math.floor(c.nbf)}`);
  if (c.iat !== undefined && c.iat > now + CLOCK_SKEW_SECONDS) throw new InvalidIdentityTokenException(`Token is not valid yet: current date/time ${now} is before the issued-at date/time ${Math.floor(c.iat)}`);
}

/** The audience the token was issued for among `clientIds` (the `Audience` answered); else "Incorrect token audience". */
export function matchAudience(c: TokenClaims, clientIds: readonly string[]): string {
  const match = c.aud.find((a) => clientIds.includes(a));
  if (match === undefined) throw new InvalidIdentityTokenException('Incorrect token audience');
  return c.azp ?? match;
}

/** The trust policy's web identity keys for a provider whose URL key (URL without https://) is `url`. */
export function webIdentityKeys(url: string, c: TokenClaims, audience: string): Record<string, ContextValue> {
  const keys: Record<string, ContextValue> = { [`${url}:aud`]: audience, [`${url}:sub`]: c.sub };
  if (c.azp !== undefined) keys[`${url}:oaud`] = c.aud.length === 1 ? c.aud[0]! : c.aud;
  if (c.amr) keys[`${url}:amr`] = c.amr;
  return keys;
}

/**
 * The web identity keys kept in the role session for its permission policies: `<url>:sub`, `:aud`
 * and `:amr` (AWS's web identity keys, documented in permission policies for Cognito, e.g.
 * `${cognito-identity.amazonaws.com:sub}`; kept here for every provider).
 */
export function sessionWebIdentityKeys(url: string, keys: Readonly<Record<string, ContextValue>>): Record<string, ContextValue> {
  const out: Record<string, ContextValue> = {};
  for (const k of [`${url}:sub`, `${url}:aud`, `${url}:amr`]) if (keys[k] !== undefined) out[k] = keys[k]!;
  return out;
}

/**
 * `aws:FederatedProvider` of a session assumed through `provider`: the IAM OIDC provider's ARN, as
 * the global condition keys reference says for IdPs other than AWS's built-in ones; for an Amazon
 * Cognito user pool issuer (`cognito-idp.REGION.amazonaws.com/POOL`) the issuer without `https://`,
 * as observed on AWS (a recorded experiment; the reference names no value for it).
 */
export function federatedProviderOf(provider: { readonly arn: string; readonly url: string }): string {
  return /^cognito-idp\.[a-z0-9-]+\.amazonaws\.com\//.test(provider.url) ? provider.url : provider.arn;
}
