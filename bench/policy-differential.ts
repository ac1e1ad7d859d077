/**
 * Large differential run against @cloud-copilot/iam-simulate.
 * Usage: node --import tsx bench/policy-differential.ts [pairs=100000] [seed=42]
 */
import { runDifferential } from '../test/policy/differential.js';

const pairs = Number(process.argv[2] ?? 100_000);
const seed = Number(process.argv[3] ?? 42);
const report = runDifferential(pairs, seed, 10);
const sorted = Object.entries(report.buckets).sort((a, b) => b[1] - a[1]);
console.log(`pairs ${report.runs}, rejected by iam-simulate ${report.rejected}, compared ${report.runs - report.rejected}`);
console.log(`disagreements ${report.disagreements} (${((100 * report.disagreements) / Math.max(1, report.runs - report.rejected)).toFixed(2)}%), ${report.ms} ms`);
for (const [k, n] of sorted) console.log(`  ${n}\t${k}`);
if (process.env['SHOW_EXAMPLES']) for (const e of report.examples) console.log(JSON.stringify(e));
// The same bar as the suite's smaller run: only documented classes, under 2% of the pairs.
const DOCUMENTED = ['policy variables'];
const undocumented = Object.keys(report.buckets).filter((k) => !DOCUMENTED.includes(k.slice(0, k.indexOf(':'))));
if (undocumented.length || report.disagreements / pairs >= 0.02) {
  console.error(`FAIL: undocumented classes ${JSON.stringify(undocumented)} or ${report.disagreements} disagreements`);
  process.exit(1);
}
