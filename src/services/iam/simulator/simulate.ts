/**
 * The policy simulator's core (SimulatePrincipalPolicy / SimulateCustomPolicy): every action is
 * decided by the policy engine (`src/policy`) against every resource, exactly as enforcement
 * decides it, and reported AWS's way: one EvaluationResult per action whose EvalDecision is the
 * most restrictive over the resources, with per-resource ResourceSpecificResults when resources
 * were named, the statements that decided (with their positions in the documents), the context
 * keys the applicable statements need but were not given, and the permissions boundary's effect.
 *
 * A request may name thousands of actions and thousands of resources: only the page asked for is
 * computed (`simulatePage`), it holds a bounded number of evaluations, and the work yields to the
 * event loop every few milliseconds (`Pacer`).
 */
import { compilePolicyJson, evaluate, type AuthzRequest, type ContextValue, type Decision, type PolicySet, type PolicyType, type RequestPrincipal } from '../../../policy/index.js';
import type { EvaluationResult, PolicyEvaluationDecisionType, PolicySourceType, ResourceSpecificResult, Statement } from '../api.generated.js';
import { invalidInput } from '../errors.js';
import { addKeys, readableKeys, statementContextKeys } from './context-keys.js';
import { Pacer } from './pacer.js';
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
  /**
   * The SCPs of the principal's organization, per level (root, OUs, account), when its account is a
   * member (SimulatePrincipalPolicy); every level must allow, as at run time.
   */
  readonly scps?: { readonly levels: readonly (readonly { readonly id: string; readonly text: string }[])[]; readonly managementAccount: boolean };
}

/** Which actions a page covers: from `start` (an index into `SimRequest.actions`), at most `maxItems`. */
export interface SimPageRequest {
  readonly start: number;
  readonly maxItems: number;
}

/** One page: the results of the actions `start`, `start + 1`, ...; `truncated` when actions remain. */
export interface SimPage {
  readonly results: EvaluationResult[];
  readonly truncated: boolean;
}

/**
 * The most evaluations (one action on one resource) a page holds. A page always holds at least one
 * action with all its resources, then as many more as fit: IAM documents that a page may hold
 * fewer than MaxItems results while IsTruncated is true.
 */
export const EVALUATIONS_PER_PAGE = 1000;

/**
 * An evaluation costs about the size of the policies it runs through (every statement of the
 * action's service is matched): an evaluation against more than this much policy text counts as
 * several in EVALUATIONS_PER_PAGE (16 KiB: the policies of a typical user, decided in ~0.1 ms).
 */
export const POLICY_CHARS_PER_EVALUATION = 16 * 1024;

const DECISION: Record<Decision['decision'], PolicyEvaluationDecisionType> = { Allow: 'allowed', ExplicitDeny: 'explicitDeny', ImplicitDeny: 'implicitDeny' };
const SEVERITY: Record<PolicyEvaluationDecisionType, number> = { allowed: 0, implicitDeny: 1, explicitDeny: 2 };
const ENGINE_TYPE: Record<SimPolicy['use'], PolicyType> = { identity: 'identity', boundary: 'boundary', resource: 'resource' };

interface Compiled {
  readonly policy: SimPolicy;
  readonly spans: StatementSpan[];
  readonly compiled: NonNullable<ReturnType<typeof compilePolicyJson>>;
  /** Per statement, the context keys it refers to that the request does not give. */
  readonly missing: readonly (readonly string[])[];
}

/** The outcome for one action on one resource. */
interface Outcome {
  readonly resource: string;
  readonly decision: PolicyEvaluationDecisionType;
  readonly statements: Statement[];
  readonly missing: string[];
  readonly boundaryAllows?: boolean;
  readonly details?: Record<string, PolicyEvaluationDecisionType>;
  /** Present when SCPs were simulated: whether every level allowed and none denied. */
  readonly allowedByOrganizations?: boolean;
}

/** A simulation's policies, compiled once, and everything its decisions share. */
class Simulation {
  private readonly byId: Map<string, Compiled>;
  private readonly set: PolicySet;
  /** The identity side alone (EvalDecisionDetails' `IAM Policy` of a cross-account simulation). */
  private readonly identitySet: PolicySet;
  private readonly hasBoundary: boolean;
  private readonly crossAccount: boolean;
  /** The request context cut down to the keys the policies can read: the engine normalizes the context on every evaluation. */
  private readonly context: Readonly<Record<string, ContextValue>>;
  /** What one evaluation counts for in a page's budget (see POLICY_CHARS_PER_EVALUATION). */
  readonly weight: number;

  /** The SCPs alone, for OrganizationsDecisionDetail. */
  private readonly scpSet: PolicySet | undefined;

  private constructor(
    private readonly all: readonly Compiled[],
    private readonly req: SimRequest,
    scps: { levels: NonNullable<ReturnType<typeof compilePolicyJson>>[][]; managementAccount: boolean } | undefined,
  ) {
    this.byId = new Map(all.map((c) => [c.compiled.id, c]));
    const identityPolicies = all.filter((c) => c.policy.use === 'identity').map((c) => c.compiled);
    const boundary = all.find((c) => c.policy.use === 'boundary')?.compiled;
    const resourcePolicy = all.find((c) => c.policy.use === 'resource')?.compiled;
    this.hasBoundary = boundary !== undefined;
    this.identitySet = { identityPolicies, ...(boundary ? { permissionsBoundary: boundary } : {}) };
    this.set = { ...this.identitySet, ...(resourcePolicy ? { resourcePolicy } : {}), ...(scps ? { scps: scps.levels, isManagementAccount: scps.managementAccount } : {}) };
    this.scpSet = scps ? { identityPolicies: [], scps: scps.levels, isManagementAccount: scps.managementAccount } : undefined;
    this.crossAccount = req.resourceAccountId !== req.principal.accountId;
    this.weight = Math.max(1, Math.ceil(all.reduce((n, c) => n + c.policy.text.length, 0) / POLICY_CHARS_PER_EVALUATION));
    const readable = new Set<string>();
    for (const c of all) for (const st of c.compiled.document.statements) readableKeys(st, readable);
    this.context = Object.fromEntries(Object.entries(req.context).filter(([k]) => readable.has(k.toLowerCase())));
  }

  /** Compiles the policies (InvalidInput when one is not JSON), giving the event loop turns between them. */
  static async prepare(policies: readonly SimPolicy[], req: SimRequest, pacer: Pacer): Promise<Simulation> {
    const given = new Set(Object.keys(req.context).map((k) => k.toLowerCase()));
    const all: Compiled[] = [];
    for (const [i, p] of policies.entries()) {
      const compiled = compilePolicyJson(p.text, `p${i}`, ENGINE_TYPE[p.use], { name: p.sourceId, ...(p.use === 'resource' ? { kind: 'resource' as const } : {}) });
      if (!compiled) throw invalidInput(`The policy ${p.sourceId} is not a valid JSON policy document.`);
      const variables = compiled.document.version === '2012-10-17';
      const missing = compiled.document.statements.map((st) => statementContextKeys(st, variables).filter((k) => !given.has(k.toLowerCase())));
      all.push({ policy: p, spans: statementSpans(p.text), compiled, missing });
      await pacer.pace();
    }
    let scps: { levels: NonNullable<ReturnType<typeof compilePolicyJson>>[][]; managementAccount: boolean } | undefined;
    if (req.scps) {
      // A stored SCP that does not compile allows nothing at its level (as at run time).
      const empty = compilePolicyJson('{"Version":"2012-10-17","Statement":[]}', 'scp-empty', 'scp', { kind: 'scp' })!;
      scps = { managementAccount: req.scps.managementAccount, levels: req.scps.levels.map((level) => level.map((p) => compilePolicyJson(p.text, `scp:${p.id}`, 'scp', { name: p.id, kind: 'scp' }) ?? empty)) };
    }
    return new Simulation(all, req, scps);
  }

  /** One action's result over every resource (or `*`). */
  async evaluateAction(action: string, pacer: Pacer): Promise<EvaluationResult> {
    const missing = this.missingKeys(action);
    const named = this.req.resources.length > 0;
    const outcomes: Outcome[] = [];
    for (const r of named ? this.req.resources : ['*']) {
      outcomes.push(this.decide(action, r, missing));
      if (pacer.due()) await pacer.yield();
    }
    const worst = outcomes.reduce((a, b) => (SEVERITY[b.decision] > SEVERITY[a.decision] ? b : a));
    const top = outcomes.length === 1 ? outcomes[0]! : undefined;
    const seen = new Set<string>();
    const keyOf = (s: Statement) => `${s.SourcePolicyId}|${s.StartPosition?.Line}:${s.StartPosition?.Column}`;
    const statements: Statement[] = [];
    for (const o of outcomes) {
      if (o.decision !== worst.decision) continue;
      for (const s of o.statements) {
        const k = keyOf(s);
        if (seen.has(k)) continue;
        seen.add(k);
        statements.push(s);
      }
    }
    return {
      EvalActionName: action,
      ...(top ? { EvalResourceName: top.resource } : {}),
      EvalDecision: worst.decision,
      MatchedStatements: statements,
      MissingContextValues: named ? [] : worst.missing,
      ...(worst.details ? { EvalDecisionDetails: worst.details } : {}),
      ...(worst.boundaryAllows !== undefined ? { PermissionsBoundaryDecisionDetail: { AllowedByPermissionsBoundary: outcomes.every((o) => o.boundaryAllows) } } : {}),
      ...(worst.allowedByOrganizations !== undefined ? { OrganizationsDecisionDetail: { AllowedByOrganizations: outcomes.every((o) => o.allowedByOrganizations) } } : {}),
      ...(named ? { ResourceSpecificResults: outcomes.map(resourceResult) } : {}),
    };
  }

  /** Context keys of the statements that apply to `action` that the request did not provide (the same for every resource). */
  private missingKeys(action: string): string[] {
    const acc = new Map<string, string>();
    const lower = action.toLowerCase();
    for (const c of this.all) {
      const statements = c.compiled.statements;
      for (let i = 0; i < statements.length; i++) if (statements[i]!.action(lower)) addKeys(acc, c.missing[i] ?? []);
    }
    return [...acc.values()];
  }

  private decide(action: string, resource: string, missing: string[]): Outcome {
    const { req } = this;
    const request: AuthzRequest = { principal: req.principal, action, resource, resourceAccountId: req.resourceAccountId, context: this.context };
    const d = evaluate(request, this.set);
    const decision = DECISION[d.decision];
    const effect = decision === 'explicitDeny' ? 'Deny' : 'Allow';
    const statements: Statement[] = [];
    let boundaryAllow = false;
    let boundaryDeny = false;
    for (const m of d.matched) {
      if (m.policyType === 'boundary') {
        if (m.effect === 'Allow') boundaryAllow = true;
        else boundaryDeny = true;
      }
      if (m.effect !== effect) continue;
      // SCP statements are not the caller's to see: AWS's simulator answers OrganizationsDecisionDetail only.
      const c = this.byId.get(m.policyId);
      if (!c) continue;
      const span = c.spans[m.statementIndex];
      statements.push({
        SourcePolicyId: c.policy.sourceId,
        ...(c.policy.sourceType ? { SourcePolicyType: c.policy.sourceType } : {}),
        ...(span ? { StartPosition: span.start, EndPosition: span.end } : {}),
      });
    }
    let details: Record<string, PolicyEvaluationDecisionType> | undefined;
    if (this.crossAccount) {
      details = { 'IAM Policy': DECISION[evaluate({ ...request, resourceAccountId: req.principal.accountId }, this.identitySet).decision] };
      if (this.set.resourcePolicy) details['Resource Policy'] = resourcePolicyDecision(d);
    } else if (resource !== '*') details = {};
    const allowedByOrganizations = this.scpSet ? scpsAllow(request, this.scpSet) : undefined;
    return {
      resource,
      decision,
      statements,
      missing,
      ...(allowedByOrganizations !== undefined ? { allowedByOrganizations } : {}),
      ...(this.hasBoundary ? { boundaryAllows: boundaryAllow && !boundaryDeny } : {}),
      ...(details ? { details } : {}),
    };
  }
}

/** Whether the SCPs alone let the request through (every level allows, none denies). */
function scpsAllow(request: AuthzRequest, scpSet: PolicySet): boolean {
  const d = evaluate(request, scpSet);
  return !(d.deniedBy === 'scp');
}

function resourcePolicyDecision(d: Decision): PolicyEvaluationDecisionType {
  const rp = d.matched.filter((m) => m.policyType === 'resource');
  return rp.some((m) => m.effect === 'Deny') ? 'explicitDeny' : rp.some((m) => m.effect === 'Allow') ? 'allowed' : 'implicitDeny';
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

/**
 * Runs the simulation for one page of actions, in request order: from `page.start`, at most
 * `page.maxItems` actions and, after the first, no more than EVALUATIONS_PER_PAGE evaluations
 * (weighted by policy size).
 * Nothing outside the page is computed.
 */
export async function simulatePage(policies: readonly SimPolicy[], req: SimRequest, page: SimPageRequest, pacer = new Pacer()): Promise<SimPage> {
  const sim = await Simulation.prepare(policies, req, pacer);
  const perAction = Math.max(1, req.resources.length) * sim.weight;
  const results: EvaluationResult[] = [];
  let spent = 0;
  for (let i = page.start; i < req.actions.length && results.length < page.maxItems; i++) {
    if (results.length > 0 && spent + perAction > EVALUATIONS_PER_PAGE) break;
    results.push(await sim.evaluateAction(req.actions[i]!, pacer));
    spent += perAction;
  }
  return { results, truncated: page.start + results.length < req.actions.length };
}
