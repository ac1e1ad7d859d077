/**
 * `verifyRequest`: AWS Signature Version 4 verification of a buffered request, with the Authorization
 * header or a presigned query string, session tokens, clock skew, payload hashes and aws-chunked bodies.
 * `authenticateRequest` is everything but the payload, shared with `verifyRequestStreaming`
 * (streaming-verifier.ts), which checks the payload while it streams in. Every failure is an AwsError worded for the protocol family (auth-errors.ts, auth-failures.ts,
 * verification-failures.ts); reading the request and the time window live in signed-request.ts.
 *
 * Order of checks: mechanism, parameters, date format, credential scope, signed-header rules, then
 * (outside S3) the 15-minute window, the access key and session token, the signature, then (S3) the
 * time window / presign expiry, and last the payload. S3 looks at the key and the signature before
 * the time; the other services look at the time first (dynalite's recorded order).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { authError } from './auth-errors.js';
import { bothMechanisms, malformedCredential, sigV2NotSupported } from './auth-failures.js';
import {
  binaryToText,
  buildCanonicalRequest,
  buildStringToSign,
  canonicalHeaderValue,
  canonicalQueryString,
  canonicalUri,
  parseQuery,
} from './canonical-request.js';
import type { ChunkSigning } from './chunked-decoder.js';
import { finishPayload, planPayload, type PayloadClaims, type PayloadPlan } from './payload-verifier.js';
import { RequestHeaders } from './request-headers.js';
import { hasPresignParams, isSignatureParam, parseCredentialScope } from './signature-params.js';
import { checkTime, parseSignedRequest, queryValue, scopeProblems } from './signed-request.js';
import { defaultSigningKeyCache, hmacSha256, type SigningKeyCache } from './signing-key-cache.js';
import type { AuthResult, CredentialResolver, ErrorFamily, SignedRequestParts, ResolvedCredential } from './types.js';
import { badScope, headersNotSigned, invalidSecurityToken, signatureMismatch, unknownAccessKey } from './verification-failures.js';

/** Options of `verifyRequest`. */
export interface VerifyOptions {
  readonly resolver: CredentialResolver;
  /** The server's time, epoch ms. */
  readonly now: number;
  readonly family: ErrorFamily;
  /** S3 URI rules: the path is encoded once and not normalised. Default: `family === 's3'`. */
  readonly s3Style?: boolean;
  /** Requests without any signature yield `{ kind: 'anonymous' }` instead of MissingAuthenticationToken. */
  readonly allowAnonymous?: boolean;
  /** Honour UNSIGNED-PAYLOAD / STREAMING-* payload hashes. Default: only for the s3 family. */
  readonly allowUnsignedPayload?: boolean;
  /** When set, the credential scope must name this region. */
  readonly expectedRegion?: string;
  /** When set, the credential scope must name this service. */
  readonly expectedService?: string;
  /** Signing-key cache (default: a process-wide bounded one). */
  readonly signingKeyCache?: SigningKeyCache;
}

function sameDigest(a: string, b: string): boolean {
  const x = createHash('sha256').update(a, 'utf8').digest();
  const y = createHash('sha256').update(b, 'utf8').digest();
  return timingSafeEqual(x, y);
}

function sameHex(expected: string, provided: string): boolean {
  const x = Buffer.from(expected, 'latin1');
  const y = Buffer.from(provided, 'latin1');
  return x.length === y.length && timingSafeEqual(x, y);
}

/** A request whose signature matched, with what the checks of its payload need. */
export interface AuthenticatedRequest {
  readonly kind: 'header' | 'presigned';
  /** The result of `verifyRequest` but the payload. */
  readonly result: Omit<AuthResult, 'payload'>;
  readonly plan: PayloadPlan;
  readonly claims: PayloadClaims;
  readonly signing: ChunkSigning;
  readonly accessKeyId: string;
}

/** What the checks before the credential lookup found. */
interface Signed {
  readonly presigned: boolean;
  readonly headers: RequestHeaders;
  readonly query: ReturnType<typeof parseQuery>;
  readonly parsed: ReturnType<typeof parseSignedRequest>;
  readonly scope: NonNullable<ReturnType<typeof parseCredentialScope>>;
}

/** The checks that need no credential: both mechanisms, missing auth, signature parameters, scope, time. */
function readSignature(req: Omit<SignedRequestParts, 'body'>, opts: VerifyOptions): Signed | { readonly kind: 'anonymous' } {
  const { family, now } = opts;
  const headers = req.headerIndex ?? RequestHeaders.fromRaw(req.rawHeaders);
  const query = parseQuery(req.rawQuery);
  const authorization = headers.get('authorization');
  const hasHeaderAuth = authorization !== undefined && authorization.trim() !== '';
  const presigned = hasPresignParams(query);
  if (hasHeaderAuth && presigned) throw bothMechanisms(family, authorization);
  if (!hasHeaderAuth && !presigned) {
    if (family === 's3' && queryValue(query, 'AWSAccessKeyId') !== undefined && queryValue(query, 'Signature') !== undefined) throw sigV2NotSupported();
    if (opts.allowAnonymous) return { kind: 'anonymous' };
    throw authError(family, 'missing-authentication');
  }

  const parsed = parseSignedRequest(headers, query, hasHeaderAuth ? authorization : undefined, family);
  const { params, amzDate } = parsed;
  const scope = parseCredentialScope(params.credential);
  if (!scope) throw malformedCredential(family, presigned, params.credential);
  const problems = scopeProblems(scope, amzDate, opts);
  if (problems.length > 0) throw badScope(family, presigned, problems);
  if (!params.signedHeaders.includes('host')) throw headersNotSigned(family, ['host']);
  if (family === 's3') {
    const unsigned = [...headers.names()].filter(
      (n) => n.startsWith('x-amz-') && !params.signedHeaders.includes(n) && !(presigned && n === 'x-amz-content-sha256'),
    );
    if (unsigned.length > 0) throw headersNotSigned(family, unsigned);
  } else {
    checkTime(parsed, family, now);
  }
  return { presigned, headers, query, parsed, scope };
}

/** The checks with the credential: token, expiry, the payload plan and the signature itself. */
function checkSignature(
  req: Omit<SignedRequestParts, 'body'>,
  opts: VerifyOptions,
  body: Buffer | undefined,
  s: Signed,
  credential: ResolvedCredential | undefined,
): AuthenticatedRequest {
  const { family, now } = opts;
  const { presigned, headers, query, parsed, scope } = s;
  const { params, amzDate } = parsed;
  if (!credential || !credential.active) throw unknownAccessKey(family, scope.accessKeyId);
  if (credential.sessionToken !== undefined) {
    if (parsed.token === undefined) throw unknownAccessKey(family, scope.accessKeyId);
    if (!sameDigest(parsed.token, credential.sessionToken)) throw invalidSecurityToken(family, parsed.token);
  } else if (parsed.token !== undefined) {
    throw invalidSecurityToken(family, parsed.token);
  }
  if (credential.expiresAt !== undefined && credential.expiresAt < now) throw authError(family, 'expired-security-token');

  const claims: PayloadClaims = {
    family,
    presigned,
    allowUnsignedPayload: opts.allowUnsignedPayload ?? family === 's3',
    headers,
    ...(parsed.presignContentSha256 !== undefined ? { presignContentSha256: parsed.presignContentSha256 } : {}),
  };
  const plan = planPayload(claims, body);
  let missingSignedHeader = false;
  const canonicalHeaders = params.signedHeaders.map((name): [string, string] => {
    const values = headers.all(name);
    if (!values) missingSignedHeader = true;
    return [name, values ? canonicalHeaderValue(values) : ''];
  });
  const canonical = buildCanonicalRequest({
    method: req.method,
    canonicalUri: canonicalUri(req.rawPath, opts.s3Style ?? family === 's3'),
    canonicalQuery: canonicalQueryString(query, presigned ? isSignatureParam : undefined),
    headers: canonicalHeaders,
    signedHeaders: params.signedHeaders.join(';'),
    payloadHash: plan.payloadHash,
  });
  const scopeString = `${scope.date}/${scope.region}/${scope.service}/${scope.terminator}`;
  const stringToSign = buildStringToSign(amzDate, scopeString, canonical);
  const signingKey = (opts.signingKeyCache ?? defaultSigningKeyCache).get(credential.secretAccessKey, scope.date, scope.region, scope.service);
  const expected = hmacSha256(signingKey, stringToSign).toString('hex');
  if (missingSignedHeader || !sameHex(expected, params.signature)) {
    throw signatureMismatch(family, {
      accessKeyId: scope.accessKeyId,
      signatureProvided: params.signature,
      stringToSign,
      canonicalRequest: binaryToText(canonical),
    });
  }
  if (family === 's3') checkTime(parsed, family, now);

  const kind = presigned ? 'presigned' : 'header';
  return {
    kind,
    result: { kind, credential, region: scope.region, signingService: scope.service, signedAt: parsed.signedAt },
    plan,
    claims,
    signing: { signingKey, amzDate, scope: scopeString, seedSignature: expected },
    accessKeyId: scope.accessKeyId,
  };
}

/**
 * Everything `verifyRequest` checks before the payload (see the order of checks above). `body` is the
 * whole body when it was read, undefined for a streamed one (the payload hash is then planned from the
 * x-amz-content-sha256 claim alone, see `planPayload`). Throws an AwsError worded for `opts.family`.
 * Synchronous when the resolver answers synchronously (a cached credential): no promise on the hot path.
 */
export function authenticateRequest(
  req: Omit<SignedRequestParts, 'body'>,
  opts: VerifyOptions,
  body: Buffer | undefined,
): AuthenticatedRequest | { readonly kind: 'anonymous' } | Promise<AuthenticatedRequest> {
  const s = readSignature(req, opts);
  if (!('scope' in s)) return s;
  const credential = opts.resolver.resolve(s.scope.accessKeyId);
  if (credential instanceof Promise) return credential.then((c) => checkSignature(req, opts, body, s, c));
  return checkSignature(req, opts, body, s, credential);
}

/**
 * Verifies the SigV4 signature of a request read whole. Resolves to the authenticated principal's
 * credential and the verified payload (aws-chunked bodies decoded); throws an AwsError worded for
 * `opts.family`. For bodies verified while they stream in, see `verifyRequestStreaming`.
 */
export async function verifyRequest(req: SignedRequestParts, opts: VerifyOptions): Promise<AuthResult> {
  const auth = await authenticateRequest(req, opts, req.body);
  if (auth.kind === 'anonymous') return { kind: 'anonymous', payload: req.body };
  const plan = auth.plan;
  // The common cases (the body's hash signed, or an unsigned payload) have nothing left to check.
  const payload = plan.mode === 'unsigned' || (plan.mode === 'hash' && plan.claimedHash === undefined) ? req.body : finishPayload(plan, { ...auth.claims, body: req.body }, auth.signing, auth.accessKeyId);
  const r = auth.result;
  return { kind: r.kind, credential: r.credential, region: r.region, signingService: r.signingService, signedAt: r.signedAt, payload };
}
