/**
 * What an upload's headers claim about its body (PutObject, UploadPart): Content-MD5 (16 base64
 * bytes, else InvalidDigest), `x-amz-checksum-*` values (well-formed, else InvalidRequest) and the
 * checksum asked for (`x-amz-sdk-checksum-algorithm`); checked before the body is read, then
 * compared with what was received (IncompleteBody, BadDigest).
 */
import type { AwsError } from '../../shared/aws-error.js';
import { isWellFormedChecksum, type ChecksumAlgorithm } from '../../shared/checksums.js';
import { badChecksum, badDigestMd5, incompleteBody, invalidChecksumHeader, invalidDigest } from './errors.js';
import { CHECKSUM_ALGORITHMS } from './object-write.js';

export interface ClaimInput {
  readonly ContentLength?: number;
  readonly ContentMD5?: string;
  readonly ChecksumAlgorithm?: string;
  readonly ChecksumCRC32?: string;
  readonly ChecksumCRC32C?: string;
  readonly ChecksumCRC64NVME?: string;
  readonly ChecksumSHA1?: string;
  readonly ChecksumSHA256?: string;
}

export interface Claims {
  /** Hex MD5 claimed by Content-MD5. */
  readonly md5?: string;
  /** Algorithms to compute: those claimed or asked for. */
  readonly wanted: readonly ChecksumAlgorithm[];
}

const claimed = (input: ClaimInput, a: ChecksumAlgorithm): string | undefined => input[`Checksum${a}`];

/** The claims of `input`, their forms checked. */
export function readClaims(input: ClaimInput): Claims {
  let md5: string | undefined;
  if (input.ContentMD5 !== undefined) {
    const raw = Buffer.from(input.ContentMD5, 'base64');
    if (raw.length !== 16 || raw.toString('base64') !== input.ContentMD5.trim()) throw invalidDigest(input.ContentMD5);
    md5 = raw.toString('hex');
  }
  const wanted = CHECKSUM_ALGORITHMS.filter((a) => claimed(input, a) !== undefined || input.ChecksumAlgorithm === a);
  for (const a of wanted) {
    const v = claimed(input, a);
    if (v !== undefined && !isWellFormedChecksum(a, v)) throw invalidChecksumHeader(`x-amz-checksum-${a.toLowerCase()}`);
  }
  return { ...(md5 !== undefined ? { md5 } : {}), wanted };
}

/** The error for a received body that does not match its claims, or undefined. */
export function refutedClaim(input: ClaimInput, claims: Claims, bytes: number, sums: { md5: string; checksums: Readonly<Record<string, string>> }): AwsError | undefined {
  if (bytes !== input.ContentLength) return incompleteBody();
  if (claims.md5 !== undefined && claims.md5 !== sums.md5) return badDigestMd5();
  for (const a of claims.wanted) if (claimed(input, a) !== undefined && claimed(input, a) !== sums.checksums[a]) return badChecksum(a);
  return undefined;
}
