import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { allow, ACCOUNT, openHarness, type Harness } from '../test-harness.js';
import { UsageRecorder } from '../usage-recorder.js';

describe('service last accessed (access advisor)', () => {
  let h: Harness;
  before(async () => {
    h = await openHarness();
  });
  after(async () => h.close());

  it('reports the services the policies allow and when each entity last used them', async () => {
    await h.call('CreateUser', { UserName: 'frank' });
    await h.call('CreateGroup', { GroupName: 'devs' });
    await h.call('AddUserToGroup', { GroupName: 'devs', UserName: 'frank' });
    const p = await h.call('CreatePolicy', { PolicyName: 'Dev', PolicyDocument: allow('s3:Get*') });
    await h.call('AttachGroupPolicy', { GroupName: 'devs', PolicyArn: p.Policy!.Arn! });
    await h.call('PutUserPolicy', { UserName: 'frank', PolicyName: 'Kms', PolicyDocument: allow('kms:Decrypt') });
    const key = await h.call('CreateAccessKey', { UserName: 'frank' });
    await new UsageRecorder(h.store).recordAccessKeyUse(key.AccessKey.AccessKeyId, 's3', 'eu-central-1', Date.parse('2024-01-03T00:00:00Z'));

    const { JobId } = await h.call('GenerateServiceLastAccessedDetails', { Arn: `arn:aws:iam::${ACCOUNT}:user/frank` });
    assert.equal(JobId!.length, 36);
    const got = await h.call('GetServiceLastAccessedDetails', { JobId: JobId! });
    assert.equal(got.JobStatus, 'COMPLETED');
    assert.deepEqual(
      got.ServicesLastAccessed.map((s) => [s.ServiceNamespace, s.ServiceName, s.TotalAuthenticatedEntities, s.LastAuthenticated?.toISOString(), s.LastAuthenticatedRegion]),
      [
        ['kms', 'AWS Key Management Service', 0, undefined, undefined],
        ['s3', 'Amazon S3', 1, '2024-01-03T00:00:00.000Z', 'eu-central-1'],
      ],
    );

    const byPolicy = await h.call('GenerateServiceLastAccessedDetails', { Arn: p.Policy!.Arn! });
    const withEntities = await h.call('GetServiceLastAccessedDetailsWithEntities', { JobId: byPolicy.JobId!, ServiceNamespace: 's3' });
    assert.deepEqual(withEntities.EntityDetailsList.map((e) => [e.EntityInfo.Name, e.EntityInfo.Type, e.LastAuthenticated?.toISOString()]), [['frank', 'USER', '2024-01-03T00:00:00.000Z']]);
    const group = await h.call('GetServiceLastAccessedDetails', { JobId: (await h.call('GenerateServiceLastAccessedDetails', { Arn: `arn:aws:iam::${ACCOUNT}:group/devs` })).JobId! });
    assert.deepEqual(group.ServicesLastAccessed.map((s) => [s.ServiceNamespace, s.LastAuthenticatedEntity]), [['s3', `arn:aws:iam::${ACCOUNT}:user/frank`]]);
    assert.equal((await h.fail('GetServiceLastAccessedDetails', { JobId: '00000000-0000-0000-0000-000000000000' })).code, 'NoSuchEntity');
    assert.equal((await h.fail('GenerateServiceLastAccessedDetails', { Arn: `arn:aws:iam::${ACCOUNT}:role/none` })).code, 'NoSuchEntity');
  });

  it('lists the entities of a policy report most recent access first, then the never-used, in pages', async () => {
    const p = await h.call('CreatePolicy', { PolicyName: 'Shared', PolicyDocument: allow('kms:*') });
    const recorder = new UsageRecorder(h.store);
    for (const [name, day] of [['ann', '05'], ['bob', undefined], ['cid', '09'], ['dan', '01']] as const) {
      await h.call('CreateUser', { UserName: name });
      await h.call('AttachUserPolicy', { UserName: name, PolicyArn: p.Policy!.Arn! });
      const key = await h.call('CreateAccessKey', { UserName: name });
      if (day) await recorder.recordAccessKeyUse(key.AccessKey.AccessKeyId, 'kms', 'us-east-1', Date.parse(`2024-02-${day}T00:00:00Z`));
    }
    const { JobId } = await h.call('GenerateServiceLastAccessedDetails', { Arn: p.Policy!.Arn! });
    const first = await h.call('GetServiceLastAccessedDetailsWithEntities', { JobId: JobId!, ServiceNamespace: 'kms', MaxItems: 3 });
    assert.deepEqual(first.EntityDetailsList.map((e) => e.EntityInfo.Name), ['cid', 'ann', 'dan']);
    assert.equal(first.IsTruncated, true);
    assert.equal(first.JobStatus, 'COMPLETED');
    assert.ok(first.JobCreationDate instanceof Date && first.JobCompletionDate instanceof Date);
    const info = first.EntityDetailsList[0]!.EntityInfo;
    assert.deepEqual([info.Arn, info.Type, info.Path], [`arn:aws:iam::${ACCOUNT}:user/cid`, 'USER', '/']);
    assert.match(info.Id, /^AIDA/);
    const rest = await h.call('GetServiceLastAccessedDetailsWithEntities', { JobId: JobId!, ServiceNamespace: 'kms', MaxItems: 3, Marker: first.Marker! });
    assert.deepEqual(rest.EntityDetailsList.map((e) => [e.EntityInfo.Name, e.LastAuthenticated]), [['bob', undefined]]);
    assert.equal(rest.IsTruncated, false);
    // A service the policy does not grant has no entities.
    const none = await h.call('GetServiceLastAccessedDetailsWithEntities', { JobId: JobId!, ServiceNamespace: 's3' });
    assert.deepEqual(none.EntityDetailsList, []);
    assert.equal((await h.fail('GetServiceLastAccessedDetailsWithEntities', { JobId: '00000000-0000-0000-0000-000000000000', ServiceNamespace: 'kms' })).code, 'NoSuchEntity');
  });
});
