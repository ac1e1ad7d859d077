/** Why a request to the upstream failed; `forward.ts` turns the code into the load balancer's status. */
export type UpstreamErrorCode =
  /** The request cannot be sent as it is (a target that is not a path, a header with a line break): 400. */
  | 'UPSTREAM_INVALID_REQUEST'
  /** No answer, or a body that stalled, within the timeout: 504. */
  | 'UPSTREAM_TIMEOUT'
  /** The answer broke HTTP/1.1: 502. */
  | 'UPSTREAM_BAD_RESPONSE'
  /** The connection failed or closed before the answer was complete: 502. */
  | 'UPSTREAM_CONNECTION'
  /** The request was abandoned (the client went away, the proxy closed). */
  | 'UPSTREAM_ABORTED';

export class UpstreamError extends Error {
  constructor(readonly code: UpstreamErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'UpstreamError';
  }
}
