/**
 * Well-known IAM privilege-escalation paths (Rhino Security Labs' list and its successors), each run
 * twice through the AWS SDK: without the permission the path needs (the key step must be denied with
 * AccessDenied), and with it (the step succeeds, and the attacker then holds a privilege it did not
 * have: `iam:CreateGroup`, which no attacker policy grants).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AddUserToGroupCommand,
  AttachGroupPolicyCommand,
  AttachRolePolicyCommand,
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreateGroupCommand,
  CreateLoginProfileCommand,
  CreatePolicyCommand,
  CreatePolicyVersionCommand,
  CreateRoleCommand,
  CreateUserCommand,
  DeleteRolePermissionsBoundaryCommand,
  DeleteUserPermissionsBoundaryCommand,
  DeleteUserPolicyCommand,
  DetachUserPolicyCommand,
  PutGroupPolicyCommand,
  PutRolePermissionsBoundaryCommand,
  PutRolePolicyCommand,
  PutUserPermissionsBoundaryCommand,
  PutUserPolicyCommand,
  SetDefaultPolicyVersionCommand,
  TagUserCommand,
  UpdateAssumeRolePolicyCommand,
  UpdateLoginProfileCommand,
  UpdateRoleCommand,
} from '@aws-sdk/client-iam';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import { implementedOperations } from '../../src/protocol/service-definition.js';
import { createIamService } from '../../src/services/iam/index.js';
import type { Store } from '../../src/storage/types.js';
import { startTestServer, type TestServer } from '../helpers/rampart.js';
import { allow, doc, failure, iam, sts, userWithKey, type Creds } from './authz-support.js';

const ADMIN = 'arn:aws:iam::aws:policy/AdministratorAccess';

interface Ctx {
  readonly s: TestServer;
  readonly acct: string;
  /** Unique name prefix of this case and variant. */
  readonly n: string;
  /** The attacker's credentials (set before `attack`). */
  attacker: Creds;
}

interface Case {
  readonly title: string;
  /** IAM operations the case needs (it is a todo while one is not served). */
  readonly needs: readonly string[];
  /** Statements of the attacker's policy in both variants. */
  readonly base?: (c: Ctx) => object[];
  /** Statements only the "granted" variant has. */
  readonly grant: (c: Ctx) => object[];
  /** The attacker has AdministratorAccess capped by a boundary holding base + grant (+ Get/List). */
  readonly bounded?: boolean;
  readonly tags?: { Key: string; Value: string }[];
  readonly setup?: (c: Ctx) => Promise<void>;
  /** The escalation, as the attacker; may return the credentials the proof uses. */
  readonly attack: (c: Ctx) => Promise<Creds | void>;
  /** Shows the new privilege (default: iam:CreateGroup with the returned or the attacker's credentials). */
  readonly proof?: (c: Ctx, creds: Creds) => Promise<unknown>;
  /** The gain is the step itself (a console password); there is no API privilege to show. */
  readonly noProof?: boolean;
}

const root = (c: Ctx) => iam(c.s);
const atk = (c: Ctx) => iam(c.s, c.attacker);
const me = (c: Ctx) => `${c.n}-atk`;
const userArn = (c: Ctx, name: string) => `arn:aws:iam::${c.acct}:user/${name}`;
const roleArn = (c: Ctx, name: string) => `arn:aws:iam::${c.acct}:role/${name}`;
const trustAccount = (c: Ctx) => doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${c.acct}:root` }, Action: 'sts:AssumeRole' });
const createGroup = (creds: Creds, c: Ctx) => iam(c.s, creds).send(new CreateGroupCommand({ GroupName: `${c.n}-proof-${Math.random().toString(36).slice(2, 8)}` }));

async function assumeThen(c: Ctx, role: string, creds: Creds = c.attacker): Promise<Creds> {
  const out = await sts(c.s, creds).send(new AssumeRoleCommand({ RoleArn: roleArn(c, role), RoleSessionName: 'esc' }));
  return { accessKeyId: out.Credentials!.AccessKeyId!, secretAccessKey: out.Credentials!.SecretAccessKey!, sessionToken: out.Credentials!.SessionToken! };
}

async function roleWith(c: Ctx, name: string, opts: { admin?: boolean; boundary?: string; trust?: string; max?: number } = {}): Promise<void> {
  await root(c).send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: opts.trust ?? trustAccount(c), ...(opts.max ? { MaxSessionDuration: opts.max } : {}) }));
  if (opts.admin) await root(c).send(new AttachRolePolicyCommand({ RoleName: name, PolicyArn: ADMIN }));
  if (opts.boundary) await root(c).send(new PutRolePermissionsBoundaryCommand({ RoleName: name, PermissionsBoundary: opts.boundary }));
}

async function managed(c: Ctx, name: string, document: string): Promise<string> {
  return (await root(c).send(new CreatePolicyCommand({ PolicyName: name, PolicyDocument: document }))).Policy!.Arn!;
}

const roleProof = (role: string) => async (c: Ctx) => createGroup(await assumeThen(c, role), c);
const readOnly = doc(allow(['iam:Get*', 'iam:List*']));

const CASES: Case[] = [
  {
    title: 'iam:CreatePolicyVersion on a policy attached to oneself (SetAsDefault)',
    needs: ['CreatePolicyVersion'],
    setup: async (c) => void (await root(c).send(new AttachUserPolicyCommand({ UserName: me(c), PolicyArn: await managed(c, `${c.n}-mine`, doc(allow('iam:GetUser'))) }))),
    grant: (c) => [allow('iam:CreatePolicyVersion', `arn:aws:iam::${c.acct}:policy/${c.n}-mine`)],
    attack: async (c) => void (await atk(c).send(new CreatePolicyVersionCommand({ PolicyArn: `arn:aws:iam::${c.acct}:policy/${c.n}-mine`, PolicyDocument: doc(allow('*')), SetAsDefault: true }))),
  },
  {
    title: 'iam:SetDefaultPolicyVersion to a permissive older version',
    needs: ['SetDefaultPolicyVersion'],
    setup: async (c) => {
      const arn = await managed(c, `${c.n}-mine`, doc(allow('iam:GetUser')));
      await root(c).send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: doc(allow('*')), SetAsDefault: false }));
      await root(c).send(new AttachUserPolicyCommand({ UserName: me(c), PolicyArn: arn }));
    },
    grant: () => [allow('iam:SetDefaultPolicyVersion')],
    attack: async (c) => void (await atk(c).send(new SetDefaultPolicyVersionCommand({ PolicyArn: `arn:aws:iam::${c.acct}:policy/${c.n}-mine`, VersionId: 'v2' }))),
  },
  {
    title: 'iam:AttachUserPolicy of AdministratorAccess to oneself',
    needs: ['AttachUserPolicy'],
    grant: (c) => [allow('iam:AttachUserPolicy', userArn(c, me(c)))],
    attack: async (c) => void (await atk(c).send(new AttachUserPolicyCommand({ UserName: me(c), PolicyArn: ADMIN }))),
  },
  {
    title: 'iam:AttachGroupPolicy to one\'s own group',
    needs: ['AttachGroupPolicy', 'AddUserToGroup'],
    setup: async (c) => {
      await root(c).send(new CreateGroupCommand({ GroupName: `${c.n}-g` }));
      await root(c).send(new AddUserToGroupCommand({ GroupName: `${c.n}-g`, UserName: me(c) }));
    },
    grant: (c) => [allow('iam:AttachGroupPolicy', `arn:aws:iam::${c.acct}:group/${c.n}-g`)],
    attack: async (c) => void (await atk(c).send(new AttachGroupPolicyCommand({ GroupName: `${c.n}-g`, PolicyArn: ADMIN }))),
  },
  {
    title: 'iam:AttachRolePolicy to a role one can assume',
    needs: ['AttachRolePolicy'],
    setup: (c) => roleWith(c, `${c.n}-r`),
    grant: (c) => [allow('iam:AttachRolePolicy', roleArn(c, `${c.n}-r`))],
    attack: async (c) => void (await atk(c).send(new AttachRolePolicyCommand({ RoleName: `${c.n}-r`, PolicyArn: ADMIN }))),
    proof: (c) => roleProof(`${c.n}-r`)(c),
  },
  {
    title: 'iam:PutUserPolicy on oneself',
    needs: ['PutUserPolicy'],
    grant: (c) => [allow('iam:PutUserPolicy', userArn(c, me(c)))],
    attack: async (c) => void (await atk(c).send(new PutUserPolicyCommand({ UserName: me(c), PolicyName: 'esc', PolicyDocument: doc(allow('*')) }))),
  },
  {
    title: 'iam:PutGroupPolicy on one\'s own group',
    needs: ['PutGroupPolicy'],
    setup: async (c) => {
      await root(c).send(new CreateGroupCommand({ GroupName: `${c.n}-g` }));
      await root(c).send(new AddUserToGroupCommand({ GroupName: `${c.n}-g`, UserName: me(c) }));
    },
    grant: (c) => [allow('iam:PutGroupPolicy', `arn:aws:iam::${c.acct}:group/${c.n}-g`)],
    attack: async (c) => void (await atk(c).send(new PutGroupPolicyCommand({ GroupName: `${c.n}-g`, PolicyName: 'esc', PolicyDocument: doc(allow('*')) }))),
  },
  {
    title: 'iam:PutRolePolicy on a role one can assume',
    needs: ['PutRolePolicy'],
    setup: (c) => roleWith(c, `${c.n}-r`),
    grant: (c) => [allow('iam:PutRolePolicy', roleArn(c, `${c.n}-r`))],
    attack: async (c) => void (await atk(c).send(new PutRolePolicyCommand({ RoleName: `${c.n}-r`, PolicyName: 'esc', PolicyDocument: doc(allow('*')) }))),
    proof: (c) => roleProof(`${c.n}-r`)(c),
  },
  {
    title: 'iam:AddUserToGroup: joining an administrators group',
    needs: ['AddUserToGroup', 'AttachGroupPolicy'],
    setup: async (c) => {
      await root(c).send(new CreateGroupCommand({ GroupName: `${c.n}-admins` }));
      await root(c).send(new AttachGroupPolicyCommand({ GroupName: `${c.n}-admins`, PolicyArn: ADMIN }));
    },
    grant: (c) => [allow('iam:AddUserToGroup', `arn:aws:iam::${c.acct}:group/${c.n}-admins`)],
    attack: async (c) => void (await atk(c).send(new AddUserToGroupCommand({ GroupName: `${c.n}-admins`, UserName: me(c) }))),
  },
  {
    title: 'iam:UpdateAssumeRolePolicy: making an admin role trust oneself',
    needs: ['UpdateAssumeRolePolicy'],
    setup: (c) => roleWith(c, `${c.n}-priv`, { admin: true, trust: doc({ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }) }),
    grant: (c) => [allow('iam:UpdateAssumeRolePolicy', roleArn(c, `${c.n}-priv`))],
    attack: async (c) => void (await atk(c).send(new UpdateAssumeRolePolicyCommand({ RoleName: `${c.n}-priv`, PolicyDocument: trustAccount(c) }))),
    proof: (c) => roleProof(`${c.n}-priv`)(c),
  },
  {
    title: 'iam:CreateAccessKey for another (administrator) user',
    needs: ['CreateAccessKey'],
    setup: async (c) => void (await userWithKey(c.s, `${c.n}-victim`, { attach: [ADMIN] })),
    grant: (c) => [allow('iam:CreateAccessKey', userArn(c, `${c.n}-victim`))],
    attack: async (c) => {
      const k = await atk(c).send(new CreateAccessKeyCommand({ UserName: `${c.n}-victim` }));
      return { accessKeyId: k.AccessKey!.AccessKeyId!, secretAccessKey: k.AccessKey!.SecretAccessKey! };
    },
  },
  {
    title: 'iam:CreateLoginProfile for another user (console password)',
    needs: ['CreateLoginProfile'],
    setup: async (c) => void (await root(c).send(new CreateUserCommand({ UserName: `${c.n}-victim` }))),
    grant: (c) => [allow('iam:CreateLoginProfile', userArn(c, `${c.n}-victim`))],
    attack: async (c) => void (await atk(c).send(new CreateLoginProfileCommand({ UserName: `${c.n}-victim`, Password: 'Esc-4lation-Passw0rd!' }))),
    noProof: true,
  },
  {
    title: 'iam:UpdateLoginProfile for another user (console password reset)',
    needs: ['CreateLoginProfile', 'UpdateLoginProfile'],
    setup: async (c) => {
      await root(c).send(new CreateUserCommand({ UserName: `${c.n}-victim` }));
      await root(c).send(new CreateLoginProfileCommand({ UserName: `${c.n}-victim`, Password: 'Original-Passw0rd!' }));
    },
    grant: (c) => [allow('iam:UpdateLoginProfile', userArn(c, `${c.n}-victim`))],
    attack: async (c) => void (await atk(c).send(new UpdateLoginProfileCommand({ UserName: `${c.n}-victim`, Password: 'Esc-4lation-Passw0rd!' }))),
    noProof: true,
  },
  {
    title: 'iam:DeleteUserPermissionsBoundary on oneself',
    needs: ['DeleteUserPermissionsBoundary'],
    bounded: true,
    grant: (c) => [allow('iam:DeleteUserPermissionsBoundary', userArn(c, me(c)))],
    attack: async (c) => void (await atk(c).send(new DeleteUserPermissionsBoundaryCommand({ UserName: me(c) }))),
  },
  {
    title: 'iam:PutUserPermissionsBoundary on oneself with a permissive policy',
    needs: ['PutUserPermissionsBoundary'],
    bounded: true,
    setup: async (c) => void (await managed(c, `${c.n}-open`, doc(allow('*')))),
    grant: (c) => [allow('iam:PutUserPermissionsBoundary', userArn(c, me(c)))],
    attack: async (c) => void (await atk(c).send(new PutUserPermissionsBoundaryCommand({ UserName: me(c), PermissionsBoundary: `arn:aws:iam::${c.acct}:policy/${c.n}-open` }))),
  },
  {
    title: 'iam:DeleteRolePermissionsBoundary on an assumable administrator role',
    needs: ['DeleteRolePermissionsBoundary'],
    setup: async (c) => roleWith(c, `${c.n}-r`, { admin: true, boundary: await managed(c, `${c.n}-ro`, readOnly) }),
    grant: (c) => [allow('iam:DeleteRolePermissionsBoundary', roleArn(c, `${c.n}-r`))],
    attack: async (c) => void (await atk(c).send(new DeleteRolePermissionsBoundaryCommand({ RoleName: `${c.n}-r` }))),
    proof: (c) => roleProof(`${c.n}-r`)(c),
  },
  {
    title: 'iam:PutRolePermissionsBoundary replacing an assumable role\'s boundary',
    needs: ['PutRolePermissionsBoundary'],
    setup: async (c) => {
      await managed(c, `${c.n}-open`, doc(allow('*')));
      await roleWith(c, `${c.n}-r`, { admin: true, boundary: await managed(c, `${c.n}-ro`, readOnly) });
    },
    grant: (c) => [allow('iam:PutRolePermissionsBoundary', roleArn(c, `${c.n}-r`))],
    attack: async (c) => void (await atk(c).send(new PutRolePermissionsBoundaryCommand({ RoleName: `${c.n}-r`, PermissionsBoundary: `arn:aws:iam::${c.acct}:policy/${c.n}-open` }))),
    proof: (c) => roleProof(`${c.n}-r`)(c),
  },
  {
    title: 'iam:CreateRole + iam:AttachRolePolicy, then sts:AssumeRole',
    needs: ['CreateRole', 'AttachRolePolicy'],
    grant: () => [allow(['iam:CreateRole', 'iam:AttachRolePolicy'])],
    attack: async (c) => {
      await atk(c).send(new CreateRoleCommand({ RoleName: `${c.n}-mine`, AssumeRolePolicyDocument: trustAccount(c) }));
      await atk(c).send(new AttachRolePolicyCommand({ RoleName: `${c.n}-mine`, PolicyArn: ADMIN }));
    },
    proof: (c) => roleProof(`${c.n}-mine`)(c),
  },
  {
    title: 'iam:CreateUser + iam:AttachUserPolicy + iam:CreateAccessKey: a new administrator',
    needs: ['CreateUser', 'AttachUserPolicy', 'CreateAccessKey'],
    grant: () => [allow(['iam:CreateUser', 'iam:AttachUserPolicy', 'iam:CreateAccessKey'])],
    attack: async (c) => {
      await atk(c).send(new CreateUserCommand({ UserName: `${c.n}-new` }));
      await atk(c).send(new AttachUserPolicyCommand({ UserName: `${c.n}-new`, PolicyArn: ADMIN }));
      const k = await atk(c).send(new CreateAccessKeyCommand({ UserName: `${c.n}-new` }));
      return { accessKeyId: k.AccessKey!.AccessKeyId!, secretAccessKey: k.AccessKey!.SecretAccessKey! };
    },
  },
  {
    title: 'iam:UpdateRole raising MaxSessionDuration (longer-lived stolen sessions)',
    needs: ['UpdateRole'],
    setup: (c) => roleWith(c, `${c.n}-r`),
    grant: (c) => [allow('iam:UpdateRole', roleArn(c, `${c.n}-r`))],
    attack: async (c) => void (await atk(c).send(new UpdateRoleCommand({ RoleName: `${c.n}-r`, MaxSessionDuration: 43200 }))),
    proof: (c) => sts(c.s, c.attacker).send(new AssumeRoleCommand({ RoleArn: roleArn(c, `${c.n}-r`), RoleSessionName: 'long', DurationSeconds: 43200 })),
  },
  {
    title: 'iam:TagUser to satisfy an ABAC condition, then CreateAccessKey for an administrator',
    needs: ['TagUser', 'CreateAccessKey'],
    tags: [{ Key: 'team', Value: 'blue' }],
    base: () => [allow('iam:CreateAccessKey', '*', { StringEquals: { 'aws:ResourceTag/team': '${aws:PrincipalTag/team}' } })],
    setup: async (c) => void (await userWithKey(c.s, `${c.n}-victim`, { attach: [ADMIN] })),
    grant: (c) => [allow('iam:TagUser', userArn(c, `${c.n}-victim`))],
    attack: async (c) => {
      await atk(c).send(new TagUserCommand({ UserName: `${c.n}-victim`, Tags: [{ Key: 'team', Value: 'blue' }] }));
      const k = await atk(c).send(new CreateAccessKeyCommand({ UserName: `${c.n}-victim` }));
      return { accessKeyId: k.AccessKey!.AccessKeyId!, secretAccessKey: k.AccessKey!.SecretAccessKey! };
    },
  },
  {
    title: 'iam:DetachUserPolicy removing one\'s own explicit deny',
    needs: ['DetachUserPolicy'],
    base: () => [allow('iam:CreateGroup')],
    setup: async (c) => void (await root(c).send(new AttachUserPolicyCommand({ UserName: me(c), PolicyArn: await managed(c, `${c.n}-deny`, doc({ Effect: 'Deny', Action: 'iam:CreateGroup', Resource: '*' })) }))),
    grant: (c) => [allow('iam:DetachUserPolicy', userArn(c, me(c)))],
    attack: async (c) => void (await atk(c).send(new DetachUserPolicyCommand({ UserName: me(c), PolicyArn: `arn:aws:iam::${c.acct}:policy/${c.n}-deny` }))),
  },
  {
    title: 'iam:DeleteUserPolicy removing one\'s own inline deny',
    needs: ['DeleteUserPolicy'],
    base: () => [allow('iam:CreateGroup')],
    setup: async (c) => void (await root(c).send(new PutUserPolicyCommand({ UserName: me(c), PolicyName: 'deny', PolicyDocument: doc({ Effect: 'Deny', Action: 'iam:CreateGroup', Resource: '*' }) }))),
    grant: (c) => [allow('iam:DeleteUserPolicy', userArn(c, me(c)))],
    attack: async (c) => void (await atk(c).send(new DeleteUserPolicyCommand({ UserName: me(c), PolicyName: 'deny' }))),
  },
];

describe('IAM privilege escalation paths: denied without the permission, effective with it', () => {
  let s: TestServer;
  // Operations IAM serves today; a case that needs another one runs as a todo until IAM serves it.
  const served = new Set(implementedOperations(createIamService({ store: null as unknown as Store }).definition));
  before(async () => {
    s = await startTestServer();
  });
  after(async () => s.close());

  CASES.forEach((k, i) => {
    for (const variant of ['denied', 'granted'] as const) {
      const missing = k.needs.filter((op) => !served.has(op));
      const todo = missing.length ? `IAM does not serve ${missing.join(', ')} yet` : undefined;
      it(`${String(i + 1).padStart(2, '0')} ${k.title} (${variant})`, { ...(todo ? { todo } : {}) }, async () => {
        const c: Ctx = { s, acct: s.accountId, n: `e${i + 1}${variant[0]}`, attacker: s.credentials };
        const statements = [allow('sts:AssumeRole'), ...(k.base?.(c) ?? []), ...(variant === 'granted' ? k.grant(c) : [])];
        if (k.bounded) {
          const boundary = await managed(c, `${c.n}-boundary`, doc(...statements, allow(['iam:Get*', 'iam:List*'])));
          await root(c).send(new CreateUserCommand({ UserName: me(c), PermissionsBoundary: boundary }));
          c.attacker = await userWithKeyFor(c, me(c));
          await root(c).send(new AttachUserPolicyCommand({ UserName: me(c), PolicyArn: ADMIN }));
        } else {
          c.attacker = await userWithKey(s, me(c), { policy: doc(...statements), ...(k.tags ? { tags: k.tags } : {}) });
        }
        await k.setup?.(c);
        const proof = (creds: Creds) => (k.proof ? k.proof(c, creds) : createGroup(creds, c));
        if (variant === 'denied') {
          const e = await failure(k.attack(c));
          assert.equal(e.name, 'AccessDenied', e.message);
          assert.match(e.message, new RegExp(`^User: arn:aws:iam::${s.accountId}:user/${me(c)} is not authorized to perform: iam:`));
          return;
        }
        if (!k.noProof) await failure(proof(c.attacker));
        const creds = (await k.attack(c)) ?? c.attacker;
        if (!k.noProof) await proof(creds);
      });
    }
  });
});

async function userWithKeyFor(c: Ctx, name: string): Promise<Creds> {
  const k = await root(c).send(new CreateAccessKeyCommand({ UserName: name }));
  return { accessKeyId: k.AccessKey!.AccessKeyId!, secretAccessKey: k.AccessKey!.SecretAccessKey! };
}

