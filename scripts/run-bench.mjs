#!/usr/bin/env node
// Builds, then runs every benchmark in bench/ (or those whose name contains an argument).
// Shared modules live in bench/lib/; every bench/*.ts is an entry point. The 100,000-pair policy
// differential is long (about 80 s): run it by name (`npm run bench -- policy-differential`).
import { readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const filters = process.argv.slice(2);
const build = spawnSync('npm', ['run', 'build', '--silent'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
const LONG = ['policy-differential.ts', 'policy-diff-variables.ts'];
const benches = readdirSync('bench').filter((f) => f.endsWith('.ts') && (filters.length ? filters.some((x) => f.includes(x)) : !LONG.includes(f)));
let failed = 0;
for (const b of benches.sort()) {
  console.log(`\n### bench/${b}`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', `bench/${b}`], { stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
