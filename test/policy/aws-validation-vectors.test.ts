/**
 * Runs every document of aws-validation-vectors.json (AWS's answers to CreatePolicy and the inline
 * and trust policy calls, as moto's IAM tests record them; see the file's "provenance") through
 * the validator: the same message, or acceptance.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { validatePolicy } from '../../src/policy/index.js';
import type { PolicyKind } from '../../src/policy/index.js';

interface Vector {
  readonly name: string;
  readonly kind: PolicyKind;
  readonly document: string;
  readonly expect: Expectation;
  /** Where Rampart answers otherwise, on AWS's documentation: its answer and the evidence. */
  readonly rampart?: { readonly expect: Expectation; readonly why: string };
}
type Expectation = { readonly ok: true } | { readonly ok: false; readonly message: string };

const file = join(dirname(fileURLToPath(import.meta.url)), 'aws-validation-vectors.json');
const { provenance, vectors } = JSON.parse(readFileSync(file, 'utf8')) as { provenance: Record<string, string>; vectors: Vector[] };

test('the vectors name their source and licence; every departure from them gives its evidence', () => {
  for (const v of vectors) if (v.rampart) assert.ok(v.rampart.why.length > 40, v.name);
  assert.match(provenance['source'] ?? '', /getmoto\/moto at commit [0-9a-f]{40}/);
  assert.match(provenance['license'] ?? '', /Apache-2\.0/);
  assert.ok(vectors.length >= 130, `only ${vectors.length} vectors`);
});

test('AWS answers every vector as recorded', async (t) => {
  for (const v of vectors) {
    await t.test(v.name, () => {
      const r = validatePolicy(v.document, v.kind);
      const expect = v.rampart?.expect ?? v.expect;
      if (expect.ok) assert.equal(r.ok, true, r.ok ? '' : `${r.errors[0].check}: ${r.errors[0].message}`);
      else assert.deepEqual(r.ok ? 'accepted' : { code: r.errors[0].code, message: r.errors[0].message }, { code: 'MalformedPolicyDocument', message: expect.message });
    });
  }
});
