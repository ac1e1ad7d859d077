/**
 * Inputs the model lets through but no entity can match (forged pagination markers, ARNs ending in
 * `/` or holding NUL, List* without UserName from callers that are not IAM users): each answers
 * AWS's 4xx, never a 5xx. Sent as raw signed requests so that nothing client-side cleans them up.
 * Found by the model-driven fuzzer (test/fuzz/model-fuzz.test.ts).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from '../helpers/rampart.js';
import { signedQuery, xmlValue } from '../helpers/signed-fetch.js';
import { iam, type Creds } from './authz-support.js';
import { CreateUserCommand } from '@aws-sdk/client-iam';

describe('IAM input boundaries: AWS 4xx for inputs no entity can match', () => {
  let s: TestServer;
  const unexpected: string[] = [];
  before(async () => {
    s = await startTestServer({ log: (msg, err) => unexpected.push(`${msg} ${err instanceof Error ? err.stack : String(err)}`) });
    await iam(s).send(new CreateUserCommand({ UserName: 'u1' }));
  });
  after(async () => {
    await s.close();
    assert.deepEqual(unexpected, [], 'no request failed unexpectedly on the server');
  });

  /** Calls IAM as `creds` (root by default); returns status, error code and message. */
  async function call(params: Record<string, string>, creds: Creds = s.credentials): Promise<{ status: number; code?: string; message?: string }> {
    const res = await signedQuery(s.url, { Version: '2010-05-08', ...params }, { ...creds, service: 'iam' });
    return { status: res.status, code: xmlValue(res.body, 'Code'), message: xmlValue(res.body, 'Message')?.replace(/&apos;/g, "'") };
  }

  describe('forged pagination markers', () => {
    for (const Action of ['ListUsers', 'ListRoles', 'ListGroups', 'ListInstanceProfiles', 'ListPolicies', 'ListAccessKeys']) {
      it(`${Action} with Marker=AA (a NUL byte) or not base64url: ValidationError "Invalid Marker." (400)`, async () => {
        for (const Marker of ['AA', '!!', 'AAE']) assert.deepEqual(await call({ Action, Marker }), { status: 400, code: 'ValidationError', message: 'Invalid Marker.' }, `${Action} Marker=${Marker}`);
      });
    }

    it('a marker the server made still pages on', async () => {
      const first = await signedQuery(s.url, { Version: '2010-05-08', Action: 'ListPolicies', MaxItems: '2' }, { ...s.credentials, service: 'iam' });
      const Marker = xmlValue(first.body, 'Marker')!;
      assert.equal((await call({ Action: 'ListPolicies', Marker, MaxItems: '2' })).status, 200);
    });
  });
});
