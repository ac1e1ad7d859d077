/**
 * Public API of the policy engine: validate policies on write, parse stored ones
 * leniently, compile them once, and decide requests exactly as AWS does.
 * Pure: no I/O, no clock, no service knowledge.
 */
import { compilePolicy } from './compile/compile-policy.js';
import type { CompiledPolicy, CompileOptions } from './compile/compile-policy.js';
import { parsePolicyLenient } from './grammar/parse-policy.js';
import type { PolicyType } from './model/decision.js';

export type { PolicyDocument, PolicyVersion, Statement, ConditionEntry, PrincipalElement, Effect } from './model/policy-document.js';
export type { AuthzRequest, RequestPrincipal, PrincipalType, ContextValue, RequestContextInput } from './model/request.js';
export type { Decision, DecisionKind, MatchedStatement, PolicyType } from './model/decision.js';
export type { PolicyKind } from './grammar/policy-kinds.js';
export { KIND_RULES, POLICY_KINDS } from './grammar/policy-kinds.js';
export { validatePolicy } from './grammar/validate-policy.js';
export type { ValidationResult, ValidationError, ValidateOptions } from './grammar/validate-policy.js';
export { parsePolicyLenient } from './grammar/parse-policy.js';
export type { LenientResult } from './grammar/parse-policy.js';
export { policySize } from './grammar/policy-limits.js';
export { serializePolicy, policyToJson } from './grammar/serialize-policy.js';
export { compilePolicy } from './compile/compile-policy.js';
export type { CompiledPolicy, CompileOptions } from './compile/compile-policy.js';
export { policyHash, CompiledPolicyCache } from './compile/policy-hash.js';
export { evaluate } from './evaluate/evaluate-request.js';
export type { PolicySet } from './evaluate/evaluate-request.js';
export { explainDenial } from './evaluate/explain.js';

/**
 * Parses (leniently) and compiles a stored policy's JSON in one step.
 * Returns undefined when the text is not a JSON object.
 */
export function compilePolicyJson(json: string, id: string, type: PolicyType, options: CompileOptions = {}): CompiledPolicy | undefined {
  const parsed = parsePolicyLenient(json);
  return parsed.ok ? compilePolicy(parsed.policy, id, type, options) : undefined;
}
