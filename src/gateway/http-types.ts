import type { RequestHeaders } from '../auth/index.js';

/** A request as the gateway holds it after reading the body. */
export interface GatewayRequest {
  readonly method: string;
  readonly rawPath: string;
  readonly rawQuery: string;
  readonly rawHeaders: readonly string[];
  /** Lower-case names, repeated headers joined with `,`. */
  readonly headers: Readonly<Record<string, string>>;
  /** The same headers indexed for SigV4 (every value kept), built once per request. */
  readonly headerIndex: RequestHeaders;
  readonly body: Buffer;
  readonly sourceIp: string;
  /** Epoch ms when the request arrived. */
  readonly receivedAt: number;
}

export interface GatewayResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string | Buffer;
}
