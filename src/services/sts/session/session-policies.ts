/**
 * Session policies and session tags passed to STS: validated as AWS does (inline policy of kind
 * `session`, at most 10 managed policy ARNs, at most 50 tags, no duplicate keys ignoring case,
 * transitive keys among the tags) and measured against the packed-size limit.
 *
 * Packed size: AWS compresses the inline policy, the policy ARNs and the tags into the session token
 * and reports the share of a fixed budget used (PackedPolicySize, in percent); its format is not
 * published. Rampart deflates the same data and uses a 2048-byte budget for policies and one for
 * tags, which keeps every ordinary request well under 100% and fails oversized tag sets and long
 * policy lists with AWS's error and messages.
 */
import { deflateRawSync } from 'node:zlib';
import { validatePolicy } from '../../../policy/index.js';
import { MalformedPolicyDocumentException, PackedPolicyTooLargeException, type PolicyDescriptorType, type Tag } from '../api.generated.js';
import { validationError } from '../errors.js';

const PACKED_BUDGET = 2048;
const MAX_POLICY_ARNS = 10;

/** Validated session inputs. */
export interface SessionInputs {
  readonly policy?: string;
  readonly policyArns?: string[];
  readonly tags?: Record<string, string>;
  readonly transitiveTagKeys?: string[];
  /** Percent of the packed budget used; undefined when nothing was passed. */
  readonly packedPolicySize?: number;
}

function percent(text: string): number {
  return text === '' ? 0 : Math.ceil((deflateRawSync(Buffer.from(text, 'utf8')).length * 100) / PACKED_BUDGET);
}

/** Validates and measures the session policies and tags of an STS request. */
export function sessionInputs(policy: string | undefined, arns: PolicyDescriptorType[] | undefined, tagList: Tag[] | undefined, transitive: string[] | undefined, inherited: Readonly<Record<string, string>> = {}): SessionInputs {
  if (policy !== undefined) {
    const v = validatePolicy(policy, 'session');
    if (!v.ok) throw new MalformedPolicyDocumentException(v.errors[0]?.message ?? 'The policy is not valid.');
  }
  const policyArns = (arns ?? []).map((d) => d.arn ?? '').filter((a) => a !== '');
  if (policyArns.length > MAX_POLICY_ARNS) {
    throw validationError(`1 validation error detected: Value '[${policyArns.join(', ')}]' at 'policyArns' failed to satisfy constraint: Member must have length less than or equal to ${MAX_POLICY_ARNS}`);
  }
  for (const a of policyArns) if (!/^arn:aws:iam::(\d{12}|aws):policy\/.+/.test(a)) throw validationError(`Invalid ARN: ${a}`);
  const tags: Record<string, string> = {};
  const seen = new Set(Object.keys(inherited).map((k) => k.toLowerCase()));
  for (const t of tagList ?? []) {
    if (seen.has(t.Key.toLowerCase())) throw validationError('Duplicate tag keys found. Please note that Tag keys are case insensitive.');
    seen.add(t.Key.toLowerCase());
    tags[t.Key] = t.Value;
  }
  for (const k of transitive ?? []) {
    if (!(k in tags)) throw validationError(`The specified transitive tag key must be included in the requested tags.`);
  }
  // protocol-lint: allow policy text is minified to estimate AWS's packed policy size
  const packedPolicy = percent([policy === undefined ? '' : JSON.stringify(JSON.parse(policy)), ...policyArns].join('\n'));
  const packedTags = percent(Object.entries({ ...inherited, ...tags }).map(([k, v]) => `${k}=${v}`).join('\n'));
  if (packedPolicy > 100) throw new PackedPolicyTooLargeException(`Packed policy consumes ${packedPolicy}% of allotted space, please use smaller policy.`);
  if (packedTags > 100) throw new PackedPolicyTooLargeException(`Packed size of session tags consumes ${packedTags}% of allotted space.`);
  const passed = policy !== undefined || policyArns.length > 0 || tagList?.length;
  return {
    ...(policy !== undefined ? { policy } : {}),
    ...(policyArns.length ? { policyArns } : {}),
    ...(tagList?.length ? { tags } : {}),
    ...(transitive?.length ? { transitiveTagKeys: transitive } : {}),
    ...(passed ? { packedPolicySize: Math.max(packedPolicy, packedTags, 1) } : {}),
  };
}

/**
 * The trust policy's keys of the session asked for: `aws:RequestTag/*`, `aws:TagKeys`,
 * `sts:TransitiveTagKeys`, `sts:SourceIdentity`, and the role's tags as `iam:ResourceTag/*`.
 */
export function sessionRequestKeys(session: SessionInputs, sourceIdentity: string | undefined, roleTags: Readonly<Record<string, string>> | undefined): Record<string, string | string[]> {
  const context: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(session.tags ?? {})) context[`aws:RequestTag/${k}`] = v;
  if (session.tags) context['aws:TagKeys'] = Object.keys(session.tags);
  if (session.transitiveTagKeys) context['sts:TransitiveTagKeys'] = session.transitiveTagKeys;
  for (const [k, v] of Object.entries(roleTags ?? {})) context[`iam:ResourceTag/${k}`] = v;
  if (sourceIdentity !== undefined) context['sts:SourceIdentity'] = sourceIdentity;
  return context;
}
