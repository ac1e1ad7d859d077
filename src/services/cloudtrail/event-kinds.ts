/** What kind of event an operation makes: read-only or not, management or data (CloudTrail's rules). */

/** KMS cryptographic operations: read-only management events in CloudTrail. */
const KMS_READ_ONLY = new Set(['Encrypt', 'Decrypt', 'ReEncrypt', 'GenerateDataKey', 'GenerateDataKeyWithoutPlaintext', 'GenerateDataKeyPair', 'GenerateDataKeyPairWithoutPlaintext', 'GenerateRandom', 'GenerateMac', 'VerifyMac', 'Sign', 'Verify', 'DeriveSharedSecret']);

/** S3 object-level operations: data events (not in the event history; trails log them by selectors). */
const S3_DATA = /^(GetObject|PutObject|DeleteObject|DeleteObjects|HeadObject|CopyObject|RestoreObject|SelectObjectContent|CreateMultipartUpload|UploadPart|UploadPartCopy|CompleteMultipartUpload|AbortMultipartUpload|ListParts|GetObjectAttributes)/;

const READ_PREFIX = /^(Get|List|Describe|Head|Lookup|Search|Simulate|Check|Batch(Get|Describe)|Preview|Estimate)/;

/** Whether the operation only reads (`readOnly`). */
export function isReadOnly(service: string, operation: string): boolean {
  if (service === 'kms' && KMS_READ_ONLY.has(operation)) return true;
  if (service === 'sts' && operation === 'GetCallerIdentity') return true;
  return READ_PREFIX.test(operation) && !/^(GetSessionToken|GetFederationToken|GetObjectLegalHold)$/.test(operation);
}

/** Whether the operation makes a data event rather than a management event. */
export function isDataEvent(service: string, operation: string): boolean {
  return service === 's3' && S3_DATA.test(operation);
}
