import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gunzipSync } from 'node:zlib';
import { S3LogDelivery } from './s3-log-delivery.js';

type Call = { service: string; operation: string; input: Record<string, unknown>; on: Record<string, unknown> };

function fake(fail = false) {
  const calls: Call[] = [];
  const logged: string[] = [];
  const internal = {
    call: async (service: string, operation: string, input: Readonly<Record<string, unknown>>, on: object) => {
      calls.push({ service, operation, input: { ...input }, on: { ...on } });
      if (fail) throw new Error('Access Denied');
      return {};
    },
  };
  const d = new S3LogDelivery({ internal, accountId: '111122223333', region: 'eu-west-1', log: (m) => logged.push(m), clock: () => Date.UTC(2026, 11, 5, 9, 7, 30), maxFileBytes: 120 });
  return { d, calls, logged };
}

test('files are gzipped JSON lines at AWS key layout, as the delivery service; a full file goes out at once', async () => {
  const { d, calls } = fake();
  const dest = 'arn:aws:s3:::aws-waf-logs-a/pre';
  d.add(dest, 'shop', { n: 1, pad: 'x'.repeat(40) });
  d.add(dest, 'shop', { n: 2, pad: 'x'.repeat(40) });
  assert.equal(calls.length, 0);
  d.add(dest, 'shop', { n: 3, pad: 'x'.repeat(40) });
  await new Promise((r) => setImmediate(r));
  assert.equal(calls.length, 1, 'the file reached its size limit');
  await d.flush();
  assert.equal(calls.length, 2);
  await d.flush();
  assert.equal(calls.length, 2, 'nothing more to publish');
  const [first, second] = calls;
  assert.equal(first!.operation, 'PutObject');
  assert.equal(first!.input['Bucket'], 'aws-waf-logs-a');
  assert.match(String(first!.input['Key']), /^pre\/AWSLogs\/111122223333\/WAFLogs\/eu-west-1\/shop\/2026\/12\/05\/09\/07\/111122223333_waflogs_eu-west-1_shop_20261205T0907Z_[0-9a-f]{8}\.log\.gz$/);
  assert.equal(first!.input['ACL'], 'bucket-owner-full-control');
  assert.deepEqual(first!.on['serviceContext'], { 'aws:SourceAccount': '111122223333', 'aws:SourceArn': 'arn:aws:logs:eu-west-1:111122223333:*' });
  assert.equal(first!.on['servicePrincipal'], 'delivery.logs.amazonaws.com');
  const lines = (c: Call) => gunzipSync(c.input['Body'] as Buffer).toString('utf8').trim().split('\n').map((l) => (JSON.parse(l) as { n: number }).n);
  assert.deepEqual([...lines(first!), ...lines(second!)], [1, 2, 3]);
});

test('a file the bucket refuses is logged and dropped, never thrown', async () => {
  const { d, calls, logged } = fake(true);
  d.add('arn:aws:s3:::aws-waf-logs-a', 'shop', { n: 1 });
  await d.close();
  assert.equal(calls.length, 1);
  assert.match(logged[0]!, /not delivered to arn:aws:s3:::aws-waf-logs-a \(1 records\): Access Denied/);
});
