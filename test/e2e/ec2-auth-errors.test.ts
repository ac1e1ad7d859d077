/**
 * EC2's own answers to authentication and authorization failures, through the SDK v3 EC2 client:
 * a wrong secret or an unknown key is AuthFailure (401) "AWS was not able to validate the provided
 * access credentials"; a denial is UnauthorizedOperation (403) with an encoded authorization failure
 * message that STS DecodeAuthorizationMessage turns back into the decision.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DescribeVpcsCommand, EC2Client, EC2ServiceException } from '@aws-sdk/client-ec2';
import { DecodeAuthorizationMessageCommand } from '@aws-sdk/client-sts';
import { codecFor } from '../../src/protocol/codecs.js';
import { loadModel } from '../../src/protocol/model/load-model.js';
import type { ServiceFactory } from '../../src/services/service-module.js';
import { startTestServer, type TestServer } from '../helpers/rampart.js';
import { allow, doc, sts, userWithKey, type Creds } from './authz-support.js';

/** EC2 is not served yet: a stand-in serving DescribeVpcs (no VPCs) lets a request reach authorization. */
const ec2StandIn: ServiceFactory = () => {
  const model = loadModel('ec2');
  return {
    definition: { name: 'ec2', model, codec: codecFor(model), handlers: { DescribeVpcs: async () => ({ Vpcs: [] }) } },
    authorization: { prefix: 'ec2', operations: {} },
  };
};

describe('EC2 authentication and authorization errors', () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer({ services: [ec2StandIn] });
  });
  after(() => s.close());

  const ec2 = (credentials: Creds) => new EC2Client({ endpoint: s.url, region: 'us-east-1', credentials, maxAttempts: 1 });
  async function fails(creds: Creds): Promise<EC2ServiceException> {
    const e = await ec2(creds).send(new DescribeVpcsCommand({})).then(() => undefined, (x: unknown) => x);
    assert.ok(e instanceof EC2ServiceException, `expected an EC2 error, got ${String(e)}`);
    return e;
  }

  it('a wrong secret and an unknown key: AuthFailure 401', async () => {
    for (const creds of [{ ...s.credentials, secretAccessKey: `${s.credentials.secretAccessKey}x` }, { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'x' }]) {
      const e = await fails(creds);
      assert.deepEqual([e.name, e.$metadata.httpStatusCode, e.message], ['AuthFailure', 401, 'AWS was not able to validate the provided access credentials']);
    }
  });

  it('an allowed caller gets its answer (the stand-in serves)', async () => {
    const ops = await userWithKey(s, 'ops', { policy: doc(allow('ec2:DescribeVpcs')) });
    assert.deepEqual((await ec2(ops).send(new DescribeVpcsCommand({}))).Vpcs, []);
  });

  it('a denial: UnauthorizedOperation 403 with a message STS decodes', async () => {
    const dev = await userWithKey(s, 'dev', { policy: doc(allow('sts:DecodeAuthorizationMessage')) });
    const e = await fails(dev);
    assert.equal(e.name, 'UnauthorizedOperation');
    assert.equal(e.$metadata.httpStatusCode, 403);
    const m = /^You are not authorized to perform this operation\. User: arn:aws:iam::\d{12}:user\/dev is not authorized to perform: ec2:DescribeVpcs because no identity-based policy allows the ec2:DescribeVpcs action\. Encoded authorization failure message: (\S+)$/.exec(e.message);
    assert.ok(m, e.message);
    const decoded = await sts(s, dev).send(new DecodeAuthorizationMessageCommand({ EncodedMessage: m[1]! }));
    const body = JSON.parse(decoded.DecodedMessage!) as { allowed: boolean; context: { action: string } };
    assert.deepEqual([body.allowed, body.context.action], [false, 'ec2:DescribeVpcs']);
  });
});
