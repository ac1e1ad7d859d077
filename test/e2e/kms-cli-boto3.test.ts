/**
 * KMS through the AWS CLI and boto3: a key, an alias, encrypt/decrypt with an encryption context
 * (the CLI's fileb:// and base64 outputs), a wrong context answered as InvalidCiphertextException in
 * botocore with AWS's status, a disabled key's DisabledException, and GenerateDataKey.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pythonWithBoto3 } from '../helpers/python.js';
import { awsEnv, startTestServer, type TestServer } from '../helpers/rampart.js';
import { run } from './authz-support.js';

describe('KMS through the AWS CLI and boto3', () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer();
  });
  after(() => s.close());
  const cli = async (args: string[]) => {
    const r = await run('aws', ['--endpoint-url', s.url, '--output', 'json', ...args], awsEnv(s));
    return r;
  };

  it('AWS CLI: create-key, create-alias, encrypt and decrypt with an encryption context', async () => {
    const created = await cli(['kms', 'create-key', '--description', 'cli key']);
    assert.equal(created.status, 0, created.stderr);
    const keyId = (JSON.parse(created.stdout) as { KeyMetadata: { KeyId: string } }).KeyMetadata.KeyId;
    const alias = await cli(['kms', 'create-alias', '--alias-name', 'alias/cli', '--target-key-id', keyId]);
    assert.equal(alias.status, 0, alias.stderr);
    const plain = join(s.dataDir, 'plain.txt');
    writeFileSync(plain, 'cli secret');
    const e = await cli(['kms', 'encrypt', '--key-id', 'alias/cli', '--plaintext', `fileb://${plain}`, '--encryption-context', 'app=cli']);
    assert.equal(e.status, 0, e.stderr);
    const blob = Buffer.from((JSON.parse(e.stdout) as { CiphertextBlob: string }).CiphertextBlob, 'base64');
    const blobFile = join(s.dataDir, 'blob.bin');
    writeFileSync(blobFile, blob);
    const d = await cli(['kms', 'decrypt', '--ciphertext-blob', `fileb://${blobFile}`, '--encryption-context', 'app=cli']);
    assert.equal(d.status, 0, d.stderr);
    assert.equal(Buffer.from((JSON.parse(d.stdout) as { Plaintext: string }).Plaintext, 'base64').toString(), 'cli secret');
    const wrong = await cli(['kms', 'decrypt', '--ciphertext-blob', `fileb://${blobFile}`, '--encryption-context', 'app=other']);
    assert.notEqual(wrong.status, 0);
    assert.match(wrong.stderr, /InvalidCiphertextException/);
  });

  it('boto3: errors carry AWS\'s codes, texts and statuses', async () => {
    const script = `
import boto3, json, sys, botocore
kms = boto3.client('kms', endpoint_url=sys.argv[1], region_name='us-east-1', aws_access_key_id=sys.argv[2], aws_secret_access_key=sys.argv[3], config=botocore.config.Config(retries={'max_attempts': 1}))
out = {}
key = kms.create_key(Description='py')['KeyMetadata']
out['state'] = key['KeyState']
ct = kms.encrypt(KeyId=key['KeyId'], Plaintext=b'py secret', EncryptionContext={'k': 'v'})['CiphertextBlob']
out['plain'] = kms.decrypt(CiphertextBlob=ct, EncryptionContext={'k': 'v'})['Plaintext'].decode()
def err(f):
    try:
        f()
        return None
    except botocore.exceptions.ClientError as e:
        return [e.response['Error']['Code'], e.response['ResponseMetadata']['HTTPStatusCode'], e.response['Error'].get('Message', '')]
out['wrong'] = err(lambda: kms.decrypt(CiphertextBlob=ct, EncryptionContext={'k': 'x'}))
kms.disable_key(KeyId=key['KeyId'])
out['disabled'] = err(lambda: kms.encrypt(KeyId=key['KeyId'], Plaintext=b'x'))
kms.enable_key(KeyId=key['KeyId'])
dk = kms.generate_data_key(KeyId=key['Arn'], KeySpec='AES_256')
out['dk'] = len(dk['Plaintext']) == 32 and kms.decrypt(CiphertextBlob=dk['CiphertextBlob'])['Plaintext'] == dk['Plaintext']
out['arn'] = key['Arn']
print(json.dumps(out))
`;
    const r = await run(pythonWithBoto3(), ['-c', script, s.url, s.credentials.accessKeyId, s.credentials.secretAccessKey], awsEnv(s));
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { state: string; plain: string; wrong: [string, number, string]; disabled: [string, number, string]; dk: boolean; arn: string };
    assert.equal(out.state, 'Enabled');
    assert.equal(out.plain, 'py secret');
    assert.deepEqual(out.wrong.slice(0, 2), ['InvalidCiphertextException', 400]);
    assert.deepEqual(out.disabled, ['DisabledException', 400, `${out.arn} is disabled.`]);
    assert.equal(out.dk, true);
  });
});
