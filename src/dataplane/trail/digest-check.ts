/**
 * Checks one digest file as `aws cloudtrail validate-logs` does (format, location, public key,
 * signature), plus Rampart's chain check against the digest that follows it: the hash and signature
 * the next digest recorded for it must be its own.
 */
import { SIGNATURE_META, SIGNATURE_ALGORITHM_META, verifyDigestSignature, type DigestDocument } from './digest.js';
import type { DeliveredObject } from './delivery-target.js';
import { inflate, sha256Hex } from './log-file.js';
import type { PublicKeyInfo } from './signing-keys.js';

/** Why a digest file is invalid. */
export type DigestProblem = 'not-found' | 'invalid-format' | 'moved' | 'unknown-key' | 'signature' | 'modified' | 'chain';

export type DigestCheck =
  | { readonly ok: true; readonly document: DigestDocument; readonly hashValue: string; readonly signature: string }
  | { readonly ok: false; readonly problem: DigestProblem; readonly detail: string };

/** The digest that follows the one being checked (it points back to it). */
export interface Successor {
  readonly key: string;
  readonly document: DigestDocument;
}

const isStr = (v: unknown): v is string => typeof v === 'string';
const isStrOrNull = (v: unknown): v is string | null => v === null || typeof v === 'string';

function isLogEntry(v: unknown): boolean {
  if (typeof v !== 'object' || v === null) return false;
  const e = v as Record<string, unknown>;
  const hashes = e['rampartRecordHashes'];
  return isStr(e['s3Bucket']) && isStr(e['s3Object']) && isStr(e['hashValue']) && (hashes === undefined || (Array.isArray(hashes) && hashes.every(isStr)));
}

/** The digest document of an inflated file, or undefined when it lacks what validation needs. */
export function parseDigest(json: Buffer): DigestDocument | undefined {
  let d: unknown;
  try {
    d = JSON.parse(json.toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof d !== 'object' || d === null) return undefined;
  const o = d as Record<string, unknown>;
  const required = ['digestPublicKeyFingerprint', 'digestS3Bucket', 'digestS3Object', 'digestEndTime', 'digestStartTime'];
  if (!required.every((k) => isStr(o[k])) || !('previousDigestSignature' in o) || !isStrOrNull(o['previousDigestSignature'])) return undefined;
  if (Number.isNaN(Date.parse(o['digestStartTime'] as string)) || Number.isNaN(Date.parse(o['digestEndTime'] as string))) return undefined;
  for (const k of ['previousDigestS3Bucket', 'previousDigestS3Object', 'previousDigestHashValue']) if (o[k] !== undefined && !isStrOrNull(o[k])) return undefined;
  if (!Array.isArray(o['logFiles']) || !o['logFiles'].every(isLogEntry)) return undefined;
  return d as DigestDocument;
}

/** Checks the digest stored at bucket/key. */
export function checkDigest(
  bucket: string,
  key: string,
  obj: DeliveredObject,
  publicKeys: readonly PublicKeyInfo[],
  region: string,
  successor: Successor | undefined,
): DigestCheck {
  const json = inflate(obj.body, 64 * 1024 * 1024);
  const document = json && parseDigest(json);
  if (!json || !document) return { ok: false, problem: 'invalid-format', detail: 'invalid format' };
  const signature = obj.metadata[SIGNATURE_META];
  if (!signature || !obj.metadata[SIGNATURE_ALGORITHM_META]) return { ok: false, problem: 'signature', detail: 'signature verification failed' };
  if (document.digestS3Bucket !== bucket || document.digestS3Object !== key) return { ok: false, problem: 'moved', detail: 'has been moved from its original location' };
  const fp = document.digestPublicKeyFingerprint;
  const pk = publicKeys.find((k) => k.fingerprint === fp);
  if (!pk) return { ok: false, problem: 'unknown-key', detail: `public key not found in region ${region} for fingerprint ${fp}` };
  const end = Date.parse(document.digestEndTime);
  // Digest times are whole seconds (the end floored) and a key's validity milliseconds: a key made
  // for the digest it first signs starts within the second the digest ends in.
  const validFromSecond = Math.floor(pk.validFrom / 1000) * 1000;
  if (validFromSecond > end || (pk.validTo !== undefined && pk.validTo < end)) {
    return { ok: false, problem: 'unknown-key', detail: `public key with fingerprint ${fp} was not valid at ${document.digestEndTime}` };
  }
  const hashValue = sha256Hex(json);
  const recordedBySuccessor = successor?.document.previousDigestS3Object === key ? successor : undefined;
  if (!verifyDigestSignature(document, json, signature, pk.value)) {
    // The signature is the one the next digest chained to, but the content is not what was signed.
    if (recordedBySuccessor && recordedBySuccessor.document.previousDigestSignature === signature && recordedBySuccessor.document.previousDigestHashValue !== hashValue) {
      return { ok: false, problem: 'modified', detail: `modified after delivery (hash value doesn't match the previousDigestHashValue of s3://${bucket}/${recordedBySuccessor.key})` };
    }
    return { ok: false, problem: 'signature', detail: 'signature verification failed' };
  }
  if (recordedBySuccessor && (recordedBySuccessor.document.previousDigestHashValue !== hashValue || recordedBySuccessor.document.previousDigestSignature !== signature)) {
    return { ok: false, problem: 'chain', detail: `hash value and signature don't match those recorded in the next digest file s3://${bucket}/${recordedBySuccessor.key}` };
  }
  return { ok: true, document, hashValue, signature };
}
