import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isAwsError } from '../../../shared/aws-error.js';
import { canonicalId } from '../deps.js';
import type { BucketRecord } from '../store.js';
import { ALL_USERS, AUTHENTICATED_USERS, checkAclWrite, isPublicAcl, requestedGrants } from './acl.js';
import { aclStatements } from './acl-policy.js';

const OWNER = '111122223333';
const bucket = (extra: Partial<BucketRecord> = {}): BucketRecord => ({ name: 'b', accountId: OWNER, region: 'us-east-1', createdAt: 0, ...extra });
const codeOf = (f: () => unknown) => {
  try {
    f();
    return 'ok';
  } catch (e) {
    return isAwsError(e) ? e.code : String(e);
  }
};

describe('ACL requests', () => {
  it('canned ACLs, grant headers and bodies become grants beside the owner', () => {
    assert.deepEqual(requestedGrants({ ACL: 'public-read' }, OWNER, OWNER), [{ type: 'Group', grantee: ALL_USERS, permission: 'READ' }]);
    assert.deepEqual(requestedGrants({ ACL: 'private' }, OWNER, OWNER), []);
    assert.deepEqual(requestedGrants({ GrantRead: `uri="${AUTHENTICATED_USERS}", id="${'a'.repeat(64)}"` }, OWNER, OWNER), [
      { type: 'Group', grantee: AUTHENTICATED_USERS, permission: 'READ' },
      { type: 'CanonicalUser', grantee: 'a'.repeat(64), permission: 'READ' },
    ]);
    // The owner's own FULL_CONTROL is implied, not stored twice.
    assert.deepEqual(requestedGrants({ GrantFullControl: `id="${canonicalId(OWNER)}"` }, OWNER, OWNER), []);
    assert.equal(codeOf(() => requestedGrants({}, OWNER, OWNER)), 'MissingSecurityHeader');
    assert.equal(codeOf(() => requestedGrants({ ACL: 'private', GrantRead: `uri="${ALL_USERS}"` }, OWNER, OWNER)), 'InvalidRequest');
    assert.equal(codeOf(() => requestedGrants({ GrantRead: 'uri="http://acs.amazonaws.com/groups/global/Everyone"' }, OWNER, OWNER)), 'InvalidArgument');
    assert.equal(codeOf(() => requestedGrants({ GrantRead: 'id="not-hex"' }, OWNER, OWNER)), 'InvalidArgument');
    assert.equal(codeOf(() => requestedGrants({ GrantRead: 'emailAddress="a@b.c"' }, OWNER, OWNER)), 'UnresolvableGrantByEmailAddress');
    assert.equal(codeOf(() => requestedGrants({ AccessControlPolicy: { Grants: [{ Grantee: { Type: 'Group', URI: ALL_USERS }, Permission: 'BOGUS' }] } }, OWNER, OWNER)), 'MalformedACLError');
  });
  it('BucketOwnerEnforced refuses all but the owner-only ACL; BlockPublicAcls refuses public ones', () => {
    assert.equal(codeOf(() => checkAclWrite(bucket(), undefined, { ACL: 'public-read' }, OWNER, 'private')), 'AccessControlListNotSupported');
    assert.equal(codeOf(() => checkAclWrite(bucket(), undefined, { GrantRead: `uri="${ALL_USERS}"` }, OWNER, 'private')), 'AccessControlListNotSupported');
    assert.equal(codeOf(() => checkAclWrite(bucket(), undefined, { ACL: 'private' }, OWNER, 'private')), 'ok');
    assert.equal(codeOf(() => checkAclWrite(bucket(), undefined, { AccessControlPolicy: { Grants: [{ Grantee: { Type: 'CanonicalUser', ID: canonicalId(OWNER) }, Permission: 'FULL_CONTROL' }] } }, OWNER, 'private')), 'ok');
    const bpa = { BlockPublicAcls: true, IgnorePublicAcls: false, BlockPublicPolicy: false, RestrictPublicBuckets: false };
    assert.equal(codeOf(() => checkAclWrite(bucket({ ownership: 'ObjectWriter' }), bpa, { ACL: 'authenticated-read' }, OWNER, 'private')), 'AccessDenied');
    assert.equal(codeOf(() => checkAclWrite(bucket({ ownership: 'ObjectWriter' }), bpa, { ACL: 'log-delivery-write' }, OWNER, 'private')), 'ok');
    assert.equal(isPublicAcl([{ type: 'Group', grantee: AUTHENTICATED_USERS, permission: 'READ_ACP' }]), true);
  });
  it('grants map to Allow statements only where ACLs are enabled and public ACLs are not ignored', () => {
    const grants = [{ type: 'Group' as const, grantee: ALL_USERS, permission: 'FULL_CONTROL' as const }];
    assert.deepEqual(aclStatements(bucket({ aclGrants: grants }), 'arn:aws:s3:::b'), []);
    const on = aclStatements(bucket({ ownership: 'ObjectWriter', aclGrants: grants }), 'arn:aws:s3:::b') as { Action: string[]; Resource: string }[];
    assert.deepEqual(on.map((s) => s.Resource).sort(), ['arn:aws:s3:::b', 'arn:aws:s3:::b', 'arn:aws:s3:::b', 'arn:aws:s3:::b/*']);
    assert.ok(on.some((s) => s.Action.includes('s3:PutObject')));
    const ignored = bucket({ ownership: 'ObjectWriter', aclGrants: grants, publicAccessBlock: { BlockPublicAcls: false, IgnorePublicAcls: true, BlockPublicPolicy: false, RestrictPublicBuckets: false } });
    assert.deepEqual(aclStatements(ignored, 'arn:aws:s3:::b'), []);
  });
});
