/**
 * KMS asymmetric keys through the AWS CLI and boto3: create-key with a key spec and usage, sign
 * (fileb:// message, RAW and DIGEST), verify, get-public-key (the DER key checks the signature with
 * Node's crypto), a tampered signature as KMSInvalidSignatureException with AWS's status, and
 * generate-mac/verify-mac.
 */
import assert from 'node:assert/strict';
import { constants, createHash, verify } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pythonWithBoto3 } from '../helpers/python.js';
import { awsEnv, startTestServer, type TestServer } from '../helpers/rampart.js';
import { run } from './authz-support.js';
import { spki } from './kms-asymmetric-support.js';

describe('KMS asymmetric keys through the AWS CLI and boto3', () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer();
  });
  after(() => s.close());
  const cli = async (args: string[]) => {
    const r = await run('aws', ['--endpoint-url', s.url, '--output', 'json', 'kms', ...args], awsEnv(s));
    assert.equal(r.status, 0, r.stderr);
    return JSON.parse(r.stdout) as Record<string, unknown>;
  };

  it('AWS CLI: create-key ECC_NIST_P256, sign RAW and DIGEST, verify, get-public-key', async () => {
    const key = (await cli(['create-key', '--key-spec', 'ECC_NIST_P256', '--key-usage', 'SIGN_VERIFY'])).KeyMetadata as { KeyId: string; SigningAlgorithms: string[] };
    assert.deepEqual(key.SigningAlgorithms, ['ECDSA_SHA_256']);
    const message = Buffer.from('signed by the CLI');
    const file = join(s.dataDir, 'message.bin');
    writeFileSync(file, message);
    const digestFile = join(s.dataDir, 'digest.bin');
    writeFileSync(digestFile, createHash('sha256').update(message).digest());
    const pub = spki(Buffer.from((await cli(['get-public-key', '--key-id', key.KeyId])).PublicKey as string, 'base64'));
    for (const [path, type] of [[file, 'RAW'], [digestFile, 'DIGEST']] as const) {
      const signed = await cli(['sign', '--key-id', key.KeyId, '--message', `fileb://${path}`, '--message-type', type, '--signing-algorithm', 'ECDSA_SHA_256']);
      const sig = Buffer.from(signed.Signature as string, 'base64');
      assert.ok(verify('sha256', message, pub, sig), type);
      const sigFile = join(s.dataDir, `sig-${type}.bin`);
      writeFileSync(sigFile, sig);
      const v = await cli(['verify', '--key-id', key.KeyId, '--message', `fileb://${file}`, '--signature', `fileb://${sigFile}`, '--signing-algorithm', 'ECDSA_SHA_256']);
      assert.equal(v.SignatureValid, true);
    }
  });

  it('boto3: sign/verify with RSA PSS, a tampered signature, get-public-key, generate-mac/verify-mac', async () => {
    const script = `
import boto3, json, sys, botocore, base64
kms = boto3.client('kms', endpoint_url=sys.argv[1], region_name='us-east-1', aws_access_key_id=sys.argv[2], aws_secret_access_key=sys.argv[3], config=botocore.config.Config(retries={'max_attempts': 1}))
out = {}
key = kms.create_key(KeySpec='RSA_2048', KeyUsage='SIGN_VERIFY')['KeyMetadata']
sig = kms.sign(KeyId=key['KeyId'], Message=b'py message', SigningAlgorithm='RSASSA_PSS_SHA_256')['Signature']
out['sig'] = base64.b64encode(sig).decode()
out['valid'] = kms.verify(KeyId=key['Arn'], Message=b'py message', Signature=sig, SigningAlgorithm='RSASSA_PSS_SHA_256')['SignatureValid']
bad = bytes([sig[0] ^ 1]) + sig[1:]
try:
    kms.verify(KeyId=key['KeyId'], Message=b'py message', Signature=bad, SigningAlgorithm='RSASSA_PSS_SHA_256')
    out['tampered'] = None
except botocore.exceptions.ClientError as e:
    out['tampered'] = [e.response['Error']['Code'], e.response['ResponseMetadata']['HTTPStatusCode']]
pk = kms.get_public_key(KeyId=key['KeyId'])
out['pub'] = base64.b64encode(pk['PublicKey']).decode()
out['spec'] = [pk['KeySpec'], pk['KeyUsage'], len(pk['SigningAlgorithms'])]
mk = kms.create_key(KeySpec='HMAC_384', KeyUsage='GENERATE_VERIFY_MAC')['KeyMetadata']
mac = kms.generate_mac(KeyId=mk['KeyId'], Message=b'm', MacAlgorithm='HMAC_SHA_384')['Mac']
out['mac'] = [len(mac), kms.verify_mac(KeyId=mk['KeyId'], Message=b'm', Mac=mac, MacAlgorithm='HMAC_SHA_384')['MacValid']]
print(json.dumps(out))
`;
    const r = await run(pythonWithBoto3(), ['-c', script, s.url, s.credentials.accessKeyId, s.credentials.secretAccessKey], awsEnv(s));
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { sig: string; valid: boolean; tampered: [string, number]; pub: string; spec: [string, string, number]; mac: [number, boolean] };
    assert.equal(out.valid, true);
    assert.deepEqual(out.tampered, ['KMSInvalidSignatureException', 400]);
    assert.deepEqual(out.spec, ['RSA_2048', 'SIGN_VERIFY', 6]);
    assert.deepEqual(out.mac, [48, true]);
    const pub = spki(Buffer.from(out.pub, 'base64'));
    assert.ok(verify('sha256', Buffer.from('py message'), { key: pub, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }, Buffer.from(out.sig, 'base64')));
  });
});
