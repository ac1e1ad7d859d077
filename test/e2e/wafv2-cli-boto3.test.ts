/**
 * WAFv2 through the AWS CLI and boto3: IP set lifecycle with LockToken (a stale token refused as
 * AWS refuses it), a web ACL whose rules come from a JSON file, check-capacity, the managed rule
 * group catalogue, and botocore seeing AWS's error codes, statuses and WAFInvalidParameterException's
 * Field/Parameter/Reason members.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pythonWithBoto3 } from '../helpers/python.js';
import { awsEnv, startTestServer, type TestServer } from '../helpers/rampart.js';
import { run } from './authz-support.js';

describe('WAFv2 through the AWS CLI and boto3', () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer();
  });
  after(() => s.close());
  const cli = async (args: string[]) => run('aws', ['--endpoint-url', s.url, '--output', 'json', 'wafv2', ...args], awsEnv(s));
  const json = <T>(r: { status: number | null; stdout: string; stderr: string }): T => {
    assert.equal(r.status, 0, r.stderr);
    return JSON.parse(r.stdout) as T;
  };

  it('AWS CLI: IP set with LockToken, a web ACL from a rules file, check-capacity, managed groups', async () => {
    const created = json<{ Summary: { Id: string; LockToken: string; ARN: string } }>(await cli(['create-ip-set', '--name', 'cli-ips', '--scope', 'REGIONAL', '--ip-address-version', 'IPV4', '--addresses', '192.0.2.0/24']));
    const id = created.Summary.Id;
    const upd = json<{ NextLockToken: string }>(await cli(['update-ip-set', '--name', 'cli-ips', '--scope', 'REGIONAL', '--id', id, '--addresses', '198.51.100.0/24', '--lock-token', created.Summary.LockToken]));
    assert.notEqual(upd.NextLockToken, created.Summary.LockToken);
    const stale = await cli(['update-ip-set', '--name', 'cli-ips', '--scope', 'REGIONAL', '--id', id, '--addresses', '198.51.100.0/24', '--lock-token', created.Summary.LockToken]);
    assert.notEqual(stale.status, 0);
    assert.match(stale.stderr, /WAFOptimisticLockException/);
    const bad = await cli(['create-ip-set', '--name', 'cli-bad', '--scope', 'REGIONAL', '--ip-address-version', 'IPV4', '--addresses', '10.0.0.1']);
    assert.match(bad.stderr, /WAFInvalidParameterException.*field: IP_ADDRESS, parameter: 10\.0\.0\.1/);
    const rules = [
      { Name: 'ips', Priority: 1, Statement: { IPSetReferenceStatement: { ARN: created.Summary.ARN } }, Action: { Block: {} }, VisibilityConfig: { SampledRequestsEnabled: true, CloudWatchMetricsEnabled: true, MetricName: 'ips' } },
      { Name: 'sqli', Priority: 2, Statement: { ManagedRuleGroupStatement: { VendorName: 'AWS', Name: 'AWSManagedRulesSQLiRuleSet' } }, OverrideAction: { None: {} }, VisibilityConfig: { SampledRequestsEnabled: true, CloudWatchMetricsEnabled: true, MetricName: 'sqli' } },
      { Name: 'ua', Priority: 3, Statement: { ByteMatchStatement: { SearchString: 'sqlmap', FieldToMatch: { SingleHeader: { Name: 'user-agent' } }, TextTransformations: [{ Priority: 0, Type: 'LOWERCASE' }], PositionalConstraint: 'CONTAINS' } }, Action: { Block: {} }, VisibilityConfig: { SampledRequestsEnabled: true, CloudWatchMetricsEnabled: true, MetricName: 'ua' } },
    ];
    const file = join(s.dataDir, 'rules.json');
    writeFileSync(file, JSON.stringify(rules));
    // 1 + 200 + (10 + 10) = 221
    assert.equal(json<{ Capacity: number }>(await cli(['check-capacity', '--scope', 'REGIONAL', '--rules', `file://${file}`])).Capacity, 221);
    const acl = json<{ Summary: { Id: string } }>(await cli(['create-web-acl', '--name', 'cli-acl', '--scope', 'REGIONAL', '--default-action', 'Allow={}', '--rules', `file://${file}`, '--visibility-config', 'SampledRequestsEnabled=true,CloudWatchMetricsEnabled=true,MetricName=cli-acl']));
    const got = json<{ WebACL: { Capacity: number; Rules: { Statement: { ByteMatchStatement?: { SearchString: string } } }[] } }>(await cli(['get-web-acl', '--name', 'cli-acl', '--scope', 'REGIONAL', '--id', acl.Summary.Id]));
    assert.equal(got.WebACL.Capacity, 221);
    // The CLI prints blobs base64-encoded, as the wire carries them.
    assert.equal(Buffer.from(got.WebACL.Rules[2]!.Statement.ByteMatchStatement!.SearchString, 'base64').toString(), 'sqlmap');
    const managed = json<{ ManagedRuleGroups: { Name: string }[] }>(await cli(['list-available-managed-rule-groups', '--scope', 'REGIONAL']));
    assert.ok(managed.ManagedRuleGroups.some((g) => g.Name === 'AWSManagedRulesCommonRuleSet'));
  });

  it('boto3: error codes, statuses and WAFInvalidParameterException members', async () => {
    const script = `
import boto3, json, sys, botocore
w = boto3.client('wafv2', endpoint_url=sys.argv[1], region_name='us-east-1', aws_access_key_id=sys.argv[2], aws_secret_access_key=sys.argv[3], config=botocore.config.Config(retries={'max_attempts': 1}))
out = {}
def err(f):
    try:
        f()
        return None
    except botocore.exceptions.ClientError as e:
        return [e.response['Error']['Code'], e.response['ResponseMetadata']['HTTPStatusCode'], e.response.get('Field'), e.response.get('Parameter'), e.response.get('Reason')]
s = w.create_regex_pattern_set(Name='py', Scope='REGIONAL', RegularExpressionList=[{'RegexString': '^/py'}])['Summary']
out['dup'] = err(lambda: w.create_regex_pattern_set(Name='py', Scope='REGIONAL', RegularExpressionList=[]))
out['cidr'] = err(lambda: w.create_ip_set(Name='py', Scope='REGIONAL', IPAddressVersion='IPV6', Addresses=['10.0.0.0/8']))
out['missing'] = err(lambda: w.get_web_acl(Name='nope', Scope='REGIONAL', Id='11111111-1111-4111-8111-111111111111'))
out['cloudfront'] = err(lambda: boto3.client('wafv2', endpoint_url=sys.argv[1], region_name='eu-west-1', aws_access_key_id=sys.argv[2], aws_secret_access_key=sys.argv[3]).list_web_acls(Scope='CLOUDFRONT'))
d = w.describe_managed_rule_group(VendorName='AWS', Name='AWSManagedRulesKnownBadInputsRuleSet', Scope='REGIONAL')
out['kbi'] = [d['Capacity'], d['LabelNamespace'], sorted(r['Name'] for r in d['Rules'])[:2]]
tok = w.get_regex_pattern_set(Name='py', Scope='REGIONAL', Id=s['Id'])['LockToken']
w.delete_regex_pattern_set(Name='py', Scope='REGIONAL', Id=s['Id'], LockToken=tok)
out['gone'] = err(lambda: w.get_regex_pattern_set(Name='py', Scope='REGIONAL', Id=s['Id']))
print(json.dumps(out))
`;
    const r = await run(pythonWithBoto3(), ['-c', script, s.url, s.credentials.accessKeyId, s.credentials.secretAccessKey], awsEnv(s));
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout) as Record<string, unknown[]>;
    assert.deepEqual(out['dup']!.slice(0, 2), ['WAFDuplicateItemException', 400]);
    assert.deepEqual(out['cidr'], ['WAFInvalidParameterException', 400, 'IP_ADDRESS', '10.0.0.0/8', 'The parameter contains formatting that is not valid.']);
    assert.deepEqual(out['missing']!.slice(0, 2), ['WAFNonexistentItemException', 400]);
    assert.deepEqual(out['cloudfront']!.slice(0, 3), ['WAFInvalidParameterException', 400, 'SCOPE_VALUE']);
    assert.deepEqual(out['kbi'], [200, 'awswaf:managed:aws:known-bad-inputs:', ['ExploitablePaths_URIPATH', 'Host_localhost_HEADER']]);
    assert.deepEqual(out['gone']!.slice(0, 2), ['WAFNonexistentItemException', 400]);
  });
});
