import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { awsEnv, startTestServer, type TestServer } from '../helpers/rampart.js';
import { runAsync } from '../helpers/run-async.js';

/**
 * A sample of SigV4 requests signed by the AWS CLI itself (botocore through the `aws` command), with
 * unicode and reserved characters, empty values and odd spacing in what is signed. Each must pass
 * authentication: the answer is the operation's own result or a validation error, never an auth error.
 */
const AUTH_ERRORS = /SignatureDoesNotMatch|IncompleteSignature|InvalidClientTokenId|MissingAuthenticationToken|AccessDenied/;

const SAMPLES: readonly (readonly string[])[] = [
  ['iam', 'list-users', '--path-prefix', '/ü ñ/&=+%/~!*\'()/'],
  ['iam', 'list-users', '--path-prefix', '/'],
  ['iam', 'create-user', '--user-name', 'cli-sample-user', '--path', '/a+b=c/'],
  ['iam', 'tag-user', '--user-name', 'cli-sample-user', '--tags', JSON.stringify([{ Key: 'unicode', Value: 'ü ñ 漢字 =+' }, { Key: 'spaces', Value: '  two  spaces  ' }, { Key: 'empty', Value: '' }])],
  ['iam', 'list-user-tags', '--user-name', 'cli-sample-user'],
  ['iam', 'create-policy', '--policy-name', 'cli-sample', '--policy-document', '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/ü &=+%?#"}]}'],
  ['iam', 'create-policy', '--policy-name', 'cli-bad', '--policy-document', '{"Statement":"ü &=+%"}'],
  ['iam', 'get-user', '--user-name', 'nobody-\u00e9'],
  ['sts', 'get-caller-identity'],
  ['sts', 'get-session-token', '--duration-seconds', '900'],
];

describe('SigV4 sample signed by the AWS CLI', () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer();
  });
  after(async () => s.close());

  const outputs = new Map<string, string>();
  for (const args of SAMPLES) {
    it(`aws ${args.slice(0, 2).join(' ')} ${JSON.stringify(args.slice(2)).slice(0, 60)} passes authentication`, async () => {
      const r = await runAsync('aws', ['--endpoint-url', s.url, '--output', 'json', ...args], { env: awsEnv(s) });
      assert.doesNotMatch(r.stderr, AUTH_ERRORS, r.stderr);
      if (r.status !== 0) assert.match(r.stderr, /\((ValidationError|MalformedPolicyDocument|NoSuchEntity)\)/, r.stderr);
      outputs.set(args[1]!, r.stdout);
    });
  }

  it('the tags with unicode, spaces and an empty value came through intact', () => {
    const tags = Object.fromEntries((JSON.parse(outputs.get('list-user-tags') ?? '{}') as { Tags: { Key: string; Value: string }[] }).Tags.map((t) => [t.Key, t.Value]));
    assert.deepEqual(tags, { unicode: 'ü ñ 漢字 =+', spaces: '  two  spaces  ', empty: '' });
  });
});
