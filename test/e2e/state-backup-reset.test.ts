/**
 * POST /_rampart/reset against real IAM state, on both backends: users, their access keys and
 * policies created through @aws-sdk/client-iam are gone afterwards, the root key still signs, and
 * the same names can be created again (no cache keeps the old entities alive).
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { CreateAccessKeyCommand, CreatePolicyCommand, CreateUserCommand, GetUserCommand, IAMClient, ListPoliciesCommand, ListUsersCommand } from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { dropSchema, freshSchema, PG_URL, requirePostgres } from '../helpers/postgres.js';
import { startTestServer, type TestServer } from '../helpers/rampart.js';

const MASTER = { ...process.env, RAMPART_MASTER_KEY: 'reset-iam-test-master-key-0123456789abcdef' };
const POLICY = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] });

for (const backend of ['sqlite', 'postgres'] as const) {
  describe(`reset after IAM work on ${backend}`, () => {
    const schema = freshSchema('rampart_reset_iam');
    let s: TestServer | undefined;
    after(async () => {
      await s?.close().catch(() => undefined);
      if (backend === 'postgres') await dropSchema(schema);
    });

    it('an IAM user, its access key and a policy created before the reset are gone; the root key still works', async () => {
      if (backend === 'postgres') await requirePostgres();
      s = await startTestServer({ dev: true, ...(backend === 'postgres' ? { storage: `${PG_URL}?schema=${schema}`, env: MASTER } : {}) });
      const iam = new IAMClient({ endpoint: s.url, region: 'us-east-1', credentials: s.credentials, maxAttempts: 1 });
      const sts = (credentials: { accessKeyId: string; secretAccessKey: string }) =>
        new STSClient({ endpoint: s!.url, region: 'us-east-1', credentials, maxAttempts: 1 }).send(new GetCallerIdentityCommand({}));

      await iam.send(new CreateUserCommand({ UserName: 'Temp-User' }));
      const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'Temp-User' }))).AccessKey!;
      const userCreds = { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! };
      await iam.send(new CreatePolicyCommand({ PolicyName: 'temp-policy', PolicyDocument: POLICY }));
      assert.match((await sts(userCreds)).Arn!, /:user\/Temp-User$/, 'sanity: the user key works before the reset');
      assert.equal((await iam.send(new GetUserCommand({ UserName: 'Temp-User' }))).User?.UserName, 'Temp-User');

      const res = await fetch(`${s.url}/_rampart/reset`, { method: 'POST' });
      assert.equal(res.status, 200);
      assert.equal(((await res.json()) as { accountId: string }).accountId, s.accountId);

      await assert.rejects(iam.send(new GetUserCommand({ UserName: 'Temp-User' })), (e: Error) => e.name === 'NoSuchEntity' || e.name === 'NoSuchEntityException');
      assert.deepEqual((await iam.send(new ListUsersCommand({}))).Users ?? [], []);
      assert.deepEqual((await iam.send(new ListPoliciesCommand({ Scope: 'Local' }))).Policies ?? [], []);
      await assert.rejects(sts(userCreds), (e: Error) => e.name === 'InvalidClientTokenId', 'the user key died with the user');
      assert.equal((await sts(s.credentials)).Account, s.accountId, 'the root key still works');

      await iam.send(new CreateUserCommand({ UserName: 'Temp-User' }));
      await iam.send(new CreatePolicyCommand({ PolicyName: 'temp-policy', PolicyDocument: POLICY }));
      assert.deepEqual((await iam.send(new ListUsersCommand({}))).Users?.map((u) => u.UserName), ['Temp-User'], 'the name is free again');
    });
  });
}
