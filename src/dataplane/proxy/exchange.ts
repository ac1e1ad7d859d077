/**
 * A request and its answer as the proxy's handler sees them, whichever reader took the request: the front's
 * own (front/: a request of the strict subset, read whole, answered by a FastResponse) or node:http's (any
 * other request: IncomingMessage and ServerResponse, which fit these shapes as they are).
 */
import type { Socket } from 'node:net';

export interface ProxyRequest {
  method?: string | undefined;
  url?: string | undefined;
  /** Names and values, alternating, as sent (values without the spaces around them). */
  readonly rawHeaders: string[];
  /** `1.1` or `1.0`. */
  readonly httpVersion: string;
  readonly socket: Socket;
  /** The request's connection broke before it was read. */
  readonly destroyed: boolean;
}

/** The calls the proxy makes on an answer (a subset of ServerResponse's). */
export interface ProxyResponse {
  readonly headersSent: boolean;
  readonly writableFinished: boolean;
  readonly destroyed: boolean;
  readonly statusCode: number;
  readonly socket: Socket | null;
  /** Headers as names and values, alternating; the reason phrase is the status's own when absent. */
  writeHead(status: number, reason: string | undefined, headers: string[]): unknown;
  /** false: wait for 'drain'. */
  write(chunk: Buffer): boolean;
  end(chunk?: string | Buffer): unknown;
  setHeader(name: string, value: string): unknown;
  destroy(): unknown;
  on(event: 'finish' | 'close' | 'drain', listener: () => void): unknown;
  once(event: 'finish' | 'close' | 'drain', listener: () => void): unknown;
}
