/**
 * One structured event per API request, handed to an AuditSink. The signed audit trail
 * (CloudTrail-format, hash-chained digests) is a sink built on this contract.
 */
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
}

export interface AuditSink {
  /** Must not throw and must not block the response; errors are the sink's to handle. */
  record(event: AuditEvent): void;
}

/** Placeholder CloudTrail writes in place of secret values. */
export const REDACTED = 'HIDDEN_DUE_TO_SECURITY_REASONS';
