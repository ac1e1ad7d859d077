/**
 * Compiles a parsed policy once into an evaluation-ready form: statements with
 * precompiled matchers, indexed by service prefix so that evaluation only looks at
 * statements that can match the requested action.
 */
import type { PolicyType } from '../model/decision.js';
import type { PolicyDocument } from '../model/policy-document.js';
import { supportsVariables } from '../model/policy-document.js';
import type { PolicyKind } from '../grammar/policy-kinds.js';
import { compileStatement } from './compile-statement.js';
import type { CompiledStatement } from './compile-statement.js';

/** A compiled policy, citing its id/name/type in decisions. */
export interface CompiledPolicy {
  readonly id: string;
  readonly name?: string;
  readonly type: PolicyType;
  /** Storage kind; `trust` marks policies that must grant explicitly (role trust, KMS key policies). */
  readonly kind?: PolicyKind;
  readonly document: PolicyDocument;
  readonly statements: readonly CompiledStatement[];
  /** Statements that may match an action of `service` (lowercase), in document order. */
  readonly candidates: (service: string) => readonly CompiledStatement[];
}

/** Options of `compilePolicy`. */
export interface CompileOptions {
  readonly name?: string;
  readonly kind?: PolicyKind;
}

function buildIndex(statements: readonly CompiledStatement[]): (service: string) => readonly CompiledStatement[] {
  const any = statements.filter((s) => s.services === undefined);
  const byService = new Map<string, CompiledStatement[]>();
  for (const s of statements) for (const svc of s.services ?? []) (byService.get(svc) ?? byService.set(svc, []).get(svc))?.push(s);
  const merged = new Map<string, readonly CompiledStatement[]>();
  for (const [svc, list] of byService) merged.set(svc, [...list, ...any].sort((a, b) => a.index - b.index));
  return (service) => merged.get(service) ?? any;
}

/** Compiles `policy` (already parsed) as policy `id` of evaluation type `type`. */
export function compilePolicy(policy: PolicyDocument, id: string, type: PolicyType, options: CompileOptions = {}): CompiledPolicy {
  const variables = supportsVariables(policy);
  const statements = policy.statements.map((s, i) => compileStatement(s, i, variables));
  return {
    id,
    ...(options.name !== undefined ? { name: options.name } : {}),
    type,
    ...(options.kind !== undefined ? { kind: options.kind } : {}),
    document: policy,
    statements,
    candidates: buildIndex(statements),
  };
}
