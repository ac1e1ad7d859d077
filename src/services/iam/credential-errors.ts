/**
 * Errors of the certificate and key operations (server and signing certificates, SSH public keys,
 * service-specific credentials), with AWS's codes and statuses from the model. Messages quoted from
 * AWS where known (MalformedCertificate's "Unable to parse certificate. Please ensure the
 * certificate is in PEM format." and the chain text); the others follow AWS's documented exception
 * descriptions (listed as unconfirmed in README.md).
 */
import type { AwsError } from '../../shared/aws-error.js';
import {
  DuplicateCertificateException,
  DuplicateSSHPublicKeyException,
  EntityAlreadyExistsException,
  InvalidCertificateException,
  InvalidPublicKeyException,
  KeyPairMismatchException,
  MalformedCertificateException,
  NoSuchEntityException,
  ServiceNotSupportedException,
  UnrecognizedPublicKeyEncodingException,
} from './api.generated.js';

/** MalformedCertificate for a body that is not one PEM certificate. */
export const malformedBody = (): AwsError => new MalformedCertificateException('Unable to parse certificate. Please ensure the certificate is in PEM format.');

/** MalformedCertificate for a private key that is not one unencrypted PEM key. */
export const malformedPrivateKey = (): AwsError => new MalformedCertificateException('Unable to parse private key. Please ensure the private key is unencrypted and in PEM format.');

/** MalformedCertificate for a chain that is not PEM certificates. */
export const malformedChain = (): AwsError => new MalformedCertificateException('Unable to parse certificate chain. Please ensure the certificate chain is in PEM format.');

/** MalformedCertificate for a chain out of order (AWS's wording). */
export function chainOutOfOrder(index: number): AwsError {
  return new MalformedCertificateException(
    `Unable to validate certificate chain. The certificate chain must start with the immediate signing certificate, followed by any intermediaries in order. The index within the chain of the invalid certificate is: ${index}`,
  );
}

/** MalformedCertificate for an expired server certificate ("malformed or expired"). */
export const expiredCertificate = (): AwsError => new MalformedCertificateException('The certificate has expired or is not yet valid.');

/** KeyPairMismatch. */
export const keyPairMismatch = (): AwsError => new KeyPairMismatchException('The public key certificate and the private key do not match.');

/** InvalidCertificate for a signing certificate outside its validity period. */
export const invalidSigningCertificate = (): AwsError => new InvalidCertificateException('The certificate has expired or is not yet valid.');

/** DuplicateCertificate: the same signing certificate is already associated with a user of the account. */
export const duplicateCertificate = (): AwsError => new DuplicateCertificateException('The same certificate is already associated with an IAM user in the account.');

/** NoSuchEntity for a server certificate. */
export const noSuchServerCertificate = (name: string): AwsError => new NoSuchEntityException(`The Server Certificate with name ${name} cannot be found.`);

/** EntityAlreadyExists for a server certificate. */
export const serverCertificateExists = (name: string): AwsError => new EntityAlreadyExistsException(`The Server Certificate with name ${name} already exists.`);

/** NoSuchEntity for a signing certificate. */
export const noSuchSigningCertificate = (id: string): AwsError => new NoSuchEntityException(`The Certificate with id ${id} cannot be found.`);

/** NoSuchEntity for an SSH public key. */
export const noSuchSshKey = (id: string): AwsError => new NoSuchEntityException(`The SSH Public Key with id ${id} cannot be found.`);

/** UnrecognizedPublicKeyEncoding: not ssh-rsa or PEM RSA. */
export const unrecognizedKeyEncoding = (): AwsError => new UnrecognizedPublicKeyEncodingException('The public key must be encoded in ssh-rsa format or PEM format.');

/** InvalidPublicKey: a malformed key. */
export const invalidPublicKey = (): AwsError => new InvalidPublicKeyException('The public key is malformed or otherwise invalid.');

/** InvalidPublicKey: an RSA key under 2048 bits. */
export const shortPublicKey = (): AwsError => new InvalidPublicKeyException('The minimum bit-length of the public key is 2048 bits.');

/** DuplicateSSHPublicKey. */
export const duplicateSshKey = (): AwsError => new DuplicateSSHPublicKeyException('The SSH public key is already associated with the specified IAM user.');

/** NotSupportedService (404). */
export const serviceNotSupported = (service: string): AwsError => new ServiceNotSupportedException(`The service ${service} is not supported for service-specific credentials.`);

/** NoSuchEntity for a service-specific credential. */
export const noSuchServiceCredential = (id: string): AwsError => new NoSuchEntityException(`No such credential ${id} exists.`);
