#!/usr/bin/env node
// Generates src/services/<svc>/api.generated.ts from models/<svc>.json for every model.
// Usage: node scripts/codegen.mjs [svc ...]
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateApi } from './codegen/generate-api.mjs';
import { MODELS } from './codegen/model-list.mjs';

/** [service, generated file path, generated text] for every service model (scripts/codegen/model-list.mjs). */
export function generatedFiles(only = []) {
  const names = Object.keys(MODELS).sort();
  return names
    .filter((n) => only.length === 0 || only.includes(n))
    .map((n) => [n, join('src', 'services', n, 'api.generated.ts'), generateApi(JSON.parse(readFileSync(join('models', `${n}.json`), 'utf8')), n)]);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const [svc, path, text] of generatedFiles(process.argv.slice(2))) {
    mkdirSync(join('src', 'services', svc), { recursive: true });
    writeFileSync(path, text);
    console.log(`${path} (${text.split('\n').length} lines)`);
  }
}
