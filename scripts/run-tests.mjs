#!/usr/bin/env node
// Runs every *.test.ts under src/ and test/ with Node's own test runner (tsx compiles TypeScript).
// Node 20's --test does not expand globs, so the file list is gathered here.
// Usage: node scripts/run-tests.mjs [path-filter ...]
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
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
// The files that take longest start first, so that the two workers finish together instead of one
// running the last long file alone (measured: about 20 s of wall time on the 2-core machine).
const SLOW_FIRST = [
  'test/e2e/kms-key-states-clients',
  'test/e2e/kms-three-clients',
  'test/fuzz/model-fuzz',
  'test/e2e/state-backup.test',
  'test/e2e/sigv4-cli-sample',
  'test/fuzz/malformed-requests',
  'test/toy/toy-streaming',
  'test/sigv4/generated',
  'test/storage/archive',
  'test/policy/differential',
  'test/e2e/cli-start',
  'test/protocol/round-trip',
  'test/e2e/iam-cli-boto3',
  'test/sigv4/streaming',
  'test/storage/crash-durability',
  'test/e2e/server-crash-durability',
];
const rank = (f) => {
  const i = SLOW_FIRST.findIndex((x) => f.includes(x));
  return i === -1 ? SLOW_FIRST.length : i;
};
selected.sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
if (selected.length === 0) {
  console.error('no test files matched');
  process.exit(1);
}

// Unit tests (beside the code in src/, and the pure suites of test/policy and test/protocol/unit)
// run in two shared processes instead of one process each: starting a process and loading its
// modules cost more than most of these files' tests (60 files: 24 s alone, 6 s grouped). Suites
// that start servers, spawn processes or measure memory keep a process of their own.
const SHARED = ['src/', 'test/policy/', 'test/protocol/unit/'];
const shared = selected.filter((f) => SHARED.some((p) => f.startsWith(p)));
const own = selected.filter((f) => !shared.includes(f));
const groupDir = mkdtempSync(join(tmpdir(), 'rampart-tests-'));
const groups = [];
for (let g = 0; g < 2 && g < shared.length; g++) {
  const files = shared.filter((_, i) => i % 2 === g);
  const path = join(groupDir, `unit-${g + 1}.test.mjs`);
  writeFileSync(path, files.map((f) => `await import(${JSON.stringify(pathToFileURL(resolve(f)).href)});`).join('\n') + '\n');
  groups.push(path);
}
// Three files at a time on the 2-core machine: many e2e suites wait on the processes they spawn
// (the AWS CLI, python, the rampart CLI), so a third file keeps both cores busy (about 8 s less).
const res = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-reporter=spec', '--test-concurrency=3', ...groups, ...own],
  { stdio: 'inherit', env: { ...process.env, NODE_ENV: 'test' } },
);
rmSync(groupDir, { recursive: true, force: true });
process.exit(res.status ?? 1);
