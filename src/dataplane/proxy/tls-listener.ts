/**
 * The proxy's HTTPS listener: TLS terminated here, with the JA3 and JA4 fingerprints of each
 * connection's ClientHello (waf/tls-fingerprint.ts) kept on its socket for the WAF's JA3Fingerprint
 * and JA4Fingerprint fields. A connection's first bytes are read until its ClientHello is complete
 * (at most MAX_HELLO_BYTES, within the headers timeout; anything else is closed), put back, and the
 * TLS session runs on them; its HTTP requests go to the plain listener's server, so both listeners share
 * the handler, Shield Standard's limits and the WAF.
 */
import { createServer as createNetServer, type Server as NetServer, type Socket } from 'node:net';
import type { Server } from 'node:http';
import { createSecureContext, TLSSocket } from 'node:tls';
import type { TlsFingerprint } from '../waf/inspected-request.js';
import { helloLength, ja3, ja4, readClientHello } from '../waf/tls-fingerprint.js';

const FINGERPRINT = Symbol('rampart.tlsFingerprint');

/** The fingerprints of the TLS connection a request came on (undefined over plain HTTP or a hello that could not be read). */
export function fingerprintOf(socket: Socket): TlsFingerprint | undefined {
  return (socket as Socket & { [FINGERPRINT]?: TlsFingerprint })[FINGERPRINT];
}

export interface TlsListenerOptions {
  readonly host: string;
  readonly port: number;
  /** PEM certificate (chain) and key. */
  readonly cert: string;
  readonly key: string;
  /** Time for a client's ClientHello to arrive. */
  readonly helloTimeoutMs: number;
  /** Concurrent connections, as the plain listener's. */
  readonly maxConnections: number;
}

/** Listens for TLS on host:port; each connection's requests are served by `server`. */
export async function listenTls(o: TlsListenerOptions, server: Server): Promise<NetServer> {
  const secureContext = createSecureContext({ cert: o.cert, key: o.key });
  const listener = createNetServer((raw) => {
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => raw.destroy(), o.helloTimeoutMs);
    const fail = (): void => {
      clearTimeout(timer);
      raw.destroy();
    };
    const onData = (c: Buffer): void => {
      chunks.push(c);
      const seen = chunks.length === 1 ? c : Buffer.concat(chunks);
      const n = helloLength(seen);
      if (n === 'more') return;
      // Not the start of a TLS handshake (plain HTTP on the HTTPS port, garbage, a hello over the limit): closed.
      if (n === undefined) return fail();
      raw.off('data', onData);
      raw.off('error', fail);
      clearTimeout(timer);
      raw.pause();
      const hello = readClientHello(seen.subarray(0, n));
      // The bytes read go back: the TLS session reads them first (a hello the parser could not read gets no fingerprint).
      raw.unshift(seen);
      const socket = new TLSSocket(raw, { isServer: true, secureContext, ALPNProtocols: ['http/1.1'] });
      if (hello) (socket as TLSSocket & { [FINGERPRINT]?: TlsFingerprint })[FINGERPRINT] = { ja3: ja3(hello), ja4: ja4(hello) };
      socket.on('error', () => socket.destroy());
      server.emit('connection', socket);
    };
    raw.on('data', onData);
    raw.on('error', fail);
  });
  listener.maxConnections = o.maxConnections;
  await new Promise<void>((resolve, reject) => {
    listener.once('error', reject);
    listener.listen(o.port, o.host, () => {
      listener.off('error', reject);
      resolve();
    });
  });
  return listener;
}
