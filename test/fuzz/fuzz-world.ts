/**
 * The account the model-driven fuzzer works in: six caller kinds (root; an IAM user without policies;
 * an IAM user with AdministratorAccess; a role session from AssumeRole; GetSessionToken (with MFA)
 * and GetFederationToken credentials) and a pool of entities the generated requests may read, change
 * and delete. The callers' own entities are never in the pool, so no generated request can take
 * a caller's permissions or keys away.
 */
import {
  AddRoleToInstanceProfileCommand,
  AddUserToGroupCommand,
  AttachRolePolicyCommand,
  CreateAccessKeyCommand,
  CreateGroupCommand,
  CreateInstanceProfileCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  CreateVirtualMFADeviceCommand,
  EnableMFADeviceCommand,
  IAMServiceException,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import { AssumeRoleCommand, GetFederationTokenCommand, GetSessionTokenCommand, type Credentials } from '@aws-sdk/client-sts';
import * as OTPAuth from 'otpauth';
import type { TestServer } from '../helpers/rampart.js';
import { allow, doc, iam, sts, userWithKey, type Creds } from '../e2e/authz-support.js';
import type { FuzzWorld } from './fuzz-values.js';

/** The caller kinds every operation is sent as. */
export const CALLER_KINDS = ['root', 'user', 'admin', 'role-session', 'session-token', 'federation-token'] as const;

/** One caller kind. */
export type CallerKind = (typeof CALLER_KINDS)[number];

const ADMIN = 'arn:aws:iam::aws:policy/AdministratorAccess';

function temporary(c: Credentials | undefined): Creds {
  return { accessKeyId: c!.AccessKeyId!, secretAccessKey: c!.SecretAccessKey!, sessionToken: c!.SessionToken! };
}

/** Creates the callers (names `fz-caller-*`, outside the pool) and returns their credentials. */
export async function createCallers(s: TestServer): Promise<Record<CallerKind, Creds>> {
  const user = await userWithKey(s, 'fz-caller-plain');
  const admin = await userWithKey(s, 'fz-caller-admin', { attach: [ADMIN] });
  const trust = doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${s.accountId}:root` }, Action: 'sts:AssumeRole' });
  await iam(s).send(new CreateRoleCommand({ RoleName: 'fz-caller-role', AssumeRolePolicyDocument: trust }));
  await iam(s).send(new AttachRolePolicyCommand({ RoleName: 'fz-caller-role', PolicyArn: ADMIN }));
  const assumed = await sts(s, admin).send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${s.accountId}:role/fz-caller-role`, RoleSessionName: 'fuzz', DurationSeconds: 3600 }));
  // With MFA: GetSessionToken credentials without it may call no IAM operation at all.
  const device = await iam(s).send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'fz-caller-admin-mfa' }));
  const serial = device.VirtualMFADevice!.SerialNumber!;
  const totp = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(new TextDecoder().decode(device.VirtualMFADevice!.Base32StringSeed)), algorithm: 'SHA1', digits: 6, period: 30 });
  const code = (steps: number) => totp.generate({ timestamp: Date.now() + steps * 30_000 });
  await iam(s).send(new EnableMFADeviceCommand({ UserName: 'fz-caller-admin', SerialNumber: serial, AuthenticationCode1: code(-1), AuthenticationCode2: code(0) }));
  const session = await sts(s, admin).send(new GetSessionTokenCommand({ DurationSeconds: 3600, SerialNumber: serial, TokenCode: code(1) }));
  const federated = await sts(s, admin).send(new GetFederationTokenCommand({ Name: 'fuzz', Policy: doc(allow('*')), DurationSeconds: 3600 }));
  return {
    root: s.credentials,
    user,
    admin,
    'role-session': temporary(assumed.Credentials),
    'session-token': temporary(session.Credentials),
    'federation-token': temporary(federated.Credentials),
  };
}

/**
 * Creates the pool of fuzzable entities (with paths, attachments and a key) and describes it.
 * Called again during a run (`replenishPool`) it puts back what generated requests deleted.
 */
export async function createPool(s: TestServer): Promise<FuzzWorld> {
  const arn = (resource: string) => `arn:aws:iam::${s.accountId}:${resource}`;
  await replenishPool(s);
  const key = await iam(s).send(new CreateAccessKeyCommand({ UserName: 'fz-u1' }));
  return {
    accountId: s.accountId,
    names: {
      user: ['fz-u1', 'fz-u2', 'FZ-U1', 'fz-u3'],
      group: ['fz-g1', 'fz-g2'],
      role: ['fz-r1', 'fz-r2', 'fz-r3'],
      'instance-profile': ['fz-ip1', 'fz-ip2'],
      policy: ['fz-p1', 'fz-p2', 'fz-inline', 'fz-p3'],
      mfa: ['fz-mfa', 'fz-mfa2'],
    },
    accessKeyIds: [key.AccessKey!.AccessKeyId!],
    arns: {
      user: [arn('user/fz-u1'), arn('user/a/b/fz-u2')],
      group: [arn('group/fz-g1')],
      role: [arn('role/fz-r1'), arn('role/service-role/fz-r2')],
      'instance-profile': [arn('instance-profile/fz-ip1')],
      policy: [arn('policy/fz-p1'), arn('policy/a/b/fz-p2'), 'arn:aws:iam::aws:policy/ReadOnlyAccess', 'arn:aws:iam::aws:policy/AdministratorAccess'],
      mfa: [arn('mfa/fz-mfa')],
    },
  };
}

/** (Re)creates the pool's entities, attachments and memberships; what exists already is left as it is. */
export async function replenishPool(s: TestServer): Promise<void> {
  const root = iam(s);
  const trust = doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${s.accountId}:root` }, Action: 'sts:AssumeRole' });
  const steps: (() => Promise<unknown>)[] = [
    () => root.send(new CreateUserCommand({ UserName: 'fz-u1' })),
    () => root.send(new CreateUserCommand({ UserName: 'fz-u2', Path: '/a/b/' })),
    () => root.send(new PutUserPolicyCommand({ UserName: 'fz-u1', PolicyName: 'fz-inline', PolicyDocument: doc(allow('iam:Get*')) })),
    () => root.send(new CreateGroupCommand({ GroupName: 'fz-g1' })),
    () => root.send(new AddUserToGroupCommand({ GroupName: 'fz-g1', UserName: 'fz-u1' })),
    () => root.send(new CreateRoleCommand({ RoleName: 'fz-r1', AssumeRolePolicyDocument: trust })),
    () => root.send(new CreateRoleCommand({ RoleName: 'fz-r2', Path: '/service-role/', AssumeRolePolicyDocument: trust })),
    () => root.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'fz-ip1' })),
    () => root.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'fz-ip1', RoleName: 'fz-r1' })),
    () => root.send(new CreatePolicyCommand({ PolicyName: 'fz-p1', PolicyDocument: doc(allow('s3:*')) })),
    () => root.send(new CreatePolicyCommand({ PolicyName: 'fz-p2', Path: '/a/b/', PolicyDocument: doc(allow('iam:List*')) })),
    () => root.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'fz-mfa' })),
  ];
  for (const step of steps) {
    await step().catch((e: unknown) => {
      // Already there (or, after generated requests, in a state that refuses the step): keep going.
      if (!(e instanceof IAMServiceException) || (e.$metadata.httpStatusCode ?? 500) >= 500) throw e;
    });
  }
}
