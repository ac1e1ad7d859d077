import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { effectivePolicy, type PolicyJson } from './effective-policy.js';

const costCenter = (values: PolicyJson, key?: PolicyJson): PolicyJson => ({ tags: { costcenter: { ...(key ? { tag_key: key } : {}), tag_value: values } } });

describe('effective management policy (inheritance operators)', () => {
  it('three levels: root assigns, the OU appends, the account removes', () => {
    const eff = effectivePolicy([
      [costCenter({ '@@assign': ['100', '200'] }, { '@@assign': 'CostCenter' })],
      [costCenter({ '@@append': ['300'] })],
      [costCenter({ '@@remove': ['100'] })],
    ]);
    assert.deepEqual(eff, { tags: { costcenter: { tag_key: 'CostCenter', tag_value: ['200', '300'] } } });
  });

  it('@@assign below replaces an inherited array; a plain value is an @@assign', () => {
    assert.deepEqual(effectivePolicy([[costCenter({ '@@assign': ['1', '2'] })], [costCenter({ '@@assign': ['9'] })]]), { tags: { costcenter: { tag_value: ['9'] } } });
    assert.deepEqual(effectivePolicy([[{ tags: { team: { tag_key: 'Team' } } }]]), { tags: { team: { tag_key: 'Team' } } });
  });

  it('@@operators_allowed_for_child_policies: ["@@none"] locks a setting; a limit cannot be widened below', () => {
    const locked = { tags: { costcenter: { tag_value: { '@@assign': ['100'], '@@operators_allowed_for_child_policies': ['@@none'] } } } };
    assert.deepEqual(effectivePolicy([[locked], [costCenter({ '@@append': ['666'] })], [costCenter({ '@@assign': ['777'] })]]), { tags: { costcenter: { tag_value: ['100'] } } });
    const onlyAppend = { tags: { costcenter: { tag_value: { '@@assign': ['1'], '@@operators_allowed_for_child_policies': ['@@append'] } } } };
    const widen = { tags: { costcenter: { tag_value: { '@@operators_allowed_for_child_policies': ['@@all'], '@@append': ['2'] } } } };
    assert.deepEqual(effectivePolicy([[onlyAppend], [widen], [costCenter({ '@@remove': ['1'] })]]), { tags: { costcenter: { tag_value: ['1', '2'] } } });
  });

  it('several policies on one level merge in order; a limit set on a level binds only the levels below', () => {
    const a = { tags: { env: { tag_value: { '@@assign': ['dev'], '@@operators_allowed_for_child_policies': ['@@none'] } } } };
    const b = { tags: { env: { tag_value: { '@@append': ['prod'] } } } };
    assert.deepEqual(effectivePolicy([[a, b], [{ tags: { env: { tag_value: { '@@append': ['test'] } } } }]]), { tags: { env: { tag_value: ['dev', 'prod'] } } });
  });

  it('keys JavaScript objects treat specially are tag keys like any other (`__proto__` was dropped from the answer)', () => {
    // Found by the model-driven fuzzer: a tag policy whose tag key is `__proto__` (JSON.parse makes it an own key).
    const doc = JSON.parse('{"tags":{"__proto__":{"tag_key":{"@@assign":"P"}},"constructor":{"tag_value":{"@@assign":["1"]}}}}') as PolicyJson;
    const eff = effectivePolicy([[doc]]);
    assert.equal(JSON.stringify(eff), '{"tags":{"__proto__":{"tag_key":"P"},"constructor":{"tag_value":["1"]}}}');
    assert.equal(Object.getPrototypeOf((eff as Record<string, unknown>)['tags']), Object.prototype);
  });

  it('no policy anywhere: none', () => {
    assert.equal(effectivePolicy([[], [], []]), undefined);
  });
});
