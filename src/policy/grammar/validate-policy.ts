/**
 * Strict validation on write: what IAM / Organizations / STS accept for each kind
 * of policy, with AWS's `MalformedPolicyDocument` and `LimitExceeded` messages.
 */
import type { PolicyDocument } from '../model/policy-document.js';
import { MSG } from './messages.js';
import { parseStructure } from './parse-policy.js';
import type { ParseIssue } from './parse-policy.js';
import { KIND_RULES } from './policy-kinds.js';
import type { PolicyKind } from './policy-kinds.js';
import { sizeError } from './policy-limits.js';
import { statementErrors } from './statement-rules.js';

/** One validation failure. */
export interface ValidationError {
  readonly code: 'MalformedPolicyDocument' | 'LimitExceeded';
  readonly message: string;
}

/** Result of `validatePolicy`. */
export type ValidationResult =
  | { readonly ok: true; readonly policy: PolicyDocument }
  | { readonly ok: false; readonly errors: readonly ValidationError[] };

/** Options for `validatePolicy`. */
export interface ValidateOptions {
  /** Name of the user/group/role, quoted in inline-policy size errors. */
  readonly entityName?: string;
}

// eslint-disable-next-line no-control-regex
const NOT_LATIN1 = /[^\u0009\u000A\u000D\u0020-\u00FF]/;

const malformed = (message: string): ValidationError => ({ code: 'MalformedPolicyDocument', message });

/** Validates a policy document for storage as `kind`. Never throws. */
export function validatePolicy(json: string, kind: PolicyKind, options: ValidateOptions = {}): ValidationResult {
  const rules = KIND_RULES[kind];
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    return { ok: false, errors: [malformed(MSG.syntax)] };
  }
  const limit = sizeError(json, kind, options.entityName);
  if (limit) return { ok: false, errors: [{ code: 'LimitExceeded', message: limit }] };
  const messages: string[] = [];
  if (rules.latin1Only && NOT_LATIN1.test(json)) messages.push(MSG.syntax);
  const issues: ParseIssue[] = [];
  const policy = parseStructure(raw, issues);
  messages.push(...issues.map((i) => i.message));
  if (policy) {
    const sids = new Set<string>();
    for (const s of policy.statements) {
      messages.push(...statementErrors(s, kind, rules));
      if (s.sid !== undefined && s.sid !== '') {
        if (sids.has(s.sid)) messages.push(MSG.sidUnique);
        sids.add(s.sid);
      }
    }
  }
  const unique = [...new Set(messages)];
  if (unique.length > 0 || !policy) return { ok: false, errors: (unique.length ? unique : [MSG.syntax]).map(malformed) };
  return { ok: true, policy };
}
