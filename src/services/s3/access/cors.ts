/**
 * Bucket CORS (S3 User Guide, "Using cross-origin resource sharing (CORS)"; API "OPTIONS object"):
 * the configuration's checks (PutBucketCors) and which rule answers a request. Pure: rules and
 * header values in, the matching rule and the Access-Control-* headers out. Every pattern has at
 * most one `*`, matched as a prefix and a suffix (no regular expression: bounded work).
 */
import { AwsError, clientError } from '../../../shared/aws-error.js';
import type { CorsRuleRecord } from '../store.js';

export const CORS_METHODS: ReadonlySet<string> = new Set(['GET', 'PUT', 'POST', 'DELETE', 'HEAD']);
/** "A CORS configuration ... can contain up to 100 rules", "The maximum size of a CORS configuration is 64 KB." */
export const MAX_CORS_RULES = 100;
export const MAX_CORS_BYTES = 64 * 1024;
/** Rampart's bound on the headers one preflight may ask for. */
export const MAX_REQUESTED_HEADERS = 100;

const invalidRequest = (message: string) => clientError('InvalidRequest', message, 400);
const malformedXml = () => clientError('MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema', 400);

interface RuleInput {
  readonly ID?: string;
  readonly AllowedHeaders?: readonly string[];
  readonly AllowedMethods?: readonly string[];
  readonly AllowedOrigins?: readonly string[];
  readonly ExposeHeaders?: readonly string[];
  readonly MaxAgeSeconds?: number;
}

const wildcards = (s: string) => s.split('*').length - 1;

/** Throws S3's error for a configuration it would not store; returns the rules to store. */
export function checkCorsRules(rules: readonly RuleInput[] | undefined): CorsRuleRecord[] {
  if (!rules?.length) throw malformedXml();
  if (rules.length > MAX_CORS_RULES) throw invalidRequest(`The number of CORS rules should not exceed allowed limit of ${MAX_CORS_RULES} rules. (unconfirmed)`);
  // protocol-lint: allow sizing the stored configuration, not a response body
  if (Buffer.byteLength(JSON.stringify(rules), 'utf8') > MAX_CORS_BYTES) throw invalidRequest('The CORS configuration must be less than 64 KB. (unconfirmed)');
  return rules.map((r) => {
    if (!r.AllowedMethods?.length || !r.AllowedOrigins?.length) throw malformedXml();
    for (const m of r.AllowedMethods) if (!CORS_METHODS.has(m)) throw invalidRequest(`Found unsupported HTTP method in CORS config. Unsupported method is ${m}`);
    for (const o of r.AllowedOrigins) if (wildcards(o) > 1) throw invalidRequest(`AllowedOrigin "${o}" can not have more than one wildcard.`);
    for (const h of r.AllowedHeaders ?? []) if (wildcards(h) > 1) throw invalidRequest(`AllowedHeader "${h}" can not have more than one wildcard.`);
    for (const h of r.ExposeHeaders ?? []) if (h.includes('*')) throw invalidRequest(`ExposeHeader "${h}" contains wildcard. We currently do not support wildcard for ExposeHeader.`);
    if (r.ID !== undefined && r.ID.length > 255) throw invalidRequest('The ID of a CORS rule must be at most 255 characters. (unconfirmed)');
    if (r.MaxAgeSeconds !== undefined && (!Number.isInteger(r.MaxAgeSeconds) || r.MaxAgeSeconds < 0)) throw malformedXml();
    return {
      ...(r.ID !== undefined ? { ID: r.ID } : {}),
      ...(r.AllowedHeaders?.length ? { AllowedHeaders: [...r.AllowedHeaders] } : {}),
      AllowedMethods: [...r.AllowedMethods],
      AllowedOrigins: [...r.AllowedOrigins],
      ...(r.ExposeHeaders?.length ? { ExposeHeaders: [...r.ExposeHeaders] } : {}),
      ...(r.MaxAgeSeconds !== undefined ? { MaxAgeSeconds: r.MaxAgeSeconds } : {}),
    };
  });
}

/** `value` matches `pattern` with at most one `*` (any run of characters). */
export function wildcardMatch(pattern: string, value: string, ignoreCase = false): boolean {
  const p = ignoreCase ? pattern.toLowerCase() : pattern;
  const v = ignoreCase ? value.toLowerCase() : value;
  const star = p.indexOf('*');
  if (star < 0) return p === v;
  const head = p.slice(0, star);
  const tail = p.slice(star + 1);
  return v.length >= head.length + tail.length && v.startsWith(head) && v.endsWith(tail);
}

const originAllowed = (r: CorsRuleRecord, origin: string) => r.AllowedOrigins.some((o) => wildcardMatch(o, origin));
const headerAllowed = (r: CorsRuleRecord, header: string) => (r.AllowedHeaders ?? []).some((h) => wildcardMatch(h, header, true));

/** The first rule that allows `origin`, `method` and every requested header (S3 uses the first match). */
export function matchingRule(rules: readonly CorsRuleRecord[], origin: string, method: string, requestedHeaders: readonly string[] = []): CorsRuleRecord | undefined {
  return rules.find((r) => originAllowed(r, origin) && r.AllowedMethods.includes(method) && requestedHeaders.every((h) => headerAllowed(r, h)));
}

/** The headers of Access-Control-Request-Headers (lower case, as S3 echoes them), bounded. */
export function requestedHeaders(value: string | undefined): string[] {
  if (value === undefined || value.trim() === '') return [];
  const hs = value.split(',').map((h) => h.trim().toLowerCase()).filter((h) => h !== '');
  if (hs.length > MAX_REQUESTED_HEADERS) throw clientError('BadRequest', 'Too many headers in Access-Control-Request-Headers (unconfirmed)', 400);
  return hs;
}

/** The Access-Control-* headers a rule answers with (`requested`: the preflight's headers, echoed). */
export function corsHeaders(rule: CorsRuleRecord, origin: string, requested?: readonly string[]): Record<string, string> {
  const any = rule.AllowedOrigins.includes('*');
  return {
    'access-control-allow-origin': any ? '*' : origin,
    'access-control-allow-methods': rule.AllowedMethods.join(', '),
    ...(requested?.length ? { 'access-control-allow-headers': requested.join(', ') } : {}),
    ...(rule.ExposeHeaders?.length ? { 'access-control-expose-headers': rule.ExposeHeaders.join(', ') } : {}),
    ...(rule.MaxAgeSeconds !== undefined ? { 'access-control-max-age': String(rule.MaxAgeSeconds) } : {}),
    ...(any ? {} : { 'access-control-allow-credentials': 'true' }),
    vary: 'Origin, Access-Control-Request-Headers, Access-Control-Request-Method',
  };
}

/** S3's refusal of a preflight (403 AccessForbidden), with the method and resource type it names. */
export function corsForbidden(message: string, method: string, resourceType: 'BUCKET' | 'OBJECT'): AwsError {
  return new AwsError({ code: 'AccessForbidden', message, httpStatus: 403, senderFault: true, fields: { Method: method, ResourceType: resourceType } });
}

export const CORS_NOT_ENABLED = 'CORSResponse: CORS is not enabled for this bucket.';
export const CORS_NOT_ALLOWED =
  "CORSResponse: This CORS request is not allowed. This is usually because the evalution of Origin, request method / Access-Control-Request-Method or Access-Control-Request-Headers are not whitelisted by the resource's CORS spec.";
