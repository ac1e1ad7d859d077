/**
 * One structured event per API request, handed to an AuditSink. The signed audit trail
 * (CloudTrail-format, hash-chained digests) is a sink built on this contract.
 */
import type { SessionContext } from './session.js';

export interface AuditEvent {
  readonly eventTime: string;
  readonly requestId: string;
  readonly service: string;
  readonly operation: string;
  readonly region: string;
  readonly principal?: {
    readonly arn: string;
    readonly accountId: string;
    readonly type: string;
    readonly userId: string;
    readonly accessKeyId?: string;
  };
  /** Request parameters with every sensitive member replaced by `HIDDEN_DUE_TO_SECURITY_REASONS`. */
  readonly parameters?: Readonly<Record<string, unknown>>;
  readonly outcome: 'success' | 'error';
  readonly errorCode?: string;
  readonly errorMessage?: string;
  readonly httpStatus: number;
  readonly sourceIp: string;
  readonly userAgent?: string;
  /** The access key the request was signed with, also when authentication failed (unknown key, bad signature). */
  readonly accessKeyId?: string;
  /** Temporary credentials: their session (MFA, issuer, source identity). */
  readonly session?: SessionContext;
  /** Whether the request came over TLS, and the Host header it named. */
  readonly secure?: boolean;
  readonly host?: string;
  /**
   * The response's elements with every sensitive member replaced by `REDACTED`, computed when
   * called (only sinks that record them pay for it); absent when the request failed.
   */
  readonly responseElements?: () => unknown;
  /**
   * Accounts other than the caller's whose resources the request reached (their resource policies
   * allowed it and nothing was denied): CloudTrail gives them the event too, with a `sharedEventID`.
   */
  readonly resourceOwners?: readonly string[];
}

export interface AuditSink {
  /**
   * Must not throw; errors are the sink's to handle. A sink that returns a promise is awaited before
   * the response is sent (the event store commits the event first); it must not reject.
   */
  record(event: AuditEvent): void | Promise<void>;
}

/** Placeholder CloudTrail writes in place of secret values. */
export const REDACTED = 'HIDDEN_DUE_TO_SECURITY_REASONS';
