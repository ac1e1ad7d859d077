import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { revive, storable } from './store.js';

const bytes = [0xff, 0x00, 0x80, 0x41];

describe('wafv2 store: blobs in records', () => {
  it('keeps a Buffer (what the protocol layer parses a blob into) as { $blob: base64 }, not its toJSON form', () => {
    const rec = storable({ Rules: [{ Statement: { ByteMatchStatement: { SearchString: Buffer.from(bytes) } } }] });
    assert.deepEqual(rec.Rules[0]!.Statement.ByteMatchStatement.SearchString, { $blob: Buffer.from(bytes).toString('base64') });
    // Through the store's JSON text and back: the same bytes, as a Uint8Array.
    const back = revive(JSON.parse(JSON.stringify(rec)) as typeof rec).Rules[0]!.Statement.ByteMatchStatement.SearchString;
    assert.ok(back instanceof Uint8Array);
    assert.deepEqual([...back], bytes);
  });

  it('keeps a plain Uint8Array the same way', () => {
    assert.deepEqual(storable({ b: new Uint8Array(bytes) }), { b: { $blob: '/wCAQQ==' } });
  });

  it('revives records written in the older { type: "Buffer", data } form', () => {
    const old = revive({ SearchString: { type: 'Buffer', data: bytes } } as unknown as { SearchString: Uint8Array });
    assert.ok(old.SearchString instanceof Uint8Array);
    assert.deepEqual([...old.SearchString], bytes);
  });

  it('leaves other objects alone (numbers out of byte range, extra keys)', () => {
    const o = { x: { type: 'Buffer', data: [256] }, y: { type: 'Buffer', data: [1], z: 1 }, s: 'text', n: [1, 2] };
    assert.deepEqual(revive(o), o);
  });
});
