import { createServer, type IncomingMessage, type Server, type ServerOptions, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { TLSSocket } from 'node:tls';
import type { Socket } from 'node:net';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { RequestHeaders } from '../auth/index.js';
import type { Clock } from '../shared/clock.js';
import { newRequestId } from '../shared/ids.js';
import type { GatewayRequest, GatewayResponse, RequestBody } from './http-types.js';
import { unroutableResponse } from './unroutable.js';

/** Node refuses request heads larger than this with our AWS-shaped 400 (see onClientError). */
export const MAX_HEADER_BYTES = 32 * 1024;

export type RequestHandler = (req: GatewayRequest) => Promise<GatewayResponse>;

/** A certificate and key (PEM) for an HTTPS listener. */
export interface TlsOptions {
  readonly cert: string;
  readonly key: string;
}

/**
 * The HTTP listener (HTTPS with `tls`): hands each request (its body unread) to `handle`, writes the
 * answer. Both kinds behave alike; a request over TLS is marked `secure` (aws:SecureTransport).
 */
export function createHttpServer(handle: RequestHandler, clock: Clock, log: (msg: string, err?: unknown) => void, tls?: TlsOptions): Server {
  const options: ServerOptions = { maxHeaderSize: MAX_HEADER_BYTES, keepAliveTimeout: 65_000, requestTimeout: 300_000, requireHostHeader: false };
  const listener = (req: IncomingMessage, res: ServerResponse) => void onRequest(req, res, handle, clock, log);
  const server: Server = tls ? createHttpsServer({ ...options, cert: tls.cert, key: tls.key, minVersion: 'TLSv1.2' }, listener) : createServer(options, listener);
  // A TLS handshake that fails (a client that does not trust the CA, plain HTTP on the TLS port) ends that connection only.
  server.on('tlsClientError', (_err: Error, socket: Socket) => socket.destroy());
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Socket) => onClientError(err, socket));
  // CONNECT (proxy tunnels) is no AWS API: answer it rather than let Node drop the socket.
  server.on('connect', (_req: IncomingMessage, socket: Socket) => writeRaw(socket, unroutableResponse(newRequestId(), 405, 'MethodNotAllowed', 'The specified method is not allowed against this resource.'), 'Method Not Allowed'));
  return server;
}

async function onRequest(req: IncomingMessage, res: ServerResponse, handle: RequestHandler, clock: Clock, log: (msg: string, err?: unknown) => void): Promise<void> {
  const receivedAt = clock();
  let response: GatewayResponse;
  try {
    response = await handle(toGatewayRequest(req, receivedAt));
  } catch (e) {
    log('unexpected failure while serving a request', e);
    response = unroutableResponse(newRequestId(), 500, 'InternalFailure', 'The request processing has failed because of an unknown error, exception or failure.');
  }
  // A body left unread (refused before it was read, a failed stream, too large) is not read on
  // just to keep the connection: answer and close it.
  if (!req.complete) {
    res.setHeader('connection', 'close');
    lingerAfterClose(res, req.socket);
  }
  if (res.writableEnded || res.destroyed) return;
  try {
    writeResponse(req, res, response);
  } catch (e) {
    // A response Node refuses to write (an invalid header value, ...): answer 500 if nothing was
    // sent yet, else cut the connection; never an unhandled rejection that would end the process.
    log('writing a response failed', e);
    if (res.headersSent) res.destroy();
    else writeResponse(req, res, unroutableResponse(newRequestId(), 500, 'InternalFailure', 'The request processing has failed because of an unknown error, exception or failure.'), true);
  }
}

/** How long a connection closed with its request body unread goes on reading (and dropping) it. */
export const LINGER_MS = 2_000;

/**
 * A lingering close. Closing a socket whose client is still sending makes the kernel answer with a
 * reset, and a reset can discard the answer at the client before it reads it (the client then sees
 * a broken connection instead of AWS's error). Node closes the socket as soon as the answer is
 * written (`destroySoon`: end, then destroy on the socket's 'finish'); instead, after the answer and
 * our FIN, the socket reads and drops what still arrives until the client closes its side, or for
 * LINGER_MS at most.
 */
function lingerAfterClose(res: ServerResponse, socket: Socket): void {
  res.once('finish', () => {
    // Node's own 'finish' listener (registered when `res` was made) has just run destroySoon.
    if (socket.destroyed || !socket.listeners('finish').includes(socket.destroy)) return;
    socket.removeListener('finish', socket.destroy);
    // Nothing read now reaches the HTTP parser: a request pipelined after this one is not served.
    socket.removeAllListeners('data');
    socket.on('data', () => undefined);
    const timer = setTimeout(() => socket.destroy(), LINGER_MS);
    timer.unref();
    socket.once('end', () => socket.destroy());
    socket.once('close', () => clearTimeout(timer));
    socket.resume();
  });
}

function writeResponse(req: IncomingMessage, res: ServerResponse, response: GatewayResponse, fresh = false): void {
  if (fresh) for (const name of res.getHeaderNames()) res.removeHeader(name);
  const body = response.body;
  if (response.stream) return writeStreamed(res, response, response.stream);
  // A string body is handed to Node as is (not copied into a Buffer): Node then sends the head and a
  // string body in one write instead of a two-buffer writev, a syscall per response on the hot path.
  const bodyLength = typeof body === 'string' ? Buffer.byteLength(body, 'utf8') : body.length;
  // A HEAD answer announces the length of what GET would return (S3 HeadObject); the codec sets it.
  const length = req.method === 'HEAD' && response.headers['content-length'] ? response.headers['content-length'] : String(bodyLength);
  // Node adds the Date header itself (cached per second).
  for (const name in response.headers) res.setHeader(name, response.headers[name]!);
  res.setHeader('content-length', length);
  res.writeHead(response.status);
  if (typeof body === 'string') res.end(body, 'utf8');
  else res.end(body);
}

/**
 * A streamed body (S3 GetObject): the head with the length the handler announced, then the stream
 * piped with back-pressure. A stream that fails after the head was sent (a body file that no longer
 * decrypts) cuts the connection, so the client sees a short body, never wrong bytes as complete.
 */
function writeStreamed(res: ServerResponse, response: GatewayResponse, body: Readable): void {
  for (const name in response.headers) res.setHeader(name, response.headers[name]!);
  res.writeHead(response.status);
  pipeline(body, res).catch(() => res.destroy());
}

function toGatewayRequest(req: IncomingMessage, receivedAt: number): GatewayRequest {
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  const headerIndex = RequestHeaders.fromRaw(req.rawHeaders);
  return {
    method: req.method ?? 'GET',
    rawPath: q === -1 ? url : url.slice(0, q),
    rawQuery: q === -1 ? '' : url.slice(q + 1),
    rawHeaders: req.rawHeaders,
    headers: headerIndex.toRecord(),
    headerIndex,
    body: new IncomingBody(req),
    sourceIp: req.socket.remoteAddress ?? '',
    receivedAt,
    secure: (req.socket as Partial<TLSSocket>).encrypted === true,
  };
}

/** The body of `req`, read whole (bounded) or streamed, once. */
class IncomingBody implements RequestBody {
  private taken = false;

  constructor(private readonly req: IncomingMessage) {}

  readAll(limit: number): Promise<Buffer | undefined> {
    this.take();
    return readBody(this.req, limit);
  }

  stream(): IncomingMessage {
    this.take();
    return this.req;
  }

  private take(): void {
    if (this.taken) throw new Error('the request body was already taken');
    this.taken = true;
  }
}

/** Reads the body; resolves undefined when it exceeds `limit` (the rest is not kept). */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) return Promise.resolve(undefined);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (c: Buffer) => {
      size += c.length;
      if (size <= limit) return void chunks.push(c);
      // Too large after all (no or a false content-length): stop reading now.
      req.off('data', onData);
      req.pause();
      resolve(undefined);
    };
    req.on('data', onData);
    req.on('end', () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Malformed HTTP (bad request line, oversized head, ...) still gets an AWS-shaped answer. */
function onClientError(err: NodeJS.ErrnoException, socket: Socket): void {
  if (!socket.writable || err.code === 'ECONNRESET') {
    socket.destroy();
    return;
  }
  const tooLarge = err.code === 'HPE_HEADER_OVERFLOW';
  const r = unroutableResponse(newRequestId(), tooLarge ? 431 : 400, tooLarge ? 'RequestHeaderSectionTooLarge' : 'BadRequest', tooLarge ? 'Your request header section exceeds the maximum allowed size.' : 'The HTTP request could not be parsed.');
  writeRaw(socket, r, tooLarge ? 'Request Header Fields Too Large' : 'Bad Request');
}

/** Writes a whole response on a socket Node's HTTP machinery no longer owns, then closes it. */
function writeRaw(socket: Socket, r: GatewayResponse, reason: string): void {
  const body = Buffer.from(r.body as string);
  socket.end(`HTTP/1.1 ${r.status} ${reason}\r\ncontent-type: text/xml\r\nx-amzn-requestid: ${r.headers['x-amzn-requestid']}\r\ncontent-length: ${body.length}\r\nconnection: close\r\n\r\n${body.toString()}`);
}
