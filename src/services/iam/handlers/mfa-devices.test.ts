import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createMfaVerifier } from '../mfa/mfa-verifier.js';
import { ACCOUNT, openHarness, userPrincipal, type Harness } from '../test-harness.js';
import { base32Decode, timeStep, totpAt } from '../totp.js';

describe('virtual MFA devices', () => {
  let h: Harness;
  before(async () => {
    h = await openHarness();
    await h.call('CreateUser', { UserName: 'alice' });
  });
  after(async () => h.close());

  async function create(name: string, path?: string): Promise<{ serial: string; key: Buffer }> {
    const out = await h.call('CreateVirtualMFADevice', { VirtualMFADeviceName: name, ...(path ? { Path: path } : {}) });
    const seed = Buffer.from(out.VirtualMFADevice.Base32StringSeed!).toString('ascii');
    assert.match(seed, /^[A-Z2-7]{64}$/);
    assert.deepEqual([...out.VirtualMFADevice.QRCodePNG!.subarray(1, 4)], [0x50, 0x4e, 0x47]);
    return { serial: out.VirtualMFADevice.SerialNumber, key: base32Decode(seed) };
  }
  /** Two consecutive codes ending at the current step. */
  const codes = (key: Buffer, endStep = timeStep(h.now)) => ({ AuthenticationCode1: totpAt(key, endStep - 1), AuthenticationCode2: totpAt(key, endStep) });

  it('creates, enables, lists, deactivates and deletes a device', async () => {
    const { serial, key } = await create('alice-phone', '/team/');
    assert.equal(serial, `arn:aws:iam::${ACCOUNT}:mfa/team/alice-phone`);
    assert.equal((await h.fail('CreateVirtualMFADevice', { VirtualMFADeviceName: 'alice-phone', Path: '/team/' })).code, 'EntityAlreadyExists');
    assert.deepEqual((await h.call('ListVirtualMFADevices', { AssignmentStatus: 'Unassigned' })).VirtualMFADevices.map((d) => d.SerialNumber), [serial]);

    const bad = await h.fail('EnableMFADevice', { UserName: 'alice', SerialNumber: serial, AuthenticationCode1: '000000', AuthenticationCode2: '111111' });
    assert.deepEqual([bad.code, bad.message, bad.httpStatus], ['InvalidAuthenticationCode', 'Authentication code for device is not valid.', 403]);
    const swapped = codes(key);
    await h.fail('EnableMFADevice', { UserName: 'alice', SerialNumber: serial, AuthenticationCode1: swapped.AuthenticationCode2, AuthenticationCode2: swapped.AuthenticationCode1 });
    await h.call('EnableMFADevice', { UserName: 'alice', SerialNumber: serial, ...codes(key) });
    assert.equal((await h.fail('EnableMFADevice', { UserName: 'alice', SerialNumber: serial, ...codes(key) })).code, 'EntityAlreadyExists');

    const listed = await h.call('ListMFADevices', { UserName: 'alice' });
    assert.deepEqual(listed.MFADevices.map((d) => [d.UserName, d.SerialNumber]), [['alice', serial]]);
    assert.deepEqual((await h.call('ListMFADevices', {}, userPrincipal('alice'))).MFADevices.length, 1);
    const assigned = await h.call('ListVirtualMFADevices', { AssignmentStatus: 'Assigned' });
    assert.equal(assigned.VirtualMFADevices[0]?.User?.UserName, 'alice');
    assert.equal((await h.call('GetMFADevice', { SerialNumber: serial, UserName: 'alice' })).UserName, 'alice');

    assert.equal((await h.fail('DeleteVirtualMFADevice', { SerialNumber: serial })).code, 'DeleteConflict');
    assert.equal((await h.fail('DeleteUser', { UserName: 'alice' })).code, 'DeleteConflict');
    await h.call('DeactivateMFADevice', { UserName: 'alice', SerialNumber: serial });
    assert.equal((await h.call('ListMFADevices', { UserName: 'alice' })).MFADevices.length, 0);
    await h.call('DeleteVirtualMFADevice', { SerialNumber: serial });
    assert.equal((await h.fail('DeleteVirtualMFADevice', { SerialNumber: serial })).code, 'NoSuchEntity');
  });

  it('tags devices', async () => {
    const { serial } = await create('tagged');
    await h.call('TagMFADevice', { SerialNumber: serial, Tags: [{ Key: 'team', Value: 'a' }, { Key: 'env', Value: 'b' }] });
    await h.call('UntagMFADevice', { SerialNumber: serial, TagKeys: ['TEAM'] });
    assert.deepEqual((await h.call('ListMFADeviceTags', { SerialNumber: serial })).Tags, [{ Key: 'env', Value: 'b' }]);
    await h.call('DeleteVirtualMFADevice', { SerialNumber: serial });
  });

  it('verifies STS codes once per time step, within one step of the device clock', async () => {
    const { serial, key } = await create('bob-phone');
    await h.call('CreateUser', { UserName: 'bob' });
    const step = timeStep(h.now);
    await h.call('EnableMFADevice', { UserName: 'bob', SerialNumber: serial, ...codes(key, step - 1) });
    const verifier = createMfaVerifier(h.store);
    const check = (code: string, who: { userName?: string } = { userName: 'bob' }) => verifier.verify({ accountId: ACCOUNT, ...who, serialNumber: serial, tokenCode: code, now: h.now });
    assert.equal(await check(totpAt(key, step - 1)), false, 'a code used to enable cannot be replayed');
    assert.equal(await check(totpAt(key, step + 2)), false, 'too far ahead');
    assert.equal(await check(totpAt(key, step), { userName: 'alice' }), false, 'someone else’s device');
    assert.equal(await check(totpAt(key, step), {}), false, 'not the root user’s device');
    assert.equal(await check(totpAt(key, step)), true);
    assert.equal(await check(totpAt(key, step)), false, 'replay');
    assert.equal(await check(totpAt(key, step - 1)), false, 'older step after a newer one');
    assert.equal(await check(totpAt(key, step + 1)), true, 'next step');
    assert.equal(await check('12345'), false);
  });

  it('resynchronises a drifted device', async () => {
    const { serial, key } = await create('carol-phone');
    await h.call('CreateUser', { UserName: 'carol' });
    const step = timeStep(h.now);
    await h.call('EnableMFADevice', { UserName: 'carol', SerialNumber: serial, ...codes(key, step) });
    const verifier = createMfaVerifier(h.store);
    const drifted = step + 40;
    assert.equal(await verifier.verify({ accountId: ACCOUNT, userName: 'carol', serialNumber: serial, tokenCode: totpAt(key, drifted), now: h.now }), false);
    await h.call('ResyncMFADevice', { UserName: 'carol', SerialNumber: serial, ...codes(key, drifted) });
    h.now += 30_000;
    assert.equal(await verifier.verify({ accountId: ACCOUNT, userName: 'carol', serialNumber: serial, tokenCode: totpAt(key, drifted + 1), now: h.now }), true);
  });

  it('enables MFA for the root user when root names its own account id', async () => {
    const { serial, key } = await create('root-account-mfa-device');
    await h.call('EnableMFADevice', { UserName: ACCOUNT, SerialNumber: serial, ...codes(key, timeStep(h.now) + 1) });
    assert.deepEqual((await h.call('ListMFADevices', {})).MFADevices.map((d) => [d.UserName, d.SerialNumber]), [[ACCOUNT, serial]]);
    const v = (await h.call('ListVirtualMFADevices', {})).VirtualMFADevices.find((d) => d.SerialNumber === serial);
    assert.equal(v?.User?.Arn, `arn:aws:iam::${ACCOUNT}:root`);
    assert.equal((await h.call('GetAccountSummary', {})).SummaryMap!['AccountMFAEnabled'], 1);
    // An IAM user cannot claim the root user's devices.
    assert.equal((await h.fail('ListMFADevices', { UserName: ACCOUNT }, userPrincipal('alice'))).code, 'NoSuchEntity');
  });
});
