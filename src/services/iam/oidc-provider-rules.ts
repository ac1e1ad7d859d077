/**
 * What CreateOpenIDConnectProvider and its siblings accept (IAM API reference and "IAM and AWS STS
 * quotas"): an `https://` URL without query, fragment or user info (a path is allowed, per the OIDC
 * standard), at most 100 client ids and 5 thumbprints of 40 hex digits, 100 providers per account.
 * The model already bounds the lengths (URL and client ids 1..255, thumbprints exactly 40).
 */
import type { AwsError } from '../../shared/aws-error.js';
import { invalidInput, quotaExceeded, validationError } from './errors.js';

/** OIDC providers per account. */
export const OIDC_PROVIDERS_QUOTA = 100;
/** Client ids (audiences) per provider. */
export const CLIENT_IDS_PER_PROVIDER = 100;
/** Thumbprints per provider. */
export const THUMBPRINTS_PER_PROVIDER = 5;

const PRINTABLE = /^[\x21-\x7e]+$/;

/**
 * The URL key (the URL without `https://`, otherwise as given) of a provider URL; ValidationError
 * "Invalid Open ID Connect Provider URL" for anything else than https with a host and no query,
 * fragment or user info. A port is accepted (AWS says the URL "should not" contain one; a local
 * issuer needs one).
 */
export function oidcUrlKey(url: string): string {
  const bad = () => validationError('Invalid Open ID Connect Provider URL');
  if (!PRINTABLE.test(url) || !/^https:\/\//i.test(url)) throw bad();
  const rest = url.slice('https://'.length);
  if (rest === '' || /[?#@\\]/.test(rest)) throw bad();
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw bad();
  }
  if (parsed.hostname === '' || parsed.username !== '' || parsed.password !== '') throw bad();
  return rest;
}

/** Checks a thumbprint list: at most 5, each 40 hex digits. */
export function checkThumbprints(list: readonly string[]): string[] {
  if (list.length > THUMBPRINTS_PER_PROVIDER) throw invalidInput(`Thumbprint list must contain fewer than ${THUMBPRINTS_PER_PROVIDER} entries.`);
  for (const t of list) if (!/^[0-9a-fA-F]{40}$/.test(t)) throw invalidInput(`Thumbprint ${t} is not valid: a thumbprint is 40 hexadecimal digits.`);
  return [...list];
}

/** A client id list without repeats (first occurrence kept), at most 100. */
export function checkClientIds(list: readonly string[]): string[] {
  const out = [...new Set(list)];
  if (out.length > CLIENT_IDS_PER_PROVIDER) throw quotaExceeded('ClientIdsPerOpenIdConnectProvider', CLIENT_IDS_PER_PROVIDER);
  return out;
}

/** LimitExceeded for the per-account provider quota. */
export function providersQuotaExceeded(): AwsError {
  return quotaExceeded('OpenIdConnectProvidersPerAccount', OIDC_PROVIDERS_QUOTA);
}
