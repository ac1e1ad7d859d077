import assert from 'node:assert/strict';
import { once } from 'node:events';
import { connect, createServer, type AddressInfo, type Socket } from 'node:net';
import { test } from 'node:test';
import { atTurnEnd, corkUntilTurnEnd } from './turn-end.js';

const turnEnd = () => new Promise<void>((r) => setImmediate(r));

test('corked writes go out together at the end of the turn, after the deferred ends', async () => {
  const received: string[] = [];
  const server = createServer((s) => s.on('data', (d: Buffer) => received.push(d.toString())));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const client: Socket = connect((server.address() as AddressInfo).port, '127.0.0.1');
  await once(client, 'connect');
  try {
    corkUntilTurnEnd(client);
    client.write('head;');
    client.write('body');
    // Nothing has been written yet: both writes wait, corked, for the end of the turn.
    assert.equal(client.writableCorked, 1);
    assert.equal(client.writableLength, 9);
    let corkedAtEnd = -1;
    atTurnEnd(() => {
      corkedAtEnd = client.writableCorked;
      client.write(';end');
    });
    await turnEnd();
    assert.equal(corkedAtEnd, 1, 'the deferred end ran before the socket was uncorked');
    assert.equal(client.writableCorked, 0);
    for (let i = 0; i < 50 && received.join('') !== 'head;body;end'; i++) await new Promise((r) => setTimeout(r, 10));
    assert.equal(received.join(''), 'head;body;end');
  } finally {
    client.destroy();
    server.close();
  }
});

test('a socket destroyed before the end of the turn is left alone', async () => {
  const server = createServer((s) => s.resume());
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const client = connect((server.address() as AddressInfo).port, '127.0.0.1');
  await once(client, 'connect');
  corkUntilTurnEnd(client);
  client.write('x');
  client.destroy();
  await turnEnd();
  assert.equal(client.destroyed, true);
  server.close();
});
