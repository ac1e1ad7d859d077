/**
 * Runs every case of test/policy/corpus/*.json (regenerate them with
 * `node --import tsx test/policy/corpus-gen/generate.ts`).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compilePolicyJson, evaluate, explainDenial, validatePolicy } from '../../src/policy/index.js';
import type { AuthzRequest, CompiledPolicy, PolicyKind, PolicySet, PolicyType } from '../../src/policy/index.js';
import type { CasePolicies, Doc, EvalCase, ValidationCase } from './corpus-gen/helpers.js';

const dir = join(dirname(fileURLToPath(import.meta.url)), 'corpus');

function compile(d: Doc, id: string, type: PolicyType, kind?: PolicyKind): CompiledPolicy {
  const c = compilePolicyJson(JSON.stringify(d), id, type, kind ? { kind } : {});
  assert.ok(c, `policy ${id} must parse`);
  return c;
}

/** Builds a PolicySet from a corpus case's policies. */
export function policySetOf(p: CasePolicies): PolicySet {
  return {
    identityPolicies: (p.identity ?? []).map((d, i) => compile(d, `identity-${i}`, 'identity')),
    ...(p.boundary ? { permissionsBoundary: compile(p.boundary, 'boundary', 'boundary') } : {}),
    ...(p.session ? { sessionPolicies: p.session.map((d, i) => compile(d, `session-${i}`, 'session')) } : {}),
    ...(p.resource ? { resourcePolicy: compile(p.resource, 'resource', 'resource', p.resourceKind) } : {}),
    ...(p.scps ? { scps: p.scps.map((level, l) => level.map((d, i) => compile(d, `scp-${l}-${i}`, 'scp'))) } : {}),
    ...(p.rcps ? { rcps: p.rcps.map((level, l) => level.map((d, i) => compile(d, `rcp-${l}-${i}`, 'rcp'))) } : {}),
    ...(p.isManagementAccount !== undefined ? { isManagementAccount: p.isManagementAccount } : {}),
  };
}

const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
let total = 0;
for (const file of files) {
  const cases = JSON.parse(readFileSync(join(dir, file), 'utf8')) as (EvalCase | ValidationCase)[];
  total += cases.length;
  test(`corpus ${file}`, async (t) => {
    for (const c of cases) {
      assert.ok(c.source.title && c.source.url.startsWith('https://'), `${c.name} cites its source`);
      // The evaluation families are written from AWS's words: each case quotes the sentence that decides it.
      if (file.startsWith('evaluation-')) assert.ok('quote' in c && c.quote, `${c.name} quotes its source`);
      // A documented case the engine answers otherwise stays as documented and runs as a known failure.
      const todo = 'engineDisagrees' in c && c.engineDisagrees ? { todo: `engine disagrees with AWS's documentation: ${c.engineDisagrees}` } : {};
      await t.test(c.name, todo, () => {
        if ('validate' in c) {
          const r = validatePolicy(c.validate.json, c.validate.kind as PolicyKind);
          assert.equal(r.ok, c.expect.ok, JSON.stringify(r));
          if (!r.ok) assert.deepEqual(r.errors.map((e) => e.message), c.expect.messages);
          return;
        }
        const request = c.request as AuthzRequest;
        const d = evaluate(request, policySetOf(c.policies));
        assert.equal(d.decision, c.expect.decision);
        // A denial's policy type is checked where the case states it (documented cases leave it out
        // where AWS's pages do not say which policy denies).
        if (c.expect.decision === 'Allow' || c.expect.deniedBy !== undefined) assert.equal(d.deniedBy, c.expect.deniedBy);
        if (c.expect.message) assert.equal(explainDenial(request, d), c.expect.message);
      });
    }
  });
}

test('the corpus has at least 400 cases', () => {
  assert.ok(total >= 400, `only ${total} cases`);
});
