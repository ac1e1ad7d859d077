/**
 * Decisions per second on one core for Rampart, @cloud-copilot/iam-simulate and
 * @cedar-policy/cedar-wasm on the same workload (bench/policy-workload.ts), with
 * ratios and p99 latency per decision.
 * Usage: node --import tsx bench/policy-decisions.ts [seconds-per-engine=2]
 */
import { runUnsafeSimulation } from '@cloud-copilot/iam-simulate';
import { preparsePolicySet, statefulIsAuthorized } from '@cedar-policy/cedar-wasm/nodejs';
import { compilePolicyJson, evaluate } from '../src/policy/index.js';
import type { AuthzRequest, PolicySet, PolicyType } from '../src/policy/index.js';
import { cedarContext, toCedar } from './lib/policy-cedar.js';
import { boundary, identityPolicies, requests, resourcePolicy, scps } from './lib/policy-workload.js';
import type { BenchRequest } from './lib/policy-workload.js';

const SECONDS = Number(process.argv[2] ?? 2);

const compile = (d: unknown, id: string, type: PolicyType) => {
  const c = compilePolicyJson(JSON.stringify(d), id, type);
  if (!c) throw new Error(`cannot compile ${id}`);
  return c;
};
const set: PolicySet = {
  identityPolicies: identityPolicies.map((d, i) => compile(d, `identity-${i}`, 'identity')),
  permissionsBoundary: compile(boundary, 'boundary', 'boundary'),
  scps: scps.map((level, l) => level.map((d, i) => compile(d, `scp-${l}-${i}`, 'scp'))),
  resourcePolicy: compile(resourcePolicy, 'bucket-policy', 'resource'),
};
const rampart = (r: BenchRequest): string => evaluate(r as AuthzRequest, set).decision;

const iamSimulate = (r: BenchRequest): string =>
  ({ Allowed: 'Allow', ExplicitlyDenied: 'ExplicitDeny', ImplicitlyDenied: 'ImplicitDeny' })[
    String(
    runUnsafeSimulation(
      {
        request: { principal: r.principal.arn, action: r.action, resource: { resource: r.resource, accountId: r.principal.accountId }, contextVariables: r.context },
        identityPolicies: identityPolicies.map((policy, i) => ({ name: `identity-${i}`, policy })),
        serviceControlPolicies: scps.map((level, l) => ({ orgIdentifier: `ou-${l}`, policies: level.map((policy, i) => ({ name: `scp-${l}-${i}`, policy })) })),
        resourceControlPolicies: [],
        resourcePolicy: { __validated: true, policyDocument: resourcePolicy, metadata: { name: 'bucket-policy' } },
        permissionBoundaryPolicies: [{ name: 'boundary', policy: boundary }],
      },
      {},
    ) as unknown,
    )
  ] ?? 'ImplicitDeny';

const cedarSets = ['core', 'boundary', 'scp0', 'scp1', 'scp2'];
const texts = [toCedar(identityPolicies) + '\n' + toCedar([resourcePolicy], true), toCedar([boundary]), ...scps.map((l) => toCedar(l))];
cedarSets.forEach((id, i) => {
  const r = preparsePolicySet(id, { staticPolicies: texts[i] ?? '' });
  if (r.type !== 'success') throw new Error(`cedar parse ${id}: ${JSON.stringify(r.errors[0])}`);
});
const cedar = (r: BenchRequest): string => {
  const context = cedarContext(r) as never;
  for (const id of cedarSets) {
    const a = statefulIsAuthorized({
      principal: { type: 'User', id: r.principal.arn },
      action: { type: 'Action', id: 'call' },
      resource: { type: 'Resource', id: r.resource },
      context,
      preparsedPolicySetId: id,
      entities: [],
    });
    if (a.type !== 'success') throw new Error(JSON.stringify(a.errors[0]));
    if (a.response.decision === 'deny') return 'Deny';
  }
  return 'Allow';
};

interface Result {
  name: string;
  perSecond: number;
  p50: number;
  p99: number;
  allows: number;
}

function measure(name: string, decide: (r: BenchRequest) => string): Result {
  for (let i = 0; i < 200; i++) decide(requests[i % requests.length] as BenchRequest);
  let n = 0;
  let allows = 0;
  const end = performance.now() + SECONDS * 1000;
  const start = performance.now();
  while (performance.now() < end) {
    for (let i = 0; i < 64; i++, n++) if (decide(requests[n % requests.length] as BenchRequest) === 'Allow') allows++;
  }
  const perSecond = n / ((performance.now() - start) / 1000);
  const samples: number[] = [];
  const sampleEnd = performance.now() + Math.min(1000, SECONDS * 500);
  for (let i = 0; performance.now() < sampleEnd || samples.length < 1000; i++) {
    const r = requests[i % requests.length] as BenchRequest;
    const t0 = process.hrtime.bigint();
    decide(r);
    samples.push(Number(process.hrtime.bigint() - t0) / 1000);
    if (samples.length >= 200_000) break;
  }
  samples.sort((a, b) => a - b);
  const at = (q: number) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))] ?? 0;
  return { name, perSecond, p50: at(0.5), p99: at(0.99), allows: allows / n };
}

const results = [measure('rampart', rampart), measure('iam-simulate', iamSimulate), measure('cedar-wasm', cedar)];
const [ours] = results;
console.log(`workload: 10 identity policies x 20 statements, boundary, 3 SCP levels, resource policy; ${requests.length} distinct requests`);
for (const r of results) {
  const ratio = ours && r !== ours ? `  rampart is ${(ours.perSecond / r.perSecond).toFixed(1)}x` : '';
  console.log(`${r.name.padEnd(13)} ${Math.round(r.perSecond).toLocaleString('en-US').padStart(11)} decisions/s  p50 ${r.p50.toFixed(1)} µs  p99 ${r.p99.toFixed(1)} µs  allow-rate ${(100 * r.allows).toFixed(1)}%${ratio}`);
}
const agree = requests.filter((r) => rampart(r) === iamSimulate(r)).length;
console.log(`rampart vs iam-simulate agreement on the workload requests: ${agree}/${requests.length}`);
