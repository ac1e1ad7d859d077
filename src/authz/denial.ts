/**
 * AccessDenied as each protocol family answers it, with AWS's message text ("Troubleshoot access
 * denied error messages"): query services (IAM, STS) `AccessDenied` 403; awsJson services (KMS,
 * Organizations, CloudTrail, EventBridge, WAFv2, Shield) `AccessDeniedException` 400; restJson
 * services (GuardDuty, Inspector2, Artifact) `AccessDeniedException` 403; S3 `AccessDenied` 403 with
 * the resource in quotes; EC2 `UnauthorizedOperation` 403 with an encoded authorization message.
 */
import type { AuthzRequest, Decision } from '../policy/index.js';
import { explainDenial } from '../policy/index.js';
import { AwsError } from '../shared/aws-error.js';

/** The error for a denied request; `encoded` is the EC2 encoded authorization message. */
export function accessDenied(protocol: string, request: AuthzRequest, decision: Decision, encoded?: string): AwsError {
  const text = explainDenial(request, decision) ?? `User: ${request.principal.arn} is not authorized to perform: ${request.action}`;
  switch (protocol) {
    case 'query':
      return new AwsError({ code: 'AccessDenied', message: text, httpStatus: 403, senderFault: true });
    case 'json':
      return new AwsError({ code: 'AccessDeniedException', message: text, httpStatus: 400, senderFault: true });
    case 'rest-json':
      return new AwsError({ code: 'AccessDeniedException', message: text, httpStatus: 403, senderFault: true });
    case 'rest-xml':
      return new AwsError({ code: 'AccessDenied', message: text.replace(` on resource: ${request.resource} `, ` on resource: "${request.resource}" `), httpStatus: 403, senderFault: true });
    case 'ec2':
      return new AwsError({
        code: 'UnauthorizedOperation',
        message: `You are not authorized to perform this operation. ${text}.${encoded ? ` Encoded authorization failure message: ${encoded}` : ''}`,
        httpStatus: 403,
        senderFault: true,
      });
    default:
      return new AwsError({ code: 'AccessDeniedException', message: text, httpStatus: 403, senderFault: true });
  }
}

/** Access denied for a reason that is not a policy decision (e.g. "Roles may not be assumed by root accounts."). */
export function accessDeniedText(protocol: string, message: string): AwsError {
  const code = protocol === 'query' || protocol === 'rest-xml' ? 'AccessDenied' : protocol === 'ec2' ? 'UnauthorizedOperation' : 'AccessDeniedException';
  return new AwsError({ code, message, httpStatus: protocol === 'json' ? 400 : 403, senderFault: true });
}
