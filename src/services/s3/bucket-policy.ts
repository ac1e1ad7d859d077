/**
 * Bucket policies as PutBucketPolicy checks them (AWS's MalformedPolicy texts; those marked
 * (unconfirmed) have no AWS record found): JSON whose first byte is `{`, statements that name an
 * Effect, a Principal, S3 actions and resources of this bucket only. Whether one is public:
 * access/public-policy.ts.
 */
import { actionInfo } from '../../authz/catalog/action-catalog.js';
import { compilePolicyJson } from '../../policy/index.js';
import { malformedPolicy } from './errors.js';

/** "The maximum size of a bucket policy is 20 KB." */
export const MAX_POLICY_BYTES = 20 * 1024;

type Json = Record<string, unknown>;
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);
const ACCOUNT = /^\d{12}$/;
const IAM_PRINCIPAL = /^arn:aws[a-z-]*:(iam::\d{12}:(root|user\/.+|role\/.+|federated-user\/.+)|sts::\d{12}:(assumed-role\/.+|federated-user\/.+))$/;

function checkPrincipal(p: unknown): void {
  if (p === '*') return;
  if (!p || typeof p !== 'object' || Array.isArray(p)) throw malformedPolicy('Invalid principal in policy');
  for (const [kind, values] of Object.entries(p as Json)) {
    const vs = list(values);
    if (!vs.length || vs.some((v) => typeof v !== 'string' || v === '')) throw malformedPolicy('Invalid principal in policy');
    if (kind === 'AWS') {
      if (vs.some((v) => v !== '*' && !ACCOUNT.test(v as string) && !IAM_PRINCIPAL.test(v as string))) throw malformedPolicy('Invalid principal in policy');
    } else if (kind !== 'Service' && kind !== 'CanonicalUser' && kind !== 'Federated') throw malformedPolicy('Invalid principal in policy');
  }
}

function checkAction(a: unknown): void {
  if (typeof a !== 'string') throw malformedPolicy('Policy has invalid action');
  if (a === '*') return;
  const m = /^s3:(.+)$/i.exec(a);
  if (!m) throw malformedPolicy('Policy has invalid action');
  if (!/[*?]/.test(m[1]!) && !actionInfo('s3', m[1]!)) throw malformedPolicy('Policy has invalid action');
}

function checkResource(r: unknown, bucket: string): void {
  if (typeof r !== 'string') throw malformedPolicy('Policy has invalid resource');
  const m = /^arn:aws[a-z-]*:s3:::([^/]*)(\/.*)?$/.exec(r);
  if (!m || m[1] !== bucket) throw malformedPolicy('Policy has invalid resource');
}

function checkCondition(c: unknown): void {
  if (c === undefined) return;
  if (!c || typeof c !== 'object' || Array.isArray(c)) throw malformedPolicy('Invalid Condition (unconfirmed)');
  for (const block of Object.values(c as Json)) {
    if (!block || typeof block !== 'object' || Array.isArray(block)) throw malformedPolicy('Invalid Condition (unconfirmed)');
    for (const key of Object.keys(block as Json)) if (!/^(aws|s3):/i.test(key)) throw malformedPolicy('Policy has an invalid condition key');
  }
}

/** Throws MalformedPolicy unless `json` is a bucket policy S3 would store on `bucket`. */
export function checkBucketPolicy(json: string, bucket: string): void {
  if (Buffer.byteLength(json, 'utf8') > MAX_POLICY_BYTES) throw malformedPolicy('Policies must be less than 20 KB (unconfirmed)');
  let doc: unknown;
  try {
    // protocol-lint: allow a bucket policy is a document the caller wrote (data), not the request body
    doc = json.trimStart().startsWith('{') ? JSON.parse(json) : undefined;
  } catch {
    doc = undefined;
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) throw malformedPolicy("Policies must be valid JSON and the first byte must be '{'");
  const d = doc as Json;
  if (d['Version'] !== undefined && d['Version'] !== '2012-10-17' && d['Version'] !== '2008-10-17') throw malformedPolicy('The policy must contain a valid version string (unconfirmed)');
  const statements = list(d['Statement']);
  if (!statements.length) throw malformedPolicy('Missing required field Statement (unconfirmed)');
  for (const s of statements) {
    if (!s || typeof s !== 'object' || Array.isArray(s)) throw malformedPolicy('Invalid policy syntax. (unconfirmed)');
    const st = s as Json;
    if (st['Effect'] === undefined) throw malformedPolicy('Missing required field Effect (unconfirmed)');
    if (st['Effect'] !== 'Allow' && st['Effect'] !== 'Deny') throw malformedPolicy(`Invalid effect: ${String(st['Effect'])}`);
    const principal = st['Principal'] ?? st['NotPrincipal'];
    if (principal === undefined) throw malformedPolicy('Missing required field Principal');
    checkPrincipal(principal);
    const actions = st['Action'] ?? st['NotAction'];
    if (actions === undefined) throw malformedPolicy('Missing required field Action (unconfirmed)');
    list(actions).forEach(checkAction);
    const resources = st['Resource'] ?? st['NotResource'];
    if (resources === undefined) throw malformedPolicy('Missing required field Resource (unconfirmed)');
    for (const r of list(resources)) checkResource(r, bucket);
    checkCondition(st['Condition']);
  }
  if (!compilePolicyJson(json, `arn:aws:s3:::${bucket}/policy`, 'resource')) throw malformedPolicy('Invalid policy syntax. (unconfirmed)');
}

/** GetBucketPolicyStatus's IsPublic (AWS's "meaning of public"). */
export { isPublicPolicy } from './access/public-policy.js';
