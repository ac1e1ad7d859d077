/** The AWS managed organization policies every organization has (`p-FullAWSAccess`, `p-RCPFullAWSAccess`). */
import type { PolicyType } from './api.generated.js';
import type { OrgPolicyRecord } from './store.js';

export const FULL_AWS_ACCESS: OrgPolicyRecord = {
  id: 'p-FullAWSAccess',
  name: 'FullAWSAccess',
  description: 'Allows access to every operation',
  type: 'SERVICE_CONTROL_POLICY',
  content: '{\n  "Version": "2012-10-17",\n  "Statement": [\n    {\n      "Effect": "Allow",\n      "Action": "*",\n      "Resource": "*"\n    }\n  ]\n}',
};

export const RCP_FULL_AWS_ACCESS: OrgPolicyRecord = {
  id: 'p-RCPFullAWSAccess',
  name: 'RCPFullAWSAccess',
  description: 'Allows access to every resource',
  type: 'RESOURCE_CONTROL_POLICY',
  content: '{\n  "Version": "2012-10-17",\n  "Statement": [\n    {\n      "Effect": "Allow",\n      "Principal": "*",\n      "Action": "*",\n      "Resource": "*"\n    }\n  ]\n}',
};

export const AWS_MANAGED: readonly OrgPolicyRecord[] = [FULL_AWS_ACCESS, RCP_FULL_AWS_ACCESS];

/** The AWS managed policy attached to everything when a type is enabled (SCP, RCP), if any. */
export function defaultPolicyOf(type: PolicyType): OrgPolicyRecord | undefined {
  return AWS_MANAGED.find((p) => p.type === type);
}

/** AWS managed policies live in AWS's account: `arn:aws:organizations::aws:policy/<type>/<id>`. */
export function managedArn(p: OrgPolicyRecord): string {
  return `arn:aws:organizations::aws:policy/${p.type.toLowerCase()}/${p.id}`;
}
