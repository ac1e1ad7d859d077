/**
 * The same seam over HTTP: a real server started with the toy service (`startRuntime({ services })`),
 * a streamed aws-chunked upload sent over a socket, and an upload whose sixth chunk is signed wrong
 * (answered with AWS's error, the connection closed, the server still serving).
 */
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from '../helpers/rampart.js';
import { signStreamingUpload } from '../helpers/sigv4-streaming-sign.js';
import { toyService } from './toy-service.js';

const MIB = 1024 ** 2;
let s: TestServer;

before(async () => {
  s = await startTestServer({ services: [toyService] });
});
after(() => s.close());

/** Sends a signed streamed upload; resolves with the status, the body and the connection header. */
async function send(name: string, length: number, badChunkSignature?: number): Promise<{ status: number; body: string; connection: string | undefined }> {
  const u = new URL(s.url);
  const up = await signStreamingUpload({
    payload: 'streaming-signed',
    length,
    chunkSize: MIB,
    ...(badChunkSignature !== undefined ? { badChunkSignature } : {}),
    target: { service: 'toy', region: 'us-east-1', host: u.host, path: `/things/${name}`, credentials: s.credentials, now: Date.now(), headers: { 'transfer-encoding': 'chunked' } },
  });
  // A raw socket: the server may answer and close before the whole body is sent (a failed upload),
  // and its answer must still be read (an HTTP client library would report only the broken pipe).
  let head = `PUT ${up.req.rawPath} HTTP/1.1\r\n`;
  for (let i = 0; i < up.req.rawHeaders.length; i += 2) head += `${up.req.rawHeaders[i]}: ${up.req.rawHeaders[i + 1]}\r\n`;
  const socket = connect(Number(u.port), u.hostname);
  socket.on('error', () => undefined);
  let raw = '';
  socket.setEncoding('utf8');
  socket.on('data', (d: string) => (raw += d));
  const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
  socket.write(`${head}\r\n`);
  const body = up.body();
  for await (const piece of body) {
    // HTTP/1.1 chunked transfer coding around the aws-chunked bytes.
    if (socket.destroyed || raw.includes('\r\n\r\n')) break;
    const b = piece as Buffer;
    socket.write(`${b.length.toString(16)}\r\n`);
    socket.write(b);
    if (!socket.write('\r\n')) await Promise.race([new Promise((r) => socket.once('drain', r)), closed]);
  }
  if (!socket.destroyed && !raw.includes('\r\n\r\n')) socket.write('0\r\n\r\n');
  // The answer is complete when its body has arrived (content-length), or the server closed.
  await Promise.race([closed, new Promise<void>((resolve) => {
    const done = () => {
      const m = /\r\ncontent-length: (\d+)\r\n/i.exec(raw);
      const at = raw.indexOf('\r\n\r\n');
      if (m && at >= 0 && raw.length - at - 4 >= Number(m[1])) resolve();
    };
    socket.on('data', done);
    done();
  })]);
  socket.destroy();
  const at = raw.indexOf('\r\n\r\n');
  return { status: Number(raw.slice(9, 12)), body: raw.slice(at + 4), connection: /\r\nconnection: (\S+)\r\n/i.exec(raw)?.[1] };
}

describe('streaming uploads over HTTP', () => {
  it('a 64 MiB signed upload is counted by the handler', async () => {
    const r = await send('over-http', 64 * MIB);
    assert.equal(r.status, 200, r.body);
    assert.equal((JSON.parse(r.body) as { Bytes: number }).Bytes, 64 * MIB);
  });

  it('a wrong chunk signature: AWS\'s error, the connection closed, the server serving on', async () => {
    const r = await send('bad-over-http', 64 * MIB, 5);
    assert.equal(r.status, 403, r.body);
    assert.match(r.body, /InvalidSignatureException|SignatureDoesNotMatch/);
    assert.equal(r.connection, 'close');
    assert.equal((await send('after', MIB)).status, 200);
  });
});
