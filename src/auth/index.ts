/**
 * Public surface of the authentication layer: SigV4 verification (of a body read whole, or of one
 * verified while it streams in) and the routing peek. See sigv4-verifier.ts for the order of checks,
 * streaming-verifier.ts for the streaming contract and auth-errors.ts for the error wording by family.
 */
export { verifyRequest, type VerifyOptions } from './sigv4-verifier.js';
export { verifyRequestStreaming, type StreamingAuthResult, type StreamingRequestParts } from './streaming-verifier.js';
export { peekSigningInfo, parseCredentialScope, type CredentialScope, type SigningInfo } from './signature-params.js';
export { SigningKeyCache, defaultSigningKeyCache, deriveSigningKey } from './signing-key-cache.js';
export { authError, type AuthErrorKind } from './auth-errors.js';
export { RequestHeaders } from './request-headers.js';
export type {
  AuthResult,
  CredentialPrincipal,
  CredentialResolver,
  ErrorFamily,
  ResolvedCredential,
  SignedRequestParts,
} from './types.js';
