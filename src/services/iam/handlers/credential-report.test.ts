import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { putKeyUsage } from '../store/usage-store.js';
import { ACCOUNT, openHarness, type Harness } from '../test-harness.js';

describe('credential report', () => {
  let h: Harness;
  before(async () => {
    h = await openHarness();
  });
  after(async () => h.close());

  it('is not present before generation, then STARTED, COMPLETE, and expires after four hours', async () => {
    const none = await h.fail('GetCredentialReport', {});
    assert.deepEqual([none.code, none.httpStatus], ['ReportNotPresent', 410]);
    await h.call('CreateUser', { UserName: 'erin', Path: '/ops/' });
    await h.call('CreateLoginProfile', { UserName: 'erin', Password: 'Valid-Pass-123' });
    const key = await h.call('CreateAccessKey', { UserName: 'erin' });
    await putKeyUsage(h.store, key.AccessKey.AccessKeyId, { lastUsedDate: '2024-01-02T04:00:00.000Z', serviceName: 's3', region: 'eu-west-1' });
    await h.call('UpdateAccountPasswordPolicy', { MaxPasswordAge: 30 });
    assert.equal((await h.call('GenerateCredentialReport', {})).State, 'STARTED');
    assert.equal((await h.call('GenerateCredentialReport', {})).State, 'COMPLETE');

    const got = await h.call('GetCredentialReport', {});
    assert.equal(got.ReportFormat, 'text/csv');
    assert.equal(got.GeneratedTime?.getTime(), h.now);
    const [header, root, erin, ...rest] = Buffer.from(got.Content!).toString('utf8').split('\n').map((l) => l.split(','));
    assert.equal(rest.length, 0);
    assert.equal(header!.length, 22);
    assert.deepEqual(header!.slice(0, 9), ['user', 'arn', 'user_creation_time', 'password_enabled', 'password_last_used', 'password_last_changed', 'password_next_rotation', 'mfa_active', 'access_key_1_active']);
    assert.deepEqual(header!.slice(-4), ['cert_1_active', 'cert_1_last_rotated', 'cert_2_active', 'cert_2_last_rotated']);
    const row = (r: string[]) => Object.fromEntries(header!.map((c, i) => [c, r[i]]));
    assert.deepEqual(
      [row(root!)['user'], row(root!)['arn'], row(root!)['password_enabled'], row(root!)['mfa_active'], row(root!)['access_key_1_active']],
      ['<root_account>', `arn:aws:iam::${ACCOUNT}:root`, 'not_supported', 'false', 'true'],
    );
    const e = row(erin!);
    assert.equal(e['arn'], `arn:aws:iam::${ACCOUNT}:user/ops/erin`);
    assert.equal(e['user_creation_time'], '2024-01-02T03:04:05+00:00');
    assert.deepEqual([e['password_enabled'], e['password_last_used'], e['password_last_changed'], e['password_next_rotation']], ['true', 'no_information', '2024-01-02T03:04:05+00:00', '2024-02-01T03:04:05+00:00']);
    assert.deepEqual(
      [e['access_key_1_active'], e['access_key_1_last_used_date'], e['access_key_1_last_used_region'], e['access_key_1_last_used_service'], e['access_key_2_active'], e['access_key_2_last_rotated']],
      ['true', '2024-01-02T04:00:00+00:00', 'eu-west-1', 's3', 'false', 'N/A'],
    );

    h.now += 4 * 3600_000;
    assert.equal((await h.fail('GetCredentialReport', {})).code, 'ReportExpired');
    assert.equal((await h.call('GenerateCredentialReport', {})).State, 'STARTED');
    await h.call('GetCredentialReport', {});
  });
});
