import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, describe, it } from 'node:test';
import { createHttpServer } from './http-server.js';
import type { GatewayResponse } from './http-types.js';

describe('http server', () => {
  const logged: string[] = [];
  // A handler whose answer Node refuses to write (a header value with a line break).
  const server = createHttpServer(
    async (req): Promise<GatewayResponse> => (req.rawPath === '/bad' ? { status: 200, headers: { 'x-amz-meta-x': 'a\r\nb' }, body: 'x' } : { status: 200, headers: {}, body: 'ok' }),
    () => Date.now(),
    (msg) => logged.push(msg),
  );
  after(() => new Promise<void>((r) => server.close(() => r())));

  it('answers 500 InternalFailure when a response cannot be written, and keeps serving', async () => {
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const bad = await fetch(`${url}/bad`);
    assert.equal(bad.status, 500);
    assert.match(await bad.text(), /InternalFailure/);
    assert.equal(bad.headers.get('x-amz-meta-x'), null);
    assert.deepEqual(logged, ['writing a response failed']);
    assert.equal(await (await fetch(`${url}/good`)).text(), 'ok');
  });
});
