import { connect } from 'node:net';

export interface RawResponse {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string;
  /** True when the server closed the connection without any answer. */
  readonly noAnswer: boolean;
}

/**
 * Sends raw bytes on a fresh TCP connection and reads until the server closes it (requests are
 * sent with `connection: close`) or `timeoutMs` passes. For fuzzing: no client-side validation at all.
 */
export function rawRequest(port: number, bytes: Buffer, opts: { endAfterWrite?: boolean; timeoutMs?: number } = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = connect({ port, host: '127.0.0.1' });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer within ${opts.timeoutMs ?? 10_000} ms to: ${bytes.subarray(0, 200).toString('latin1')}`));
    }, opts.timeoutMs ?? 10_000);
    socket.on('connect', () => {
      socket.write(bytes);
      if (opts.endAfterWrite) socket.end();
    });
    socket.on('data', (d) => chunks.push(d));
    socket.on('error', () => {
      /* a reset after the answer is fine; judged on what arrived */
    });
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(parseResponse(Buffer.concat(chunks)));
    });
  });
}

function parseResponse(buf: Buffer): RawResponse {
  const text = buf.toString('utf8');
  const end = text.indexOf('\r\n\r\n');
  if (!text.startsWith('HTTP/1.1 ') || end === -1) return { status: 0, headers: {}, body: text, noAnswer: true };
  const [statusLine, ...lines] = text.slice(0, end).split('\r\n');
  const headers: Record<string, string> = {};
  for (const l of lines) {
    const i = l.indexOf(':');
    headers[l.slice(0, i).trim().toLowerCase()] = l.slice(i + 1).trim();
  }
  return { status: Number(statusLine!.split(' ')[1]), headers, body: text.slice(end + 4), noAnswer: false };
}
