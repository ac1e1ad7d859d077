/**
 * Virtual MFA end to end with @aws-sdk/client-iam and the otpauth package as the "phone": the seed
 * read from CreateVirtualMFADevice generates the codes that enable the device and that STS
 * GetSessionToken / AssumeRole accept (once); root MFA shows in GetAccountSummary and the
 * credential report.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CreateAccessKeyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  CreateVirtualMFADeviceCommand,
  DeactivateMFADeviceCommand,
  DeleteVirtualMFADeviceCommand,
  EnableMFADeviceCommand,
  GenerateCredentialReportCommand,
  GetAccountSummaryCommand,
  GetCredentialReportCommand,
  IAMClient,
  ListMFADevicesCommand,
  ListVirtualMFADevicesCommand,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import { AssumeRoleCommand, GetSessionTokenCommand, STSClient } from '@aws-sdk/client-sts';
import * as OTPAuth from 'otpauth';
import { startTestServer, type TestServer } from '../helpers/rampart.js';

type Creds = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };

describe('virtual MFA devices through the AWS SDK', () => {
  let s: TestServer;
  let iam: IAMClient;
  let alice: Creds;
  before(async () => {
    s = await startTestServer();
    iam = new IAMClient({ endpoint: s.url, region: 'us-east-1', credentials: s.credentials, maxAttempts: 1 });
    await iam.send(new CreateUserCommand({ UserName: 'alice' }));
    const key = await iam.send(new CreateAccessKeyCommand({ UserName: 'alice' }));
    alice = { accessKeyId: key.AccessKey!.AccessKeyId!, secretAccessKey: key.AccessKey!.SecretAccessKey! };
  });
  after(async () => s.close());

  const sts = (c: Creds) => new STSClient({ endpoint: s.url, region: 'us-east-1', credentials: c, maxAttempts: 1 });
  async function failure(p: Promise<unknown>): Promise<{ name: string; message: string; $metadata: { httpStatusCode?: number } }> {
    const e = await p.then(
      () => undefined,
      (err: unknown) => err,
    );
    assert.ok(e instanceof Error, 'expected a failure');
    return e as never;
  }

  /** Creates a device and returns its serial number and an otpauth TOTP generator for its seed. */
  async function newDevice(name: string): Promise<{ serial: string; totp: OTPAuth.TOTP }> {
    const out = await iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: name }));
    const d = out.VirtualMFADevice!;
    assert.deepEqual([...d.QRCodePNG!.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const secret = new TextDecoder().decode(d.Base32StringSeed);
    return { serial: d.SerialNumber!, totp: new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30 }) };
  }
  const at = (totp: OTPAuth.TOTP, offsetSteps: number) => totp.generate({ timestamp: Date.now() + offsetSteps * 30_000 });

  it('enables a device with two consecutive codes and lists it', async () => {
    const { serial, totp } = await newDevice('alice-phone');
    assert.equal(serial, `arn:aws:iam::${s.accountId}:mfa/alice-phone`);
    const bad = await failure(iam.send(new EnableMFADeviceCommand({ UserName: 'alice', SerialNumber: serial, AuthenticationCode1: '123456', AuthenticationCode2: '654321' })));
    assert.deepEqual([bad.name, bad.message, bad.$metadata.httpStatusCode], ['InvalidAuthenticationCodeException', 'Authentication code for device is not valid.', 403]);
    await iam.send(new EnableMFADeviceCommand({ UserName: 'alice', SerialNumber: serial, AuthenticationCode1: at(totp, -1), AuthenticationCode2: at(totp, 0) }));
    const listed = await iam.send(new ListMFADevicesCommand({ UserName: 'alice' }));
    assert.deepEqual(listed.MFADevices?.map((d) => [d.UserName, d.SerialNumber]), [['alice', serial]]);
    assert.ok(listed.MFADevices?.[0]?.EnableDate instanceof Date);
    const virtual = await iam.send(new ListVirtualMFADevicesCommand({ AssignmentStatus: 'Assigned' }));
    assert.equal(virtual.VirtualMFADevices?.[0]?.User?.UserName, 'alice');

    // STS accepts a fresh code of the device once; the same code again is refused.
    const code = at(totp, 1);
    const session = await sts(alice).send(new GetSessionTokenCommand({ SerialNumber: serial, TokenCode: code }));
    assert.match(session.Credentials?.AccessKeyId ?? '', /^ASIA/);
    const replay = await failure(sts(alice).send(new GetSessionTokenCommand({ SerialNumber: serial, TokenCode: code })));
    assert.equal(replay.$metadata.httpStatusCode, 403);
    await failure(sts(alice).send(new GetSessionTokenCommand({ SerialNumber: `arn:aws:iam::${s.accountId}:mfa/nope`, TokenCode: at(totp, 0) })));

    // A role whose trust policy requires MFA can be assumed with a (second) device of the user.
    const second = await newDevice('alice-laptop');
    await iam.send(new EnableMFADeviceCommand({ UserName: 'alice', SerialNumber: second.serial, AuthenticationCode1: at(second.totp, -1), AuthenticationCode2: at(second.totp, 0) }));
    const trust = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::${s.accountId}:root"},"Action":"sts:AssumeRole","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}}]}`;
    const role = await iam.send(new CreateRoleCommand({ RoleName: 'NeedsMfa', AssumeRolePolicyDocument: trust }));
    await iam.send(new PutUserPolicyCommand({ UserName: 'alice', PolicyName: 'assume', PolicyDocument: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"${role.Role!.Arn}"}]}` }));
    await failure(sts(alice).send(new AssumeRoleCommand({ RoleArn: role.Role!.Arn!, RoleSessionName: 'no-mfa' })));
    const assumed = await sts(alice).send(new AssumeRoleCommand({ RoleArn: role.Role!.Arn!, RoleSessionName: 'with-mfa', SerialNumber: second.serial, TokenCode: at(second.totp, 1) }));
    assert.ok(assumed.Credentials?.SessionToken);
    await iam.send(new DeactivateMFADeviceCommand({ UserName: 'alice', SerialNumber: second.serial }));
    await iam.send(new DeleteVirtualMFADeviceCommand({ SerialNumber: second.serial }));

    assert.equal((await failure(iam.send(new DeleteVirtualMFADeviceCommand({ SerialNumber: serial })))).name, 'DeleteConflictException');
    await iam.send(new DeactivateMFADeviceCommand({ UserName: 'alice', SerialNumber: serial }));
    assert.deepEqual((await iam.send(new ListMFADevicesCommand({ UserName: 'alice' }))).MFADevices, []);
    await iam.send(new DeleteVirtualMFADeviceCommand({ SerialNumber: serial }));
  });

  it('enables MFA for the root user: GetAccountSummary and the credential report show it', async () => {
    const before = await iam.send(new GetAccountSummaryCommand({}));
    assert.equal(before.SummaryMap?.['AccountMFAEnabled'], 0);
    const { serial, totp } = await newDevice('root-account-mfa-device');
    await iam.send(new EnableMFADeviceCommand({ UserName: s.accountId, SerialNumber: serial, AuthenticationCode1: at(totp, -1), AuthenticationCode2: at(totp, 0) }));
    const summary = await iam.send(new GetAccountSummaryCommand({}));
    assert.equal(summary.SummaryMap?.['AccountMFAEnabled'], 1);
    assert.equal(summary.SummaryMap?.['MFADevicesInUse'], 1);
    const listed = await iam.send(new ListVirtualMFADevicesCommand({}));
    assert.equal(listed.VirtualMFADevices?.find((d) => d.SerialNumber === serial)?.User?.Arn, `arn:aws:iam::${s.accountId}:root`);

    await iam.send(new GenerateCredentialReportCommand({}));
    const report = await iam.send(new GetCredentialReportCommand({}));
    const [header, ...rows] = new TextDecoder().decode(report.Content).split('\n').map((l) => l.split(','));
    const mfa = header!.indexOf('mfa_active');
    assert.deepEqual(rows.map((r) => [r[0], r[mfa]]), [
      ['<root_account>', 'true'],
      ['alice', 'false'],
    ]);
    // The root user's own device verifies STS codes for root credentials.
    const root = await sts(s.credentials).send(new GetSessionTokenCommand({ SerialNumber: serial, TokenCode: at(totp, 1) }));
    assert.ok(root.Credentials?.SessionToken);
  });
});
