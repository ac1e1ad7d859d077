#!/usr/bin/env node
// CI check: exits 1 when a src/services/<svc>/api.generated.ts is missing or differs from what
// scripts/codegen.mjs would generate from models/ (run `node scripts/codegen.mjs` to fix).
import { existsSync, readFileSync } from 'node:fs';
import { generatedFiles } from './codegen.mjs';

let stale = 0;
for (const [, path, text] of generatedFiles()) {
  if (!existsSync(path) || readFileSync(path, 'utf8') !== text) {
    console.error(`stale: ${path} (run node scripts/codegen.mjs)`);
    stale++;
  }
}
if (stale) process.exit(1);
console.log('generated API files are up to date');
