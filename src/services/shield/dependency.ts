/**
 * Calls to the services Shield depends on (IAM for the SRT role, S3 for log buckets, WAFv2 for the
 * web ACL of a protected resource), made as the caller through the internal client: a denial is
 * answered as AWS does, AccessDeniedForDependencyException.
 */
import type { HandlerContext } from '../../protocol/service-definition.js';
import { isAwsError } from '../../shared/aws-error.js';
import type { ShieldDeps } from './deps.js';
import { accessDeniedForDependency } from './errors.js';

const DENIALS = new Set(['AccessDenied', 'AccessDeniedException', 'AccessDeniedForDependencyException', 'WAFAccessDeniedException']);

/** Calls `service.operation` as the caller (via shield.amazonaws.com), in `region` when given; undefined when the target says it does not exist (`missing` codes). */
export async function callDependency(
  deps: ShieldDeps,
  ctx: HandlerContext,
  service: string,
  operation: string,
  input: Readonly<Record<string, unknown>>,
  missing: readonly string[],
  region?: string,
): Promise<Record<string, unknown> | undefined> {
  try {
    const caller = region !== undefined ? { ...ctx.caller, region } : ctx.caller;
    return (await deps.internal.call(service, operation, input, { caller, via: 'shield.amazonaws.com' })) as Record<string, unknown>;
  } catch (e) {
    if (isAwsError(e) && DENIALS.has(e.code)) throw accessDeniedForDependency(`You are not authorized to call ${service}:${operation}, which Shield needs for this request.`);
    if (isAwsError(e) && missing.includes(e.code)) return undefined;
    throw e;
  }
}
