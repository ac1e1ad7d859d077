/**
 * Offline issuer keys: a JSON object mapping issuer URLs (exactly as tokens name them in `iss`) to
 * JWKS documents, e.g. `{"https://issuer.example.com": {"keys": [{"kty": "RSA", ...}]}}`. Issuers
 * listed there are never fetched (the file named by `RAMPART_OIDC_JWKS`, docs/oidc-federation.md).
 */
import type { OfflineJwks } from './issuer-keys.js';
import { parseJwks } from './issuer-keys.js';

/** The issuers and keys of the file's text; throws an Error naming what is wrong. */
export function parseOfflineJwks(text: string, source: string): OfflineJwks {
  let doc: unknown;
  try {
    // protocol-lint: allow a configuration file, not wire format
    doc = JSON.parse(text);
  } catch {
    throw new Error(`${source}: not JSON`);
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) throw new Error(`${source}: expected an object of issuer URL -> JWKS`);
  const out = new Map<string, ReturnType<typeof parseJwks>>();
  for (const [issuer, jwks] of Object.entries(doc as Record<string, unknown>)) {
    if (!issuer.startsWith('https://')) throw new Error(`${source}: issuer ${issuer} is not an https URL`);
    out.set(issuer, parseJwks(jwks, `${source} (${issuer})`));
  }
  return out;
}
