/**
 * S3 through the AWS CLI (`aws s3 cp/ls/rm/sync/presign`, `aws s3api`) and boto3: byte-exact round trips with
 * ETag = MD5 (a multi-megabyte file the CLI uploads in one PUT), IllegalLocationConstraintException
 * for a bucket created without a location constraint at a regional endpoint, and presigned GET/PUT
 * URLs (SigV4 query authentication).
 */
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { pythonWithBoto3 } from '../helpers/python.js';
import { awsEnv, startTestServer, type TestServer } from '../helpers/rampart.js';
import { run } from './authz-support.js';

let s: TestServer;
let env: NodeJS.ProcessEnv;
const aws = (...args: string[]) => run('aws', ['--endpoint-url', s.url, ...args], env);
const md5 = (b: Buffer) => createHash('md5').update(b).digest('hex');

before(async () => {
  s = await startTestServer({ clock: () => Date.now() });
  env = { ...awsEnv(s), AWS_MAX_ATTEMPTS: '1' };
});
after(() => s.close());

describe('S3 with the AWS CLI and boto3', () => {
  it('aws s3 mb/cp/ls/rm and s3api round-trip byte-exact, ETag = MD5', async () => {
    assert.equal((await aws('s3', 'mb', 's3://cli-bucket')).status, 0);
    const body = randomBytes(6 * 1024 * 1024 - 7);
    const file = join(s.dataDir, 'upload.bin');
    writeFileSync(file, body);
    const cp = await aws('s3', 'cp', file, 's3://cli-bucket/dir/upload.bin', '--no-progress');
    assert.equal(cp.status, 0, cp.stderr);
    const ls = await aws('s3', 'ls', 's3://cli-bucket/dir/');
    assert.match(ls.stdout, new RegExp(`${body.length} upload.bin`));
    const head = await aws('s3api', 'head-object', '--bucket', 'cli-bucket', '--key', 'dir/upload.bin');
    assert.equal(head.status, 0, head.stderr);
    assert.equal(JSON.parse(head.stdout).ETag, `"${md5(body)}"`);
    const back = join(s.dataDir, 'download.bin');
    const get = await aws('s3api', 'get-object', '--bucket', 'cli-bucket', '--key', 'dir/upload.bin', back);
    assert.equal(get.status, 0, get.stderr);
    assert.deepEqual(readFileSync(back), body);
    const cp2 = await aws('s3', 'cp', 's3://cli-bucket/dir/upload.bin', join(s.dataDir, 'download2.bin'), '--no-progress');
    assert.equal(cp2.status, 0, cp2.stderr);
    assert.deepEqual(readFileSync(join(s.dataDir, 'download2.bin')), body);
    assert.equal((await aws('s3', 'rm', 's3://cli-bucket/dir/upload.bin')).status, 0);
    const gone = await aws('s3api', 'head-object', '--bucket', 'cli-bucket', '--key', 'dir/upload.bin');
    assert.notEqual(gone.status, 0);
    assert.match(gone.stderr, /404/);
    const nsb = await aws('s3api', 'list-objects-v2', '--bucket', 'no-such-bucket-cli');
    assert.match(nsb.stderr, /NoSuchBucket/);
    assert.equal((await aws('s3', 'mb', 's3://cli-doomed')).status, 0);
    assert.equal((await aws('s3', 'cp', file, 's3://cli-doomed/a/b.bin', '--no-progress')).status, 0);
    assert.match((await aws('s3', 'ls')).stdout, /cli-doomed/);
    const rb = await aws('s3', 'rb', 's3://cli-doomed', '--force');
    assert.equal(rb.status, 0, rb.stderr);
    assert.doesNotMatch((await aws('s3', 'ls')).stdout, /cli-doomed/);
  });

  it('a bucket made at a regional endpoint without LocationConstraint is IllegalLocationConstraintException', async () => {
    const r = await run('aws', ['--endpoint-url', s.url, '--region', 'eu-west-1', 's3api', 'create-bucket', '--bucket', 'cli-eu'], env);
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /IllegalLocationConstraintException.*The unspecified location constraint is incompatible for the region specific endpoint this request was sent to\./);
  });

  it('boto3 put/get round-trips byte-exact', async () => {
    const script = `
import boto3, hashlib, os, sys, json
c = boto3.client('s3', endpoint_url=sys.argv[1], region_name='us-east-1', aws_access_key_id=sys.argv[2], aws_secret_access_key=sys.argv[3])
c.create_bucket(Bucket='boto-bucket')
body = os.urandom(1024 * 1024 + 3)
put = c.put_object(Bucket='boto-bucket', Key='k/ü.bin', Body=body, Metadata={'who': 'boto'})
got = c.get_object(Bucket='boto-bucket', Key='k/ü.bin')
data = got['Body'].read()
print(json.dumps([data == body, put['ETag'] == '"%s"' % hashlib.md5(body).hexdigest(), got['Metadata'], got['ContentLength']]))
`;
    const py = await run(pythonWithBoto3(), ['-c', script, s.url, s.credentials.accessKeyId, s.credentials.secretAccessKey], env);
    assert.equal(py.status, 0, py.stderr);
    assert.deepEqual(JSON.parse(py.stdout), [true, true, { who: 'boto' }, 1024 * 1024 + 3]);
  });

  it('aws s3 sync uploads a tree, syncs only what changed, downloads it byte-exact; aws s3 presign gives a working URL', async () => {
    assert.equal((await aws('s3', 'mb', 's3://cli-sync')).status, 0);
    const src = join(s.dataDir, 'sync-src');
    mkdirSync(join(src, 'sub'), { recursive: true });
    const files: Record<string, Buffer> = { 'a.txt': Buffer.from('alpha'), 'sub/b.bin': randomBytes(300_000), 'sub/c.json': Buffer.from('{"c":1}') };
    for (const [name, body] of Object.entries(files)) writeFileSync(join(src, name), body);
    const up = await aws('s3', 'sync', src, 's3://cli-sync/tree', '--no-progress');
    assert.equal(up.status, 0, up.stderr);
    assert.equal((up.stdout.match(/^upload:/gm) ?? []).length, 3, up.stdout);
    // Nothing changed: nothing is uploaded again; one file changed: only it.
    const again = await aws('s3', 'sync', src, 's3://cli-sync/tree', '--no-progress');
    assert.equal((again.stdout.match(/^upload:/gm) ?? []).length, 0, again.stdout);
    writeFileSync(join(src, 'a.txt'), 'alpha, changed');
    files['a.txt'] = Buffer.from('alpha, changed');
    const changed = await aws('s3', 'sync', src, 's3://cli-sync/tree', '--no-progress');
    assert.deepEqual(changed.stdout.match(/^upload: .*$/gm)?.map((l) => l.includes('a.txt')), [true], changed.stdout);
    const dst = join(s.dataDir, 'sync-dst');
    const down = await aws('s3', 'sync', 's3://cli-sync/tree', dst, '--no-progress');
    assert.equal(down.status, 0, down.stderr);
    for (const [name, body] of Object.entries(files)) assert.deepEqual(readFileSync(join(dst, name)), body, name);
    // AWS CLI v1 presigns with SigV2 unless told otherwise; S3 refuses SigV2 on buckets made since 2020, and so does Rampart.
    const v2 = await aws('s3', 'presign', 's3://cli-sync/tree/sub/c.json', '--expires-in', '300');
    assert.equal(v2.status, 0, v2.stderr);
    const refused = await fetch(v2.stdout.trim());
    assert.ok(refused.status >= 400 && refused.status < 500, `SigV2 presigned URL: ${refused.status}`);
    const config = join(s.dataDir, 'aws-config');
    writeFileSync(config, '[default]\ns3 =\n    signature_version = s3v4\n');
    const v4 = await run('aws', ['--endpoint-url', s.url, 's3', 'presign', 's3://cli-sync/tree/sub/c.json', '--expires-in', '300'], { ...env, AWS_CONFIG_FILE: config });
    assert.equal(v4.status, 0, v4.stderr);
    assert.match(v4.stdout, /X-Amz-Signature=/);
    const res = await fetch(v4.stdout.trim());
    assert.equal(res.status, 200);
    assert.equal(await res.text(), '{"c":1}');
  });

  it('presigned GET and PUT URLs work; a tampered one is refused', async () => {
    const c = new S3Client({ endpoint: s.url, region: 'us-east-1', credentials: s.credentials, forcePathStyle: true });
    await c.send(new PutObjectCommand({ Bucket: 'cli-bucket', Key: 'presigned.txt', Body: 'via url' }));
    // boto3 presigns (the SDK's presigner package is not a dependency here).
    const presign = `
import boto3, sys, json
c = boto3.client('s3', endpoint_url=sys.argv[1], region_name='us-east-1', aws_access_key_id=sys.argv[2], aws_secret_access_key=sys.argv[3], config=boto3.session.Config(signature_version='s3v4', s3={'addressing_style': 'path'}))
print(json.dumps([c.generate_presigned_url('get_object', Params={'Bucket': 'cli-bucket', 'Key': 'presigned.txt'}, ExpiresIn=300), c.generate_presigned_url('put_object', Params={'Bucket': 'cli-bucket', 'Key': 'uploaded.txt'}, ExpiresIn=300)]))
`;
    const py = await run(pythonWithBoto3(), ['-c', presign, s.url, s.credentials.accessKeyId, s.credentials.secretAccessKey], env);
    assert.equal(py.status, 0, py.stderr);
    const [getUrl, putUrl] = JSON.parse(py.stdout) as [string, string];
    const got = await fetch(getUrl);
    assert.equal(got.status, 200);
    assert.equal(await got.text(), 'via url');
    const tampered = await fetch(getUrl.replace('presigned.txt', 'other.txt'));
    assert.equal(tampered.status, 403);
    const put = await fetch(putUrl, { method: 'PUT', body: 'put via url' });
    assert.equal(put.status, 200, await put.text());
    assert.equal(await (await c.send(new GetObjectCommand({ Bucket: 'cli-bucket', Key: 'uploaded.txt' }))).Body!.transformToString(), 'put via url');
  });
});
