/**
 * The signing keys of OIDC issuers: configured offline (`RAMPART_OIDC_JWKS`, docs/oidc-federation.md),
 * or fetched from `<issuer>/.well-known/openid-configuration` and its `jwks_uri` (https only), then
 * cached for an hour. Anonymous callers choose which registered issuer is asked, so the outbound
 * work is bounded: at most one fetch in flight per issuer (callers share it), a token naming an
 * unknown `kid` refetches at most once a minute, and a failed fetch is not retried for 10 seconds
 * (callers in that window get the same IDPCommunicationError).
 */
import type { Jwk } from './jwt.js';

/** The keys configured for offline use, by issuer URL exactly as tokens name it in `iss`. */
export type OfflineJwks = ReadonlyMap<string, readonly Jwk[]>;

/** Fetches one JSON document from the provider (https-fetch.ts), trusting its thumbprints. */
export type JsonFetcher = (url: string, thumbprints: readonly string[]) => Promise<unknown>;

/** Why keys could not be had (answered IDPCommunicationError). */
export class KeyFetchError extends Error {}

export interface IssuerKeysOptions {
  readonly offline?: OfflineJwks;
  readonly fetch: JsonFetcher;
  readonly now?: () => number;
  readonly ttlMs?: number;
  readonly unknownKidRefetchMs?: number;
  readonly failureBackoffMs?: number;
  readonly maxIssuers?: number;
}

interface Entry {
  readonly keys: readonly Jwk[];
  readonly fetchedAt: number;
}

/** Keys per JWKS at most. */
const MAX_KEYS = 100;

/** The discovery document URL of an issuer (`https://x/tenant/` -> `https://x/tenant/.well-known/openid-configuration`). */
export function discoveryUrl(issuer: string): string {
  return `${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
}

/** Issuer key cache over a fetcher. */
export class IssuerKeys {
  private readonly cache = new Map<string, Entry>();
  private readonly failures = new Map<string, { at: number; message: string }>();
  private readonly inFlight = new Map<string, Promise<Entry>>();
  private readonly now: () => number;

  constructor(private readonly opts: IssuerKeysOptions) {
    this.now = opts.now ?? Date.now;
  }

  /** The keys of `issuer` (the token's `iss`); `kid` is the key the token names, if any. */
  async keys(issuer: string, thumbprints: readonly string[], kid: string | undefined): Promise<readonly Jwk[]> {
    const offline = this.opts.offline?.get(issuer);
    if (offline) return offline;
    const key = `${issuer}\n${[...thumbprints].map((t) => t.toLowerCase()).sort().join(',')}`;
    const now = this.now();
    const hit = this.cache.get(key);
    if (hit && now - hit.fetchedAt < (this.opts.ttlMs ?? 3_600_000)) {
      const knows = kid === undefined || hit.keys.some((k) => k.kid === kid);
      if (knows || now - hit.fetchedAt < (this.opts.unknownKidRefetchMs ?? 60_000)) return hit.keys;
    }
    const failed = this.failures.get(key);
    if (failed && now - failed.at < (this.opts.failureBackoffMs ?? 10_000)) throw new KeyFetchError(failed.message);
    return (await this.fetchOnce(key, issuer, thumbprints)).keys;
  }

  private fetchOnce(key: string, issuer: string, thumbprints: readonly string[]): Promise<Entry> {
    let p = this.inFlight.get(key);
    if (!p) {
      p = this.fetchKeys(issuer, thumbprints)
        .then((keys) => {
          const entry = { keys, fetchedAt: this.now() };
          this.failures.delete(key);
          if (!this.cache.has(key) && this.cache.size >= (this.opts.maxIssuers ?? 1000)) this.cache.delete(this.cache.keys().next().value!);
          this.cache.set(key, entry);
          return entry;
        })
        .catch((e: unknown) => {
          const message = e instanceof Error ? e.message : String(e);
          if (this.failures.size >= (this.opts.maxIssuers ?? 1000)) this.failures.clear();
          this.failures.set(key, { at: this.now(), message });
          throw new KeyFetchError(message);
        })
        .finally(() => this.inFlight.delete(key));
      this.inFlight.set(key, p);
    }
    return p;
  }

  private async fetchKeys(issuer: string, thumbprints: readonly string[]): Promise<readonly Jwk[]> {
    const doc = await this.opts.fetch(discoveryUrl(issuer), thumbprints);
    const jwksUri = doc && typeof doc === 'object' ? (doc as Record<string, unknown>)['jwks_uri'] : undefined;
    if (typeof jwksUri !== 'string' || !jwksUri.startsWith('https://')) throw new Error(`no https jwks_uri in the discovery document of ${issuer}`);
    const jwks = await this.opts.fetch(jwksUri, thumbprints);
    return parseJwks(jwks, jwksUri);
  }
}

/** The keys of a JWKS document (`{"keys": [...]}`), at most 100. */
export function parseJwks(jwks: unknown, source: string): readonly Jwk[] {
  const keys = jwks && typeof jwks === 'object' ? (jwks as Record<string, unknown>)['keys'] : undefined;
  if (!Array.isArray(keys)) throw new Error(`no keys in the JWKS of ${source}`);
  return keys.filter((k): k is Jwk => !!k && typeof k === 'object' && !Array.isArray(k)).slice(0, MAX_KEYS);
}
