/**
 * Reading the signature parameters of a request, from the Authorization header
 * (`AWS4-HMAC-SHA256 Credential=AKID/20240101/us-east-1/sts/aws4_request, SignedHeaders=host;x-amz-date, Signature=...`)
 * or from presigned query parameters (X-Amz-Algorithm, X-Amz-Credential, ...). Nothing is verified
 * here; `peekSigningInfo` reads the credential scope without throwing, for routing.
 */
import {
  badQueryParam,
  malformedComponent,
  malformedSignedHeaders,
  missingHeaderParts,
  missingQueryParams,
  unsupportedAuthorization,
} from './auth-failures.js';
import { parseQuery, SIGV4_ALGORITHM, type QueryParam } from './canonical-request.js';
import type { ErrorFamily, SignedRequestParts } from './types.js';

/** The parts of `AKID/YYYYMMDD/region/service/aws4_request`. */
export interface CredentialScope {
  readonly accessKeyId: string;
  readonly date: string;
  readonly region: string;
  readonly service: string;
  readonly terminator: string;
}

/** Splits a Credential value; undefined unless it has exactly five `/`-separated parts. */
export function parseCredentialScope(credential: string): CredentialScope | undefined {
  const parts = credential.split('/');
  if (parts.length !== 5) return undefined;
  const [accessKeyId, date, region, service, terminator] = parts as [string, string, string, string, string];
  return { accessKeyId, date, region, service, terminator };
}

/** The signature parameters of a request, still unverified. */
export interface SignatureParams {
  readonly credential: string;
  /** Lower-case header names in the order listed. */
  readonly signedHeaders: readonly string[];
  /** Lower-case hex (AWS accepts the signature in either case). */
  readonly signature: string;
}

/** Presigned parameters besides the common ones. */
export interface PresignParams extends SignatureParams {
  readonly amzDate: string;
  /** Raw X-Amz-Expires (absent is allowed outside S3). */
  readonly expires?: string;
  readonly securityToken?: string;
  readonly contentSha256?: string;
}

function splitSignedHeaders(value: string): string[] | undefined {
  const names = value.split(';').map((n) => n.toLowerCase());
  return names.some((n) => n === '') ? undefined : names;
}

/**
 * Parses an Authorization header. Components may be separated by commas, spaces or both, in any order.
 * Throws the family's error for another scheme, a malformed or repeated component, or missing parts
 * (`hasDate` tells whether X-Amz-Date or Date was sent, for the combined AWS message).
 */
export function parseAuthorizationHeader(value: string, family: ErrorFamily, hasDate: boolean): SignatureParams {
  const trimmed = value.trim();
  const space = trimmed.search(/\s/);
  const scheme = space < 0 ? trimmed : trimmed.slice(0, space);
  if (scheme !== SIGV4_ALGORITHM) throw unsupportedAuthorization(family, value);
  const found = new Map<string, string>();
  for (const token of (space < 0 ? '' : trimmed.slice(space)).split(/[\s,]+/)) {
    if (token === '') continue;
    const eq = token.indexOf('=');
    if (eq <= 0) throw malformedComponent(family, token, value);
    const key = token.slice(0, eq);
    if (key !== 'Credential' && key !== 'SignedHeaders' && key !== 'Signature') continue;
    if (found.has(key)) throw malformedComponent(family, token, value);
    found.set(key, token.slice(eq + 1));
  }
  const credential = found.get('Credential') ?? '';
  const signedHeaders = found.get('SignedHeaders') ?? '';
  const signature = found.get('Signature') ?? '';
  if (credential === '' || signedHeaders === '' || signature === '' || !hasDate) {
    throw missingHeaderParts(family, value, { credential: credential === '', signature: signature === '', signedHeaders: signedHeaders === '', date: !hasDate });
  }
  const names = splitSignedHeaders(signedHeaders);
  if (!names) throw malformedSignedHeaders(family, false, signedHeaders);
  return { credential, signedHeaders: names, signature: signature.toLowerCase() };
}

/** Presign parameter names; matched without regard to case, as S3 does. */
const PRESIGN_NAMES = [
  'X-Amz-Algorithm',
  'X-Amz-Credential',
  'X-Amz-Signature',
  'X-Amz-Date',
  'X-Amz-SignedHeaders',
  'X-Amz-Expires',
  'X-Amz-Security-Token',
  'X-Amz-Content-Sha256',
] as const;
type PresignName = (typeof PRESIGN_NAMES)[number];

/** True for the query parameter that carries a presigned signature (excluded from the canonical query). */
export function isSignatureParam(p: QueryParam): boolean {
  return p.name.toLowerCase() === 'x-amz-signature';
}

/** True when the query carries presigned-URL authentication (X-Amz-Algorithm, -Credential or -Signature). */
export function hasPresignParams(params: readonly QueryParam[]): boolean {
  return params.some((p) => /^x-amz-(algorithm|credential|signature)$/i.test(p.name));
}

/** Reads and checks the presign parameters; throws the family's error for missing/repeated ones. */
export function parsePresignParams(params: readonly QueryParam[], family: ErrorFamily): PresignParams {
  const values = new Map<PresignName, string>();
  for (const p of params) {
    const name = PRESIGN_NAMES.find((n) => n.toLowerCase() === p.name.toLowerCase());
    if (name === undefined) continue;
    if (values.has(name)) throw badQueryParam(family, name, p.value);
    values.set(name, p.value);
  }
  const required: PresignName[] = ['X-Amz-Algorithm', 'X-Amz-Credential', 'X-Amz-Signature', 'X-Amz-Date', 'X-Amz-SignedHeaders'];
  if (family === 's3') required.push('X-Amz-Expires');
  const missing = required.filter((n) => !values.get(n));
  if (missing.length > 0) throw missingQueryParams(family, missing);
  const algorithm = values.get('X-Amz-Algorithm') as string;
  if (algorithm !== SIGV4_ALGORITHM) throw badQueryParam(family, 'X-Amz-Algorithm', algorithm);
  const signedHeadersRaw = values.get('X-Amz-SignedHeaders') as string;
  const signedHeaders = splitSignedHeaders(signedHeadersRaw);
  if (!signedHeaders) throw malformedSignedHeaders(family, true, signedHeadersRaw);
  return {
    credential: values.get('X-Amz-Credential') as string,
    signedHeaders,
    signature: (values.get('X-Amz-Signature') as string).toLowerCase(),
    amzDate: values.get('X-Amz-Date') as string,
    ...(values.has('X-Amz-Expires') ? { expires: values.get('X-Amz-Expires') as string } : {}),
    ...(values.has('X-Amz-Security-Token') ? { securityToken: values.get('X-Amz-Security-Token') as string } : {}),
    ...(values.has('X-Amz-Content-Sha256') ? { contentSha256: values.get('X-Amz-Content-Sha256') as string } : {}),
  };
}

/** What a gateway needs to route a request before verifying it. */
export interface SigningInfo {
  readonly accessKeyId: string;
  readonly date: string;
  readonly region: string;
  readonly service: string;
}

/**
 * The access key, region and service of the credential scope, from the Authorization header or the
 * X-Amz-Credential query parameter, WITHOUT verifying anything. Undefined when there is none or it
 * is malformed; never throws.
 */
export function peekSigningInfo(req: Pick<SignedRequestParts, 'rawHeaders' | 'rawQuery'>): SigningInfo | undefined {
  let credential: string | undefined;
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
    if ((req.rawHeaders[i] as string).toLowerCase() !== 'authorization') continue;
    credential = /(?:^|[\s,])Credential=([^\s,]+)/.exec(req.rawHeaders[i + 1] as string)?.[1];
    break;
  }
  if (credential === undefined && req.rawQuery.includes('=')) {
    credential = parseQuery(req.rawQuery).find((p) => p.name.toLowerCase() === 'x-amz-credential')?.value;
  }
  const scope = credential === undefined ? undefined : parseCredentialScope(credential);
  if (!scope || scope.accessKeyId === '') return undefined;
  return { accessKeyId: scope.accessKeyId, date: scope.date, region: scope.region, service: scope.service };
}
