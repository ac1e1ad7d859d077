/**
 * GetObject / HeadObject with `partNumber`: the byte range of that part of a multipart object (206,
 * x-amz-mp-parts-count); an object uploaded in one piece has one part, the whole object. A part the
 * object does not have is 416 InvalidPartNumber; a number outside 1..10000 is InvalidArgument; with
 * a Range header it is InvalidRequest (S3 does not combine them).
 */
import { clientError } from '../../shared/aws-error.js';
import { invalidPartNumber } from './errors.js';
import type { ObjectRecord } from './store.js';

export const MAX_PART_NUMBER = 10000;

/** The inclusive range and parts count a part number names, undefined without one. */
export function partRange(rec: ObjectRecord, partNumber: number | undefined, range: string | undefined): { start: number; end: number; count?: number } | undefined {
  if (partNumber === undefined) return undefined;
  if (!Number.isInteger(partNumber) || partNumber < 1 || partNumber > MAX_PART_NUMBER) throw invalidPartNumber(partNumber);
  if (range !== undefined) throw clientError('InvalidRequest', 'Cannot specify both Range header and partNumber query parameter', 400);
  const sizes = rec.parts?.map((p) => p.size) ?? [rec.size];
  if (partNumber > sizes.length) throw clientError('InvalidPartNumber', 'The requested partnumber is not satisfiable', 416, { PartNumberRequested: partNumber, ActualPartCount: sizes.length });
  const start = sizes.slice(0, partNumber - 1).reduce((t, n) => t + n, 0);
  return { start, end: start + sizes[partNumber - 1]! - 1, ...(rec.parts ? { count: rec.parts.length } : {}) };
}
