/**
 * The policy simulator's core (SimulatePrincipalPolicy / SimulateCustomPolicy): every action is
 * decided by the policy engine (`src/policy`) against every resource, exactly as enforcement
 * decides it, and reported AWS's way: one EvaluationResult per action whose EvalDecision is the
 * most restrictive over the resources, with per-resource ResourceSpecificResults when resources
 * were named, the statements that decided (with their positions in the documents), the context
 * keys the applicable statements need but were not given, and the permissions boundary's effect.
 */
import { compilePolicyJson, evaluate, type AuthzRequest, type ContextValue, type Decision, type PolicyType, type RequestPrincipal } from '../../../policy/index.js';
import type { EvaluationResult, PolicyEvaluationDecisionType, PolicySourceType, ResourceSpecificResult, Statement } from '../api.generated.js';
import { invalidInput } from '../errors.js';
import { addKeys, statementContextKeys } from './context-keys.js';
import { statementSpans, type StatementSpan } from './statement-positions.js';

/** One input policy of a simulation. */
export interface SimPolicy {
  /** SourcePolicyId: the policy's name, or `PolicyInputList.N` for documents passed in the request. */
  readonly sourceId: string;
  readonly sourceType?: PolicySourceType;
  readonly text: string;
  readonly use: 'identity' | 'boundary' | 'resource';
}

/** What to simulate. */
export interface SimRequest {
  readonly principal: RequestPrincipal;
  readonly actions: readonly string[];
  /** Named resources; empty: the simulation is for `*`. */
  readonly resources: readonly string[];
  readonly resourceAccountId: string;
  readonly context: Readonly<Record<string, ContextValue>>;
}

const DECISION: Record<Decision['decision'], PolicyEvaluationDecisionType> = { Allow: 'allowed', ExplicitDeny: 'explicitDeny', ImplicitDeny: 'implicitDeny' };
const SEVERITY: Record<PolicyEvaluationDecisionType, number> = { allowed: 0, implicitDeny: 1, explicitDeny: 2 };
const ENGINE_TYPE: Record<SimPolicy['use'], PolicyType> = { identity: 'identity', boundary: 'boundary', resource: 'resource' };

interface Compiled {
  readonly policy: SimPolicy;
  readonly spans: StatementSpan[];
  readonly compiled: NonNullable<ReturnType<typeof compilePolicyJson>>;
}

function compileAll(policies: readonly SimPolicy[]): Compiled[] {
  return policies.map((p, i) => {
    const compiled = compilePolicyJson(p.text, `p${i}`, ENGINE_TYPE[p.use], { name: p.sourceId, ...(p.use === 'resource' ? { kind: 'resource' as const } : {}) });
    if (!compiled) throw invalidInput(`The policy ${p.sourceId} is not a valid JSON policy document.`);
    return { policy: p, spans: statementSpans(p.text), compiled };
  });
}

/** The outcome for one action on one resource. */
interface Outcome {
  readonly resource: string;
  readonly decision: PolicyEvaluationDecisionType;
  readonly statements: Statement[];
  readonly missing: string[];
  readonly boundaryAllows?: boolean;
  readonly details?: Record<string, PolicyEvaluationDecisionType>;
}

function decide(all: readonly Compiled[], req: SimRequest, action: string, resource: string): Outcome {
  const byId = new Map(all.map((c) => [c.compiled.id, c]));
  const identityPolicies = all.filter((c) => c.policy.use === 'identity').map((c) => c.compiled);
  const boundary = all.find((c) => c.policy.use === 'boundary')?.compiled;
  const resourcePolicy = all.find((c) => c.policy.use === 'resource')?.compiled;
  const request: AuthzRequest = { principal: req.principal, action, resource, resourceAccountId: req.resourceAccountId, context: req.context };
  const d = evaluate(request, { identityPolicies, ...(boundary ? { permissionsBoundary: boundary } : {}), ...(resourcePolicy ? { resourcePolicy } : {}) });
  const decision = DECISION[d.decision];
  const effect = decision === 'explicitDeny' ? 'Deny' : 'Allow';
  const statements = d.matched
    .filter((m) => m.effect === effect)
    .map((m): Statement => {
      const c = byId.get(m.policyId)!;
      const span = c.spans[m.statementIndex];
      return {
        SourcePolicyId: c.policy.sourceId,
        ...(c.policy.sourceType ? { SourcePolicyType: c.policy.sourceType } : {}),
        ...(span ? { StartPosition: span.start, EndPosition: span.end } : {}),
      };
    });
  const boundaryMatches = d.matched.filter((m) => m.policyType === 'boundary');
  const crossAccount = req.resourceAccountId !== req.principal.accountId;
  let details: Record<string, PolicyEvaluationDecisionType> | undefined;
  if (crossAccount) {
    const alone = (set: Parameters<typeof evaluate>[1]) => DECISION[evaluate({ ...request, resourceAccountId: req.principal.accountId }, set).decision];
    details = { 'IAM Policy': alone({ identityPolicies, ...(boundary ? { permissionsBoundary: boundary } : {}) }) };
    if (resourcePolicy) details['Resource Policy'] = resourcePolicyDecision(d);
  } else if (resource !== '*') details = {};
  return {
    resource,
    decision,
    statements,
    missing: missingKeys(all, req, action),
    ...(boundary ? { boundaryAllows: boundaryMatches.some((m) => m.effect === 'Allow') && !boundaryMatches.some((m) => m.effect === 'Deny') } : {}),
    ...(details ? { details } : {}),
  };
}

function resourcePolicyDecision(d: Decision): PolicyEvaluationDecisionType {
  const rp = d.matched.filter((m) => m.policyType === 'resource');
  return rp.some((m) => m.effect === 'Deny') ? 'explicitDeny' : rp.some((m) => m.effect === 'Allow') ? 'allowed' : 'implicitDeny';
}

/** Context keys of the statements that apply to `action` that the request did not provide. */
function missingKeys(all: readonly Compiled[], req: SimRequest, action: string): string[] {
  const given = new Set(Object.keys(req.context).map((k) => k.toLowerCase()));
  const acc = new Map<string, string>();
  const lower = action.toLowerCase();
  for (const c of all) {
    c.compiled.statements.forEach((st, i) => {
      if (!st.action(lower)) return;
      const raw = c.compiled.document.statements[i];
      if (raw) addKeys(acc, statementContextKeys(raw, c.compiled.document.version === '2012-10-17').filter((k) => !given.has(k.toLowerCase())));
    });
  }
  return [...acc.values()];
}

function resourceResult(o: Outcome): ResourceSpecificResult {
  return {
    EvalResourceName: o.resource,
    EvalResourceDecision: o.decision,
    MatchedStatements: o.statements,
    MissingContextValues: o.missing,
    ...(o.details ? { EvalDecisionDetails: o.details } : {}),
    ...(o.boundaryAllows !== undefined ? { PermissionsBoundaryDecisionDetail: { AllowedByPermissionsBoundary: o.boundaryAllows } } : {}),
  };
}

/** Runs the simulation: one result per action, in request order. */
export function simulate(policies: readonly SimPolicy[], req: SimRequest): EvaluationResult[] {
  const all = compileAll(policies);
  return req.actions.map((action): EvaluationResult => {
    const named = req.resources.length > 0;
    const outcomes = (named ? req.resources : ['*']).map((r) => decide(all, req, action, r));
    const worst = outcomes.reduce((a, b) => (SEVERITY[b.decision] > SEVERITY[a.decision] ? b : a));
    const top = outcomes.length === 1 ? outcomes[0]! : undefined;
    const seen = new Set<string>();
    const keyOf = (s: Statement) => `${s.SourcePolicyId}|${s.StartPosition?.Line}:${s.StartPosition?.Column}`;
    const statements = outcomes
      .filter((o) => o.decision === worst.decision)
      .flatMap((o) => o.statements)
      .filter((s) => !seen.has(keyOf(s)) && seen.add(keyOf(s)) !== undefined);
    return {
      EvalActionName: action,
      ...(top ? { EvalResourceName: top.resource } : {}),
      EvalDecision: worst.decision,
      MatchedStatements: statements,
      MissingContextValues: named ? [] : worst.missing,
      ...(worst.details ? { EvalDecisionDetails: worst.details } : {}),
      ...(worst.boundaryAllows !== undefined ? { PermissionsBoundaryDecisionDetail: { AllowedByPermissionsBoundary: outcomes.every((o) => o.boundaryAllows) } } : {}),
      ...(named ? { ResourceSpecificResults: outcomes.map(resourceResult) } : {}),
    };
  });
}
