import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseChangePayload } from '../../src/storage/postgres/change-relay.js';
import { changeChannel, checkSchemaName, redactUrl } from '../../src/storage/postgres/pg-names.js';
import { MIGRATIONS, pendingMigrations } from '../../src/storage/migrations.js';
import { checkName, compareKeys, decodeScope, encodeScope, isValidName, prefixUpperBound } from '../../src/storage/scope-codec.js';
import { Mutex } from '../../src/storage/sqlite/mutex.js';
import { StorageError } from '../../src/storage/types.js';

describe('scope codec', () => {
  it('encodes scopes to columns and back', () => {
    for (const scope of [
      { kind: 'global' },
      { kind: 'account', accountId: '123456789012' },
      { kind: 'region', accountId: '123456789012', region: 'us-east-1' },
    ] as const) {
      const c = encodeScope(scope);
      assert.deepEqual(decodeScope(c.kind, c.accountId, c.region), scope);
    }
    assert.deepEqual(encodeScope({ kind: 'global' }), { kind: 'global', accountId: '', region: '' });
    assert.throws(() => encodeScope({ kind: 'region', accountId: '1', region: '' }), RangeError);
  });

  it('isValidName says ahead of time which names checkName (every backend) refuses', () => {
    for (const s of ['a', 'user/x', '\u{1F600}', ' ', 'a\u0001', '', 'a\u0000b', '\u0000', 'a\uD800', '\uDC00b', 7, undefined]) {
      let refused = false;
      try {
        checkName('key', s);
      } catch {
        refused = true;
      }
      assert.equal(isValidName(s), !refused, JSON.stringify(s));
    }
  });

  it('prefixUpperBound bounds exactly the strings with the prefix (code point order)', () => {
    assert.equal(prefixUpperBound('ab'), 'ac');
    assert.equal(prefixUpperBound('a\u{10FFFF}'), 'b');
    assert.equal(prefixUpperBound('\u{10FFFF}'), undefined);
    assert.equal(prefixUpperBound('\uD7FF'), '\uE000');
    assert.equal(prefixUpperBound('\uFFFF'), '\u{10000}');
    const samples = ['a', 'ab', 'ab\u{1F600}', 'ac', 'a\uFFFF', 'aa\u{10FFFF}', 'b', 'ab\u0001'];
    for (const p of ['a', 'ab', 'a\uFFFF']) {
      const upper = prefixUpperBound(p)!;
      for (const s of samples) {
        const inRange = compareKeys(s, p) >= 0 && compareKeys(s, upper) < 0;
        assert.equal(inRange, s.startsWith(p), `${JSON.stringify(s)} vs prefix ${JSON.stringify(p)}`);
      }
    }
  });

  it('compareKeys is UTF-8 byte order (differs from UTF-16 order)', () => {
    assert.ok(compareKeys('\uFFFD', '\u{1F600}') < 0);
    assert.ok('\uFFFD' > '\u{1F600}');
    assert.ok(compareKeys('B', 'a') < 0);
  });
});

describe('migrations', () => {
  it('are strictly increasing and planned from the current version', () => {
    MIGRATIONS.forEach((m, i) => assert.equal(m.version, i + 1));
    assert.deepEqual(pendingMigrations(0).map((m) => m.version), MIGRATIONS.map((m) => m.version));
    assert.deepEqual(pendingMigrations(MIGRATIONS.length), []);
    assert.throws(() => pendingMigrations(MIGRATIONS.length + 1), (e) => e instanceof StorageError && e.reason === 'UnsupportedSchemaVersion');
  });
});

describe('postgres names and relay payloads', () => {
  it('validates schema names and keeps channel names within 63 bytes', () => {
    checkSchemaName('rampart_test_1');
    for (const bad of ['', '1abc', 'a-b', 'a"b', 'x'.repeat(64)]) assert.throws(() => checkSchemaName(bad), RangeError);
    assert.equal(changeChannel('rampart'), 'rampart_changes_rampart');
    assert.ok(changeChannel('x'.repeat(63)).length <= 63);
    assert.equal(redactUrl('postgres://u:secret@h/db').includes('secret'), false);
  });

  it('parses other nodes payloads and ignores its own or malformed ones', () => {
    const p = JSON.stringify({ n: 'other', o: 'put', t: 't', s: ['region', '1', 'r'], k: 'k' });
    assert.deepEqual(parseChangePayload(p, 'me'), { table: 't', scope: { kind: 'region', accountId: '1', region: 'r' }, key: 'k', op: 'put' });
    assert.equal(parseChangePayload(p, 'other'), undefined);
    assert.equal(parseChangePayload(JSON.stringify({ n: 'x', o: 'reset' }), 'me')?.op, 'reset');
    for (const bad of ['nope', '{}', JSON.stringify({ n: 'x', o: 'put', t: 't', s: ['bogus', '', ''], k: 'k' })]) {
      assert.equal(parseChangePayload(bad, 'me'), undefined);
    }
  });
});

describe('mutex', () => {
  it('runs tasks one at a time in call order and survives failures', async () => {
    const m = new Mutex();
    const log: string[] = [];
    const task = (name: string, fail = false) => async () => {
      log.push(`start ${name}`);
      await new Promise((resolve) => setTimeout(resolve, 2));
      log.push(`end ${name}`);
      if (fail) throw new Error(name);
      return name;
    };
    const results = await Promise.allSettled([m.run(task('a')), m.run(task('b', true)), m.run(task('c'))]);
    assert.deepEqual(log, ['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
    assert.deepEqual(results.map((r) => r.status), ['fulfilled', 'rejected', 'fulfilled']);
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(m.busy, false);
  });
});
