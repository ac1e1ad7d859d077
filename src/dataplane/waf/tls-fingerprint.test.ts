import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { helloLength, ja3, ja3String, ja4, MAX_HELLO_BYTES, readClientHello } from './tls-fingerprint.js';

const u16 = (...vs: number[]) => Buffer.concat(vs.map((v) => Buffer.from([v >> 8, v & 0xff])));
const vec16 = (b: Buffer) => Buffer.concat([u16(b.length), b]);
const vec8 = (b: Buffer) => Buffer.concat([Buffer.from([b.length]), b]);
const ext = (type: number, data: Buffer) => Buffer.concat([u16(type, data.length), data]);

/**
 * A Chrome 143 ClientHello as browserleaks.com reported it (ja3_text, ja4, ja4_ro of one hello):
 * ja3 98487aa16281980e7d1120d399efb6a4, ja4 t13d1516h2_8daaf6152771_d8a2da3f94cd; GREASE values
 * added where Chrome sends them.
 */
function chromeHello(): Buffer {
  const ciphers = [0x2a2a, 0x1301, 0x1302, 0x1303, 0xc02b, 0xc02f, 0xc02c, 0xc030, 0xcca9, 0xcca8, 0xc013, 0xc014, 0x009c, 0x009d, 0x002f, 0x0035];
  const sni = Buffer.from('tls.browserleaks.com');
  const extensions = Buffer.concat([
    ext(0x5a5a, Buffer.alloc(0)),
    ext(0x002d, Buffer.from([1, 1])),
    ext(0x0033, vec16(Buffer.concat([u16(0x1a1a, 1), Buffer.from([0]), u16(0x001d, 32), randomBytes(32)]))),
    ext(0x0010, vec16(Buffer.concat([vec8(Buffer.from('h2')), vec8(Buffer.from('http/1.1'))]))),
    ext(0xfe0d, randomBytes(40)),
    ext(0x0017, Buffer.alloc(0)),
    ext(0x44cd, vec16(vec8(Buffer.from('h2')))),
    ext(0x0000, vec16(Buffer.concat([Buffer.from([0]), vec16(sni)]))),
    ext(0x000b, vec8(Buffer.from([0]))),
    ext(0x000a, vec16(u16(0xaaaa, 0x11ec, 0x001d, 0x0017, 0x0018))),
    ext(0x002b, vec8(u16(0x7a7a, 0x0304, 0x0303))),
    ext(0xff01, Buffer.from([0])),
    ext(0x0023, Buffer.alloc(0)),
    ext(0x0012, Buffer.alloc(0)),
    ext(0x0005, Buffer.from([1, 0, 0, 0, 0])),
    ext(0x000d, vec16(u16(0x0403, 0x0804, 0x0401, 0x0503, 0x0805, 0x0501, 0x0806, 0x0601))),
    ext(0x001b, vec8(u16(0x0002))),
    ext(0x3a3a, Buffer.from([0])),
  ]);
  const body = Buffer.concat([u16(0x0303), randomBytes(32), vec8(randomBytes(32)), vec16(u16(...ciphers)), vec8(Buffer.from([0])), vec16(extensions)]);
  const msg = Buffer.concat([Buffer.from([1, body.length >> 16, (body.length >> 8) & 0xff, body.length & 0xff]), body]);
  return msg;
}
const record = (msg: Buffer) => Buffer.concat([Buffer.from([0x16, 3, 1]), u16(msg.length), msg]);

describe('JA3 and JA4 of a ClientHello', () => {
  it("give the fingerprints published for Chrome's hello, GREASE left out", () => {
    const rec = record(chromeHello());
    assert.equal(helloLength(rec), rec.length);
    const h = readClientHello(rec)!;
    assert.equal(ja3String(h), '771,4865-4866-4867-49195-49199-49196-49200-52393-52392-49171-49172-156-157-47-53,45-51-16-65037-23-17613-0-11-10-43-65281-35-18-5-13-27,4588-29-23-24,0');
    assert.equal(ja3(h), '98487aa16281980e7d1120d399efb6a4');
    assert.equal(ja4(h), 't13d1516h2_8daaf6152771_d8a2da3f94cd');
  });

  it('reads a hello split over records and arriving in pieces; more bytes after it are not its own', () => {
    const msg = chromeHello();
    const two = Buffer.concat([record(msg.subarray(0, 100)), record(msg.subarray(100))]);
    for (let cut = 0; cut < two.length; cut += 37) assert.equal(helloLength(two.subarray(0, cut)), 'more', `cut ${cut}`);
    const withMore = Buffer.concat([two, Buffer.from([0x14, 3, 3, 0, 1, 1])]);
    assert.equal(helloLength(withMore), two.length);
    assert.equal(ja4(readClientHello(two)!), 't13d1516h2_8daaf6152771_d8a2da3f94cd');
  });

  it('a hello without extensions, SNI or ALPN: the empty parts', () => {
    const body = Buffer.concat([u16(0x0303), randomBytes(32), vec8(Buffer.alloc(0)), vec16(u16(0x009c)), vec8(Buffer.from([0]))]);
    const h = readClientHello(record(Buffer.concat([Buffer.from([1, 0, 0, body.length]), body])))!;
    assert.equal(ja3String(h), '771,156,,,');
    assert.match(ja4(h), /^t12i010000_[0-9a-f]{12}_000000000000$/);
  });

  it('refuses what is not a ClientHello, and bounds what it waits for', () => {
    assert.equal(helloLength(Buffer.from('GET / HTTP/1.1\r\n\r\n')), undefined);
    assert.equal(helloLength(Buffer.from([0x16, 3, 1, 0, 4, 2, 0, 0, 0])), undefined); // a ServerHello
    assert.equal(helloLength(Buffer.from([0x16, 3, 1, 0, 4, 1, 0xff, 0xff, 0xff])), undefined); // 16 MB announced
    assert.equal(helloLength(Buffer.from([0x16, 3])), 'more');
    const huge = Buffer.concat([Buffer.from([0x16, 3, 1, 0x40, 0x00, 1, 0, 0x7f, 0xfc]), Buffer.alloc(MAX_HELLO_BYTES)]);
    assert.equal(helloLength(huge), undefined);
  });

  it('never throws on random or truncated input (the connection then has no fingerprint)', () => {
    const good = record(chromeHello());
    for (let i = 0; i < 3000; i++) {
      const b = i % 2 === 0 ? randomBytes(1 + (i % 300)) : Buffer.from(good.subarray(0, 5 + (i % (good.length - 5))));
      if (i % 2 === 0) b[0] = 0x16;
      const n = helloLength(b);
      if (typeof n === 'number') readClientHello(b.subarray(0, n));
      const h = readClientHello(b);
      if (h) assert.equal(ja3(h).length + ja4(h).length, 32 + 36);
    }
  });
});
