/**
 * Runs every document of aws-validation-vectors.json (Rampart's own documents, each with the answer
 * IAM gives on write; see the file's "provenance") through the validator: acceptance, or the same
 * error code, message and answering check. Documents that fail several checks pin down the order.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { validatePolicy } from '../../src/policy/index.js';
import type { PolicyKind } from '../../src/policy/index.js';
import { POLICY_CHECKS } from '../../src/policy/grammar/policy-checks.js';
import type { CheckContext } from '../../src/policy/grammar/policy-checks.js';
import { isObj } from '../../src/policy/grammar/parse-policy.js';
import { KIND_RULES } from '../../src/policy/grammar/policy-kinds.js';

interface Vector {
  readonly name: string;
  readonly kind: PolicyKind;
  readonly document: string;
  /** Which kind of evidence the expected answer rests on (a key of provenance.basis). */
  readonly basis: string;
  /** The check expected to answer (refusals only). */
  readonly check?: string;
  /** Later checks the document also fails (the order vectors). */
  readonly alsoFails?: readonly string[];
  /** The user, group or role name of the call (quoted in inline size errors). */
  readonly entity?: string;
  readonly expect: { readonly ok: true } | { readonly ok: false; readonly message: string; readonly code?: 'LimitExceeded' };
}

const file = join(dirname(fileURLToPath(import.meta.url)), 'aws-validation-vectors.json');
const { provenance, vectors } = JSON.parse(readFileSync(file, 'utf8')) as { provenance: Record<string, unknown>; vectors: Vector[] };
const CHECK_NAMES = POLICY_CHECKS.map((c) => c.name);

/**
 * Every check the document fails, in order: each check runs on the context the earlier ones built,
 * whether or not they failed. A document failing the grammar gets its object statements, as the
 * grammar would have set them, so that the statement checks after it can be run.
 */
function failingChecks(v: Vector): string[] {
  const ctx: CheckContext = { json: v.document, kind: v.kind, rules: KIND_RULES[v.kind], entityName: v.entity, root: {}, statements: [], resourceError: undefined };
  const failed: string[] = [];
  for (const check of POLICY_CHECKS) {
    if (check.run(ctx) === undefined) continue;
    failed.push(check.name);
    if (check.name === 'grammar') {
      const st = ctx.root['Statement'];
      ctx.statements = (Array.isArray(st) ? st : [st]).filter(isObj);
    }
  }
  return failed;
}

test('the vectors state their provenance; every vector names its basis and every refusal its check', () => {
  for (const key of ['documents', 'messages', 'basis', 'order']) assert.ok(provenance[key], key);
  const bases = provenance['basis'] as Record<string, string>;
  assert.match(String(provenance['documents']), /Rampart's own/);
  for (const v of vectors) {
    assert.ok(Object.hasOwn(bases, v.basis), `${v.name}: basis ${v.basis}`);
    if (v.expect.ok) assert.equal(v.check, undefined, v.name);
    else assert.ok(v.check !== undefined && CHECK_NAMES.includes(v.check), `${v.name}: check ${v.check}`);
    for (const later of v.alsoFails ?? []) assert.ok(CHECK_NAMES.indexOf(later) > CHECK_NAMES.indexOf(v.check ?? ''), `${v.name}: ${later} is not after ${v.check}`);
  }
  assert.equal(new Set(vectors.map((v) => v.name)).size, vectors.length, 'names are unique');
  assert.ok(vectors.length >= 138, `only ${vectors.length} vectors`);
});

test('every check is covered: three refusals or more each, and each pair of neighbouring checks in one document', () => {
  for (const name of CHECK_NAMES) {
    const refusals = vectors.filter((v) => v.check === name);
    assert.ok(refusals.length >= 3, `${name}: ${refusals.length} refusals`);
  }
  for (let i = 0; i + 1 < CHECK_NAMES.length; i++) {
    const [first, next] = [CHECK_NAMES[i], CHECK_NAMES[i + 1]];
    assert.ok(
      vectors.some((v) => v.check === first && v.alsoFails?.includes(next as string)),
      `no document fails both ${first} and ${next}`,
    );
  }
  assert.ok(vectors.filter((v) => v.expect.ok).length >= 50, 'accepted documents');
});

test('IAM answers every vector as recorded', async (t) => {
  for (const v of vectors) {
    await t.test(v.name, () => {
      const r = validatePolicy(v.document, v.kind, v.entity === undefined ? {} : { entityName: v.entity });
      if (v.expect.ok) {
        assert.equal(r.ok, true, r.ok ? '' : `${r.errors[0].check}: ${r.errors[0].message}`);
        return;
      }
      const got = r.ok ? 'accepted' : { code: r.errors[0].code, message: r.errors[0].message, check: r.errors[0].check };
      assert.deepEqual(got, { code: v.expect.code ?? 'MalformedPolicyDocument', message: v.expect.message, check: v.check });
      if (v.alsoFails) {
        const failed = failingChecks(v);
        assert.equal(failed[0], v.check, `first failing check: ${failed.join(', ')}`);
        for (const later of v.alsoFails) assert.ok(failed.includes(later), `also fails ${later}: ${failed.join(', ')}`);
      }
    });
  }
});
