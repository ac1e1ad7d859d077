import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { jsonStringLeaves, jsonStringRuns, runStrings } from './json-leaves.js';
import { prng } from '../../../shared/testing/prng.js';

/** The strings of a parsed value (keys and string values), the reference the scanner must agree with. */
function reference(v: unknown, out: string[] = []): string[] {
  if (typeof v === 'string') out.push(v);
  else if (Array.isArray(v)) for (const x of v) reference(x, out);
  else if (v !== null && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      out.push(k);
      reference(x, out);
    }
  }
  return out;
}

const parses = (t: string): boolean => {
  try {
    JSON.parse(t);
    return true;
  } catch {
    return false;
  }
};

const ALPHABET = ['a', 'Z', '0', ' ', '"', '\\', '/', '\n', '\t', '\u0001', '\u2028', '\ud800', 'é', '<', "'", '{', '}', '[', ']', ':', ','];

/** Characters JSON.stringify writes as they are: texts of them take the scanner's no-escape path. */
const PLAIN = ['a', 'Z', '0', ' ', '/', 'é', '<', "'", '{', '}', '[', ']', ':', ',', '\u2028'];

function randomValue(r: () => number, depth: number, alphabet = ALPHABET): unknown {
  const k = Math.floor(r() * (depth > 4 ? 5 : 7));
  const str = () => Array.from({ length: Math.floor(r() * 6) }, () => alphabet[Math.floor(r() * alphabet.length)]).join('');
  switch (k) {
    case 0: return str();
    case 1: return Math.floor(r() * 2000 - 1000) / (r() < 0.5 ? 1 : 7);
    case 2: return r() < 0.5;
    case 3: return null;
    case 4: return r() < 0.5 ? 1e21 : -0.000001;
    case 5: return Array.from({ length: Math.floor(r() * 4) }, () => randomValue(r, depth + 1, alphabet));
    default: return Object.fromEntries(Array.from({ length: Math.floor(r() * 4) }, (_, i) => [`${str()}${i}`, randomValue(r, depth + 1, alphabet)]));
  }
}

describe('jsonStringLeaves', () => {
  it('answers the strings of valid JSON, keys included, and undefined for what JSON.parse refuses', () => {
    assert.deepEqual(jsonStringLeaves('{"a":"x","b":[1,"y",{"c":null}],"d":true}', 100), ['a', 'x', 'b', 'y', 'c', 'd']);
    assert.deepEqual(jsonStringLeaves(' "\\u003cscript\\u003e\\n" ', 100), ['<script>\n']);
    assert.deepEqual(jsonStringLeaves('[]', 100), []);
    assert.deepEqual(jsonStringLeaves('{"k":{}}', 100), ['k']);
    assert.deepEqual(jsonStringLeaves('-0.5e+10', 100), []);
    for (const bad of ['', ' ', '{', '}', '[1,]', '{"a":1,}', '{,}', '{"a"}', '{"a" 1}', '01', '1.', '.5', '-', '1e', '+1', 'tru', 'nul', 'True', "'a'", '"\\x"', '"\\u12g4"', '"a\tb"', '"abc', '[1 2]', '{"a":1}}', '\ufeff{}', '[1]x', 'NaN']) {
      assert.equal(parses(bad), false, `JSON.parse refuses ${JSON.stringify(bad)}`);
      assert.equal(jsonStringLeaves(bad, 100), undefined, JSON.stringify(bad));
    }
  });

  it('agrees with JSON.parse on 3,000 random texts and their mutations', () => {
    const r = prng(22);
    for (let n = 0; n < 3000; n++) {
      const text = JSON.stringify(randomValue(r, 0), null, r() < 0.3 ? 1 : undefined);
      assert.deepEqual(jsonStringLeaves(text, 10_000)?.sort(), reference(JSON.parse(text)).sort(), text);
      // One character deleted, replaced or inserted: validity must match JSON.parse's.
      const at = Math.floor(r() * (text.length + 1));
      const ch = ALPHABET[Math.floor(r() * ALPHABET.length)]!;
      for (const m of [text.slice(0, at) + text.slice(at + 1), text.slice(0, at) + ch + text.slice(at + 1), text.slice(0, at) + ch + text.slice(at)]) {
        assert.equal(jsonStringLeaves(m, 10_000) !== undefined, parses(m), JSON.stringify(m));
      }
    }
  });

  it('agrees with JSON.parse on 3,000 random texts without escapes or control characters (the indexOf path)', () => {
    const r = prng(23);
    const PUNCTUATION = ['"', ',', ':', '{', '}', '[', ']', 'a', '1', ' ', '\\', '\n'];
    for (let n = 0; n < 3000; n++) {
      const text = JSON.stringify(randomValue(r, 0, PLAIN));
      // eslint-disable-next-line no-control-regex -- control characters are what this looks for
      assert.equal(/[\\\x00-\x1f]/.test(text), false, text);
      assert.deepEqual(jsonStringLeaves(text, 10_000)?.sort(), reference(JSON.parse(text)).sort(), text);
      const at = Math.floor(r() * (text.length + 1));
      const ch = PUNCTUATION[Math.floor(r() * PUNCTUATION.length)]!;
      for (const m of [text.slice(0, at) + text.slice(at + 1), text.slice(0, at) + ch + text.slice(at + 1), text.slice(0, at) + ch + text.slice(at)]) {
        assert.equal(jsonStringLeaves(m, 10_000) !== undefined, parses(m), JSON.stringify(m));
      }
    }
  });

  it('keeps at most `max` strings but still checks the whole text; any depth without recursion', () => {
    assert.deepEqual(jsonStringLeaves('["a","b","c"]', 2), ['a', 'b']);
    assert.equal(jsonStringLeaves('["a","b","c",]', 2), undefined);
    const deep = `${'['.repeat(200_000)}"x"${']'.repeat(200_000)}`;
    assert.deepEqual(jsonStringLeaves(deep, 10), ['x']);
    assert.equal(jsonStringLeaves(deep.slice(0, -1), 10), undefined);
  });

  it('marks `cut` exactly when strings were left out, on both paths', () => {
    for (const [text, max, expected] of [['["a","b","c"]', 2, true], ['["a","b","c"]', 3, false], ['["a","b\\n","c"]', 2, true], ['["a","b\\n","c"]', 3, false], ['{"k":["v"]}', 2, false], ['{"k":["v"]}', 1, true]] as const) {
      const cut = { cut: false };
      assert.ok(jsonStringLeaves(text, max, cut), text);
      assert.equal(cut.cut, expected, `${text} max ${max}`);
      const runCut = { cut: false };
      if (jsonStringRuns(text, max, runCut)) assert.equal(runCut.cut, expected, `runs: ${text} max ${max}`);
    }
  });

  it('keeps every value of a duplicated key (JSON.parse keeps the last)', () => {
    assert.deepEqual(jsonStringLeaves('{"q":"<script>alert(1)</script>","q":"shoes"}', 10), ['q', '<script>alert(1)</script>', 'q', 'shoes']);
  });
});

describe('jsonStringRuns', () => {
  it('answers runs that hold exactly the strings jsonStringLeaves answers, on 3,000 random texts and their mutations', () => {
    const r = prng(24);
    const PUNCTUATION = ['"', ',', ':', '{', '}', '[', ']', 'a', '1', ' '];
    for (let n = 0; n < 3000; n++) {
      const big = r() < 0.2;
      const value = big ? Array.from({ length: 60 }, () => randomValue(r, 0, PLAIN)) : randomValue(r, 0, PLAIN);
      const text = JSON.stringify(value);
      const at = Math.floor(r() * (text.length + 1));
      const ch = PUNCTUATION[Math.floor(r() * PUNCTUATION.length)]!;
      for (const t of [text, text.slice(0, at) + text.slice(at + 1), text.slice(0, at) + ch + text.slice(at)]) {
        const max = r() < 0.3 ? Math.floor(r() * 10) : 10_000;
        const runs = jsonStringRuns(t, max);
        assert.deepEqual(runs?.flatMap(runStrings), jsonStringLeaves(t, max), JSON.stringify(t));
        for (const run of runs ?? []) {
          assert.ok(run.startsWith('"') && run.endsWith('"') && run.split('"').length % 2 === 1, run);
          assert.ok(t.includes(run));
        }
      }
    }
  });

  it('answers undefined for texts with an escape or a control character (jsonStringLeaves decodes those)', () => {
    assert.equal(jsonStringRuns('{"a":"\\u0041"}', 10), undefined);
    assert.equal(jsonStringRuns('{"a":\n"b"}', 10), undefined);
    assert.deepEqual(jsonStringRuns('{"a":"b"}', 10), ['"a":"b"']);
    assert.deepEqual(jsonStringRuns('[1, 2]', 10), []);
  });

  it('cuts runs by their own text: a field added at the front leaves the later runs as they were', () => {
    const fields = Array.from({ length: 300 }, (_, i) => `"key_${i}":"value ${(i * 7919) % 1000}"`);
    const before = jsonStringRuns(`{${fields.join(',')}}`, 10_000)!;
    const after = jsonStringRuns(`{"added":"x",${fields.join(',')}}`, 10_000)!;
    assert.ok(before.length > 10, `${before.length} runs`);
    assert.ok(before.every((run) => run.length < 400), 'runs are cut at about 256 characters');
    const kept = new Set(after);
    assert.ok(before.slice(2).every((run) => kept.has(run)), 'every run after the first two is found again');
  });
});
