/**
 * Bytes the proxy's HTTP parser refuses. With no request being answered on the connection, the client
 * gets the load balancer's 400 (431 for an oversized head, 408 for a head that came too slowly) and the
 * connection closes. When the refused bytes follow requests the proxy is still answering (a pipelined
 * "request" that is not HTTP, or bytes after a request that said `Connection: close`), those answers go
 * out first, in order, and the 400 after them (nothing after `Connection: close`: that connection
 * closes with its last answer), as a load balancer does. Bytes that break the body of the request being
 * answered cut the connection: that request cannot be completed.
 */
import type { ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

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

/** The server's `clientError` handler. */
export function onClientError(err: Error & { code?: string }, socket: ServerSocket): void {
  if (waiting.has(socket)) return;
  const inFlight = socket._httpMessage;
  if (!socket.writable || (inFlight && !inFlight.req.complete)) {
    socket.destroy();
    return;
  }
  if (!inFlight) {
    socket.end(errorAnswer(err.code));
    return;
  }
  waiting.add(socket);
  afterAnswers(socket, err.code === 'HPE_CLOSED_CONNECTION' ? undefined : errorAnswer(err.code));
}
