import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  CreateServiceSpecificCredentialCommand,
  CreateUserCommand,
  DeleteServerCertificateCommand,
  DeleteServiceSpecificCredentialCommand,
  DeleteSigningCertificateCommand,
  DeleteSSHPublicKeyCommand,
  DeleteUserCommand,
  GetServerCertificateCommand,
  GetSSHPublicKeyCommand,
  IAMClient,
  ListServerCertificatesCommand,
  ListServerCertificateTagsCommand,
  ListServiceSpecificCredentialsCommand,
  ListSigningCertificatesCommand,
  ListSSHPublicKeysCommand,
  ResetServiceSpecificCredentialCommand,
  TagServerCertificateCommand,
  UntagServerCertificateCommand,
  UpdateServerCertificateCommand,
  UpdateServiceSpecificCredentialCommand,
  UpdateSigningCertificateCommand,
  UpdateSSHPublicKeyCommand,
  UploadServerCertificateCommand,
  UploadSigningCertificateCommand,
  UploadSSHPublicKeyCommand,
} from '@aws-sdk/client-iam';
import { opensshRsa, rsaKeys, selfSigned, type TestKeys } from '../../src/services/iam/certs/cert-material.test.js';
import { failure } from '../helpers/iam-failure.js';
import { pythonWithBoto3 } from '../helpers/python.js';
import { awsEnv, startTestServer, type TestServer } from '../helpers/rampart.js';
import { runAsync } from '../helpers/run-async.js';

describe('IAM certificates and keys through the SDK v3, the AWS CLI and boto3 (as root)', () => {
  let s: TestServer;
  let iam: IAMClient;
  let keys: TestKeys;
  let other: TestKeys;
  let body: string;
  let dir: string;
  before(async () => {
    s = await startTestServer();
    iam = new IAMClient({ endpoint: s.url, region: 'us-east-1', credentials: s.credentials, maxAttempts: 1 });
    [keys, other] = await Promise.all([rsaKeys(), rsaKeys()]);
    body = await selfSigned(keys, 'e2e.rampart.test');
    dir = mkdtempSync(join(tmpdir(), 'rampart-certs-'));
    await iam.send(new CreateUserCommand({ UserName: 'ops' }));
  });
  after(async () => {
    rmSync(dir, { recursive: true, force: true });
    await s.close();
  });

  it('SDK v3: every server certificate operation; the private key never comes back', async () => {
    const up = await iam.send(new UploadServerCertificateCommand({ ServerCertificateName: 'web', Path: '/cf/', CertificateBody: body, PrivateKey: keys.privatePem, Tags: [{ Key: 'a', Value: '1' }] }));
    assert.equal(up.ServerCertificateMetadata?.Arn, `arn:aws:iam::${s.accountId}:server-certificate/cf/web`);
    assert.ok(up.ServerCertificateMetadata?.Expiration instanceof Date);
    const mismatch = await failure(iam.send(new UploadServerCertificateCommand({ ServerCertificateName: 'x', CertificateBody: body, PrivateKey: other.privatePem })));
    assert.deepEqual([mismatch.name, mismatch.$metadata.httpStatusCode], ['KeyPairMismatchException', 400]);
    const garbage = await failure(iam.send(new UploadServerCertificateCommand({ ServerCertificateName: 'x', CertificateBody: 'nope', PrivateKey: keys.privatePem })));
    assert.equal(garbage.name, 'MalformedCertificateException');
    const got = await iam.send(new GetServerCertificateCommand({ ServerCertificateName: 'WEB' }));
    assert.equal(got.ServerCertificate?.CertificateBody, body.trim());
    const listed = await iam.send(new ListServerCertificatesCommand({ PathPrefix: '/cf/' }));
    assert.deepEqual(listed.ServerCertificateMetadataList?.map((m) => m.ServerCertificateName), ['web']);
    assert.ok(!JSON.stringify([up, got, listed]).includes('PRIVATE KEY'));
    await iam.send(new TagServerCertificateCommand({ ServerCertificateName: 'web', Tags: [{ Key: 'b', Value: '2' }] }));
    await iam.send(new UntagServerCertificateCommand({ ServerCertificateName: 'web', TagKeys: ['a'] }));
    assert.deepEqual((await iam.send(new ListServerCertificateTagsCommand({ ServerCertificateName: 'web' }))).Tags, [{ Key: 'b', Value: '2' }]);
    await iam.send(new UpdateServerCertificateCommand({ ServerCertificateName: 'web', NewServerCertificateName: 'site', NewPath: '/' }));
    await iam.send(new DeleteServerCertificateCommand({ ServerCertificateName: 'site' }));
    assert.equal((await failure(iam.send(new GetServerCertificateCommand({ ServerCertificateName: 'site' })))).$metadata.httpStatusCode, 404);
  });

  it('SDK v3: signing certificates, SSH keys and service-specific credentials', async () => {
    const cert = await iam.send(new UploadSigningCertificateCommand({ UserName: 'ops', CertificateBody: body }));
    const certId = cert.Certificate!.CertificateId!;
    assert.equal((await failure(iam.send(new UploadSigningCertificateCommand({ UserName: 'ops', CertificateBody: body })))).name, 'DuplicateCertificateException');
    await iam.send(new UpdateSigningCertificateCommand({ UserName: 'ops', CertificateId: certId, Status: 'Inactive' }));
    assert.equal((await iam.send(new ListSigningCertificatesCommand({ UserName: 'ops' }))).Certificates?.[0]?.Status, 'Inactive');

    const text = opensshRsa(generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey);
    const ssh = await iam.send(new UploadSSHPublicKeyCommand({ UserName: 'ops', SSHPublicKeyBody: text }));
    const sshId = ssh.SSHPublicKey!.SSHPublicKeyId!;
    assert.match(ssh.SSHPublicKey!.Fingerprint!, /^([0-9a-f]{2}:){15}[0-9a-f]{2}$/);
    const short = await failure(iam.send(new UploadSSHPublicKeyCommand({ UserName: 'ops', SSHPublicKeyBody: opensshRsa(generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey) })));
    assert.equal(short.name, 'InvalidPublicKeyException');
    const pem = await iam.send(new GetSSHPublicKeyCommand({ UserName: 'ops', SSHPublicKeyId: sshId, Encoding: 'PEM' }));
    assert.match(pem.SSHPublicKey!.SSHPublicKeyBody!, /^-----BEGIN PUBLIC KEY-----/);
    await iam.send(new UpdateSSHPublicKeyCommand({ UserName: 'ops', SSHPublicKeyId: sshId, Status: 'Inactive' }));
    assert.equal((await iam.send(new ListSSHPublicKeysCommand({ UserName: 'ops' }))).SSHPublicKeys?.[0]?.Status, 'Inactive');

    const cred = await iam.send(new CreateServiceSpecificCredentialCommand({ UserName: 'ops', ServiceName: 'codecommit.amazonaws.com' }));
    const credId = cred.ServiceSpecificCredential!.ServiceSpecificCredentialId!;
    assert.equal(cred.ServiceSpecificCredential!.ServiceUserName, `ops-at-${s.accountId}`);
    const reset = await iam.send(new ResetServiceSpecificCredentialCommand({ UserName: 'ops', ServiceSpecificCredentialId: credId }));
    assert.notEqual(reset.ServiceSpecificCredential!.ServicePassword, cred.ServiceSpecificCredential!.ServicePassword);
    await iam.send(new UpdateServiceSpecificCredentialCommand({ UserName: 'ops', ServiceSpecificCredentialId: credId, Status: 'Inactive' }));
    const creds = await iam.send(new ListServiceSpecificCredentialsCommand({ UserName: 'ops' }));
    assert.equal(creds.ServiceSpecificCredentials?.[0]?.Status, 'Inactive');
    assert.ok(!JSON.stringify(creds).includes(reset.ServiceSpecificCredential!.ServicePassword!));
    const unsupported = await failure(iam.send(new CreateServiceSpecificCredentialCommand({ UserName: 'ops', ServiceName: 'ec2.amazonaws.com' })));
    assert.deepEqual([unsupported.name, unsupported.$metadata.httpStatusCode], ['ServiceNotSupportedException', 404]);

    assert.equal((await failure(iam.send(new DeleteUserCommand({ UserName: 'ops' })))).name, 'DeleteConflictException');
    await iam.send(new DeleteSigningCertificateCommand({ UserName: 'ops', CertificateId: certId }));
    await iam.send(new DeleteSSHPublicKeyCommand({ UserName: 'ops', SSHPublicKeyId: sshId }));
    await iam.send(new DeleteServiceSpecificCredentialCommand({ UserName: 'ops', ServiceSpecificCredentialId: credId }));
    await iam.send(new DeleteUserCommand({ UserName: 'ops' }));
  });

  it('the AWS CLI uploads, reads and deletes a server certificate from files, and reports a mismatch', async () => {
    writeFileSync(join(dir, 'cert.pem'), body);
    writeFileSync(join(dir, 'key.pem'), keys.privatePem);
    writeFileSync(join(dir, 'other.pem'), other.privatePem);
    const cli = (args: string[]) => runAsync('aws', ['--endpoint-url', s.url, '--output', 'json', 'iam', ...args], { env: awsEnv(s) });
    const file = (name: string) => `file://${join(dir, name)}`;
    const up = await cli(['upload-server-certificate', '--server-certificate-name', 'cli', '--certificate-body', file('cert.pem'), '--private-key', file('key.pem')]);
    assert.equal(up.status, 0, up.stderr);
    const got = await cli(['get-server-certificate', '--server-certificate-name', 'cli']);
    assert.equal(got.status, 0, got.stderr);
    assert.equal((JSON.parse(got.stdout) as { ServerCertificate: { CertificateBody: string } }).ServerCertificate.CertificateBody, body.trim());
    const bad = await cli(['upload-server-certificate', '--server-certificate-name', 'bad', '--certificate-body', file('cert.pem'), '--private-key', file('other.pem')]);
    assert.notEqual(bad.status, 0);
    assert.match(bad.stderr, /\(KeyPairMismatch\) when calling the UploadServerCertificate operation/);
    assert.equal((await cli(['delete-server-certificate', '--server-certificate-name', 'cli'])).status, 0);
  });

  it('boto3 uploads an SSH key and a signing certificate, reads them back and lists credentials', async () => {
    const script = `
import boto3, botocore, json, sys
inp = json.load(sys.stdin)
iam = boto3.client('iam', endpoint_url=sys.argv[1], region_name='us-east-1', aws_access_key_id=sys.argv[2], aws_secret_access_key=sys.argv[3],
                   config=botocore.config.Config(retries={'max_attempts': 1}))
iam.create_user(UserName='py')
k = iam.upload_ssh_public_key(UserName='py', SSHPublicKeyBody=inp['ssh'])['SSHPublicKey']
got = iam.get_ssh_public_key(UserName='py', SSHPublicKeyId=k['SSHPublicKeyId'], Encoding='SSH')['SSHPublicKey']
c = iam.upload_signing_certificate(UserName='py', CertificateBody=inp['cert'])['Certificate']
cred = iam.create_service_specific_credential(UserName='py', ServiceName='cassandra.amazonaws.com')['ServiceSpecificCredential']
out = {'same': got['Fingerprint'] == k['Fingerprint'], 'status': c['Status'], 'listed': len(iam.list_signing_certificates(UserName='py')['Certificates']),
       'user': cred['ServiceUserName'], 'creds': len(iam.list_service_specific_credentials(UserName='py')['ServiceSpecificCredentials'])}
try:
    iam.upload_signing_certificate(UserName='py', CertificateBody='garbage')
except botocore.exceptions.ClientError as e:
    out['bad'] = [e.response['Error']['Code'], e.response['ResponseMetadata']['HTTPStatusCode']]
print(json.dumps(out))
`;
    const input = JSON.stringify({ ssh: opensshRsa(generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey), cert: await selfSigned(other, 'boto3') });
    const r = await runAsync(pythonWithBoto3(), ['-c', script, s.url, s.credentials.accessKeyId, s.credentials.secretAccessKey], { env: awsEnv(s), input });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), { same: true, status: 'Active', listed: 1, user: `py-at-${s.accountId}`, creds: 1, bad: ['MalformedCertificate', 400] });
  });
});
