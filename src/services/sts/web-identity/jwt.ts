/**
 * Compact JWS (RFC 7515) parsing and signature verification of OpenID Connect ID tokens with
 * node:crypto only. Accepted algorithms are the asymmetric ones IAM supports: RS256/384/512,
 * PS256/384/512 (RSA keys of at least 2048 bits) and ES256/384/512 (P-256/P-384/P-521 keys, raw
 * `r||s` signatures). `none` and the HMAC algorithms are refused: the keys come from the issuer's
 * JWKS, and an `HS256` token "signed" with a public key as secret must never verify (algorithm
 * confusion). A key is used only for the algorithm family of its type and curve, and only if its own
 * `alg`/`use` (when present) agree. Pure: no I/O, no clock.
 */
import { constants, createPublicKey, verify, type JsonWebKey, type KeyObject } from 'node:crypto';

/** One JSON Web Key (the members the verifier reads). */
export interface Jwk {
  readonly kty?: unknown;
  readonly kid?: unknown;
  readonly alg?: unknown;
  readonly use?: unknown;
  readonly crv?: unknown;
  readonly [member: string]: unknown;
}

/** A parsed token: header, claims, and what the signature covers. */
export interface ParsedJwt {
  readonly alg: string;
  readonly kid?: string;
  readonly claims: Readonly<Record<string, unknown>>;
  readonly signingInput: Buffer;
  readonly signature: Buffer;
}

/** Why a token was refused before its claims were looked at. */
export class JwtError extends Error {}

/** The longest token read (the model's `clientTokenType` maximum). */
export const MAX_TOKEN_LENGTH = 20_000;

interface AlgSpec {
  readonly kty: 'RSA' | 'EC';
  readonly hash: string;
  readonly pss?: boolean;
  readonly crv?: string;
}

const ALGORITHMS: Readonly<Record<string, AlgSpec>> = {
  RS256: { kty: 'RSA', hash: 'sha256' },
  RS384: { kty: 'RSA', hash: 'sha384' },
  RS512: { kty: 'RSA', hash: 'sha512' },
  PS256: { kty: 'RSA', hash: 'sha256', pss: true },
  PS384: { kty: 'RSA', hash: 'sha384', pss: true },
  PS512: { kty: 'RSA', hash: 'sha512', pss: true },
  ES256: { kty: 'EC', hash: 'sha256', crv: 'P-256' },
  ES384: { kty: 'EC', hash: 'sha384', crv: 'P-384' },
  ES512: { kty: 'EC', hash: 'sha512', crv: 'P-521' },
};

/** Whether the verifier accepts `alg`. */
export function isSupportedAlgorithm(alg: string): boolean {
  return Object.prototype.hasOwnProperty.call(ALGORITHMS, alg);
}

const B64URL = /^[A-Za-z0-9_-]*$/;

/** Strict base64url: the alphabet only, no padding, and a length that decodes exactly. */
function b64url(part: string): Buffer {
  if (!B64URL.test(part) || part.length % 4 === 1) throw new JwtError('bad base64url');
  const buf = Buffer.from(part, 'base64url');
  if (buf.toString('base64url') !== part) throw new JwtError('non-canonical base64url');
  return buf;
}

function jsonObject(buf: Buffer): Record<string, unknown> {
  let v: unknown;
  try {
    // protocol-lint: allow a JWT's header and claims are JSON by definition (RFC 7519)
    v = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(buf));
  } catch {
    throw new JwtError('not JSON');
  }
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw new JwtError('not a JSON object');
  return v as Record<string, unknown>;
}

/** Parses a compact JWS; JwtError for anything else (size, shape, encoding, JSON, algorithm). */
export function parseJwt(token: string): ParsedJwt {
  if (token.length > MAX_TOKEN_LENGTH) throw new JwtError('too long');
  const parts = token.split('.');
  if (parts.length !== 3) throw new JwtError('not a compact JWS');
  const [h, p, s] = parts as [string, string, string];
  const header = jsonObject(b64url(h));
  const claims = jsonObject(b64url(p));
  const signature = b64url(s);
  const alg = header['alg'];
  if (typeof alg !== 'string' || !isSupportedAlgorithm(alg)) throw new JwtError('unsupported alg');
  // Critical extensions the verifier does not understand make the token invalid (RFC 7515 4.1.11).
  if (header['crit'] !== undefined) throw new JwtError('crit');
  const kid = header['kid'];
  if (kid !== undefined && typeof kid !== 'string') throw new JwtError('bad kid');
  if (signature.length === 0) throw new JwtError('unsigned');
  return { alg, ...(kid !== undefined ? { kid } : {}), claims, signingInput: Buffer.from(`${h}.${p}`, 'ascii'), signature };
}

/** The public key of `jwk` if it may verify `alg`, else undefined. */
function keyFor(jwk: Jwk, alg: string): KeyObject | undefined {
  const spec = ALGORITHMS[alg]!;
  if (jwk.kty !== spec.kty || (jwk.use !== undefined && jwk.use !== 'sig') || (jwk.alg !== undefined && jwk.alg !== alg)) return undefined;
  if (spec.crv !== undefined && jwk.crv !== spec.crv) return undefined;
  if ('d' in jwk) return undefined; // a private key in a JWKS is a misconfiguration: never use it
  let key: KeyObject;
  try {
    key = createPublicKey({ key: jwk as JsonWebKey, format: 'jwk' });
  } catch {
    return undefined;
  }
  if (spec.kty === 'RSA' && (key.asymmetricKeyDetails?.modulusLength ?? 0) < 2048) return undefined;
  return key;
}

/** The keys of `jwks` that may verify the token (by `kid` when the token names one). */
export function candidateKeys(jwt: ParsedJwt, keys: readonly Jwk[]): KeyObject[] {
  const out: KeyObject[] = [];
  for (const jwk of keys) {
    if (!jwk || typeof jwk !== 'object') continue;
    if (jwt.kid !== undefined && jwk.kid !== jwt.kid) continue;
    const k = keyFor(jwk, jwt.alg);
    if (k) out.push(k);
  }
  return out;
}

/** Whether `key` signed the token. */
export function signatureValid(jwt: ParsedJwt, key: KeyObject): boolean {
  const spec = ALGORITHMS[jwt.alg]!;
  try {
    if (spec.kty === 'EC') return verify(spec.hash, jwt.signingInput, { key, dsaEncoding: 'ieee-p1363' }, jwt.signature);
    if (spec.pss) return verify(spec.hash, jwt.signingInput, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST }, jwt.signature);
    return verify(spec.hash, jwt.signingInput, key, jwt.signature);
  } catch {
    return false;
  }
}
