import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AuditEvent } from '../../shared/audit-event.js';
import { eventEntries, MAX_OWNER_COPIES, ownerAccounts } from './shared-event.js';

const A = '111122223333';
const B = '444455556666';
const base: AuditEvent = {
  eventTime: '2026-03-01T10:00:00.000Z',
  requestId: 'req-1',
  service: 'sts',
  operation: 'AssumeRole',
  region: 'us-east-1',
  outcome: 'success',
  httpStatus: 200,
  sourceIp: '10.0.0.1',
  principal: { arn: `arn:aws:iam::${A}:user/alice`, accountId: A, type: 'user', userId: 'AIDAALICE' },
  accessKeyId: 'AKIAALICE',
  parameters: { RoleArn: `arn:aws:iam::${B}:role/R`, RoleSessionName: 's' },
};
const parse = (s: string) => JSON.parse(s) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('CloudTrail: a cross-account request recorded in both accounts', () => {
  it('a same-account request has one entry and no sharedEventID', () => {
    const entries = eventEntries(base, A);
    assert.equal(entries.length, 1);
    assert.equal(entries[0]!.accountId, A);
    assert.equal(parse(entries[0]!.record)['sharedEventID'], undefined);
  });

  it('the caller\'s and the owner\'s copies share a sharedEventID, with their own eventID and recipient', () => {
    const [mine, theirs, ...rest] = eventEntries({ ...base, resourceOwners: [B] }, A, () => 'shared-1');
    assert.equal(rest.length, 0);
    const m = parse(mine!.record);
    const t = parse(theirs!.record);
    assert.equal(m['sharedEventID'], 'shared-1');
    assert.equal(t['sharedEventID'], 'shared-1');
    assert.notEqual(m['eventID'], t['eventID']);
    assert.equal(mine!.eventId, m['eventID']);
    assert.equal(theirs!.eventId, t['eventID']);
    assert.deepEqual([mine!.accountId, m['recipientAccountId']], [A, A]);
    assert.deepEqual([theirs!.accountId, t['recipientAccountId']], [B, B]);
    assert.equal(theirs!.region, 'us-east-1');
    // Placed as CloudTrail writes it: after requestID, before eventID.
    const keys = Object.keys(t);
    assert.equal(keys.indexOf('sharedEventID') + 1, keys.indexOf('eventID'));
    // The caller keeps its full identity; the owner sees another account (the documented role-account copy).
    assert.equal(m['userIdentity'].type, 'IAMUser');
    assert.equal(m['userIdentity'].accessKeyId, 'AKIAALICE');
    assert.deepEqual(t['userIdentity'], { type: 'AWSAccount', principalId: 'AIDAALICE', accountId: A });
    assert.deepEqual(t['requestParameters'], m['requestParameters']);
    // The caller's user name and key are not indexed in the owner's history.
    assert.ok(mine!.attributes.some(([k]) => k === 'Username'));
    assert.ok(!theirs!.attributes.some(([k]) => k === 'Username' || k === 'AccessKeyId'));
    assert.ok(theirs!.attributes.some(([k, v]) => k === 'EventName' && v === 'AssumeRole'));
  });

  it('leaves S3 ACL grants out of the bucket owner\'s copy', () => {
    const e: AuditEvent = { ...base, service: 's3', operation: 'PutObjectAcl', parameters: { Bucket: 'b', Key: 'k', GrantRead: 'emailAddress="x@example.com"' }, resourceOwners: [B] };
    const [mine, theirs] = eventEntries(e, A);
    assert.equal(parse(mine!.record)['requestParameters'].grantRead, 'emailAddress="x@example.com"');
    assert.deepEqual(parse(theirs!.record)['requestParameters'], { bucket: 'b', key: 'k' });
  });

  it('one copy per other account, at most a few; none for the caller\'s own, malformed ids, or callers of no account', () => {
    assert.deepEqual(ownerAccounts({ ...base, resourceOwners: [B, B, A, 'x', '12345678901234'] }), [B]);
    const many = Array.from({ length: 10 }, (_, i) => String(500000000000 + i));
    assert.equal(ownerAccounts({ ...base, resourceOwners: many }).length, MAX_OWNER_COPIES);
    const anonymous = { ...base, principal: { arn: 'anonymous', accountId: '', type: 'anonymous', userId: 'anonymous' }, resourceOwners: [B] };
    assert.deepEqual(ownerAccounts(anonymous), []);
    const { principal: _p, ...unauthenticated } = base;
    assert.equal(eventEntries({ ...unauthenticated, resourceOwners: [B] }, A).length, 1);
  });
});
