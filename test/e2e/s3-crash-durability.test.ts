import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { CreateBucketCommand, GetObjectCommand, paginateListObjectsV2, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { startCli } from '../helpers/spawn-cli.js';

const md5 = (b: Uint8Array): string => createHash('md5').update(b).digest('hex');

/**
 * The server is killed with SIGKILL in the middle of a burst of uploads. After a restart on the same
 * data dir, every object whose PUT the client saw acknowledged is listed and reads back byte-exact,
 * and every listed object is whole (its body's MD5 is its ETag): no partial object is ever visible.
 */
describe('SIGKILL during a burst of S3 uploads', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'rampart-s3-crash-'));
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  it('loses no acknowledged object and shows no partial one', async () => {
    const first = await startCli(['--port', '0', '--data-dir', dataDir]);
    const out = first.stdout();
    const credentials = {
      accessKeyId: /export AWS_ACCESS_KEY_ID=(\S+)/.exec(out)![1]!,
      secretAccessKey: /export AWS_SECRET_ACCESS_KEY=(\S+)/.exec(out)![1]!,
    };
    const client = (url: string) => new S3Client({ endpoint: url, region: 'us-east-1', credentials, forcePathStyle: true, maxAttempts: 1 });
    const s3 = client(first.url);
    const Bucket = 'crash-burst';
    await s3.send(new CreateBucketCommand({ Bucket }));

    /** key -> MD5 of the body the server acknowledged. */
    const acknowledged = new Map<string, string>();
    /** Every key a PUT was started for (acknowledged or not). */
    const sent = new Map<string, string>();
    let next = 0;
    let killed = false;
    const worker = async () => {
      while (!killed) {
        const Key = `burst/obj-${next++}`;
        // 1 KiB to ~384 KiB: several of the store's 64 KiB sealed chunks, so a kill can land mid-body.
        const body = randomBytes(1024 + ((next * 7919) % (384 * 1024)));
        sent.set(Key, md5(body));
        try {
          await s3.send(new PutObjectCommand({ Bucket, Key, Body: body }));
          acknowledged.set(Key, md5(body));
        } catch {
          return; // the server is gone
        }
        if (acknowledged.size >= 120 && !killed) {
          killed = true;
          first.child.kill('SIGKILL');
        }
      }
    };
    await Promise.all(Array.from({ length: 6 }, worker));
    assert.ok(acknowledged.size >= 120, `only ${acknowledged.size} uploads acknowledged`);

    const again = await startCli(['--port', '0', '--data-dir', dataDir]);
    try {
      const s3b = client(again.url);
      const listed = new Map<string, string>();
      for await (const page of paginateListObjectsV2({ client: s3b }, { Bucket })) {
        for (const o of page.Contents ?? []) listed.set(o.Key!, o.ETag!.replace(/"/g, ''));
      }
      const lost = [...acknowledged.keys()].filter((k) => !listed.has(k));
      assert.deepEqual(lost, [], `${lost.length} of ${acknowledged.size} acknowledged objects lost`);
      for (const [key, etag] of listed) {
        assert.ok(sent.has(key), `listed ${key} was never sent`);
        assert.equal(etag, sent.get(key), `${key}: listed ETag is not the MD5 of the body sent`);
      }
      // Every listed object reads back whole: its bytes hash to what was sent (in-flight ones included).
      for (const [key] of listed) {
        const got = await s3b.send(new GetObjectCommand({ Bucket, Key: key }));
        const bytes = await got.Body!.transformToByteArray();
        assert.equal(md5(bytes), sent.get(key), `${key}: body differs from what was sent`);
      }
    } finally {
      await again.stop();
    }
  });
});
