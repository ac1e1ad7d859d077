/**
 * Errors of the asymmetric, HMAC and key agreement operations, worded as AWS answers them. Texts
 * marked (unconfirmed) follow recordings of other emulators (local-kms, floci) where AWS's
 * documentation gives none.
 */
import { IncorrectKeyException, InvalidCiphertextException, InvalidKeyUsageException, KMSInvalidMacException, KMSInvalidSignatureException, UnsupportedOperationException } from './api.generated.js';
import { validation } from './errors.js';

/** `<arn> key usage is SIGN_VERIFY which is not valid for Encrypt.` (AWS's text, recorded in jwt-kms#4). */
export const wrongUsage = (arn: string, usage: string, op: string) => new InvalidKeyUsageException(`${arn} key usage is ${usage} which is not valid for ${op}.`);
/** An algorithm of another key spec: `Algorithm SYMMETRIC_DEFAULT is incompatible with key spec RSA_4096.` (AWS's text for Encrypt, recorded in spring-cloud-config-aws-kms#82 and helm-secrets#395; the same wording for signing and MAC algorithms as local-kms has it.) */
export const wrongAlgorithm = (alg: string, spec: string) => new InvalidKeyUsageException(`Algorithm ${alg} is incompatible with key spec ${spec}.`);
/** A key spec that cannot do the operation although its usage is ENCRYPT_DECRYPT (RSA keys and GenerateDataKey*). (unconfirmed) */
export const wrongSpec = (arn: string, spec: string, op: string) => new InvalidKeyUsageException(`${arn} key spec is ${spec} which is not valid for ${op}.`);
/** DIGEST of the wrong length (AWS's text, probed against AWS by others). */
export const digestLength = (alg: string) => validation(`Digest is invalid length for algorithm ${alg}.`);
/** (unconfirmed: floci) */
export const messageTypeForAlgorithm = (type: string, alg: string) => validation(`Message type ${type} is incompatible with algorithm ${alg}.`);
/** AWS returns KMSInvalidSignatureException without a text. */
export const invalidSignature = () => new KMSInvalidSignatureException('');
/** AWS returns KMSInvalidMacException without a text. */
export const invalidMac = () => new KMSInvalidMacException('');
/** (unconfirmed) */
export const plaintextTooLong = (alg: string, spec: string, max: number) => validation(`Plaintext is too long: ${alg} with key spec ${spec} encrypts at most ${max} bytes.`);
/** (unconfirmed) */
export const contextNotSupported = () => validation('EncryptionContext is not supported with asymmetric KMS keys.');
/** GetPublicKey of a symmetric or HMAC key. (unconfirmed) */
export const noPublicKey = (arn: string) => new UnsupportedOperationException(`${arn} is not an asymmetric KMS key: it has no public key.`);
/** DeriveSharedSecret with a PublicKey that is not a DER SubjectPublicKeyInfo of the key's curve. (unconfirmed) */
export const badPublicKey = (spec: string) => validation(`PublicKey must be a DER-encoded X.509 SubjectPublicKeyInfo of key spec ${spec}.`);
export const notServedSpec = (what: string, why: string) => new UnsupportedOperationException(`${what} is not supported by Rampart: ${why}.`);
export const invalidCiphertext = () => new InvalidCiphertextException('');
/** An RSA ciphertext that does not decrypt (OAEP decoding fails: another key, another algorithm, a changed ciphertext): AWS answers IncorrectKeyException, as recorded in terraform-provider-aws#28604. (text unconfirmed) */
export const rsaIncorrectKey = () => new IncorrectKeyException('The key ID in the request does not identify a KMS key that can perform this operation.');
