import { clientError, type AwsError } from '../../shared/aws-error.js';

/** One failed constraint, as data (zod-style); rendered to AWS's text in one place. */
export interface ValidationIssue {
  /** AWS-style path, e.g. `roleArn` or `policyArns.1.member.arn`. */
  readonly path: string;
  /** The offending value as AWS prints it (`null` when missing). */
  readonly value: unknown;
  /** e.g. `Member must not be null`, `Member must have length less than or equal to 2048`. */
  readonly constraint: string;
  /** The pattern that failed, for a pattern constraint (a service may have its own text for it: custom-texts.ts). */
  readonly pattern?: string;
}

function printValue(v: unknown): string {
  if (v === undefined || v === null) return 'null';
  if (typeof v === 'string') return `'${v}'`;
  if (v instanceof Date) return `'${v.toISOString()}'`;
  if (Array.isArray(v) || typeof v === 'object') return `'${JSON.stringify(v)}'`;
  return `'${String(v)}'`;
}

/**
 * AWS's text: "1 validation error detected: Value null at 'roleArn' failed to satisfy
 * constraint: Member must not be null" (several issues joined with "; ").
 */
export function formatValidationMessage(issues: readonly ValidationIssue[]): string {
  const n = issues.length;
  const parts = issues.map((i) => `Value ${printValue(i.value)} at '${i.path}' failed to satisfy constraint: ${i.constraint}`);
  return `${n} validation error${n === 1 ? '' : 's'} detected: ${parts.join('; ')}`;
}

/** The error query services (`ValidationError`) and JSON services (`ValidationException`) return. */
export function validationError(issues: readonly ValidationIssue[], code: 'ValidationError' | 'ValidationException'): AwsError {
  return clientError(code, formatValidationMessage(issues), 400);
}

/** AWS names members in paths with a lower-case first letter (`RoleArn` -> `roleArn`). */
export function pathSegment(memberName: string): string {
  return memberName.charAt(0).toLowerCase() + memberName.slice(1);
}
