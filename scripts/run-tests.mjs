#!/usr/bin/env node
// Runs every *.test.ts under src/ and test/ with Node's own test runner (tsx compiles TypeScript).
// Node 20's --test does not expand globs, so the file list is gathered here.
// Usage: node scripts/run-tests.mjs [path-filter ...]
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const roots = ['src', 'test'];
const filters = process.argv.slice(2);
const files = [];
function walk(dir) {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p);
    else if (name.endsWith('.test.ts')) files.push(p);
  }
}
for (const r of roots) walk(r);
const selected = filters.length ? files.filter((f) => filters.some((x) => f.includes(x))) : files;
selected.sort();
if (selected.length === 0) {
  console.error('no test files matched');
  process.exit(1);
}
const res = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-reporter=spec', '--test-concurrency=2', ...selected],
  { stdio: 'inherit', env: { ...process.env, NODE_ENV: 'test' } },
);
process.exit(res.status ?? 1);
