/** CloudTrail's `userIdentity` element, from the request's principal and session. */
import type { AuditEvent } from '../../shared/audit-event.js';

export type UserIdentity = Record<string, unknown>;

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

function sessionContext(e: AuditEvent, issuer?: Record<string, unknown>): Record<string, unknown> | undefined {
  const s = e.session;
  if (!s) return undefined;
  const ctx: Record<string, unknown> = {};
  if (issuer) ctx['sessionIssuer'] = issuer;
  ctx['attributes'] = { creationDate: iso(s.issuedAt), mfaAuthenticated: s.mfaAuthenticatedAt !== undefined ? 'true' : 'false' };
  if (s.sourceIdentity !== undefined) ctx['sourceIdentity'] = s.sourceIdentity;
  return ctx;
}

/** The name LookupEvents' `Username` matches: the user, the role session, `root`, the federated user. */
export function lookupUsername(e: AuditEvent): string | undefined {
  const p = e.principal;
  if (!p) return undefined;
  switch (p.type) {
    case 'root':
      return 'root';
    case 'user':
      return p.arn.slice(p.arn.lastIndexOf('/') + 1);
    case 'assumed-role':
      return e.session?.sessionName ?? p.arn.slice(p.arn.lastIndexOf('/') + 1);
    case 'federated-user':
      return p.arn.slice(p.arn.indexOf(':federated-user/') + ':federated-user/'.length);
    default:
      return undefined;
  }
}

/** The userIdentity of the event (`Unknown` when authentication failed). */
export function userIdentity(e: AuditEvent): UserIdentity {
  const p = e.principal;
  const key = e.accessKeyId !== undefined ? { accessKeyId: e.accessKeyId } : {};
  if (!p) return { type: 'Unknown', ...key };
  const base = { principalId: p.userId, arn: p.arn, accountId: p.accountId, ...key };
  switch (p.type) {
    case 'root': {
      const ctx = sessionContext(e);
      return { type: 'Root', ...base, ...(ctx ? { sessionContext: ctx } : {}) };
    }
    case 'user': {
      const ctx = sessionContext(e);
      return { type: 'IAMUser', ...base, userName: lookupUsername(e), ...(ctx ? { sessionContext: ctx } : {}) };
    }
    case 'assumed-role': {
      const s = e.session;
      const roleId = p.userId.split(':')[0];
      const issuer = { type: 'Role', principalId: roleId, arn: s?.roleArn ?? p.arn, accountId: p.accountId, userName: s?.roleName ?? '' };
      return { type: 'AssumedRole', ...base, sessionContext: sessionContext(e, issuer) };
    }
    case 'federated-user': {
      const s = e.session;
      const issuer = { type: s?.sourceUserArn?.endsWith(':root') ? 'Root' : 'IAMUser', principalId: s?.sourceUserId ?? p.accountId, arn: s?.sourceUserArn ?? '', accountId: p.accountId, ...(s?.userName ? { userName: s.userName } : {}) };
      return { type: 'FederatedUser', ...base, sessionContext: sessionContext(e, issuer) };
    }
    case 'service':
      return { type: 'AWSService', invokedBy: p.arn };
    default:
      // Anonymous requests (S3 public reads), as CloudTrail records them.
      return { type: 'AWSAccount', principalId: '', accountId: 'anonymous' };
  }
}
