/** The identity of a role session every AssumeRole* operation issues: the role's ARN and id, the session's ARN and user id. */
import { createHash } from 'node:crypto';
import { canonicalArn } from '../../../shared/arn.js';

/**
 * A role id for a role whose store gave none (records written before ids existed): derived from
 * its ARN, stable, in AWS's `AROA` + 17 characters form.
 */
export function derivedRoleId(roleArn: string): string {
  const h = createHash('sha256').update(roleArn).digest();
  let out = '';
  for (let i = 0; i < 17; i++) out += 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'[h[i]! & 31];
  return `AROA${out}`;
}

export interface RoleSessionIdentity {
  /** `arn:aws:iam::ACCT:role/PATH/NAME` */
  readonly roleArn: string;
  /** `arn:aws:sts::ACCT:assumed-role/NAME/SESSION` */
  readonly arn: string;
  /** `AROA...:SESSION` */
  readonly userId: string;
}

export function roleSessionIdentity(accountId: string, role: { readonly name: string; readonly path: string; readonly id?: string }, sessionName: string): RoleSessionIdentity {
  const roleArn = canonicalArn('iam', '', accountId, `role${role.path}${role.name}`);
  const roleId = role.id ?? derivedRoleId(roleArn);
  return { roleArn, arn: canonicalArn('sts', '', accountId, `assumed-role/${role.name}/${sessionName}`), userId: `${roleId}:${sessionName}` };
}
