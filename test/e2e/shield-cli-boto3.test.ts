/**
 * AWS Shield (Advanced) through the AWS CLI and boto3 against a real server: the subscription, a
 * protection of an ALB of the account, ListProtections paged by the clients' paginators
 * (--max-items / boto3's paginator), DescribeProtection by id and by resource ARN, tags, a protection
 * group, DeleteProtection; and AWS's errors as each client reports them: a missing protection
 * (ResourceNotFoundException), ARNs Shield refuses (InvalidResourceException; a string that is no ARN
 * at all breaks the model's pattern: ValidationException), a forged page token, and a user without Shield permissions (AccessDeniedException).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { pythonWithBoto3 } from '../helpers/python.js';
import { awsEnv, startTestServer, type TestServer } from '../helpers/rampart.js';
import { run } from './authz-support.js';

interface Protection {
  Id: string;
  Name: string;
  ResourceArn: string;
  ProtectionArn: string;
  HealthCheckIds: string[];
}

describe('Shield through the AWS CLI and boto3', () => {
  let s: TestServer;
  let cli: (args: string[], creds?: TestServer['credentials']) => ReturnType<typeof run>;
  let alb: (name: string) => string;
  before(async () => {
    s = await startTestServer();
    cli = (args, creds) => run('aws', ['--endpoint-url', s.url, '--output', 'json', ...args], awsEnv(s, creds));
    alb = (name) => `arn:aws:elasticloadbalancing:us-east-1:${s.accountId}:loadbalancer/app/${name}/0123456789abcdef`;
  });
  after(() => s.close());

  const ok = (r: { status: number | null; stdout: string; stderr: string }): unknown => {
    assert.equal(r.status, 0, r.stderr);
    return r.stdout.trim() === '' ? {} : JSON.parse(r.stdout);
  };
  /** The CLI's exit status for a service error is 254 (awscli v2) or 255 (v1); stderr names the code and operation. */
  const failed = (r: { status: number | null; stderr: string }, code: string, op: string, message?: string) => {
    assert.ok(r.status === 254 || r.status === 255, `exit status ${r.status}: ${r.stderr}`);
    const m = /An error occurred \(([A-Za-z]+)\) when calling the ([A-Za-z]+) operation: (.*)/.exec(r.stderr);
    assert.ok(m, r.stderr);
    assert.deepEqual([m[1], m[2]], [code, op], r.stderr);
    if (message !== undefined) assert.equal(m[3]!.trim(), message);
  };

  it('AWS CLI: subscription, protections paged, described by id and ARN, tags, groups, delete, errors', async () => {
    failed(await cli(['shield', 'describe-subscription']), 'ResourceNotFoundException', 'DescribeSubscription', 'The subscription does not exist.');
    ok(await cli(['shield', 'create-subscription']));
    const sub = (ok(await cli(['shield', 'describe-subscription'])) as { Subscription: Record<string, unknown> }).Subscription;
    assert.equal(sub['TimeCommitmentInSeconds'], 31_536_000);
    assert.equal(sub['AutoRenew'], 'ENABLED');
    assert.match(String(sub['SubscriptionArn']), new RegExp(`^arn:aws:shield::${s.accountId}:subscription/`));
    // Epoch seconds on the wire: awscli v1 prints them as they came (its cli_timestamp_format
    // "none"), v2 as ISO 8601. Either way they read as now and a year later.
    const when = (v: unknown) => (typeof v === 'number' ? v * 1000 : Date.parse(String(v)));
    const start = when(sub['StartTime']);
    const end = when(sub['EndTime']);
    assert.ok(Math.abs(start - Date.now()) < 120_000, `StartTime ${String(sub['StartTime'])}`);
    assert.equal(end - start, 31_536_000_000);
    assert.equal((ok(await cli(['shield', 'get-subscription-state'])) as { SubscriptionState: string }).SubscriptionState, 'ACTIVE');

    const ids: string[] = [];
    for (const name of ['c1', 'c2', 'c3', 'c4', 'c5']) {
      const created = ok(await cli(['shield', 'create-protection', '--name', name, '--resource-arn', alb(name), '--tags', 'Key=team,Value=web'])) as { ProtectionId: string };
      assert.match(created.ProtectionId, /^[0-9a-f-]{36}$/);
      ids.push(created.ProtectionId);
    }
    failed(await cli(['shield', 'create-protection', '--name', 'again', '--resource-arn', alb('c1')]), 'ResourceAlreadyExistsException', 'CreateProtection');

    // --max-items 2 with --page-size 2: the CLI's own NextToken, resumed with --starting-token.
    const names: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const r = ok(await cli(['shield', 'list-protections', '--max-items', '2', '--page-size', '2', ...(token ? ['--starting-token', token] : [])])) as { Protections: Protection[]; NextToken?: string };
      names.push(...r.Protections.map((p) => p.Name));
      token = r.NextToken;
      pages++;
    } while (token !== undefined && pages < 10);
    assert.deepEqual(names, ['c1', 'c2', 'c3', 'c4', 'c5']);
    assert.equal(pages, 3);
    // Without --max-items the CLI follows every page itself (--page-size 2: three requests).
    const all = ok(await cli(['shield', 'list-protections', '--page-size', '2'])) as { Protections: Protection[]; NextToken?: string };
    assert.deepEqual(all.Protections.map((p) => p.Name), ['c1', 'c2', 'c3', 'c4', 'c5']);
    assert.equal(all.NextToken, undefined);
    // --no-paginate passes MaxResults through and shows the server's token.
    const first = ok(await cli(['shield', 'list-protections', '--no-paginate', '--max-results', '3'])) as { Protections: Protection[]; NextToken?: string };
    assert.equal(first.Protections.length, 3);
    assert.equal(typeof first.NextToken, 'string');
    failed(await cli(['shield', 'list-protections', '--no-paginate', '--next-token', 'forged']), 'InvalidPaginationTokenException', 'ListProtections');

    const byId = (ok(await cli(['shield', 'describe-protection', '--protection-id', ids[0]!])) as { Protection: Protection }).Protection;
    assert.deepEqual(byId, { Id: ids[0], Name: 'c1', ResourceArn: alb('c1'), HealthCheckIds: [], ProtectionArn: `arn:aws:shield::${s.accountId}:protection/${ids[0]}` });
    const byArn = (ok(await cli(['shield', 'describe-protection', '--resource-arn', alb('c1')])) as { Protection: Protection }).Protection;
    assert.deepEqual(byArn, byId);

    const arn = byId.ProtectionArn;
    assert.deepEqual(ok(await cli(['shield', 'list-tags-for-resource', '--resource-arn', arn])), { Tags: [{ Key: 'team', Value: 'web' }] });
    ok(await cli(['shield', 'tag-resource', '--resource-arn', arn, '--tags', 'Key=env,Value=prod', 'Key=team,Value=edge']));
    ok(await cli(['shield', 'untag-resource', '--resource-arn', arn, '--tag-keys', 'env']));
    assert.deepEqual(ok(await cli(['shield', 'list-tags-for-resource', '--resource-arn', arn])), { Tags: [{ Key: 'team', Value: 'edge' }] });

    ok(await cli(['shield', 'create-protection-group', '--protection-group-id', 'albs', '--aggregation', 'SUM', '--pattern', 'BY_RESOURCE_TYPE', '--resource-type', 'APPLICATION_LOAD_BALANCER']));
    ok(await cli(['shield', 'create-protection-group', '--protection-group-id', 'pick', '--aggregation', 'MAX', '--pattern', 'ARBITRARY', '--members', alb('c1'), alb('c2')]));
    const groups = ok(await cli(['shield', 'list-protection-groups'])) as { ProtectionGroups: { ProtectionGroupId: string; Members: string[]; ProtectionGroupArn: string; Pattern: string }[] };
    assert.deepEqual(groups.ProtectionGroups.map((g) => [g.ProtectionGroupId, g.Pattern, g.Members.length]), [['albs', 'BY_RESOURCE_TYPE', 5], ['pick', 'ARBITRARY', 2]]);
    assert.equal(groups.ProtectionGroups[1]!.ProtectionGroupArn, `arn:aws:shield::${s.accountId}:protection-group/pick`);

    ok(await cli(['shield', 'delete-protection', '--protection-id', ids[4]!]));
    const missing = 'The referenced protection does not exist.';
    failed(await cli(['shield', 'describe-protection', '--protection-id', ids[4]!]), 'ResourceNotFoundException', 'DescribeProtection', missing);
    failed(await cli(['shield', 'delete-protection', '--protection-id', ids[4]!]), 'ResourceNotFoundException', 'DeleteProtection', missing);
    failed(await cli(['shield', 'describe-protection', '--resource-arn', alb('c5')]), 'ResourceNotFoundException', 'DescribeProtection', missing);
    failed(await cli(['shield', 'describe-protection', '--protection-id', ids[0]!, '--resource-arn', alb('c1')]), 'InvalidParameterException', 'DescribeProtection');
    // An ARN of a service Shield does not protect: InvalidResourceException with AWS's text.
    failed(
      await cli(['shield', 'create-protection', '--name', 'q', '--resource-arn', `arn:aws:sqs:us-east-1:${s.accountId}:queue/q`]),
      'InvalidResourceException',
      'CreateProtection',
      "Unrecognized resource 'queue' of service 'sqs'.",
    );
    // A string that is no ARN breaks the model's pattern ^arn:aws.*: refused before the handler, as
    // Coral's validation words it (no AWS record says Shield maps it to InvalidParameterException).
    failed(
      await cli(['shield', 'create-protection', '--name', 'x', '--resource-arn', 'not-an-arn']),
      'ValidationException',
      'CreateProtection',
      "1 validation error detected: Value 'not-an-arn' at 'resourceArn' failed to satisfy constraint: Member must satisfy regular expression pattern: ^arn:aws.*",
    );
    // A Shield ARN of no protection or group kind, for tags: InvalidResourceException.
    failed(await cli(['shield', 'list-tags-for-resource', '--resource-arn', `arn:aws:shield::${s.accountId}:attack/x`]), 'InvalidResourceException', 'ListTagsForResource');
  });

  it('AWS CLI: a user without Shield permissions is denied (AccessDeniedException)', async () => {
    ok(await cli(['iam', 'create-user', '--user-name', 'no-shield']));
    ok(await cli(['iam', 'put-user-policy', '--user-name', 'no-shield', '--policy-name', 'iam-read', '--policy-document', JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:GetUser', Resource: '*' }] })]));
    const key = (ok(await cli(['iam', 'create-access-key', '--user-name', 'no-shield'])) as { AccessKey: { AccessKeyId: string; SecretAccessKey: string } }).AccessKey;
    const creds = { accessKeyId: key.AccessKeyId, secretAccessKey: key.SecretAccessKey };
    const userArn = `arn:aws:iam::${s.accountId}:user/no-shield`;
    const denied = await cli(['shield', 'list-protections'], creds);
    failed(denied, 'AccessDeniedException', 'ListProtections');
    assert.match(denied.stderr, new RegExp(`User: ${userArn} is not authorized to perform: shield:ListProtections`));
    failed(await cli(['shield', 'create-protection', '--name', 'x', '--resource-arn', alb('x')], creds), 'AccessDeniedException', 'CreateProtection');
    failed(await cli(['shield', 'describe-subscription'], creds), 'AccessDeniedException', 'DescribeSubscription');

    const script = `
import boto3, json, sys, botocore
c = boto3.client('shield', endpoint_url=sys.argv[1], region_name='us-east-1', aws_access_key_id=sys.argv[2], aws_secret_access_key=sys.argv[3], config=botocore.config.Config(retries={'max_attempts': 1}))
try:
    c.list_protections()
    print(json.dumps(None))
except botocore.exceptions.ClientError as e:
    print(json.dumps([e.response['Error']['Code'], e.response['ResponseMetadata']['HTTPStatusCode'], e.operation_name, isinstance(e, c.exceptions.AccessDeniedException)]))
`;
    const r = await run(pythonWithBoto3(), ['-c', script, s.url, creds.accessKeyId, creds.secretAccessKey], awsEnv(s, creds));
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), ['AccessDeniedException', 400, 'ListProtections', true]);
  });

  it('boto3: types of the answers, the paginator, describe by id and ARN, tags, groups, errors', async () => {
    const script = `
import boto3, json, sys, botocore, datetime
c = boto3.client('shield', endpoint_url=sys.argv[1], region_name='us-east-1', aws_access_key_id=sys.argv[2], aws_secret_access_key=sys.argv[3], config=botocore.config.Config(retries={'max_attempts': 1}))
acct = sys.argv[4]
alb = lambda n: 'arn:aws:elasticloadbalancing:us-east-1:%s:loadbalancer/app/%s/fedcba9876543210' % (acct, n)
out = {}
def err(f):
    try:
        f()
        return None
    except botocore.exceptions.ClientError as e:
        return [e.response['Error']['Code'], e.response['ResponseMetadata']['HTTPStatusCode'], e.response['Error'].get('Message', '')]
sub = c.describe_subscription()['Subscription']
out['times'] = [type(sub['StartTime']).__name__, sub['StartTime'].tzinfo is not None, (sub['EndTime'] - sub['StartTime']).total_seconds()]
out['limits'] = type(sub['SubscriptionLimits']['ProtectionLimits']['ProtectedResourceTypeLimits'][0]['Max']).__name__
ids = [c.create_protection(Name='py%d' % i, ResourceArn=alb('py%d' % i), Tags=[{'Key': 'k', 'Value': str(i)}])['ProtectionId'] for i in range(3)]
pages = list(c.get_paginator('list_protections').paginate(PaginationConfig={'PageSize': 2}))
out['pages'] = [[p['Name'] for p in pg['Protections']] for pg in pages]
limited = c.get_paginator('list_protections').paginate(PaginationConfig={'MaxItems': 3, 'PageSize': 2}).build_full_result()
out['limited'] = [len(limited['Protections']), 'NextToken' in limited]
p = c.describe_protection(ProtectionId=ids[0])['Protection']
out['byId'] = p
out['byArn'] = c.describe_protection(ResourceArn=alb('py0'))['Protection'] == p
c.tag_resource(ResourceARN=p['ProtectionArn'], Tags=[{'Key': 'env', 'Value': 'dev'}])
c.untag_resource(ResourceARN=p['ProtectionArn'], TagKeys=['k'])
out['tags'] = c.list_tags_for_resource(ResourceARN=p['ProtectionArn'])['Tags']
c.create_protection_group(ProtectionGroupId='py-all', Aggregation='MEAN', Pattern='ALL')
out['groups'] = [g['ProtectionGroupId'] for g in c.list_protection_groups()['ProtectionGroups']]
c.delete_protection(ProtectionId=ids[2])
out['missing'] = err(lambda: c.describe_protection(ProtectionId=ids[2]))
out['missingArn'] = err(lambda: c.describe_protection(ResourceArn=alb('py2')))
out['both'] = err(lambda: c.describe_protection(ProtectionId=ids[0], ResourceArn=alb('py0')))
out['sqs'] = err(lambda: c.create_protection(Name='q', ResourceArn='arn:aws:sqs:us-east-1:%s:queue/q' % acct))
out['other'] = err(lambda: c.create_protection(Name='o', ResourceArn=alb('o').replace(acct, '999999999999')))
out['notArn'] = err(lambda: c.create_protection(Name='x', ResourceArn='not-an-arn'))
out['badTagArn'] = err(lambda: c.list_tags_for_resource(ResourceARN='arn:aws:shield::%s:protection/00000000-0000-0000-0000-000000000000' % acct))
out['token'] = err(lambda: c.list_protections(NextToken='forged'))
try:
    c.describe_protection(ProtectionId=ids[2])
except c.exceptions.ResourceNotFoundException as e:
    out['modeled'] = e.response['Error'].get('resourceType') or e.response.get('resourceType')
print(json.dumps(out, default=str))
`;
    const r = await run(pythonWithBoto3(), ['-c', script, s.url, s.credentials.accessKeyId, s.credentials.secretAccessKey, s.accountId], awsEnv(s));
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout) as Record<string, unknown>;
    assert.deepEqual(out['times'], ['datetime', true, 31_536_000]);
    assert.equal(out['limits'], 'int');
    const pages = out['pages'] as string[][];
    // The first test left c1..c4 (c5 deleted): seven protections in pages of two.
    assert.deepEqual(pages.flat(), ['c1', 'c2', 'c3', 'c4', 'py0', 'py1', 'py2']);
    assert.deepEqual(pages.map((p) => p.length), [2, 2, 2, 1]);
    assert.deepEqual(out['limited'], [3, true]);
    const byId = out['byId'] as Protection;
    assert.deepEqual(Object.keys(byId).sort(), ['HealthCheckIds', 'Id', 'Name', 'ProtectionArn', 'ResourceArn']);
    assert.equal(byId.Name, 'py0');
    assert.equal(out['byArn'], true);
    assert.deepEqual(out['tags'], [{ Key: 'env', Value: 'dev' }]);
    assert.deepEqual(out['groups'], ['albs', 'pick', 'py-all']);
    assert.deepEqual(out['missing'], ['ResourceNotFoundException', 400, 'The referenced protection does not exist.']);
    assert.deepEqual(out['missingArn'], ['ResourceNotFoundException', 400, 'The referenced protection does not exist.']);
    assert.deepEqual((out['both'] as unknown[]).slice(0, 2), ['InvalidParameterException', 400]);
    assert.deepEqual(out['sqs'], ['InvalidResourceException', 400, "Unrecognized resource 'queue' of service 'sqs'."]);
    assert.deepEqual((out['other'] as unknown[]).slice(0, 2), ['InvalidResourceException', 400]);
    assert.deepEqual((out['notArn'] as unknown[]).slice(0, 2), ['ValidationException', 400]);
    assert.deepEqual(out['badTagArn'], ['ResourceNotFoundException', 400, 'The referenced protection does not exist.']);
    assert.deepEqual((out['token'] as unknown[]).slice(0, 2), ['InvalidPaginationTokenException', 400]);
    assert.equal(out['modeled'], 'protection');
  });
});
