/**
 * Splits the "policy variables" disagreement class of the differential run into
 * its two mechanisms. Usage: node --import tsx bench/policy-diff-variables.ts [pairs]
 */
import fc from 'fast-check';
import { requestArb, scenarioArb } from '../test/policy/arbitraries.js';
import type { GenScenario } from '../test/policy/arbitraries.js';
import { rampartDecision, simulateDecision } from '../test/policy/differential.js';

type Doc = Record<string, unknown>;
const strip = (s: GenScenario, drop: (st: Doc) => boolean): GenScenario => {
  const f = (d: Doc): Doc => ({ ...d, Statement: (d['Statement'] as Doc[]).filter((st) => !drop(st)).concat([{ Effect: 'Deny', Action: 'none:none', Resource: '*' }]) });
  return { identity: s.identity.map(f), ...(s.boundary ? { boundary: f(s.boundary) } : {}), ...(s.resource ? { resource: f(s.resource) } : {}), ...(s.scps ? { scps: s.scps.map((l) => l.map(f)) } : {}) };
};
const resourceVar = (st: Doc) => JSON.stringify(st['Resource'] ?? st['NotResource'] ?? '').includes('${');
const conditionVar = (st: Doc) => JSON.stringify(st['Condition'] ?? '').includes('${');
const counts: Record<string, number> = {};
for (const [s, r] of fc.sample(fc.tuple(scenarioArb, requestArb), { numRuns: Number(process.argv[2] ?? 20000), seed: 42 })) {
  if (rampartDecision(s, r) === simulateDecision(s, r)) continue;
  const agreeWithout = (drop: (st: Doc) => boolean) => {
    const s2 = strip(s, drop);
    return rampartDecision(s2, r) === simulateDecision(s2, r);
  };
  const k = agreeWithout(resourceVar) ? 'unresolved variable in Resource/NotResource' : agreeWithout(conditionVar) ? 'unresolved variable in a condition value' : 'other';
  counts[k] = (counts[k] ?? 0) + 1;
}
console.log(counts);
