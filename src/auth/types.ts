/**
 * Contracts of the authentication layer. The gateway hands a buffered request to
 * `verifyRequest` (sigv4-verifier.ts) together with a CredentialResolver; the verifier
 * knows nothing about storage or services.
 */
import type { Principal } from '../shared/principal.js';
import type { SessionContext } from '../shared/session.js';
import type { RequestHeaders } from './request-headers.js';

/** What the verifier needs of an HTTP request. Everything raw, as received on the wire. */
export interface SignedRequestParts {
  readonly method: string;
  /** Path exactly as received, still percent-encoded, without the query string. */
  readonly rawPath: string;
  /** Query string exactly as received, without the leading `?` ('' when none). */
  readonly rawQuery: string;
  /**
   * Node's `rawHeaders` list: [name, value, name, value, ...], names in original case, repeats kept.
   * Values are read as Node delivers them (latin1: one char per byte on the wire), so non-ASCII bytes
   * reach the signature check unchanged; a value with chars above U+00FF is taken as UTF-8.
   */
  readonly rawHeaders: readonly string[];
  /** The whole body (bodies are buffered by the gateway, with a size limit). */
  readonly body: Buffer;
  /** `rawHeaders` indexed already (the gateway does it once per request); indexed here when absent. */
  readonly headerIndex?: RequestHeaders;
}

/**
 * How auth failures are worded differs by protocol family (AWS returns `InvalidClientTokenId` to
 * query services, `UnrecognizedClientException` to JSON services, `InvalidAccessKeyId` from S3, ...).
 */
export type ErrorFamily = 'query' | 'json' | 'rest-json' | 's3' | 'ec2';

/** A principal as the credential store knows it; opaque to the verifier. */
export type CredentialPrincipal = Principal;

/** A secret looked up by access key id. */
export interface ResolvedCredential {
  readonly accessKeyId: string;
  /** Plaintext secret, held in memory only. */
  readonly secretAccessKey: string;
  readonly principal: CredentialPrincipal;
  readonly active: boolean;
  /** Temporary credentials (ASIA...) carry a session token that must match X-Amz-Security-Token. */
  readonly sessionToken?: string;
  /** Epoch ms after which temporary credentials are expired. */
  readonly expiresAt?: number;
  /** Temporary credentials: their session (opaque to the verifier; handed back in the result). */
  readonly session?: SessionContext;
}

export interface CredentialResolver {
  /** Returns undefined for an access key id nobody issued. May be sync-fast (cached). */
  resolve(accessKeyId: string): ResolvedCredential | undefined | Promise<ResolvedCredential | undefined>;
}

/** The outcome of a successful verification. */
export interface AuthResult {
  readonly kind: 'header' | 'presigned' | 'anonymous';
  readonly credential?: ResolvedCredential;
  /** From the credential scope, e.g. `us-east-1`. */
  readonly region?: string;
  /** From the credential scope, e.g. `sts`. */
  readonly signingService?: string;
  /** Epoch ms of X-Amz-Date. */
  readonly signedAt?: number;
  /** The payload after aws-chunked decoding (equals the body otherwise). */
  readonly payload: Buffer;
}
