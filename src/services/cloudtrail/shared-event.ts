/**
 * The entries of one request in the event log: its record in the caller's account and, when the
 * request reached resources of other accounts (their resource policies allowed it and nothing was
 * denied: `AuditEvent.resourceOwners`, from authorization's decisions), one copy in each owner's
 * account. The copies share a `sharedEventID` and have their own `eventID` and `recipientAccountId`
 * ("CloudTrail record contents": sharedEventID is present only when the event is delivered to more
 * than one account).
 *
 * The owner's copy names the caller as AWS's documented role-account copy of a cross-account
 * AssumeRole does (IAM User Guide, "Example cross-account AWS STS API events"): `userIdentity` is
 * `{ type: 'AWSAccount', principalId, accountId }` of the caller; its ARN, access key, user name and
 * session are not given to the other account, nor indexed there (`Username`, `AccessKeyId`). S3's
 * ACL grants (grantee e-mail addresses) are left out of the owner's copy, as S3's cross-account
 * logging says ("the bucket owner doesn't get the ACL configuration information").
 */
import { randomUUID } from 'node:crypto';
import type { AuditEvent } from '../../shared/audit-event.js';
import type { EventEntry } from '../../storage/event-log/event-log.js';
import { buildRecord, type BuiltRecord } from './record.js';

/** At most this many owners' copies per request (a request names few resources; more are not recorded). */
export const MAX_OWNER_COPIES = 4;

const ACCOUNT_ID = /^\d{12}$/;

/** S3 request members that carry ACL grants (grantees by e-mail address or canonical id). */
const S3_GRANT_MEMBERS = ['AccessControlPolicy', 'GrantFullControl', 'GrantRead', 'GrantReadACP', 'GrantWrite', 'GrantWriteACP'];

/** The other accounts that get the event: well-formed, distinct, not the caller's, for a caller of a known account. */
export function ownerAccounts(e: AuditEvent): string[] {
  const p = e.principal;
  if (!e.resourceOwners || !p || !ACCOUNT_ID.test(p.accountId) || p.type === 'anonymous' || p.type === 'service') return [];
  const out: string[] = [];
  for (const a of e.resourceOwners) if (ACCOUNT_ID.test(a) && a !== p.accountId && !out.includes(a) && out.length < MAX_OWNER_COPIES) out.push(a);
  return out;
}

/** `record` with `sharedEventID` set, in CloudTrail's place for it (before `eventID`). */
function withSharedEventId(record: Record<string, unknown>, sharedEventId: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(record)) {
    if (k === 'eventID') out['sharedEventID'] = sharedEventId;
    out[k] = v;
  }
  return out;
}

/** The caller's entry, with the shared id. */
function callerCopy(built: BuiltRecord, sharedEventId: string): EventEntry {
  // protocol-lint: allow the CloudTrail record is data stored in the event log
  return { ...built.entry, record: JSON.stringify(withSharedEventId(built.record, sharedEventId)) };
}

/** The resource owner's entry: the caller as another account, kept in the owner's history. */
function ownerCopy(e: AuditEvent, built: BuiltRecord, owner: string, sharedEventId: string): EventEntry {
  const identity = built.record['userIdentity'] as { principalId?: unknown; accountId?: unknown };
  const record: Record<string, unknown> = { ...built.record, userIdentity: { type: 'AWSAccount', principalId: identity.principalId ?? '', accountId: identity.accountId ?? '' } };
  const params = record['requestParameters'];
  if (e.service === 's3' && params && typeof params === 'object') {
    const kept = { ...(params as Record<string, unknown>) };
    for (const m of S3_GRANT_MEMBERS) delete kept[m.charAt(0).toLowerCase() + m.slice(1)];
    record['requestParameters'] = kept;
  }
  record['recipientAccountId'] = owner;
  const attributes = built.entry.attributes.filter(([k]) => k !== 'Username' && k !== 'AccessKeyId');
  // protocol-lint: allow the CloudTrail record is data stored in the event log
  return { ...built.entry, accountId: owner, attributes, record: JSON.stringify(withSharedEventId(record, sharedEventId)) };
}

/**
 * The entries of `e`: one in the caller's account, plus one per other account whose resource the
 * request reached, all sharing a new `sharedEventID` (each copy with its own `eventID`).
 */
export function eventEntries(e: AuditEvent, defaultAccount: string, newSharedId: () => string = randomUUID): EventEntry[] {
  const own = buildRecord(e, defaultAccount);
  const owners = ownerAccounts(e);
  if (owners.length === 0) return [own.entry];
  const shared = newSharedId();
  // Each copy is built on its own: its own eventID, from the record's own generator.
  return [callerCopy(own, shared), ...owners.map((o) => ownerCopy(e, buildRecord(e, defaultAccount), o, shared))];
}
