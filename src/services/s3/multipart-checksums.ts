/**
 * Checksums of multipart uploads, as S3 computes them ("Checking object integrity in Amazon S3"):
 * CreateMultipartUpload names an algorithm and a type. COMPOSITE (CRC32, CRC32C, SHA1, SHA256; the
 * default for them) is the algorithm applied to the concatenated raw part checksums, followed by
 * `-<part count>`. FULL_OBJECT (CRC32, CRC32C, CRC64NVME; the only type for CRC64NVME) is the CRC of
 * the whole object's bytes. Every part is checksummed with the upload's algorithm, and the complete
 * request must name each part's checksum, which must be the one computed.
 */
import { computeChecksum, type ChecksumAlgorithm } from '../../shared/checksums.js';
import { clientError } from '../../shared/aws-error.js';
import { badChecksum, invalidPart } from './errors.js';
import { CHECKSUM_ALGORITHMS } from './object-write.js';
import type { PartRecord } from './store.js';

export type MultipartChecksumType = 'COMPOSITE' | 'FULL_OBJECT';

/** An upload's checksum choice. */
export interface UploadChecksum {
  readonly algorithm: ChecksumAlgorithm;
  readonly type: MultipartChecksumType;
}

const invalidRequest = (message: string) => clientError('InvalidRequest', message, 400);
const FULL_OBJECT_CAPABLE: ReadonlySet<string> = new Set(['CRC32', 'CRC32C', 'CRC64NVME']);

/** The checksum CreateMultipartUpload asks for (x-amz-checksum-algorithm, x-amz-checksum-type), checked; undefined for none. */
export function uploadChecksumOf(input: { readonly ChecksumAlgorithm?: string; readonly ChecksumType?: string }): UploadChecksum | undefined {
  const a = input.ChecksumAlgorithm;
  const t = input.ChecksumType;
  if (a === undefined) {
    if (t !== undefined) throw invalidRequest('The x-amz-checksum-type header can only be used with the x-amz-checksum-algorithm header.');
    return undefined;
  }
  if (!(CHECKSUM_ALGORITHMS as readonly string[]).includes(a)) throw invalidRequest('Value for x-amz-checksum-algorithm header is invalid.');
  const algorithm = a as ChecksumAlgorithm;
  const type: MultipartChecksumType = t === undefined ? (algorithm === 'CRC64NVME' ? 'FULL_OBJECT' : 'COMPOSITE') : (t as MultipartChecksumType);
  if (type === 'FULL_OBJECT' && !FULL_OBJECT_CAPABLE.has(algorithm)) throw invalidRequest(`The FULL_OBJECT checksum type cannot be used with the ${algorithm.toLowerCase()} checksum algorithm.`);
  if (type === 'COMPOSITE' && algorithm === 'CRC64NVME') throw invalidRequest('The COMPOSITE checksum type cannot be used with the crc64nvme checksum algorithm.');
  return { algorithm, type };
}

type ChecksumMembers = Partial<Record<`Checksum${ChecksumAlgorithm}`, string>>;

/** A part's checksum claims must be of the upload's algorithm (S3: "Checksum Type mismatch occurred"). */
export function checkPartAlgorithm(upload: UploadChecksum | undefined, part: ChecksumMembers & { readonly ChecksumAlgorithm?: string }): void {
  if (!upload) return;
  for (const a of CHECKSUM_ALGORITHMS) {
    if (a !== upload.algorithm && (part[`Checksum${a}`] !== undefined || part.ChecksumAlgorithm === a)) {
      throw invalidRequest(`Checksum Type mismatch occurred, expected checksum Type: ${upload.algorithm.toLowerCase()}, actual checksum Type: ${a.toLowerCase()}`);
    }
  }
}

/** Checks the complete request's part checksums against the parts' (InvalidPart when one differs). */
export function checkCompletedParts(upload: UploadChecksum | undefined, asked: readonly ChecksumMembers[], chosen: readonly PartRecord[]): void {
  if (!upload) return;
  asked.forEach((a, i) => {
    const given = a[`Checksum${upload.algorithm}`];
    const stored = chosen[i]?.checksums?.[upload.algorithm];
    if (given === undefined) {
      if (upload.type === 'COMPOSITE') throw invalidRequest(`The upload was created using a ${upload.algorithm.toLowerCase()} checksum. The complete request must include the checksum for each part. It was missing for part ${chosen[i]?.partNumber ?? i + 1} in the request.`);
      return;
    }
    if (given !== stored) throw invalidPart();
  });
}

/** The composite checksum of `chosen`: the algorithm over their concatenated raw checksums, then `-<count>`. */
export function compositeChecksum(algorithm: ChecksumAlgorithm, chosen: readonly PartRecord[]): string {
  const raw = Buffer.concat(chosen.map((p) => Buffer.from(p.checksums?.[algorithm] ?? '', 'base64')));
  return `${computeChecksum(algorithm, raw).toString('base64')}-${chosen.length}`;
}

/** The full-object checksum the complete request claims, checked against the computed one (BadDigest). */
export function checkFullObjectClaim(upload: UploadChecksum, claims: ChecksumMembers, computed: string): void {
  const given = claims[`Checksum${upload.algorithm}`];
  if (given !== undefined && given !== computed) throw badChecksum(upload.algorithm);
}
