import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AuditEvent } from '../../shared/audit-event.js';
import { REDACTED } from '../../shared/audit-event.js';
import { buildRecord, camel, MAX_ELEMENTS_BYTES } from './record.js';
import { isDataEvent, isReadOnly } from './event-kinds.js';

const ACCOUNT = '123456789012';
const base: AuditEvent = {
  eventTime: '2026-03-01T10:00:00.123Z',
  requestId: 'req-1',
  service: 'iam',
  operation: 'CreateUser',
  region: 'us-east-1',
  outcome: 'success',
  httpStatus: 200,
  sourceIp: '10.0.0.1',
  userAgent: 'aws-cli/2',
  principal: { arn: `arn:aws:iam::${ACCOUNT}:user/ops/alice`, accountId: ACCOUNT, type: 'user', userId: 'AIDAEXAMPLE' },
  accessKeyId: 'AKIAEXAMPLE',
  parameters: { UserName: 'bob', Tags: [{ Key: 'k', Value: 'v' }] },
  responseElements: () => ({ User: { UserName: 'bob', Arn: `arn:aws:iam::${ACCOUNT}:user/bob` } }),
};

describe('CloudTrail record', () => {
  it('has the fields of eventVersion 1.11 for an IAM user call', () => {
    const { record, entry } = buildRecord(base, '999999999999', 'e-1');
    assert.deepEqual(record, {
      eventVersion: '1.11',
      userIdentity: { type: 'IAMUser', principalId: 'AIDAEXAMPLE', arn: `arn:aws:iam::${ACCOUNT}:user/ops/alice`, accountId: ACCOUNT, accessKeyId: 'AKIAEXAMPLE', userName: 'alice' },
      eventTime: '2026-03-01T10:00:00Z',
      eventSource: 'iam.amazonaws.com',
      eventName: 'CreateUser',
      awsRegion: 'us-east-1',
      sourceIPAddress: '10.0.0.1',
      userAgent: 'aws-cli/2',
      requestParameters: { userName: 'bob', tags: [{ key: 'k', value: 'v' }] },
      responseElements: { user: { userName: 'bob', arn: `arn:aws:iam::${ACCOUNT}:user/bob` } },
      requestID: 'req-1',
      eventID: 'e-1',
      readOnly: false,
      resources: [{ type: 'AWS::IAM::User' }],
      eventType: 'AwsApiCall',
      managementEvent: true,
      recipientAccountId: ACCOUNT,
      eventCategory: 'Management',
    });
    assert.equal(entry.accountId, ACCOUNT);
    assert.equal(entry.eventTime, Date.parse(base.eventTime));
    assert.deepEqual(entry.attributes, [
      ['EventName', 'CreateUser'],
      ['ReadOnly', 'false'],
      ['EventSource', 'iam.amazonaws.com'],
      ['Username', 'alice'],
      ['AccessKeyId', 'AKIAEXAMPLE'],
      ['ResourceType', 'AWS::IAM::User'],
      ['ResourceName', 'bob'],
    ]);
    assert.deepEqual(JSON.parse(entry.record), record);
  });

  it('describes role sessions with their issuer, MFA and source identity', () => {
    const e: AuditEvent = {
      ...base,
      principal: { arn: `arn:aws:sts::${ACCOUNT}:assumed-role/Admin/s1`, accountId: ACCOUNT, type: 'assumed-role', userId: 'AROAEXAMPLE:s1' },
      accessKeyId: 'ASIAEXAMPLE',
      session: { kind: 'assume-role', issuedAt: Date.parse('2026-03-01T09:00:00Z'), mfaAuthenticatedAt: 1, roleArn: `arn:aws:iam::${ACCOUNT}:role/team/Admin`, roleName: 'Admin', sessionName: 's1', sourceIdentity: 'alice@example.com' },
    };
    const { record, entry } = buildRecord(e, ACCOUNT);
    assert.deepEqual(record['userIdentity'], {
      type: 'AssumedRole',
      principalId: 'AROAEXAMPLE:s1',
      arn: `arn:aws:sts::${ACCOUNT}:assumed-role/Admin/s1`,
      accountId: ACCOUNT,
      accessKeyId: 'ASIAEXAMPLE',
      sessionContext: {
        sessionIssuer: { type: 'Role', principalId: 'AROAEXAMPLE', arn: `arn:aws:iam::${ACCOUNT}:role/team/Admin`, accountId: ACCOUNT, userName: 'Admin' },
        attributes: { creationDate: '2026-03-01T09:00:00Z', mfaAuthenticated: 'true' },
        sourceIdentity: 'alice@example.com',
      },
    });
    assert.ok(entry.attributes.some(([k, v]) => k === 'Username' && v === 's1'));
  });

  it('describes root, federated users, services, anonymous and unauthenticated callers', () => {
    const root = buildRecord({ ...base, principal: { arn: `arn:aws:iam::${ACCOUNT}:root`, accountId: ACCOUNT, type: 'root', userId: ACCOUNT } }, ACCOUNT).record['userIdentity'];
    assert.deepEqual(root, { type: 'Root', principalId: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:root`, accountId: ACCOUNT, accessKeyId: 'AKIAEXAMPLE' });
    const fed = buildRecord({ ...base, principal: { arn: `arn:aws:sts::${ACCOUNT}:federated-user/bob`, accountId: ACCOUNT, type: 'federated-user', userId: `${ACCOUNT}:bob` }, session: { kind: 'federation', issuedAt: 0, sourceUserArn: `arn:aws:iam::${ACCOUNT}:user/alice`, sourceUserId: 'AIDAEXAMPLE', userName: 'alice' } }, ACCOUNT).record['userIdentity'] as Record<string, Record<string, unknown>>;
    assert.equal(fed['type'] as unknown, 'FederatedUser');
    assert.deepEqual(fed['sessionContext']!['sessionIssuer'], { type: 'IAMUser', principalId: 'AIDAEXAMPLE', arn: `arn:aws:iam::${ACCOUNT}:user/alice`, accountId: ACCOUNT, userName: 'alice' });
    assert.deepEqual(buildRecord({ ...base, principal: { arn: 'cloudtrail.amazonaws.com', accountId: '', type: 'service', userId: 'cloudtrail.amazonaws.com' } }, ACCOUNT).record['userIdentity'], { type: 'AWSService', invokedBy: 'cloudtrail.amazonaws.com' });
    const anon = buildRecord({ ...base, principal: { arn: 'anonymous', accountId: '', type: 'anonymous', userId: 'anonymous' } }, '999999999999');
    assert.deepEqual(anon.record['userIdentity'], { type: 'AWSAccount', principalId: '', accountId: 'anonymous' });
    assert.equal(anon.entry.accountId, '999999999999', 'events of no account go to the default account');
    const { principal: _p, ...noPrincipal } = base;
    const failed = buildRecord({ ...noPrincipal, outcome: 'error', httpStatus: 403, errorCode: 'InvalidClientTokenId', errorMessage: 'bad' }, '999999999999');
    assert.deepEqual(failed.record['userIdentity'], { type: 'Unknown', accessKeyId: 'AKIAEXAMPLE' });
    assert.equal(failed.record['errorCode'], 'InvalidClientTokenId');
    assert.equal(failed.record['responseElements'], null, 'no response elements on errors');
  });

  it('keeps response elements only for calls that change something, and bounds them', () => {
    assert.equal(buildRecord({ ...base, operation: 'GetUser' }, ACCOUNT).record['responseElements'], null);
    const huge = buildRecord({ ...base, responseElements: () => ({ Blob: 'x'.repeat(MAX_ELEMENTS_BYTES + 1) }) }, ACCOUNT);
    assert.equal(huge.record['responseElements'], null);
    let called = false;
    buildRecord({ ...base, operation: 'ListUsers', responseElements: () => ((called = true), {}) }, ACCOUNT);
    assert.equal(called, false, 'read-only responses are never redacted or serialized');
  });

  it('keeps redacted values redacted and records TLS details on HTTPS', () => {
    const { record } = buildRecord({ ...base, service: 'kms', operation: 'Encrypt', parameters: { KeyId: 'k', Plaintext: REDACTED }, secure: true, host: 'rampart.local:4567' }, ACCOUNT);
    assert.deepEqual(record['requestParameters'], { keyId: 'k', plaintext: REDACTED });
    assert.equal(record['readOnly'], true);
    assert.deepEqual(record['tlsDetails'], { clientProvidedHostHeader: 'rampart.local:4567' });
  });

  it('makes S3 object calls data events, kept out of the event history', () => {
    const { record, entry } = buildRecord({ ...base, service: 's3', operation: 'PutObject', parameters: { Bucket: 'b', Key: 'k' } }, ACCOUNT);
    assert.equal(record['eventCategory'], 'Data');
    assert.equal(record['managementEvent'], false);
    assert.equal(entry.management, false);
    assert.equal(isDataEvent('s3', 'CreateBucket'), false);
    assert.equal(isReadOnly('kms', 'GenerateDataKey'), true);
    assert.equal(isReadOnly('sts', 'GetSessionToken'), false);
    assert.equal(isReadOnly('iam', 'DeleteUser'), false);
  });

  it('camel-cases member names and stops at a depth', () => {
    assert.deepEqual(camel({ A: [{ BC: 1 }], d: null }), { a: [{ bC: 1 }], d: null });
    let deep: unknown = 1;
    for (let i = 0; i < 200; i++) deep = { X: deep };
    assert.doesNotThrow(() => camel(deep));
  });
});
