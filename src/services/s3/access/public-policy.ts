/**
 * "The meaning of public" (S3 User Guide, Blocking public access): a bucket policy is public unless
 * every Allow statement that grants to a wildcard principal is fixed by a condition on one of the
 * keys that name who or where the request comes from, with fixed values (no wildcard, no policy
 * variable): aws:SourceIp (a CIDR that is not too broad), aws:SourceArn, aws:SourceVpc,
 * aws:SourceVpce, aws:SourceOwner, aws:SourceAccount, aws:PrincipalOrgID, aws:userid,
 * s3:DataAccessPointArn, s3:DataAccessPointAccount, s3:x-amz-server-side-encryption-aws-kms-key-id
 * (and aws:PrincipalAccount / aws:PrincipalArn, which fix the principal itself).
 *
 * Pure: a parsed policy document in, a verdict out. Deny statements never make a policy public.
 */

type Json = Record<string, unknown>;
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);

/** The keys whose fixed values make a wildcard-principal statement non-public (lower case). */
const NARROWING_KEYS: ReadonlySet<string> = new Set([
  'aws:sourceip',
  'aws:sourcearn',
  'aws:sourcevpc',
  'aws:sourcevpce',
  'aws:sourceowner',
  'aws:sourceaccount',
  'aws:principalorgid',
  'aws:principalaccount',
  'aws:principalarn',
  'aws:userid',
  's3:dataaccesspointarn',
  's3:dataaccesspointaccount',
  's3:x-amz-server-side-encryption-aws-kms-key-id',
]);

/**
 * Operators that require the key to be present and equal to one of the values (a negated
 * operator, a `...IfExists` one or `ForAllValues:` is satisfied by a request without the key).
 */
const FIXING_OPERATORS: ReadonlySet<string> = new Set(['stringequals', 'stringequalsignorecase', 'stringlike', 'arnequals', 'arnlike', 'ipaddress']);

/**
 * Shortest prefix of an aws:SourceIp CIDR that still counts as narrowing (Rampart's threshold; AWS
 * documents that a CIDR "too broad" is public without giving the number): /8 for IPv4, /32 for IPv6.
 */
export const MIN_IPV4_PREFIX = 8;
export const MIN_IPV6_PREFIX = 32;

/** A value a request cannot vary: a string without `*`, `?` or a policy variable `${...}`. */
function fixed(v: unknown): boolean {
  return (typeof v === 'string' && v !== '' && !/[*?]/.test(v) && !v.includes('${')) || typeof v === 'number';
}

/** A CIDR (or single address) narrow enough to count. `0.0.0.0/0`, `10.0.0.0/1`, `::/0` are not. */
export function isNarrowCidr(v: unknown): boolean {
  if (typeof v !== 'string') return false;
  const m = /^([^/]+)(?:\/(\d{1,3}))?$/.exec(v.trim());
  if (!m) return false;
  const v6 = m[1]!.includes(':');
  if (!v6 && !/^\d{1,3}(\.\d{1,3}){3}$/.test(m[1]!)) return false;
  if (v6 && !/^[0-9a-f:.]+$/i.test(m[1]!)) return false;
  const max = v6 ? 128 : 32;
  const prefix = m[2] === undefined ? max : Number(m[2]);
  if (prefix > max) return false;
  // An IPv4-mapped IPv6 range (::ffff:0:0/96) covers IPv4 addresses: judged by its IPv4 width.
  if (v6 && /^::ffff:/i.test(m[1]!)) return prefix - 96 >= MIN_IPV4_PREFIX;
  return prefix >= (v6 ? MIN_IPV6_PREFIX : MIN_IPV4_PREFIX);
}

/** True when one condition entry pins the request to fixed values of a narrowing key. */
function narrows(operator: string, key: string, values: unknown): boolean {
  const op = operator.toLowerCase().replace(/^foranyvalue:/, '');
  const k = key.toLowerCase();
  if (!FIXING_OPERATORS.has(op) || !NARROWING_KEYS.has(k)) return false;
  const vs = list(values);
  if (!vs.length) return false;
  if (k === 'aws:sourceip') return op === 'ipaddress' && vs.every(isNarrowCidr);
  if (op === 'ipaddress') return false;
  return vs.every(fixed);
}

/** Whether a statement's Principal (or its use of NotPrincipal) reaches everyone. */
function grantsToEveryone(st: Json): boolean {
  // "Allow" with NotPrincipal grants to everyone but the principals named.
  if (st['NotPrincipal'] !== undefined) return true;
  const p = st['Principal'];
  if (p === undefined) return false;
  if (typeof p === 'string') return !fixed(p);
  if (!p || typeof p !== 'object' || Array.isArray(p)) return true;
  return Object.values(p as Json).some((values) => list(values).some((v) => !fixed(v)));
}

/** A statement that makes its policy public (AWS's definition, above). */
export function isPublicStatement(statement: unknown): boolean {
  if (!statement || typeof statement !== 'object' || Array.isArray(statement)) return false;
  const st = statement as Json;
  if (st['Effect'] !== 'Allow' || !grantsToEveryone(st)) return false;
  const condition = st['Condition'];
  if (!condition || typeof condition !== 'object' || Array.isArray(condition)) return true;
  for (const [operator, block] of Object.entries(condition as Json)) {
    if (!block || typeof block !== 'object' || Array.isArray(block)) continue;
    for (const [key, values] of Object.entries(block as Json)) if (narrows(operator, key, values)) return false;
  }
  return true;
}

/** Whether a parsed policy document is public. */
export function isPublicPolicyDocument(doc: unknown): boolean {
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) return false;
  return list((doc as Json)['Statement']).some(isPublicStatement);
}

/** Whether a policy, as stored (JSON text), is public; text that is not JSON is not a policy and not public. */
export function isPublicPolicy(json: string): boolean {
  try {
    // protocol-lint: allow a stored bucket policy is data, not a request body
    return isPublicPolicyDocument(JSON.parse(json));
  } catch {
    return false;
  }
}

/**
 * The policy as RestrictPublicBuckets lets a caller from outside the owner's account see it: "public
 * and cross-account access within any public bucket policy, including non-public delegation to
 * specific accounts, is blocked", so every Allow statement goes (Deny statements stay); undefined
 * when no statement is left.
 */
export function withoutAllows(json: string): string | undefined {
  // protocol-lint: allow a stored bucket policy is data, not a request body
  const doc = JSON.parse(json) as Json;
  const kept = list(doc['Statement']).filter((s) => (s as Json)?.['Effect'] !== 'Allow');
  // protocol-lint: allow a resource policy document is data, not a response body
  return kept.length ? JSON.stringify({ ...doc, Statement: kept }) : undefined;
}
