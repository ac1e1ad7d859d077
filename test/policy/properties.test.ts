/** Property-based tests: monotonicity of Deny/Allow, re-serialisation, determinism and totality. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { compilePolicyJson, evaluate, parsePolicyLenient, serializePolicy } from '../../src/policy/index.js';
import type { AuthzRequest, Decision, PolicySet, PolicyType } from '../../src/policy/index.js';
import { requestArb, scenarioArb, statementArb } from './arbitraries.js';
import type { GenScenario } from './arbitraries.js';

const RUNS = Number(process.env['POLICY_PROPERTY_RUNS'] ?? 300);

const compile = (d: unknown, id: string, type: PolicyType) => {
  const c = compilePolicyJson(JSON.stringify(d), id, type);
  if (!c) throw new Error('unparseable');
  return c;
};

function setOf(s: GenScenario): PolicySet {
  return {
    identityPolicies: s.identity.map((d, i) => compile(d, `i${i}`, 'identity')),
    ...(s.boundary ? { permissionsBoundary: compile(s.boundary, 'b', 'boundary') } : {}),
    ...(s.resource ? { resourcePolicy: compile(s.resource, 'r', 'resource') } : {}),
    ...(s.scps ? { scps: s.scps.map((l, li) => l.map((d, i) => compile(d, `s${li}.${i}`, 'scp'))) } : {}),
  };
}

const decide = (s: GenScenario, r: AuthzRequest): Decision => evaluate(r, setOf(s));

/** Adds `stmt` to one policy of the scenario chosen by `where`. */
function addStatement(s: GenScenario, stmt: Record<string, unknown>, where: number): GenScenario {
  const push = (d: Record<string, unknown>) => ({ ...d, Statement: [...(d['Statement'] as unknown[]), stmt] });
  switch (where % 4) {
    case 0:
      return { ...s, identity: [...s.identity, { Version: '2012-10-17', Statement: [stmt] }] };
    case 1:
      return s.boundary ? { ...s, boundary: push(s.boundary) } : s;
    case 2:
      return s.resource ? { ...s, resource: push(s.resource) } : s;
    default:
      return s.scps?.length ? { ...s, scps: [[...(s.scps[0] ?? []), { Version: '2012-10-17', Statement: [stmt] }], ...s.scps.slice(1)] } : s;
  }
}

test('adding a Deny statement never turns a denial into an allow', () => {
  fc.assert(
    fc.property(scenarioArb, requestArb, statementArb('Deny'), fc.nat(), (s, r, stmt, where) => {
      const before = decide(s, r);
      const withPrincipal = where % 4 === 2 ? { ...stmt, Principal: '*' } : stmt;
      const after = decide(addStatement(s, withPrincipal, where), r);
      if (before.decision !== 'Allow') assert.notEqual(after.decision, 'Allow');
      if (before.decision === 'ExplicitDeny') assert.equal(after.decision, 'ExplicitDeny');
    }),
    { numRuns: RUNS },
  );
});

test('adding an Allow statement never turns an allow into a denial', () => {
  fc.assert(
    fc.property(scenarioArb, requestArb, statementArb('Allow'), fc.nat(), (s, r, stmt, where) => {
      const before = decide(s, r);
      const withPrincipal = where % 4 === 2 ? { ...stmt, Principal: { AWS: r.principal.arn } } : stmt;
      const after = decide(addStatement(s, withPrincipal, where), r);
      if (before.decision === 'Allow') assert.equal(after.decision, 'Allow');
    }),
    { numRuns: RUNS },
  );
});

test('a policy and its JSON re-serialisation decide the same', () => {
  const reserialise = (d: Record<string, unknown>) => {
    const p = parsePolicyLenient(JSON.stringify(d, null, 3));
    if (!p.ok) throw new Error('unparseable');
    return JSON.parse(serializePolicy(p.policy)) as Record<string, unknown>;
  };
  fc.assert(
    fc.property(scenarioArb, requestArb, (s, r) => {
      const again: GenScenario = {
        identity: s.identity.map(reserialise),
        ...(s.boundary ? { boundary: reserialise(s.boundary) } : {}),
        ...(s.resource ? { resource: reserialise(s.resource) } : {}),
        ...(s.scps ? { scps: s.scps.map((l) => l.map(reserialise)) } : {}),
      };
      const a = decide(s, r);
      const b = decide(again, r);
      assert.equal(b.decision, a.decision);
      assert.equal(b.deniedBy, a.deniedBy);
    }),
    { numRuns: RUNS },
  );
});

test('evaluation is deterministic', () => {
  fc.assert(
    fc.property(scenarioArb, requestArb, (s, r) => {
      const set = setOf(s);
      assert.deepEqual(evaluate(r, set), evaluate(r, set));
    }),
    { numRuns: RUNS },
  );
});

test('evaluation is total on arbitrary JSON policies and requests', () => {
  const anyJson = fc.jsonValue({ maxDepth: 4 });
  const weirdStatement = fc.record({
    Effect: fc.oneof(fc.constantFrom('Allow', 'Deny'), fc.string()),
    Action: fc.oneof(fc.string(), fc.array(fc.string()), anyJson),
    Resource: fc.oneof(fc.string(), fc.array(fc.string()), anyJson),
    Principal: fc.oneof(fc.constant('*'), fc.record({ AWS: fc.oneof(fc.string(), fc.array(fc.string())) }), anyJson),
    Condition: fc.oneof(fc.dictionary(fc.string(), fc.dictionary(fc.string(), fc.oneof(fc.string(), fc.array(fc.string())))), anyJson),
  }, { requiredKeys: [] });
  const doc = fc.record({ Version: fc.constantFrom('2012-10-17', '2008-10-17', 'x'), Statement: fc.oneof(weirdStatement, fc.array(weirdStatement)) });
  const req = fc.record({
    principal: fc.record({ arn: fc.string(), accountId: fc.string(), type: fc.constantFrom('root', 'user', 'assumed-role', 'federated-user', 'service', 'anonymous') }),
    action: fc.string(),
    resource: fc.string(),
    context: fc.dictionary(fc.string(), fc.oneof(fc.string(), fc.array(fc.string()))),
  });
  fc.assert(
    fc.property(fc.array(doc, { maxLength: 3 }), doc, req, (ids, res, r) => {
      const set: PolicySet = {
        identityPolicies: ids.map((d, i) => compilePolicyJson(JSON.stringify(d), `i${i}`, 'identity')).filter((c) => c !== undefined),
        ...(compilePolicyJson(JSON.stringify(res), 'r', 'resource') ? { resourcePolicy: compilePolicyJson(JSON.stringify(res), 'r', 'resource') } : {}),
      };
      const d = evaluate(r as AuthzRequest, set);
      assert.ok(['Allow', 'ExplicitDeny', 'ImplicitDeny'].includes(d.decision));
    }),
    { numRuns: RUNS },
  );
});
