/**
 * Regenerates test/policy/corpus/*.json from the case families in this folder.
 * Run: node --import tsx test/policy/corpus-gen/generate.ts
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { crossAccountCases, mustGrantCases, sameAccountCases } from './evaluation.js';
import { elementCases } from './elements.js';
import { conditionLogicCases, operatorCases } from './operators.js';
import { organizationCases } from './organizations.js';
import { setModifierCases } from './set-modifiers.js';
import { validationCases } from './validation.js';
import { variableCases } from './variables.js';
import { workedExampleCases } from './worked-examples.js';

const out = join(dirname(fileURLToPath(import.meta.url)), '..', 'corpus');
const files: Record<string, unknown[]> = {
  'condition-operators': [...operatorCases(), ...conditionLogicCases()],
  'set-modifiers': setModifierCases(),
  'policy-variables': variableCases(),
  elements: elementCases(),
  'evaluation-same-account': sameAccountCases(),
  'evaluation-cross-account': crossAccountCases(),
  'evaluation-must-grant': mustGrantCases(),
  'organizations-and-principals': organizationCases(),
  'worked-examples': workedExampleCases(),
  validation: validationCases(),
};
let total = 0;
for (const [name, cases] of Object.entries(files)) {
  writeFileSync(join(out, `${name}.json`), `[\n${cases.map((c) => JSON.stringify(c)).join(',\n')}\n]\n`);
  total += cases.length;
  console.log(`${name}: ${cases.length}`);
}
console.log(`total: ${total}`);
