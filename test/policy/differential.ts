/**
 * Differential harness against @cloud-copilot/iam-simulate: the same random
 * scenario is decided by both engines and disagreements are classified.
 */
import fc from 'fast-check';
import { runUnsafeSimulation } from '@cloud-copilot/iam-simulate';
import type { Simulation } from '@cloud-copilot/iam-simulate';
import { compilePolicyJson, evaluate } from '../../src/policy/index.js';
import type { DecisionKind, PolicySet, PolicyType } from '../../src/policy/index.js';
import { requestArb, scenarioArb } from './arbitraries.js';
import type { GenRequest, GenScenario } from './arbitraries.js';

const THEIRS: Record<string, DecisionKind> = { Allowed: 'Allow', ExplicitlyDenied: 'ExplicitDeny', ImplicitlyDenied: 'ImplicitDeny' };

const compile = (d: unknown, id: string, type: PolicyType) => {
  const c = compilePolicyJson(JSON.stringify(d), id, type);
  if (!c) throw new Error('unparseable');
  return c;
};

export function rampartDecision(s: GenScenario, r: GenRequest): DecisionKind {
  const set: PolicySet = {
    identityPolicies: s.identity.map((d, i) => compile(d, `i${i}`, 'identity')),
    ...(s.boundary ? { permissionsBoundary: compile(s.boundary, 'b', 'boundary') } : {}),
    ...(s.resource ? { resourcePolicy: compile(s.resource, 'r', 'resource') } : {}),
    ...(s.scps ? { scps: s.scps.map((l, li) => l.map((d, i) => compile(d, `s${li}.${i}`, 'scp'))) } : {}),
  };
  return evaluate(r, set).decision;
}

function simulation(s: GenScenario, r: GenRequest): Simulation {
  return {
    request: { principal: r.principal.arn, action: r.action, resource: { resource: r.resource, accountId: r.resourceAccountId }, contextVariables: r.context },
    identityPolicies: s.identity.map((policy, i) => ({ name: `i${i}`, policy })),
    serviceControlPolicies: (s.scps ?? []).map((level, li) => ({ orgIdentifier: `ou-${li}`, policies: level.map((policy, i) => ({ name: `s${li}.${i}`, policy })) })),
    resourceControlPolicies: [],
    // Passed as an already-validated policy: iam-simulate 0.1.173's unsafe path needs its metadata name.
    ...(s.resource ? { resourcePolicy: { __validated: true, policyDocument: s.resource, metadata: { name: 'resource' } } } : {}),
    ...(s.boundary ? { permissionBoundaryPolicies: [{ name: 'b', policy: s.boundary }] } : {}),
  };
}

/** iam-simulate's decision through its unvalidated entry point ('rejected' if it throws). */
export function simulateDecision(s: GenScenario, r: GenRequest): DecisionKind | 'rejected' {
  try {
    return THEIRS[String(runUnsafeSimulation(simulation(s, r), {}) as unknown)] ?? 'ImplicitDeny';
  } catch {
    return 'rejected';
  }
}

type Doc = Record<string, unknown>;
const mapStatements = (d: Doc, f: (st: Doc) => Doc | undefined): Doc => {
  const list = (d['Statement'] as Doc[]).map(f).filter((x): x is Doc => x !== undefined);
  return { ...d, Statement: list.length ? list : [{ Effect: 'Deny', Action: 'none:none', Resource: '*' }] };
};
const mapAll = (s: GenScenario, f: (st: Doc) => Doc | undefined): GenScenario => ({
  identity: s.identity.map((d) => mapStatements(d, f)),
  ...(s.boundary ? { boundary: mapStatements(s.boundary, f) } : {}),
  ...(s.resource ? { resource: mapStatements(s.resource, f) } : {}),
  ...(s.scps ? { scps: s.scps.map((l) => l.map((d) => mapStatements(d, f))) } : {}),
});
const withoutCondition = (key: RegExp) => (st: Doc): Doc => {
  const c = st['Condition'] as Record<string, Record<string, unknown>> | undefined;
  if (!c) return st;
  const kept = Object.fromEntries(Object.entries(c).filter(([op, block]) => !key.test(op) && !Object.values(block).some((v) => key.test(JSON.stringify(v)))));
  const { Condition: _drop, ...rest } = st;
  return Object.keys(kept).length ? { ...rest, Condition: kept } : rest;
};

/** Ablations tried in order: the first that makes the engines agree names the class. */
const ABLATIONS: [string, (s: GenScenario, r: GenRequest) => [GenScenario, GenRequest]][] = [
  ['policy variables', (s, r) => [mapAll(s, (st) => (JSON.stringify(st).includes('${') ? undefined : st)), r]],
  ['set operators on multivalued keys', (s, r) => [mapAll(s, withoutCondition(/ForAllValues|ForAnyValue/)), r]],
  ['Null operator', (s, r) => [mapAll(s, withoutCondition(/^Null$/)), r]],
  ['negated operators', (s, r) => [mapAll(s, withoutCondition(/Not/)), r]],
  ['NotResource', (s, r) => [mapAll(s, (st) => ('NotResource' in st ? undefined : st)), r]],
  ['NotAction', (s, r) => [mapAll(s, (st) => ('NotAction' in st ? undefined : st)), r]],
  ['resource policy', (s, r) => [{ ...s, resource: undefined } as GenScenario, r]],
  ['permissions boundary', (s, r) => [{ ...s, boundary: undefined } as GenScenario, r]],
  ['SCPs', (s, r) => [{ ...s, scps: undefined } as GenScenario, r]],
  ['conditions (other)', (s, r) => [mapAll(s, withoutCondition(/./)), r]],
];

/** Names the disagreement class of a disagreeing pair. */
export function classify(s: GenScenario, r: GenRequest): string {
  for (const [name, ablate] of ABLATIONS) {
    const [s2, r2] = ablate(s, r);
    const theirs = simulateDecision(s2, r2);
    if (theirs !== 'rejected' && rampartDecision(s2, r2) === theirs) return name;
  }
  return 'unclassified';
}

/** Features of a scenario used to bucket disagreements. */
export function features(s: GenScenario, r: GenRequest): string[] {
  const text = JSON.stringify(s);
  const out: string[] = [];
  if (r.resourceAccountId !== r.principal.accountId) out.push('cross-account');
  if (text.includes('NotResource')) out.push('NotResource');
  if (text.includes('NotAction')) out.push('NotAction');
  if (text.includes('${')) out.push('variables');
  if (/ForAllValues|ForAnyValue/.test(text)) out.push('set-operators');
  if (text.includes('Null')) out.push('Null');
  if (/"Principal":\{"AWS":"\d{12}"\}/.test(JSON.stringify(s.resource ?? {}))) out.push('account-principal');
  return out;
}

export interface DiffReport {
  readonly runs: number;
  /** Inputs iam-simulate refused (validation), excluded from the comparison. */
  readonly rejected: number;
  readonly disagreements: number;
  readonly buckets: Record<string, number>;
  readonly examples: { klass: string; scenario: GenScenario; request: GenRequest; rampart: DecisionKind; iamSimulate: DecisionKind }[];
  readonly ms: number;
}

/** Runs `runs` random scenarios through both engines. */
export function runDifferential(runs: number, seed = 42, keepExamples = 20): DiffReport {
  const samples = fc.sample(fc.tuple(scenarioArb, requestArb), { numRuns: runs, seed });
  const buckets: Record<string, number> = {};
  const examples: DiffReport['examples'] = [];
  let disagreements = 0;
  let rejected = 0;
  const start = Date.now();
  for (const [s, r] of samples) {
    const ours = rampartDecision(s, r);
    const theirs = simulateDecision(s, r);
    if (theirs === 'rejected') {
      rejected++;
      continue;
    }
    if (ours === theirs) continue;
    disagreements++;
    const key = `${classify(s, r)}: rampart ${ours} / iam-simulate ${theirs}`;
    buckets[key] = (buckets[key] ?? 0) + 1;
    if (examples.length < keepExamples) examples.push({ klass: key, scenario: s, request: r, rampart: ours, iamSimulate: theirs });
  }
  return { runs, rejected, disagreements, buckets, examples, ms: Date.now() - start };
}
