import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createAuthorization, type AuthzCaller, type RequestFacts } from '../../../authz/index.js';
import { isAwsError } from '../../../shared/aws-error.js';
import { rsaKeys, selfSigned } from '../certs/cert-material.test.js';
import { createIdentitySource } from '../identity-source.js';
import { ACCOUNT, openHarness, type Harness } from '../test-harness.js';
import { iamAuthorization } from './operation-rules.js';

const IAM = { prefix: 'iam', protocol: 'query' } as const;
const doc = (...statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });
const allow = (Action: string | string[], Resource: string | string[] = '*', Condition?: object) => ({ Effect: 'Allow', Action, Resource, ...(Condition ? { Condition } : {}) });
const arn = (rest: string) => `arn:aws:iam::${ACCOUNT}:${rest}`;

let h: Harness;
let authorize: (op: string, input: Record<string, unknown>, caller: AuthzCaller) => Promise<void>;
let n = 0;

async function userCaller(name: string, policy: string): Promise<AuthzCaller> {
  const { User } = await h.call('CreateUser', { UserName: name });
  await h.call('PutUserPolicy', { UserName: name, PolicyName: 'p', PolicyDocument: policy });
  return { accessKeyId: `AKIACERT${String(++n).padStart(12, '0')}`, principal: { accountId: ACCOUNT, arn: User!.Arn!, userId: User!.UserId!, type: 'user' } };
}

async function deniedResource(p: Promise<unknown>): Promise<string | undefined> {
  const e = await p.then(() => undefined, (x: unknown) => x);
  assert.ok(isAwsError(e) && e.code === 'AccessDenied', `expected AccessDenied, got ${String(e)}`);
  return / on resource: (\S+)/.exec(e.message)?.[1];
}

before(async () => {
  h = await openHarness();
  h.now = Date.now();
  const authz = createAuthorization(h.store, { identity: createIdentitySource(h.store), services: [iamAuthorization(h.store)] });
  const facts: RequestFacts = { now: h.now, sourceIp: '203.0.113.7', secureTransport: false, region: 'us-east-1' };
  authorize = (op, input, caller) => authz.authorizer.authorizeOperation(IAM, op, input, caller, facts);
  const keys = await rsaKeys();
  await h.call('UploadServerCertificate', { ServerCertificateName: 'Web', Path: '/cf/', CertificateBody: await selfSigned(keys), PrivateKey: keys.privatePem });
});
after(() => h.close());

describe('IAM authorization of certificate and credential operations', () => {
  it('server certificates are authorized on their canonical ARN, whatever case the request uses', async () => {
    const c = await userCaller('certs', doc(allow(['iam:GetServerCertificate', 'iam:DeleteServerCertificate'], arn('server-certificate/cf/Web'))));
    await authorize('GetServerCertificate', { ServerCertificateName: 'WEB' }, c);
    const d = await userCaller('pathless', doc(allow('iam:GetServerCertificate', arn('server-certificate/web'))));
    assert.equal(await deniedResource(authorize('GetServerCertificate', { ServerCertificateName: 'web' }, d)), arn('server-certificate/cf/Web'));
  });

  it('UpdateServerCertificate needs the source and the target', async () => {
    const c = await userCaller('mover', doc(allow('iam:UpdateServerCertificate', arn('server-certificate/cf/*'))));
    await authorize('UpdateServerCertificate', { ServerCertificateName: 'web', NewServerCertificateName: 'site' }, c);
    assert.equal(await deniedResource(authorize('UpdateServerCertificate', { ServerCertificateName: 'web', NewPath: '/x/' }, c)), arn('server-certificate/x/Web'));
  });

  it('service credentials carry iam:ServiceSpecificCredentialServiceName, from the request or the stored credential', async () => {
    const only = { StringEquals: { 'iam:ServiceSpecificCredentialServiceName': 'codecommit.amazonaws.com' } };
    const c = await userCaller('gituser', doc(allow(['iam:CreateServiceSpecificCredential', 'iam:DeleteServiceSpecificCredential'], '*', only)));
    await authorize('CreateServiceSpecificCredential', { UserName: 'gituser', ServiceName: 'codecommit.amazonaws.com' }, c);
    await deniedResource(authorize('CreateServiceSpecificCredential', { UserName: 'gituser', ServiceName: 'cassandra.amazonaws.com' }, c));
    const k = await h.call('CreateServiceSpecificCredential', { UserName: 'gituser', ServiceName: 'cassandra.amazonaws.com' });
    await deniedResource(authorize('DeleteServiceSpecificCredential', { ServiceSpecificCredentialId: k.ServiceSpecificCredential!.ServiceSpecificCredentialId }, c));
  });

  it('listing every user\'s credentials needs more than permission on one\'s own user', async () => {
    const c = await userCaller('lister', doc(allow('iam:ListServiceSpecificCredentials', arn('user/${aws:username}'))));
    await authorize('ListServiceSpecificCredentials', {}, c);
    assert.equal(await deniedResource(authorize('ListServiceSpecificCredentials', { AllUsers: true }, c)), arn('user/*'));
  });

  it('SSH keys and signing certificates are authorized on the user they belong to', async () => {
    const c = await userCaller('self', doc(allow(['iam:UploadSSHPublicKey', 'iam:ListSigningCertificates'], arn('user/${aws:username}'))));
    await authorize('ListSigningCertificates', {}, c);
    await authorize('UploadSSHPublicKey', { UserName: 'SELF', SSHPublicKeyBody: 'x' }, c);
    assert.equal(await deniedResource(authorize('UploadSSHPublicKey', { UserName: 'certs', SSHPublicKeyBody: 'x' }, c)), arn('user/certs'));
  });
});
