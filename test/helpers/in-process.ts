/**
 * Requests for the gateway's chain in-process (no HTTP): signed by @smithy/signature-v4 as the SDKs
 * sign them, handed to `Gateway.chain` as a `GatewayRequest`.
 */
import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import type { Readable } from 'node:stream';
import { RequestHeaders } from '../../src/auth/index.js';
import { bufferedBody, type GatewayRequest, type RequestBody } from '../../src/gateway/http-types.js';

export interface InProcessRequest {
  readonly method: string;
  /** Path, percent-encoded as sent. */
  readonly path: string;
  readonly query?: Record<string, string>;
  readonly headers?: Record<string, string>;
  readonly body?: Buffer | string;
  readonly service: string;
  readonly region?: string;
  readonly credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  readonly sourceIp?: string;
  readonly now?: number;
}

/** The request signed, ready for `chain(...)`. `unsigned` leaves the signature out. */
export async function gatewayRequest(r: InProcessRequest, opts: { unsigned?: boolean; stream?: Readable } = {}): Promise<GatewayRequest> {
  const body = typeof r.body === 'string' ? Buffer.from(r.body) : (r.body ?? Buffer.alloc(0));
  const now = r.now ?? Date.now();
  let headers: Record<string, string> = { host: 'localhost:4566', ...(body.length ? { 'content-length': String(body.length) } : {}), ...(r.headers ?? {}) };
  if (!opts.unsigned) {
    // S3 signs the path as sent; every other service encodes it once more (as the SDKs do).
    const signer = new SignatureV4({ credentials: r.credentials, region: r.region ?? 'us-east-1', service: r.service, sha256: Sha256, uriEscapePath: r.service !== 's3' });
    const req = new HttpRequest({ method: r.method, protocol: 'http:', hostname: 'localhost', port: 4566, path: r.path, query: r.query ?? {}, headers, body: opts.stream ? undefined : body });
    headers = (await signer.sign(req, { signingDate: new Date(now) })).headers as Record<string, string>;
  }
  const rawHeaders = Object.entries(headers).flat();
  const headerIndex = RequestHeaders.fromRaw(rawHeaders);
  const search = new URLSearchParams(r.query ?? {}).toString().replace(/\+/g, '%20');
  const requestBody: RequestBody = opts.stream ? { readAll: () => Promise.reject(new Error('a streamed body is not read whole')), stream: () => opts.stream! } : bufferedBody(body);
  return {
    method: r.method,
    rawPath: r.path,
    rawQuery: search,
    rawHeaders,
    headers: headerIndex.toRecord(),
    headerIndex,
    body: requestBody,
    sourceIp: r.sourceIp ?? '127.0.0.1',
    receivedAt: now,
  };
}

/** The JSON body of a chain response. */
export function jsonOf(res: { body: string | Buffer }): Record<string, unknown> {
  const text = typeof res.body === 'string' ? res.body : res.body.toString('utf8');
  return text ? (JSON.parse(text) as Record<string, unknown>) : {};
}
