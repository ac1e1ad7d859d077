/**
 * CloudTrail digest files (AWS "CloudTrail digest file structure" and "Custom implementations of
 * CloudTrail log file integrity validation"): a gzipped JSON document per trail, region and hour
 * listing the log files delivered in that hour with their SHA-256, chained to the previous digest
 * by its hash and signature. The signature (hex, SHA256withRSA = RSASSA-PKCS1-v1_5 over SHA-256) is
 * not in the file but in the object's metadata `x-amz-meta-signature`, with
 * `x-amz-meta-signature-algorithm`. The data signed is
 *
 *   digestEndTime + "\n" + bucket + "/" + key + "\n" + hex(SHA-256(uncompressed digest)) + "\n" + previous signature
 *
 * where the previous signature is the text `null` for the first digest of a chain.
 */
import { createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { sha256Hex, type BuiltLogFile } from './log-file.js';
import { digestFileKey, isoSeconds, sourceAccountOf, type TrailLocation } from './names.js';

export const SIGNATURE_ALGORITHM = 'SHA256withRSA';
export const HASH_ALGORITHM = 'SHA-256';
/** Metadata names without the `x-amz-meta-` prefix (as S3 returns them in GetObject's Metadata). */
export const SIGNATURE_META = 'signature';
export const SIGNATURE_ALGORITHM_META = 'signature-algorithm';

/** One entry of a digest's logFiles (AWS's fields, then Rampart's record hashes). */
export interface DigestLogFile {
  readonly s3Bucket: string;
  readonly s3Object: string;
  readonly hashValue: string;
  readonly hashAlgorithm: string;
  readonly newestEventTime: string | null;
  readonly oldestEventTime: string | null;
  /** Rampart: hex SHA-256 of each record's JSON text, in file order (third-party validators ignore it). */
  readonly rampartRecordHashes?: readonly string[];
}

/** The digest document, fields in AWS's order. */
export interface DigestDocument {
  readonly awsAccountId: string;
  readonly digestStartTime: string;
  readonly digestEndTime: string;
  readonly digestS3Bucket: string;
  readonly digestS3Object: string;
  readonly digestPublicKeyFingerprint: string;
  readonly digestSignatureAlgorithm: string;
  readonly newestEventTime: string | null;
  readonly oldestEventTime: string | null;
  readonly previousDigestS3Bucket: string | null;
  readonly previousDigestS3Object: string | null;
  readonly previousDigestHashValue: string | null;
  readonly previousDigestHashAlgorithm: string | null;
  readonly previousDigestSignature: string | null;
  readonly logFiles: readonly DigestLogFile[];
}

/** What the next digest needs of the previous one. */
export interface DigestLink {
  readonly bucket: string;
  readonly key: string;
  /** Hex SHA-256 of the uncompressed digest. */
  readonly hashValue: string;
  /** Hex signature. */
  readonly signature: string;
}

/** The signing key of a digest: its private key (PKCS#8 DER or a KeyObject) and fingerprint. */
export interface DigestSigner {
  readonly fingerprint: string;
  readonly privateKey: KeyObject;
}

/** A log file as listed in a digest (what the deliverer keeps between two digests). */
export const logFileEntry = (bucket: string, key: string, f: BuiltLogFile): DigestLogFile => ({
  s3Bucket: bucket,
  s3Object: key,
  hashValue: f.hashValue,
  hashAlgorithm: HASH_ALGORITHM,
  newestEventTime: f.newestEventTime ?? null,
  oldestEventTime: f.oldestEventTime ?? null,
  rampartRecordHashes: f.recordHashes,
});

/** The data signing string of a digest. */
export function signingString(d: Pick<DigestDocument, 'digestEndTime' | 'digestS3Bucket' | 'digestS3Object' | 'previousDigestSignature'>, digestHashHex: string): string {
  return `${d.digestEndTime}\n${d.digestS3Bucket}/${d.digestS3Object}\n${digestHashHex}\n${d.previousDigestSignature ?? 'null'}`;
}

/** A digest ready to deliver. */
export interface BuiltDigest {
  readonly key: string;
  readonly document: DigestDocument;
  readonly json: Buffer;
  readonly body: Buffer;
  readonly metadata: Readonly<Record<string, string>>;
  /** What the next digest chains to. */
  readonly link: DigestLink;
}

const minTime = (a: string | null, b: string | null): string | null => (a === null ? b : b === null ? a : Date.parse(a) <= Date.parse(b) ? a : b);
const maxTime = (a: string | null, b: string | null): string | null => (a === null ? b : b === null ? a : Date.parse(a) >= Date.parse(b) ? a : b);

/** Builds and signs the digest of the period [start, end) listing `logFiles`, chained to `previous`. */
export function buildDigest(
  loc: TrailLocation,
  period: { readonly start: number; readonly end: number },
  logFiles: readonly DigestLogFile[],
  previous: DigestLink | undefined,
  signer: DigestSigner,
): BuiltDigest {
  const key = digestFileKey(loc, period.end);
  const document: DigestDocument = {
    awsAccountId: sourceAccountOf(loc),
    digestStartTime: isoSeconds(period.start),
    digestEndTime: isoSeconds(period.end),
    digestS3Bucket: loc.bucket,
    digestS3Object: key,
    digestPublicKeyFingerprint: signer.fingerprint,
    digestSignatureAlgorithm: SIGNATURE_ALGORITHM,
    newestEventTime: logFiles.reduce<string | null>((t, f) => maxTime(t, f.newestEventTime), null),
    oldestEventTime: logFiles.reduce<string | null>((t, f) => minTime(t, f.oldestEventTime), null),
    previousDigestS3Bucket: previous?.bucket ?? null,
    previousDigestS3Object: previous?.key ?? null,
    previousDigestHashValue: previous?.hashValue ?? null,
    previousDigestHashAlgorithm: previous ? HASH_ALGORITHM : null,
    previousDigestSignature: previous?.signature ?? null,
    logFiles,
  };
  const json = Buffer.from(JSON.stringify(document), 'utf8');
  const hashValue = sha256Hex(json);
  const signature = sign('sha256', Buffer.from(signingString(document, hashValue), 'utf8'), signer.privateKey).toString('hex');
  return {
    key,
    document,
    json,
    body: gzipSync(json),
    metadata: { [SIGNATURE_META]: signature, [SIGNATURE_ALGORITHM_META]: SIGNATURE_ALGORITHM },
    link: { bucket: loc.bucket, key, hashValue, signature },
  };
}

/** Whether `signatureHex` is a valid signature of the digest by the PKCS#1 DER public key. */
export function verifyDigestSignature(document: DigestDocument, json: Buffer, signatureHex: string, publicKeyDer: Buffer): boolean {
  if (!/^(?:[0-9a-f]{2})+$/i.test(signatureHex)) return false;
  try {
    const key = createPublicKey({ key: publicKeyDer, format: 'der', type: 'pkcs1' });
    return verify('sha256', Buffer.from(signingString(document, sha256Hex(json)), 'utf8'), key, Buffer.from(signatureHex, 'hex'));
  } catch {
    return false;
  }
}

/** A private key object from PKCS#8 DER. */
export const privateKeyFromDer = (der: Buffer): KeyObject => createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
