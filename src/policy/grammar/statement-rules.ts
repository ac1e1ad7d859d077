/**
 * The per-element rules IAM applies on write (Action, Resource, Condition dates, Principal), each
 * a pure function of one value. The order in which they run, and the sources of their texts, are
 * in `policy-checks.ts`.
 *
 * Every function is linear in the length of its input: no regular expression here can backtrack
 * (character classes and anchored, unambiguous sequences only).
 */
import type { PrincipalElement } from '../model/policy-document.js';
import { MSG } from './messages.js';

/** Partitions IAM accepts in a Resource ARN, besides `*` (AWS's partitions). */
export const PARTITIONS: ReadonlySet<string> = new Set(['aws', 'aws-cn', 'aws-us-gov', 'aws-iso', 'aws-iso-b', 'aws-iso-e', 'aws-iso-f', 'aws-eusc']);

/**
 * The resource types an IAM ARN may name (moto's `VALID_RESOURCE_PATH_STARTING_VALUES`, the list
 * IAM quotes in "IAM resource path must either be "*" or start with ...", recorded by moto's tests
 * for an IAM ARN naming no IAM resource type).
 */
export const IAM_RESOURCE_STARTS: readonly string[] = [
  'user/',
  'federated-user/',
  'role/',
  'group/',
  'instance-profile/',
  'mfa/',
  'server-certificate/',
  'policy/',
  'sms-mfa/',
  'saml-provider/',
  'oidc-provider/',
  'report/',
  'access-report/',
];

/**
 * S3 resource types whose ARN carries a region and an account (Service Authorization Reference,
 * "Resource types defined by Amazon S3": access points, multi-Region access points, Batch
 * Operations jobs, Storage Lens configurations and groups, Access Grants). moto exempts only
 * `accesspoint/` (the type its test records); the others are AWS's own documented ARNs.
 */
const S3_REGIONAL_STARTS: readonly string[] = ['accesspoint/', 'job/', 'storage-lens/', 'storage-lens-group/', 'access-grants/'];

const VENDOR_CHARS = /^[a-zA-Z0-9.-]*$/;

/**
 * Checks one Action/NotAction entry (moto `_validate_action_prefix`, whose three texts moto's tests
 * record from AWS): no colon (and not `*`) lacks a vendor; two colons or more are refused; the
 * vendor may hold only letters, digits, `-` and `.`, or be `*`. What follows the colon is not
 * checked: AWS stores an action name with spaces in it (an answer recorded by moto's tests).
 */
export function actionError(action: string): string | undefined {
  const colon = action.indexOf(':');
  if (colon < 0) return action === '*' ? undefined : MSG.vendorPrefix;
  if (action.indexOf(':', colon + 1) >= 0) return MSG.oneColon;
  const vendor = action.slice(0, colon);
  return vendor === '*' || VENDOR_CHARS.test(vendor) ? undefined : MSG.invalidVendor(vendor);
}

const startsWithAny = (s: string, starts: readonly string[]) => starts.some((p) => s.startsWith(p));

/** `s` split at its first `sep`: before, whether found, after (Python's `str.partition`). */
function partition(s: string, sep: string): [string, boolean, string] {
  const i = s.indexOf(sep);
  return i < 0 ? [s, false, ''] : [s.slice(0, i), true, s.slice(i + 1)];
}

/**
 * The format error IAM reports for one Resource/NotResource entry, or undefined (moto
 * `_validate_resource_format`, every text of which moto's tests record from AWS, plus the
 * account rule below).
 *
 * AWS reads `x:partition:service:region:account:resource` whatever `x` is, and fills missing
 * components with `*`: "urn:aws-eu:queues" is reported as `arn:aws-eu:queues:*:*:*`.
 */
export function resourceFormatError(resource: string): string | undefined {
  if (resource === '*') return undefined;
  const [, hasColon, afterArn] = partition(resource, ':');
  if (!hasColon) return MSG.resourceArn(resource);
  const [partitionName, hasVendor, afterPartition] = partition(afterArn, ':');
  if (partitionName !== '*' && !PARTITIONS.has(partitionName)) {
    const rest = afterPartition.split(':');
    const part = (i: number) => (rest.length > i ? rest[i] : '*');
    const first = rest[0] !== '' || rest.length > 1 ? rest[0] : '*';
    const last = rest.length > 3 ? rest.slice(3).join(':') : '*';
    return MSG.partition(partitionName, `arn:${partitionName}:${first}:${part(1)}:${part(2)}:${last}`);
  }
  if (!hasVendor) return MSG.resourceVendor;
  const [service, , afterService] = partition(afterPartition, ':');
  // A wildcard or a variable in the vendor: the text says vendors "cannot contain regexes" (moto does
  // not check this; Rampart did before, and AWS's own text names the rule).
  if (/[*?$]/.test(service)) return MSG.resourceVendor;
  const [, , afterRegion] = partition(afterService, ':');
  const [account, hasResource, resourceId] = partition(afterRegion, ':');
  // An account is only an account when a resource follows it: "arn:aws:s3::audit-logs" is a
  // short ARN that fails legacy parsing (an AWS answer recorded by moto's tests), not one with an account.
  const accountGiven = hasResource && account !== '';
  // `afterService` not starting with ":" = a region is given (or the ARN ends after the service).
  const regionGiven = !afterService.startsWith(':');
  if (service === 'iam') {
    if (regionGiven) return MSG.iamRegion(resource);
    return resourceId === '*' || startsWithAny(resourceId, IAM_RESOURCE_STARTS) ? undefined : MSG.iamPath(IAM_RESOURCE_STARTS);
  }
  if (service === 's3' && !startsWithAny(resourceId, S3_REGIONAL_STARTS)) {
    if (regionGiven) return MSG.region(resource);
    // Not in moto. The issue lists "S3 ARNs with a region or account" among what AWS rejects; the
    // text is AWS's for route53 below (a user's recorded PutRolePolicy answer), assumed the same.
    if (accountGiven) return MSG.account(resource);
  }
  if (service === 'route53') {
    // Recorded by a user from PutRolePolicy (terraform comments quoting AWS's answers):
    // "Resource arn:aws:route53:eu-west-1:<ACCOUNT>:hostedzone/* can not contain region information."
    // "Resource arn:aws:route53::<ACCOUNT>:hostedzone/* cannot contain an account id."
    if (regionGiven) return MSG.region(resource);
    if (accountGiven) return MSG.account(resource);
  }
  return undefined;
}

/**
 * The legacy parser's reading of one Resource entry (moto `_legacy_parse_resource_like`): an entry
 * with fewer than five colons may not hold `::`, and the vendor (third component) may not be empty.
 * moto checks the vendor only for a lone string (for list entries it tests a character by mistake);
 * here both forms are checked alike.
 */
export function legacyResourceOk(resource: string): boolean {
  if (resource === '*' || resource === '') return true;
  let colons = 0;
  for (let i = 0; i < resource.length; i++) if (resource.charCodeAt(i) === 0x3a) colons++;
  if (colons < 5 && resource.includes('::')) return false;
  const parts = resource.split(':', 3);
  return parts.length === 3 && parts[2] !== '';
}

const PY_INT = /^\s*[+-]?\d+(?:_\d+)*\s*$/;

/** Python's `int(s)` as moto's legacy parser uses it; undefined where int() raises. */
function pyInt(s: string): bigint | undefined {
  return PY_INT.test(s) ? BigInt(s.trim().replace(/_/g, '')) : undefined;
}

const inRange = (s: string, lo: bigint, hi: bigint): boolean => {
  const n = pyInt(s);
  return n !== undefined && n >= lo && n <= hi;
};

/** moto `_validate_iso_8601_datetime` (lower-cased input). */
function iso8601Ok(datetime: string): boolean {
  const [datePart, , timePart] = partition(datetime, 't');
  const negative = datePart.startsWith('-');
  const dateParts = (negative ? datePart.slice(1) : datePart).split('-');
  const year = negative ? `-${dateParts[0]}` : (dateParts[0] ?? '');
  if (!inRange(year, -292275054n, 292278993n)) return false;
  if (dateParts.length > 1 && !inRange(dateParts[1]!, 1n, 12n)) return false;
  if (dateParts.length > 2 && !inRange(dateParts[2]!, 1n, 31n)) return false;
  if (dateParts.length >= 4) return false;
  const timeParts = timePart.split(':');
  if (timeParts[0] !== '' && !inRange(timeParts[0]!, 0n, 23n)) return false;
  if (timeParts.length > 1 && !inRange(timeParts[1]!, 0n, 59n)) return false;
  if (timeParts.length > 2) {
    let seconds = timeParts[2]!;
    if (seconds.includes('z')) {
      const [s, , after] = partition(seconds, 'z');
      if (after !== '') return false;
      seconds = s;
    } else if (seconds.includes('+')) {
      const [s, , zone] = partition(seconds, '+');
      const [hours, hasMinutes, minutes] = partition(zone, ':');
      if (hours.length !== 2 || !inRange(hours, 0n, 23n)) return false;
      if (hasMinutes && (minutes.length !== 2 || !inRange(minutes, 0n, 59n))) return false;
      seconds = s;
    }
    const [whole, hasFraction, fraction] = partition(seconds, '.');
    if (!inRange(whole, 0n, 59n)) return false;
    if (hasFraction && !inRange(fraction, 0n, 999999999n)) return false;
  }
  return true;
}

/**
 * The legacy parser's reading of one Date* condition value (moto `_legacy_parse_date_condition_value`):
 * an ISO 8601 date-time when it holds `t` or `-`, else epoch seconds in 0..2^63-1. Numbers are read
 * as their decimal text; booleans fail (moto fails them too, by raising).
 */
export function legacyDateOk(value: unknown): boolean {
  if (typeof value === 'number') return legacyDateOk(String(value));
  if (typeof value !== 'string') return false;
  const lower = value.toLowerCase();
  if (lower.includes('t') || value.includes('-')) return iso8601Ok(lower);
  return inRange(value, 0n, 9223372036854775807n);
}

const ACCOUNT = /^\d{12}$/;
const IAM_PRINCIPAL = /^arn:[a-z-]+:iam::\d{12}:(?:root|user\/.+|role\/.+|federated-user\/.+)$/;
const STS_PRINCIPAL = /^arn:[a-z-]+:sts::\d{12}:(?:assumed-role\/[^/]+\/.+|federated-user\/.+)$/;

function principalValueError(type: string, v: string): string | undefined {
  const bad = MSG.invalidPrincipal(type, v);
  switch (type) {
    case 'AWS':
      // Wildcards cannot match part of a principal name or ARN.
      if (v === '*') return undefined;
      return !/[*?]/.test(v) && (ACCOUNT.test(v) || IAM_PRINCIPAL.test(v) || STS_PRINCIPAL.test(v)) ? undefined : bad;
    case 'Service':
      return /^[a-z0-9.-]+$/.test(v) || v === '*' ? undefined : bad;
    case 'CanonicalUser':
      return /^[0-9a-fA-F]{64}$/.test(v) ? undefined : bad;
    default:
      return v.trim() === '' ? bad : undefined;
  }
}

/** The first error of a Principal/NotPrincipal element's values (where principals are allowed). */
export function principalError(p: PrincipalElement): string | undefined {
  if (p.kind === 'wildcard') return undefined;
  const lists: [string, readonly string[]][] = [
    ['AWS', p.aws],
    ['Service', p.service],
    ['Federated', p.federated],
    ['CanonicalUser', p.canonicalUser],
  ];
  for (const [type, list] of lists) {
    for (const v of list) {
      const e = principalValueError(type, v);
      if (e) return e;
    }
  }
  return p.aws.length + p.service.length + p.federated.length + p.canonicalUser.length === 0 ? MSG.syntax : undefined;
}

/** Whether the element is `"*"` or `{"AWS": "*"}` (what resource control policies allow). */
export const isWildcardPrincipal = (p: PrincipalElement): boolean =>
  p.kind === 'wildcard' || (p.aws.length === 1 && p.aws[0] === '*' && p.service.length + p.federated.length + p.canonicalUser.length === 0);
