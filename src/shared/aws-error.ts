/**
 * Errors are typed data. Every failure a client can see is an AwsError; only the
 * protocol serializer in src/protocol turns one into bytes (XML, JSON, S3 <Error>).
 */
export interface AwsErrorInit {
  /** AWS error code, e.g. `SignatureDoesNotMatch`, `NoSuchEntity`. */
  readonly code: string;
  readonly message: string;
  readonly httpStatus: number;
  /** `Sender` (client's fault) or `Receiver` (ours), as in query-protocol `<Type>`. */
  readonly senderFault?: boolean;
  /** Extra members modelled on the error shape (rendered by the serializer where the protocol allows). */
  readonly fields?: Readonly<Record<string, unknown>>;
  /** Extra response headers, e.g. `x-amzn-ErrorType` variants. */
  readonly headers?: Readonly<Record<string, string>>;
}

export class AwsError extends Error {
  readonly code: string;
  readonly httpStatus: number;
  readonly senderFault: boolean;
  readonly fields: Readonly<Record<string, unknown>>;
  readonly headers: Readonly<Record<string, string>>;

  constructor(init: AwsErrorInit) {
    super(init.message);
    this.name = 'AwsError';
    this.code = init.code;
    this.httpStatus = init.httpStatus;
    this.senderFault = init.senderFault ?? init.httpStatus < 500;
    this.fields = init.fields ?? {};
    this.headers = init.headers ?? {};
  }
}

/** Narrowing helper for catch blocks. */
export function isAwsError(e: unknown): e is AwsError {
  return e instanceof AwsError;
}

/** Shorthand constructor for a client (4xx) error. */
export function clientError(code: string, message: string, httpStatus = 400, fields?: Record<string, unknown>): AwsError {
  return new AwsError(fields ? { code, message, httpStatus, senderFault: true, fields } : { code, message, httpStatus, senderFault: true });
}

/** `ValidationError` (400): the query protocol's code (IAM, STS) for input a handler refuses. */
export function queryValidationError(message: string): AwsError {
  return clientError('ValidationError', message, 400);
}

/** The error every unexpected exception becomes; its cause goes to the log only. */
export function internalFailure(): AwsError {
  return new AwsError({
    code: 'InternalFailure',
    message: 'The request processing has failed because of an unknown error, exception or failure.',
    httpStatus: 500,
    senderFault: false,
  });
}
