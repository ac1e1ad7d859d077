/**
 * Reading a signed request (signature parameters, request time, expiry, session token, from the
 * Authorization header or the presigned query) and the checks that need no secret: credential scope
 * and time window (15 minutes of clock skew; presigned URLs until X-Amz-Date + X-Amz-Expires).
 */
import { clockSkewMessage, formatAmzDate, MAX_CLOCK_SKEW_MS, MAX_PRESIGN_EXPIRES_SECONDS, parseAmzDate, parseHttpDate } from './amz-date.js';
import { badRequestDate } from './auth-failures.js';
import type { QueryParam } from './canonical-request.js';
import type { RequestHeaders } from './request-headers.js';
import { parseAuthorizationHeader, parsePresignParams, type CredentialScope, type SignatureParams } from './signature-params.js';
import type { ErrorFamily } from './types.js';
import { badExpires, clockSkewed, presignExpired, presignNotYetValid, type ScopeProblem } from './verification-failures.js';

/** The request's signature, date and token, whichever mechanism carried them. */
export interface ParsedRequest {
  readonly presigned: boolean;
  readonly params: SignatureParams;
  readonly amzDate: string;
  readonly signedAt: number;
  readonly expires?: number;
  readonly token?: string;
  readonly presignContentSha256?: string;
}

/** The value of a query parameter, matched without regard to case. */
export function queryValue(query: readonly QueryParam[], name: string): string | undefined {
  return query.find((p) => p.name.toLowerCase() === name.toLowerCase())?.value;
}

function parseExpires(raw: string, family: ErrorFamily): number {
  if (!/^-?\d+$/.test(raw)) throw badExpires(family, 'not-a-number');
  const n = Number(raw);
  if (n < 0) throw badExpires(family, 'negative');
  if (n > MAX_PRESIGN_EXPIRES_SECONDS) throw badExpires(family, 'too-large');
  return n;
}

/** Reads the signature parameters, time and token; `authorization` undefined means a presigned URL. */
export function parseSignedRequest(headers: RequestHeaders, query: readonly QueryParam[], authorization: string | undefined, family: ErrorFamily): ParsedRequest {
  if (authorization === undefined) {
    const p = parsePresignParams(query, family);
    const signedAt = parseAmzDate(p.amzDate) ?? badDate(family, true, p.amzDate);
    const expires = p.expires === undefined ? undefined : parseExpires(p.expires, family);
    const token = p.securityToken ?? headers.get('x-amz-security-token');
    return { presigned: true, params: p, amzDate: p.amzDate, signedAt, expires, token, presignContentSha256: p.contentSha256 };
  }
  const xAmzDate = headers.get('x-amz-date');
  const date = headers.get('date');
  const params = parseAuthorizationHeader(authorization, family, xAmzDate !== undefined || date !== undefined);
  const token = headers.get('x-amz-security-token') ?? queryValue(query, 'X-Amz-Security-Token');
  if (xAmzDate !== undefined) {
    const amzDate = xAmzDate.trim();
    return { presigned: false, params, amzDate, signedAt: parseAmzDate(amzDate) ?? badDate(family, false, amzDate), token };
  }
  const signedAt = parseHttpDate((date as string).trim()) ?? badDate(family, false, date as string);
  return { presigned: false, params, amzDate: formatAmzDate(signedAt), signedAt, token };
}

function badDate(family: ErrorFamily, presigned: boolean, text: string): never {
  throw badRequestDate(family, presigned, text);
}

/** What the scope must name besides the request date (when set). */
export interface ScopeExpectations {
  readonly expectedRegion?: string;
  readonly expectedService?: string;
}

/** Everything wrong with a credential scope for this request. */
export function scopeProblems(scope: CredentialScope, amzDate: string, opts: ScopeExpectations): ScopeProblem[] {
  const problems: ScopeProblem[] = [];
  const wellFormed = /^\d{8}$/.test(scope.date);
  if (!wellFormed) problems.push({ kind: 'date-format', date: scope.date });
  if (opts.expectedRegion !== undefined && scope.region !== opts.expectedRegion) {
    problems.push({ kind: 'region', region: scope.region, expected: opts.expectedRegion });
  }
  if (opts.expectedService !== undefined && scope.service !== opts.expectedService) {
    problems.push({ kind: 'service', service: scope.service, expected: opts.expectedService });
  }
  if (scope.terminator !== 'aws4_request') problems.push({ kind: 'terminator', terminator: scope.terminator });
  if (wellFormed && scope.date !== amzDate.slice(0, 8)) {
    problems.push({ kind: 'date-mismatch', date: scope.date, requestDay: amzDate.slice(0, 8), requestTime: amzDate });
  }
  return problems;
}

/**
 * The time window: 15 minutes either way for header signatures and non-S3 presigned URLs (STS and
 * friends do not extend it with X-Amz-Expires); S3 presigned URLs from X-Amz-Date - 15 min to
 * X-Amz-Date + X-Amz-Expires. An X-Amz-Expires is enforced wherever present; 0 never validates.
 */
export function checkTime(p: ParsedRequest, family: ErrorFamily, now: number): void {
  if (!p.presigned || family !== 's3') {
    const skew = clockSkewMessage(p.amzDate, p.signedAt, now);
    if (skew !== undefined) throw clockSkewed(family, p.amzDate, now, skew);
  } else if (p.signedAt - now > MAX_CLOCK_SKEW_MS) {
    throw presignNotYetValid(p.amzDate, now);
  }
  if (p.expires !== undefined) {
    const expiresAt = p.signedAt + p.expires * 1000;
    if (p.expires === 0 || now > expiresAt) throw presignExpired(family, p.expires, expiresAt, now);
  }
}
