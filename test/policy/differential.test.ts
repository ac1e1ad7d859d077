/**
 * Differential test against @cloud-copilot/iam-simulate: 3,000 random pairs in `npm test`
 * (POLICY_DIFF_PAIRS overrides); the full 100,000-pair run with its classes printed is
 * `bench/policy-differential.ts` (`npm run bench -- policy-differential`).
 * Every disagreement must fall in a class documented in docs/policy-differential.md.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runDifferential } from './differential.js';

const PAIRS = Number(process.env['POLICY_DIFF_PAIRS'] ?? 3_000);
const DOCUMENTED = ['policy variables'];

test(`rampart and iam-simulate agree on ${PAIRS} random pairs outside documented classes`, () => {
  const report = runDifferential(PAIRS, 7, 5);
  const classes = new Set(Object.keys(report.buckets).map((k) => k.slice(0, k.indexOf(':'))));
  for (const c of classes) assert.ok(DOCUMENTED.includes(c), `undocumented disagreement class ${c}: ${JSON.stringify(report.examples.find((e) => e.klass.startsWith(c)))}`);
  assert.ok(report.disagreements / PAIRS < 0.02, `${report.disagreements} disagreements`);
});
