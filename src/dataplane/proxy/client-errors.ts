/**
 * Bytes the proxy's HTTP parser refuses. With no request being answered on the connection, the client
 * gets the load balancer's 400 (431 for an oversized head, 408 for a head that came too slowly) and the
 * connection closes. When the refused bytes follow requests the proxy is still answering (a pipelined
 * "request" that is not HTTP, or bytes after a request that said `Connection: close`), those answers go
 * out first, in order, and the 400 after them (nothing after `Connection: close`: that connection
 * closes with its last answer), as a load balancer does. Bytes that break the body of the request being
 * answered cut the connection: that request cannot be completed. A request line the parser refuses, with
 * its whole head in the refused bytes, is handed to the web ACL first (refused-head.ts).
 */
import type { ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { readRefusedHead, REQUEST_LINE_ERRORS, type HeadLimits, type RefusedHead } from './refused-head.js';

type ServerSocket = Socket & { _httpMessage?: ServerResponse | null };

/** Sockets whose error answer waits for the answers before it. */
const waiting = new WeakSet<Socket>();

function errorAnswer(code: string | undefined): string {
  const status = code === 'HPE_HEADER_OVERFLOW' ? 431 : code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
  const reason = status === 431 ? 'Request Header Fields Too Large' : status === 408 ? 'Request Timeout' : 'Bad Request';
  return `HTTP/1.1 ${status} ${reason}\r\nServer: awselb/2.0\r\nContent-Type: text/html\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`;
}

/** Writes `answer` once the socket has no response in progress (each queued one is assigned in turn). */
function afterAnswers(socket: ServerSocket, answer: string | undefined): void {
  const current = socket._httpMessage;
  if (current) {
    current.once('finish', () => setImmediate(() => afterAnswers(socket, answer)));
    current.once('close', () => {
      if (!current.writableFinished) socket.destroy();
    });
    return;
  }
  if (answer !== undefined && socket.writable) socket.end(answer);
  else socket.end();
}

type ParseError = Error & { code?: string; rawPacket?: Buffer; bytesParsed?: number };

/**
 * The server's `clientError` handler. `onRefused` answers a request whose request line the parser refused
 * (the connection closes after that answer); without it, or without a whole head, the answer is the 400.
 */
export function clientErrorHandler(limits: HeadLimits, onRefused?: (head: RefusedHead, socket: Socket) => void): (err: ParseError, socket: ServerSocket) => void {
  return (err, socket) => {
    if (waiting.has(socket)) return;
    const inFlight = socket._httpMessage;
    if (!socket.writable || (inFlight && !inFlight.req.complete)) {
      socket.destroy();
      return;
    }
    waiting.add(socket);
    if (!inFlight) {
      const head = onRefused && err.rawPacket && REQUEST_LINE_ERRORS.has(err.code ?? '') ? readRefusedHead(err.rawPacket, err.bytesParsed ?? 0, limits, err.code) : undefined;
      if (head) onRefused!(head, socket);
      else socket.end(errorAnswer(err.code));
      return;
    }
    afterAnswers(socket, err.code === 'HPE_CLOSED_CONNECTION' ? undefined : errorAnswer(err.code));
  };
}
