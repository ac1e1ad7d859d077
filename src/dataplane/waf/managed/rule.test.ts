import assert from 'node:assert/strict';
import { describe, it, test } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { anyIn, anyOf, RUN_MAX_LENGTH, RUN_VALUES, Runs, VERDICT_MAX_LENGTH, VERDICT_VALUES, verdictOf } from './rule.js';
import { runStrings } from './json-leaves.js';
import { isSqli } from './detect/sqli.js';
import { RequestMemo } from '../request-memo.js';

/** A detector that counts its calls (flags values containing "evil"). */
function counting() {
  const calls: string[] = [];
  return { calls, detect: (v: string) => (calls.push(v), v.includes('evil')) };
}

/** One request's evaluation: a fresh per-request memo, as the evaluator makes. */
const request = (key: string, values: string[], detect: (v: string) => boolean) => anyOf(new RequestMemo(), key, () => values, detect);

describe('anyOf: verdicts on short values kept across requests', () => {
  it('judges a short value once, and answers the same verdict for every later request', () => {
    const d = counting();
    for (let i = 0; i < 5; i++) {
      assert.equal(request('t:once', ['Mozilla/5.0 (X11; Linux x86_64)'], d.detect), false);
      assert.equal(request('t:once', ['an evil value'], d.detect), true);
    }
    assert.deepEqual(d.calls, ['Mozilla/5.0 (X11; Linux x86_64)', 'an evil value']);
  });

  it('judges values longer than the limit afresh every time', () => {
    const d = counting();
    const long = 'x'.repeat(VERDICT_MAX_LENGTH + 1);
    for (let i = 0; i < 3; i++) request('t:long', [long], d.detect);
    assert.equal(d.calls.length, 3);
  });

  it('keeps at most VERDICT_VALUES values: past that it starts over, and verdicts stay right', () => {
    const d = counting();
    for (let i = 0; i <= VERDICT_VALUES; i++) request('t:bounded', [`bounded value ${i}`], d.detect);
    request('t:bounded', ['bounded value 0'], d.detect);
    assert.equal(d.calls.length, VERDICT_VALUES + 2, 'the first value was judged again after the set started over');
    assert.equal(request('t:bounded', ['evil 1'], d.detect), true);
    assert.equal(request('t:bounded', ['evil 1'], d.detect), true);
  });

  it('keeps detectors apart by key, and gives a real detector the verdicts it gives uncached', () => {
    const values = ["1' OR '1'='1", 'shoes', "x' UNION SELECT password FROM users--", 'dark blue', '42'];
    for (const v of values) {
      const direct = isSqli(v);
      assert.equal(request('t:sqli', [v], isSqli), direct, v);
      assert.equal(request('t:sqli', [v], isSqli), direct, `${v} (cached)`);
      assert.equal(request('t:never', [v], () => false), false, 'another key has its own verdicts');
    }
  });

  it('finds a values array\'s entries once, and judges each of its values once per detector', () => {
    const a = counting();
    const b = counting();
    const values = ['one field', 'evil field', 'long '.repeat(40)];
    for (let i = 0; i < 3; i++) {
      const memo = new RequestMemo();
      assert.equal(anyOf(memo, 't:a', () => values, a.detect), true);
      assert.equal(anyOf(memo, 't:b', () => values, (v) => b.detect(v) && false), false);
    }
    assert.deepEqual(a.calls, ['one field', 'evil field'], 'stops at the first match; short values judged once');
    assert.deepEqual(b.calls, ['one field', 'evil field', values[2], values[2], values[2]], 'the long value judged at every request');
  });

  it('answers a whole array from its summed verdicts once every value is judged; a value judged only up to an earlier match is judged later', () => {
    const d = counting();
    const values = ['a first', '', 'an evil one', 'a last'];
    assert.equal(request('t:sum', values, d.detect), true);
    assert.deepEqual(d.calls, ['a first', 'an evil one'], 'stops at the first match, skips the empty value');
    assert.equal(request('t:sum', ['a last', 'a first'], d.detect), false);
    assert.deepEqual(d.calls.slice(2), ['a last'], 'only the value never judged');
    for (let i = 0; i < 3; i++) assert.equal(request('t:sum', values, d.detect), true);
    assert.equal(d.calls.length, 3, 'every value judged: the array answers from the sums');
    assert.equal(request('t:sum', ['a first', 'a last', ''], d.detect), false);
    assert.equal(d.calls.length, 3);
  });
});

describe('verdictOf: one value\'s verdict kept across requests', () => {
  it('judges a short value once per detector, long values every time, and shares entries with anyOf', () => {
    const d = counting();
    const e = counting();
    for (let i = 0; i < 3; i++) {
      assert.equal(verdictOf('t:v1', '/products/evil', d.detect), true);
      assert.equal(verdictOf('t:v1', '/products/search', d.detect), false);
      // Another detector judges the same value for itself.
      assert.equal(verdictOf('t:v2', '/products/search', (v) => (e.detect(v), true)), true);
    }
    assert.deepEqual(d.calls, ['/products/evil', '/products/search']);
    assert.deepEqual(e.calls, ['/products/search']);
    const long = `/${'a'.repeat(VERDICT_MAX_LENGTH)}evil`;
    for (let i = 0; i < 3; i++) assert.equal(verdictOf('t:v1', long, d.detect), true);
    assert.equal(d.calls.length, 5);
    // The verdict anyOf recorded for the same detector key and value is the one verdictOf answers (and back).
    const f = counting();
    assert.equal(request('t:v3', ['shared evil'], f.detect), true);
    assert.equal(verdictOf('t:v3', 'shared evil', f.detect), true);
    assert.equal(f.calls.length, 1);
  });
});

/** How much the heap grew (MB, after full collections) over `work`. */
function heapGrowthMb(work: () => void): number {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  gc();
  const before = process.memoryUsage().heapUsed;
  work();
  gc();
  return (process.memoryUsage().heapUsed - before) / 1e6;
}

test('a kept verdict does not keep the text its value was sliced from (a 64 KB body per short JSON leaf)', () => {
  // Leaves of 20 characters (kept in a Map) and of 14 (kept in the short values' table), both views when sliced.
  const grownMb = heapGrowthMb(() => {
    for (let i = 0; i < 2000; i++) {
      const body = `${'x'.repeat(65_536)}${String(i).padStart(i % 2 ? 20 : 14, 'k')}`;
      const leaf = body.slice(65_536);
      anyOf(new RequestMemo(), 'rule.test:retention', () => [leaf], () => false);
    }
  });
  // Kept as views, the 2,000 values would hold 2,000 bodies: 131 MB.
  assert.ok(grownMb < 20, `the heap grew by ${grownMb.toFixed(1)} MB`);
});

describe('anyIn over runs: a run of values judged as one entry', () => {
  /** One request over runs of `"value"` texts (values split as json-leaves' runStrings splits them). */
  const overRuns = (key: string, texts: string[], detect: (v: string) => boolean, memo = new RequestMemo()) =>
    anyIn(memo, key, () => new Runs(texts, runStrings), undefined, detect);

  it('answers what the runs\' values answer one by one, for a real detector', () => {
    const values = ["1' OR '1'='1", 'shoes', 'dark blue', "x' UNION SELECT password FROM users--", '42', 'size'];
    for (let i = 0; i < values.length; i++) {
      for (let j = i; j <= values.length; j++) {
        const texts = [values.slice(0, i), values.slice(i, j), values.slice(j)].filter((g) => g.length > 0).map((g) => g.map((v) => `"${v}"`).join(':1,'));
        const direct = values.some((v) => isSqli(v));
        const part = texts.flatMap(runStrings).some((v) => isSqli(v));
        assert.equal(overRuns('t:runs-sqli', texts, isSqli), part, texts.join(' | '));
        assert.equal(overRuns('t:runs-sqli', texts, isSqli), part, `${texts.join(' | ')} (kept)`);
        if (i === 0 && j === values.length) assert.equal(part, direct);
      }
    }
  });

  it('judges a run\'s values once; a run seen before answers from its entry, a changed run judges only its new values', () => {
    const d = counting();
    const runs = ['"field_a":"blue","field_b"', '"field_c":"red"'];
    for (let i = 0; i < 3; i++) assert.equal(overRuns('t:runs-once', runs, d.detect), false);
    assert.deepEqual(d.calls, ['field_a', 'blue', 'field_b', 'field_c', 'red']);
    assert.equal(overRuns('t:runs-once', ['"field_a":"blue","field_b"', '"field_c":"evil"'], d.detect), true);
    assert.deepEqual(d.calls.slice(5), ['evil'], 'the unchanged run from its entry; in the changed one, the new value only');
    assert.equal(overRuns('t:runs-once', ['"field_c":"evil"'], d.detect), true);
    assert.equal(d.calls.length, 6);
  });

  it('records a run judged only up to a match as flagged, and judges the rest of it for a detector that finds nothing', () => {
    const a = counting();
    const b = counting();
    const memo = new RequestMemo();
    const texts = ['"an evil one","after it"'];
    assert.equal(overRuns('t:runs-a', texts, a.detect, memo), true);
    assert.equal(overRuns('t:runs-b', texts, (v) => b.detect(v) && false, memo), false);
    assert.deepEqual(a.calls, ['an evil one']);
    assert.deepEqual(b.calls, ['an evil one', 'after it']);
    assert.equal(overRuns('t:runs-a', texts, a.detect), true);
    assert.equal(a.calls.length, 1);
  });

  it('gives runs longer than RUN_MAX_LENGTH no entry, and keeps at most RUN_VALUES runs', () => {
    const d = counting();
    const long = `"${'y'.repeat(RUN_MAX_LENGTH)}"`;
    for (let i = 0; i < 3; i++) assert.equal(overRuns('t:runs-long', [long], d.detect), false);
    assert.equal(d.calls.length, 3, 'a long value in a long run: judged at every request');
    const e = counting();
    for (let i = 0; i <= RUN_VALUES; i++) overRuns('t:runs-bounded', [`"run ${i}"`], e.detect);
    assert.equal(e.calls.length, RUN_VALUES + 1);
    assert.equal(overRuns('t:runs-bounded', ['"evil run"'], e.detect), true);
    assert.equal(overRuns('t:runs-bounded', ['"evil run"'], e.detect), true);
  });
});

test('a kept run verdict does not keep the body the run was sliced from', () => {
  const grownMb = heapGrowthMb(() => {
    for (let i = 0; i < 2000; i++) {
      const body = `${'x'.repeat(65_536)}"run ${i}","of a body"`;
      const run = body.slice(65_536);
      anyIn(new RequestMemo(), 'rule.test:run-retention', () => new Runs([run], runStrings), undefined, () => false);
    }
  });
  assert.ok(grownMb < 20, `the heap grew by ${grownMb.toFixed(1)} MB`);
});
