/**
 * Strict validation on write: what IAM / Organizations / STS accept for each kind of policy, with
 * AWS's `MalformedPolicyDocument` and `LimitExceeded` messages. The checks, their order and their
 * sources are in `policy-checks.ts`; like AWS, validation reports the first check that fails.
 */
import type { PolicyDocument } from '../model/policy-document.js';
import { MSG } from './messages.js';
import { readPolicy } from './parse-policy.js';
import { firstFailure } from './policy-checks.js';
import { KIND_RULES } from './policy-kinds.js';
import type { PolicyKind } from './policy-kinds.js';

/** One validation failure. */
export interface ValidationError {
  readonly code: 'MalformedPolicyDocument' | 'LimitExceeded';
  readonly message: string;
  /** The check that failed (a `POLICY_CHECKS` name). */
  readonly check: string;
}

/** Result of `validatePolicy`: AWS reports one error, so `errors` holds exactly one. */
export type ValidationResult =
  | { readonly ok: true; readonly policy: PolicyDocument }
  | { readonly ok: false; readonly errors: readonly [ValidationError] };

/** Options for `validatePolicy`. */
export interface ValidateOptions {
  /** Name of the user/group/role, quoted in inline-policy size errors. */
  readonly entityName?: string;
}

/** Validates a policy document for storage as `kind`. Never throws. */
export function validatePolicy(json: string, kind: PolicyKind, options: ValidateOptions = {}): ValidationResult {
  const result = firstFailure(json, kind, KIND_RULES[kind], options.entityName);
  if ('check' in result) return { ok: false, errors: [{ code: result.check.code, message: result.message, check: result.check.name }] };
  const policy = readPolicy(result.root);
  // INVARIANT: a document that passed the grammar is an object, so readPolicy cannot fail.
  if (!policy) return { ok: false, errors: [{ code: 'MalformedPolicyDocument', message: MSG.syntax, check: 'grammar' }] };
  return { ok: true, policy };
}
