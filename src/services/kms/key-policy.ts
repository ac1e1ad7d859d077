/**
 * Key policies: AWS's default policy, the checks CreateKey and PutKeyPolicy make, and the lockout
 * safety check. Only the policy name `default` exists (ListKeyPolicies).
 */
import type { Authorizer } from '../../authz/authorizer.js';
import { addRequestConditionKeys } from '../../authz/request/global-keys.js';
import { compilePolicyJson, evaluate } from '../../policy/index.js';
import type { Caller } from '../../shared/caller.js';
import { lockout, malformedPolicy, policyTooLarge } from './errors.js';

export const POLICY_NAME = 'default';
/** "The key policy size quota is 32 kilobytes (32768 bytes)." */
export const MAX_POLICY_BYTES = 32768;

/**
 * The default key policy of a key created without one, as AWS stores and returns it (its
 * pretty-printed form; Id `key-default-1`): the account principal may do everything, which lets the
 * account's IAM policies grant access to the key.
 */
export function defaultKeyPolicy(partition: string, accountId: string): string {
  return `{
  "Version" : "2012-10-17",
  "Id" : "key-default-1",
  "Statement" : [ {
    "Sid" : "Enable IAM User Permissions",
    "Effect" : "Allow",
    "Principal" : {
      "AWS" : "arn:${partition}:iam::${accountId}:root"
    },
    "Action" : "kms:*",
    "Resource" : "*"
  } ]
}`;
}

/** Only tab, LF, CR and U+0020–U+00FF ("A key policy document can include only the following characters"). */
const ALLOWED = /^[\t\n\r\u0020-\u00ff]*$/;

/**
 * The checks AWS makes on a key policy (texts unconfirmed but the lockout's): size, characters, a JSON
 * object with statements each naming a principal. Statements missing Action or Resource are accepted
 * and have no effect, as AWS documents.
 */
export function checkKeyPolicy(json: string): void {
  if (Buffer.byteLength(json, 'utf8') > MAX_POLICY_BYTES) throw policyTooLarge();
  if (!ALLOWED.test(json)) throw malformedPolicy('The policy document contains characters that are not allowed.');
  let doc: unknown;
  try {
    // protocol-lint: allow a key policy is a document the caller wrote (data), not the request body
    doc = JSON.parse(json);
  } catch {
    throw malformedPolicy('The policy document is not valid JSON.');
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) throw malformedPolicy('The policy document is not a JSON object.');
  const raw = (doc as Record<string, unknown>)['Statement'];
  const statements = Array.isArray(raw) ? raw : raw !== undefined ? [raw] : [];
  if (statements.length === 0) throw malformedPolicy('The policy document has no statement.');
  for (const s of statements) {
    if (!s || typeof s !== 'object' || Array.isArray(s)) throw malformedPolicy('A statement of the policy document is not a JSON object.');
    const st = s as Record<string, unknown>;
    if (st['Principal'] === undefined && st['NotPrincipal'] === undefined) throw malformedPolicy('Policy contains a statement with no principal.');
    if (st['Effect'] !== 'Allow' && st['Effect'] !== 'Deny') throw malformedPolicy('Policy contains a statement with an invalid Effect.');
  }
}

const ALLOW_ALL = compilePolicyJson('{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}', 'kms-lockout-check', 'identity')!;

/**
 * The lockout safety check: the policy must allow the caller a later `kms:PutKeyPolicy` on the key,
 * by naming the caller (its user, role or session) or its account (which delegates to the account's
 * IAM policies, assumed to allow). An explicit deny of the caller fails it too.
 */
export async function checkLockout(authorizer: Authorizer, caller: Caller, keyArn: string, json: string): Promise<void> {
  const policy = compilePolicyJson(json, `${keyArn}/policy/${POLICY_NAME}`, 'resource', { kind: 'trust', name: POLICY_NAME });
  if (!policy) throw lockout();
  const cp = await authorizer.callerPolicies(caller);
  const context = addRequestConditionKeys({ ...cp.keys, 'kms:CallerAccount': caller.principal.accountId }, cp.facts, caller);
  const decision = evaluate({ principal: cp.principal, action: 'kms:PutKeyPolicy', resource: keyArn, context }, { identityPolicies: [ALLOW_ALL], resourcePolicy: policy });
  if (decision.decision !== 'Allow') throw lockout();
}
