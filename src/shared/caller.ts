/**
 * The one description of who makes a request and from where, built once by the gateway's chain
 * after authentication and handed to authorization and to every handler: the principal, the
 * credentials' session (MFA, source identity, session tags and policies), and the request facts
 * that condition keys read (`aws:SourceIp`, `aws:SecureTransport`, `aws:RequestedRegion`, time).
 */
import type { Principal } from './principal.js';
import type { SessionContext } from './session.js';

export interface Caller {
  readonly principal: Principal;
  /** The access key that signed the request; absent for anonymous requests. */
  readonly accessKeyId?: string;
  /** Temporary credentials: their session. */
  readonly session?: SessionContext;
  /** Epoch ms the request arrived (injected clock). */
  readonly now: number;
  readonly sourceIp: string;
  /** Whether the request came over TLS (`aws:SecureTransport`). */
  readonly secureTransport: boolean;
  /** The region the request was signed for (`aws:RequestedRegion`). */
  readonly region: string;
  readonly userAgent?: string;
  /**
   * Set when a service makes the request on the caller's behalf (`aws:CalledVia`, first service
   * first; `aws:ViaAWSService` is true): e.g. S3 asking KMS for a data key.
   */
  readonly calledVia?: readonly string[];
  /**
   * Keys a service sets when it acts on its own (a `service` principal): `aws:SourceArn`,
   * `aws:SourceAccount` of the resource it acts for, as AWS services set them.
   */
  readonly serviceContext?: Readonly<Record<string, string>>;
}
