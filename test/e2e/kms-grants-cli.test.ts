/**
 * KMS grants through the AWS CLI and boto3: create-grant with operations, a constraint and a name,
 * list-grants showing AWS's fields; boto3's create_grant/list_grants paging, a grant token used at
 * once, retire_grant by token, revoke_grant, and a forged token answered as
 * InvalidGrantTokenException with AWS's status.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { pythonWithBoto3 } from '../helpers/python.js';
import { awsEnv, startTestServer, type TestServer } from '../helpers/rampart.js';
import { run } from './authz-support.js';

describe('KMS grants through the AWS CLI and boto3', () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer();
  });
  after(() => s.close());
  const cli = (args: string[]) => run('aws', ['--endpoint-url', s.url, '--output', 'json', ...args], awsEnv(s));

  it('AWS CLI: create-grant and list-grants', async () => {
    const created = await cli(['kms', 'create-key']);
    assert.equal(created.status, 0, created.stderr);
    const key = (JSON.parse(created.stdout) as { KeyMetadata: { KeyId: string; Arn: string } }).KeyMetadata;
    const grantee = `arn:aws:iam::${s.accountId}:user/cli-user`;
    const g = await cli(['kms', 'create-grant', '--key-id', key.KeyId, '--grantee-principal', grantee, '--operations', 'Encrypt', 'Decrypt', '--constraints', 'EncryptionContextSubset={app=cli}', '--name', 'cli-grant']);
    assert.equal(g.status, 0, g.stderr);
    const out = JSON.parse(g.stdout) as { GrantId: string; GrantToken: string };
    assert.match(out.GrantId, /^[0-9a-f]{64}$/);
    assert.ok(out.GrantToken.length > 20);
    const l = await cli(['kms', 'list-grants', '--key-id', key.Arn]);
    assert.equal(l.status, 0, l.stderr);
    // The CLI pages by itself (NextMarker/Truncated are consumed).
    const listed = JSON.parse(l.stdout) as { Grants: Record<string, unknown>[] };
    assert.equal(listed.Grants.length, 1);
    const e = listed.Grants[0]!;
    assert.equal(e['GrantId'], out.GrantId);
    assert.equal(e['KeyId'], key.Arn);
    assert.equal(e['Name'], 'cli-grant');
    assert.equal(e['GranteePrincipal'], grantee);
    assert.equal(e['IssuingAccount'], `arn:aws:iam::${s.accountId}:root`);
    assert.deepEqual(e['Operations'], ['Encrypt', 'Decrypt']);
    assert.deepEqual(e['Constraints'], { EncryptionContextSubset: { app: 'cli' } });
    // Epoch seconds as on the wire (CLI v1) or ISO 8601 (CLI v2): about now either way.
    const when = typeof e['CreationDate'] === 'number' ? e['CreationDate'] * 1000 : Date.parse(String(e['CreationDate']));
    assert.ok(Math.abs(when - Date.now()) < 120_000, String(e['CreationDate']));
    const bad = await cli(['kms', 'create-grant', '--key-id', key.KeyId, '--grantee-principal', 'nobody', '--operations', 'Encrypt']);
    assert.notEqual(bad.status, 0);
    assert.match(bad.stderr, /ValidationException/);
  });

  it('boto3: create_grant, list_grants paging, grant tokens, retire_grant, revoke_grant, InvalidGrantTokenException', async () => {
    const script = `
import boto3, json, sys, botocore
kms = boto3.client('kms', endpoint_url=sys.argv[1], region_name='us-east-1', aws_access_key_id=sys.argv[2], aws_secret_access_key=sys.argv[3], config=botocore.config.Config(retries={'max_attempts': 1}))
acct = sys.argv[4]
out = {}
key = kms.create_key()['KeyMetadata']
ids = [kms.create_grant(KeyId=key['KeyId'], GranteePrincipal='arn:aws:iam::%s:user/py%d' % (acct, i), RetiringPrincipal='arn:aws:iam::%s:root' % acct, Operations=['Encrypt'])['GrantId'] for i in range(3)]
p1 = kms.list_grants(KeyId=key['Arn'], Limit=2)
p2 = kms.list_grants(KeyId=key['Arn'], Limit=2, Marker=p1['NextMarker'])
out['pages'] = [len(p1['Grants']), p1['Truncated'], len(p2['Grants']), p2['Truncated']]
out['all'] = sorted(g['GrantId'] for g in p1['Grants'] + p2['Grants']) == sorted(ids)
g = kms.create_grant(KeyId=key['KeyId'], GranteePrincipal='arn:aws:iam::%s:root' % acct, Operations=['Encrypt', 'Decrypt'])
out['enc'] = kms.encrypt(KeyId=key['KeyId'], Plaintext=b'x', GrantTokens=[g['GrantToken']])['KeyId'] == key['Arn']
def err(f):
    try:
        f()
        return None
    except botocore.exceptions.ClientError as e:
        return [e.response['Error']['Code'], e.response['ResponseMetadata']['HTTPStatusCode']]
out['forged'] = err(lambda: kms.encrypt(KeyId=key['KeyId'], Plaintext=b'x', GrantTokens=['AQIDBAUGBwgJ' * 10]))
kms.retire_grant(GrantToken=g['GrantToken'])
kms.revoke_grant(KeyId=key['KeyId'], GrantId=ids[0])
out['left'] = len(kms.list_grants(KeyId=key['KeyId'])['Grants'])
out['retirable'] = len(kms.list_retirable_grants(RetiringPrincipal='arn:aws:iam::%s:root' % acct)['Grants'])
out['missing'] = err(lambda: kms.revoke_grant(KeyId=key['KeyId'], GrantId=ids[0]))
print(json.dumps(out))
`;
    const r = await run(pythonWithBoto3(), ['-c', script, s.url, s.credentials.accessKeyId, s.credentials.secretAccessKey, s.accountId], awsEnv(s));
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { pages: unknown[]; all: boolean; enc: boolean; forged: unknown[]; left: number; retirable: number; missing: unknown[] };
    assert.deepEqual(out.pages, [2, true, 1, false]);
    assert.equal(out.all, true);
    assert.equal(out.enc, true);
    assert.deepEqual(out.forged, ['InvalidGrantTokenException', 400]);
    assert.equal(out.left, 2);
    assert.equal(out.retirable, 2);
    assert.deepEqual(out.missing, ['NotFoundException', 400]);
  });
});
