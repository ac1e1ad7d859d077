import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CredentialResolver } from '../../../authz/credential-resolver.js';
import { GLOBAL, TABLES, type AccessKeyRecord } from '../../../authz/identity-tables.js';
import { accountOfAccessKeyId } from '../../../authz/key-ids.js';
import { ACCOUNT, ROLE_SESSION, openHarness, userPrincipal, type Harness } from '../test-harness.js';
import { UsageRecorder } from '../usage-recorder.js';

describe('IAM access keys', () => {
  let h: Harness;
  before(async () => {
    h = await openHarness();
    await h.call('CreateUser', { UserName: 'alice' });
  });
  after(() => h.close());

  it('creates a key that authentication resolves, with the secret stored only sealed', async () => {
    const { AccessKey } = await h.call('CreateAccessKey', { UserName: 'alice' });
    assert.match(AccessKey.AccessKeyId, /^AKIA[A-Z2-7]{16}$/);
    assert.equal(accountOfAccessKeyId(AccessKey.AccessKeyId), ACCOUNT);
    assert.equal(AccessKey.SecretAccessKey.length, 40);
    assert.equal(AccessKey.Status, 'Active');
    assert.equal(AccessKey.UserName, 'alice');
    const raw = await h.store.get(TABLES.accessKeys, GLOBAL, AccessKey.AccessKeyId);
    const rec = raw?.value as unknown as AccessKeyRecord;
    assert.equal(rec.principalType, 'user');
    assert.equal(rec.arn, `arn:aws:iam::${ACCOUNT}:user/alice`);
    assert.ok(!Object.values(rec).some((v) => String(v).includes(AccessKey.SecretAccessKey)), 'secret not stored in clear');
    const cred = await new CredentialResolver(h.store).resolve(AccessKey.AccessKeyId);
    assert.equal(cred?.secretAccessKey, AccessKey.SecretAccessKey);
    assert.equal(cred?.principal.type, 'user');
  });

  it('allows two keys per user (LimitExceeded on the third)', async () => {
    await h.call('CreateAccessKey', { UserName: 'alice' });
    const e = await h.fail('CreateAccessKey', { UserName: 'alice' });
    assert.equal(e.code, 'LimitExceeded');
    assert.equal(e.httpStatus, 409);
    assert.equal(e.message, 'Cannot exceed quota for AccessKeysPerUser: 2');
  });

  it('without UserName a user manages its own keys; a role session must name a user', async () => {
    const own = await h.call('ListAccessKeys', {}, userPrincipal('alice'));
    assert.equal(own.AccessKeyMetadata.length, 2);
    assert.equal((await h.fail('ListAccessKeys', {}, ROLE_SESSION)).code, 'ValidationError');
  });

  it('root without UserName lists and creates root keys (including the first-start key)', async () => {
    const before = await h.call('ListAccessKeys', {});
    assert.deepEqual(before.AccessKeyMetadata.map((k) => k.AccessKeyId), [h.rootAccessKeyId]);
    const { AccessKey } = await h.call('CreateAccessKey', {});
    const rec = (await h.store.get(TABLES.accessKeys, GLOBAL, AccessKey.AccessKeyId))?.value as unknown as AccessKeyRecord;
    assert.equal(rec.principalType, 'root');
    assert.equal(rec.arn, `arn:aws:iam::${ACCOUNT}:root`);
    assert.equal((await h.fail('CreateAccessKey', {})).code, 'LimitExceeded');
    await h.call('DeleteAccessKey', { AccessKeyId: AccessKey.AccessKeyId });
    assert.equal((await h.call('GetAccountSummary', {})).SummaryMap?.['AccountAccessKeysPresent'], 1);
  });

  it('deactivates and deletes keys; another owner\'s key is NoSuchEntity', async () => {
    const keys = (await h.call('ListAccessKeys', { UserName: 'alice' })).AccessKeyMetadata;
    const id = keys[0]!.AccessKeyId!;
    await h.call('UpdateAccessKey', { UserName: 'alice', AccessKeyId: id, Status: 'Inactive' });
    assert.equal((await h.call('ListAccessKeys', { UserName: 'alice' })).AccessKeyMetadata[0]?.Status, 'Inactive');
    const cred = await new CredentialResolver(h.store).resolve(id);
    assert.equal(cred?.active, false);
    await h.call('CreateUser', { UserName: 'bob' });
    const e = await h.fail('DeleteAccessKey', { UserName: 'bob', AccessKeyId: id });
    assert.equal(e.message, `The Access Key with id ${id} cannot be found.`);
    assert.equal((await h.fail('UpdateAccessKey', { AccessKeyId: h.rootAccessKeyId, UserName: 'alice', Status: 'Inactive' })).code, 'NoSuchEntity');
    await h.call('DeleteAccessKey', { UserName: 'alice', AccessKeyId: id });
    assert.equal(await new CredentialResolver(h.store).resolve(id), undefined);
    assert.equal((await h.call('ListAccessKeys', { UserName: 'alice' })).AccessKeyMetadata.length, 1);
  });

  it('reports last use: N/A until recorded, then throttled to one write a minute', async () => {
    const id = (await h.call('ListAccessKeys', { UserName: 'alice' })).AccessKeyMetadata[0]!.AccessKeyId!;
    const fresh = await h.call('GetAccessKeyLastUsed', { AccessKeyId: id });
    assert.deepEqual(fresh, { UserName: 'alice', AccessKeyLastUsed: { ServiceName: 'N/A', Region: 'N/A' } });
    const rec = new UsageRecorder(h.store);
    const t0 = Date.parse('2024-03-01T10:00:00Z');
    await rec.recordAccessKeyUse(id, 's3', 'eu-west-1', t0);
    await rec.recordAccessKeyUse(id, 'ec2', 'us-west-2', t0 + 30_000);
    let used = (await h.call('GetAccessKeyLastUsed', { AccessKeyId: id })).AccessKeyLastUsed;
    assert.deepEqual([used?.ServiceName, used?.Region, used?.LastUsedDate?.toISOString()], ['s3', 'eu-west-1', '2024-03-01T10:00:00.000Z']);
    await rec.recordAccessKeyUse(id, 'ec2', 'us-west-2', t0 + 61_000);
    used = (await h.call('GetAccessKeyLastUsed', { AccessKeyId: id })).AccessKeyLastUsed;
    assert.equal(used?.ServiceName, 'ec2');
    await rec.recordAccessKeyUse('AKIAUNKNOWNUNKNOWN00', 's3', 'us-east-1', t0);
    assert.equal((await h.fail('GetAccessKeyLastUsed', { AccessKeyId: 'AKIAUNKNOWNUNKNOWN00' })).code, 'NoSuchEntity');
  });

  it('renaming the user updates the key records authentication reads', async () => {
    const id = (await h.call('ListAccessKeys', { UserName: 'alice' })).AccessKeyMetadata[0]!.AccessKeyId!;
    await h.call('UpdateUser', { UserName: 'alice', NewUserName: 'alicia', NewPath: '/x/' });
    const cred = await new CredentialResolver(h.store).resolve(id);
    assert.equal(cred?.principal.arn, `arn:aws:iam::${ACCOUNT}:user/x/alicia`);
  });
});
