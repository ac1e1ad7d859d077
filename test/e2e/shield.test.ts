/**
 * AWS Shield through the AWS SDK v3: every served operation, AWS's errors (no subscription, unknown
 * protections, groups and attacks, unsupported resources, locked subscription, invalid group patterns,
 * SRT role checks, automatic response preconditions), and attacks detected by the engine
 * (src/dataplane/shield) from synthetic traffic, recorded in the store and read back through
 * ListAttacks / DescribeAttack / DescribeAttackStatistics, with the automatic mitigation rule added to
 * and removed from the resource's web ACL.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import * as sh from '@aws-sdk/client-shield';
import { AssociateWebACLCommand, CreateWebACLCommand, GetWebACLCommand, WAFV2Client } from '@aws-sdk/client-wafv2';
import { ShieldEngine } from '../../src/dataplane/shield/engine.js';
import { startTestServer, type TestServer } from '../helpers/rampart.js';
import { allow, doc, userWithKey } from './authz-support.js';

let s: TestServer;
let c: sh.ShieldClient;
before(async () => {
  s = await startTestServer();
  c = new sh.ShieldClient({ endpoint: s.url, region: 'us-east-1', credentials: s.credentials, maxAttempts: 1 });
});
after(() => s.close());

async function failure(p: Promise<unknown>): Promise<sh.ShieldServiceException> {
  const e = await p.then(() => undefined, (x: unknown) => x);
  if (!(e instanceof sh.ShieldServiceException)) throw new Error(`expected a Shield error, got ${e === undefined ? 'success' : String(e)}`);
  assert.ok((e.$metadata.httpStatusCode ?? 0) < 500, `5xx: ${e.name}`);
  return e;
}

const alb = (name: string, id = '0123456789abcdef') => `arn:aws:elasticloadbalancing:us-east-1:${s.accountId}:loadbalancer/app/${name}/${id}`;

describe('Shield: the subscription', () => {
  it('answers ResourceNotFoundException without a subscription, INACTIVE state; then subscribes', async () => {
    assert.equal((await c.send(new sh.GetSubscriptionStateCommand({}))).SubscriptionState, 'INACTIVE');
    for (const cmd of [new sh.DescribeSubscriptionCommand({}), new sh.DescribeDRTAccessCommand({}), new sh.DescribeEmergencyContactSettingsCommand({}), new sh.ListProtectionsCommand({}), new sh.CreateProtectionCommand({ Name: 'x', ResourceArn: alb('x') })]) {
      const e = await failure(c.send(cmd as never));
      assert.equal(e.name, 'ResourceNotFoundException');
      assert.equal(e.message, 'The subscription does not exist.');
    }
    await c.send(new sh.CreateSubscriptionCommand({}));
    assert.equal((await failure(c.send(new sh.CreateSubscriptionCommand({})))).name, 'ResourceAlreadyExistsException');
    assert.equal((await c.send(new sh.GetSubscriptionStateCommand({}))).SubscriptionState, 'ACTIVE');
    const sub = (await c.send(new sh.DescribeSubscriptionCommand({}))).Subscription!;
    assert.equal(sub.TimeCommitmentInSeconds, 31_536_000);
    assert.equal(sub.AutoRenew, 'ENABLED');
    assert.equal(sub.ProactiveEngagementStatus, 'DISABLED');
    assert.match(sub.SubscriptionArn!, new RegExp(`^arn:aws:shield::${s.accountId}:subscription/`));
    assert.equal(sub.EndTime!.getTime() - sub.StartTime!.getTime(), 31_536_000_000);
    assert.ok(sub.SubscriptionLimits!.ProtectionGroupLimits!.MaxProtectionGroups! > 0);
    // Within the commitment: no deleting, no AutoRenew change before the last 30 days.
    assert.equal((await failure(c.send(new sh.DeleteSubscriptionCommand({})))).name, 'LockedSubscriptionException');
    assert.equal((await failure(c.send(new sh.UpdateSubscriptionCommand({ AutoRenew: 'DISABLED' })))).name, 'LockedSubscriptionException');
    await c.send(new sh.UpdateSubscriptionCommand({ AutoRenew: 'ENABLED' })); // unchanged: accepted
  });
});

describe('Shield: protections, health checks, tags', () => {
  it('creates, describes, lists with filters, tags and deletes protections; refuses what AWS refuses', async () => {
    const web = (await c.send(new sh.CreateProtectionCommand({ Name: 'web', ResourceArn: alb('web'), Tags: [{ Key: 'team', Value: 'a' }] }))).ProtectionId!;
    assert.match(web, /^[0-9a-f-]{36}$/);
    await c.send(new sh.CreateProtectionCommand({ Name: 'cdn', ResourceArn: `arn:aws:cloudfront::${s.accountId}:distribution/E1ABCDEF2GHIJK` }));
    await c.send(new sh.CreateProtectionCommand({ Name: 'zone', ResourceArn: 'arn:aws:route53:::hostedzone/Z0123456789ABC' }));
    await c.send(new sh.CreateProtectionCommand({ Name: 'eip', ResourceArn: `arn:aws:ec2:us-east-1:${s.accountId}:eip-allocation/eipalloc-0123456789abcdef0` }));
    assert.equal((await failure(c.send(new sh.CreateProtectionCommand({ Name: 'again', ResourceArn: alb('web') })))).name, 'ResourceAlreadyExistsException');
    const bad = await failure(c.send(new sh.CreateProtectionCommand({ Name: 'q', ResourceArn: `arn:aws:sqs:us-east-1:${s.accountId}:queue/q` })));
    assert.equal(bad.name, 'InvalidResourceException');
    assert.equal(bad.message, "Unrecognized resource 'queue' of service 'sqs'.");
    assert.equal((await failure(c.send(new sh.CreateProtectionCommand({ Name: 'nlb', ResourceArn: `arn:aws:elasticloadbalancing:us-east-1:${s.accountId}:loadbalancer/net/n/0123456789abcdef` })))).name, 'InvalidResourceException');
    assert.equal((await failure(c.send(new sh.CreateProtectionCommand({ Name: 'other', ResourceArn: alb('x').replace(s.accountId, '999999999999') })))).name, 'InvalidResourceException');

    const byId = (await c.send(new sh.DescribeProtectionCommand({ ProtectionId: web }))).Protection!;
    assert.deepEqual({ ...byId, ProtectionArn: undefined }, { Id: web, Name: 'web', ResourceArn: alb('web'), HealthCheckIds: [], ProtectionArn: undefined });
    assert.equal(byId.ProtectionArn, `arn:aws:shield::${s.accountId}:protection/${web}`);
    assert.equal((await c.send(new sh.DescribeProtectionCommand({ ResourceArn: alb('web') }))).Protection!.Id, web);
    assert.equal((await failure(c.send(new sh.DescribeProtectionCommand({ ProtectionId: web, ResourceArn: alb('web') })))).name, 'InvalidParameterException');
    assert.equal((await failure(c.send(new sh.DescribeProtectionCommand({ ProtectionId: '00000000-0000-0000-0000-000000000000' })))).name, 'ResourceNotFoundException');

    assert.equal((await c.send(new sh.ListProtectionsCommand({}))).Protections!.length, 4);
    assert.deepEqual((await c.send(new sh.ListProtectionsCommand({ InclusionFilters: { ResourceTypes: ['ROUTE_53_HOSTED_ZONE'] } }))).Protections!.map((p) => p.Name), ['zone']);
    assert.deepEqual((await c.send(new sh.ListProtectionsCommand({ InclusionFilters: { ProtectionNames: ['cdn'] } }))).Protections!.map((p) => p.Name), ['cdn']);
    const p1 = await c.send(new sh.ListProtectionsCommand({ MaxResults: 3 }));
    const p2 = await c.send(new sh.ListProtectionsCommand({ MaxResults: 3, NextToken: p1.NextToken! }));
    assert.deepEqual([...p1.Protections!, ...p2.Protections!].map((p) => p.Name), ['web', 'cdn', 'zone', 'eip']);
    assert.equal(p2.NextToken, undefined);
    assert.equal((await failure(c.send(new sh.ListProtectionsCommand({ NextToken: 'forged' })))).name, 'InvalidPaginationTokenException');

    const hc = 'arn:aws:route53:::healthcheck/0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9';
    await c.send(new sh.AssociateHealthCheckCommand({ ProtectionId: web, HealthCheckArn: hc }));
    assert.deepEqual((await c.send(new sh.DescribeProtectionCommand({ ProtectionId: web }))).Protection!.HealthCheckIds, ['0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9']);
    assert.equal((await failure(c.send(new sh.AssociateHealthCheckCommand({ ProtectionId: web, HealthCheckArn: hc.replace('0f1e', '1f1e') })))).name, 'LimitsExceededException');
    await c.send(new sh.DisassociateHealthCheckCommand({ ProtectionId: web, HealthCheckArn: hc }));
    assert.deepEqual((await c.send(new sh.DescribeProtectionCommand({ ProtectionId: web }))).Protection!.HealthCheckIds, []);

    const arn = byId.ProtectionArn!;
    await c.send(new sh.TagResourceCommand({ ResourceARN: arn, Tags: [{ Key: 'env', Value: 'prod' }, { Key: 'team', Value: 'b' }] }));
    await c.send(new sh.UntagResourceCommand({ ResourceARN: arn, TagKeys: ['env'] }));
    assert.deepEqual((await c.send(new sh.ListTagsForResourceCommand({ ResourceARN: arn }))).Tags, [{ Key: 'team', Value: 'b' }]);
    assert.equal((await failure(c.send(new sh.TagResourceCommand({ ResourceARN: arn, Tags: [{ Key: 'aws:x', Value: 'y' }] })))).name, 'InvalidParameterException');
    assert.equal((await failure(c.send(new sh.ListTagsForResourceCommand({ ResourceARN: `arn:aws:shield::${s.accountId}:protection/00000000-0000-0000-0000-000000000000` })))).name, 'ResourceNotFoundException');

    const eip = (await c.send(new sh.ListProtectionsCommand({ InclusionFilters: { ProtectionNames: ['eip'] } }))).Protections![0]!.Id!;
    await c.send(new sh.DeleteProtectionCommand({ ProtectionId: eip }));
    assert.equal((await failure(c.send(new sh.DeleteProtectionCommand({ ProtectionId: eip })))).name, 'ResourceNotFoundException');
  });
});

describe('Shield: protection groups', () => {
  it('ALL, BY_RESOURCE_TYPE and ARBITRARY groups, their members, filters, update and delete; invalid patterns refused', async () => {
    await c.send(new sh.CreateProtectionGroupCommand({ ProtectionGroupId: 'all', Aggregation: 'MAX', Pattern: 'ALL', Tags: [{ Key: 'k', Value: 'v' }] }));
    await c.send(new sh.CreateProtectionGroupCommand({ ProtectionGroupId: 'albs', Aggregation: 'SUM', Pattern: 'BY_RESOURCE_TYPE', ResourceType: 'APPLICATION_LOAD_BALANCER' }));
    await c.send(new sh.CreateProtectionGroupCommand({ ProtectionGroupId: 'pick', Aggregation: 'MEAN', Pattern: 'ARBITRARY', Members: [alb('web')] }));
    assert.equal((await failure(c.send(new sh.CreateProtectionGroupCommand({ ProtectionGroupId: 'all', Aggregation: 'MAX', Pattern: 'ALL' })))).name, 'ResourceAlreadyExistsException');
    for (const bad of [
      { Pattern: 'BY_RESOURCE_TYPE' as const },
      { Pattern: 'ALL' as const, ResourceType: 'APPLICATION_LOAD_BALANCER' as const },
      { Pattern: 'ALL' as const, Members: [alb('web')] },
      { Pattern: 'ARBITRARY' as const, Members: ['arn:aws:sqs:us-east-1:111122223333:q'] },
    ]) {
      const e = await failure(c.send(new sh.CreateProtectionGroupCommand({ ProtectionGroupId: 'bad', Aggregation: 'SUM', ...bad })));
      assert.equal(e.name, 'InvalidParameterException', JSON.stringify(bad));
    }
    const all = (await c.send(new sh.DescribeProtectionGroupCommand({ ProtectionGroupId: 'all' }))).ProtectionGroup!;
    assert.equal(all.Members!.length, 3);
    assert.equal(all.ProtectionGroupArn, `arn:aws:shield::${s.accountId}:protection-group/all`);
    assert.deepEqual((await c.send(new sh.ListResourcesInProtectionGroupCommand({ ProtectionGroupId: 'albs' }))).ResourceArns, [alb('web')]);
    assert.deepEqual((await c.send(new sh.ListProtectionGroupsCommand({ InclusionFilters: { Patterns: ['ARBITRARY'] } }))).ProtectionGroups!.map((g) => g.ProtectionGroupId), ['pick']);
    assert.equal((await c.send(new sh.ListProtectionGroupsCommand({}))).ProtectionGroups!.length, 3);
    await c.send(new sh.UpdateProtectionGroupCommand({ ProtectionGroupId: 'pick', Aggregation: 'SUM', Pattern: 'BY_RESOURCE_TYPE', ResourceType: 'ROUTE_53_HOSTED_ZONE' }));
    const pick = (await c.send(new sh.DescribeProtectionGroupCommand({ ProtectionGroupId: 'pick' }))).ProtectionGroup!;
    assert.deepEqual([pick.Pattern, pick.ResourceType, pick.Members], ['BY_RESOURCE_TYPE', 'ROUTE_53_HOSTED_ZONE', ['arn:aws:route53:::hostedzone/Z0123456789ABC']]);
    assert.deepEqual((await c.send(new sh.ListTagsForResourceCommand({ ResourceARN: all.ProtectionGroupArn! }))).Tags, [{ Key: 'k', Value: 'v' }]);
    await c.send(new sh.DeleteProtectionGroupCommand({ ProtectionGroupId: 'pick' }));
    assert.equal((await failure(c.send(new sh.DescribeProtectionGroupCommand({ ProtectionGroupId: 'pick' })))).name, 'ResourceNotFoundException');
    assert.equal((await failure(c.send(new sh.UpdateProtectionGroupCommand({ ProtectionGroupId: 'nope', Aggregation: 'SUM', Pattern: 'ALL' })))).name, 'ResourceNotFoundException');
  });
});

describe('Shield: SRT access, emergency contacts, proactive engagement', () => {
  it('associates a role that trusts drt.shield.amazonaws.com and log buckets; refuses others', async () => {
    const iam = new IAMClient({ endpoint: s.url, region: 'us-east-1', credentials: s.credentials, maxAttempts: 1 });
    const trust = (svc: string) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: svc }, Action: 'sts:AssumeRole' }] });
    const role = (await iam.send(new CreateRoleCommand({ RoleName: 'srt', AssumeRolePolicyDocument: trust('drt.shield.amazonaws.com') }))).Role!.Arn!;
    const wrong = (await iam.send(new CreateRoleCommand({ RoleName: 'ec2', AssumeRolePolicyDocument: trust('ec2.amazonaws.com') }))).Role!.Arn!;
    assert.equal((await failure(c.send(new sh.AssociateDRTLogBucketCommand({ LogBucket: 'flow-logs' })))).name, 'NoAssociatedRoleException');
    assert.equal((await failure(c.send(new sh.AssociateDRTRoleCommand({ RoleArn: wrong })))).name, 'InvalidParameterException');
    assert.equal((await failure(c.send(new sh.AssociateDRTRoleCommand({ RoleArn: `arn:aws:iam::${s.accountId}:role/missing` })))).name, 'InvalidParameterException');
    assert.equal((await failure(c.send(new sh.AssociateDRTRoleCommand({ RoleArn: 'arn:aws:iam::999999999999:role/srt' })))).name, 'InvalidParameterException');
    await c.send(new sh.AssociateDRTRoleCommand({ RoleArn: role }));
    const s3 = new S3Client({ endpoint: s.url, region: 'us-east-1', credentials: s.credentials, forcePathStyle: true, maxAttempts: 1 });
    await s3.send(new CreateBucketCommand({ Bucket: 'flow-logs' }));
    await c.send(new sh.AssociateDRTLogBucketCommand({ LogBucket: 'flow-logs' }));
    assert.equal((await failure(c.send(new sh.AssociateDRTLogBucketCommand({ LogBucket: 'no-such-bucket-here' })))).name, 'InvalidParameterException');
    assert.deepEqual(await c.send(new sh.DescribeDRTAccessCommand({})).then((r) => [r.RoleArn, r.LogBucketList]), [role, ['flow-logs']]);
    await c.send(new sh.DisassociateDRTLogBucketCommand({ LogBucket: 'flow-logs' }));
    assert.equal((await failure(c.send(new sh.DisassociateDRTLogBucketCommand({ LogBucket: 'flow-logs' })))).name, 'ResourceNotFoundException');
    await c.send(new sh.DisassociateDRTRoleCommand({}));
    assert.deepEqual(await c.send(new sh.DescribeDRTAccessCommand({})).then((r) => [r.RoleArn, r.LogBucketList]), [undefined, undefined]);
  });

  it('keeps emergency contacts; proactive engagement needs a phone number', async () => {
    assert.equal((await failure(c.send(new sh.EnableProactiveEngagementCommand({})))).name, 'InvalidOperationException');
    await c.send(new sh.UpdateEmergencyContactSettingsCommand({ EmergencyContactList: [{ EmailAddress: 'soc@example.com' }] }));
    assert.deepEqual((await c.send(new sh.DescribeEmergencyContactSettingsCommand({}))).EmergencyContactList, [{ EmailAddress: 'soc@example.com' }]);
    assert.equal((await failure(c.send(new sh.AssociateProactiveEngagementDetailsCommand({ EmergencyContactList: [{ EmailAddress: 'soc@example.com' }] })))).name, 'InvalidParameterException');
    const contacts = [{ EmailAddress: 'soc@example.com', PhoneNumber: '+15555550100', ContactNotes: 'on call' }];
    await c.send(new sh.AssociateProactiveEngagementDetailsCommand({ EmergencyContactList: contacts }));
    assert.equal((await c.send(new sh.DescribeSubscriptionCommand({}))).Subscription!.ProactiveEngagementStatus, 'ENABLED');
    assert.equal((await failure(c.send(new sh.AssociateProactiveEngagementDetailsCommand({ EmergencyContactList: contacts })))).name, 'InvalidOperationException');
    assert.equal((await failure(c.send(new sh.UpdateEmergencyContactSettingsCommand({ EmergencyContactList: [] })))).name, 'InvalidParameterException');
    await c.send(new sh.DisableProactiveEngagementCommand({}));
    assert.equal((await c.send(new sh.DescribeSubscriptionCommand({}))).Subscription!.ProactiveEngagementStatus, 'DISABLED');
    await c.send(new sh.EnableProactiveEngagementCommand({}));
    assert.equal((await c.send(new sh.DescribeSubscriptionCommand({}))).Subscription!.ProactiveEngagementStatus, 'ENABLED');
    assert.deepEqual((await c.send(new sh.DescribeEmergencyContactSettingsCommand({}))).EmergencyContactList, contacts);
  });
});

describe('Shield: automatic application layer response, attacks detected and mitigated', () => {
  it('needs a protected ALB with a web ACL; an attack fed through the engine is listed, described, mitigated in the web ACL, and the rule removed when it ends', async () => {
    const arn = alb('shop', 'fedcba9876543210');
    const block = { Block: {} };
    assert.equal((await failure(c.send(new sh.EnableApplicationLayerAutomaticResponseCommand({ ResourceArn: arn, Action: block })))).name, 'ResourceNotFoundException');
    await c.send(new sh.CreateProtectionCommand({ Name: 'shop', ResourceArn: arn }));
    const noAcl = await failure(c.send(new sh.EnableApplicationLayerAutomaticResponseCommand({ ResourceArn: arn, Action: block })));
    assert.equal(noAcl.name, 'InvalidOperationException');
    assert.equal((await failure(c.send(new sh.EnableApplicationLayerAutomaticResponseCommand({ ResourceArn: 'arn:aws:route53:::hostedzone/Z0123456789ABC', Action: block })))).name, 'InvalidParameterException');
    assert.equal((await failure(c.send(new sh.EnableApplicationLayerAutomaticResponseCommand({ ResourceArn: arn, Action: { Block: {}, Count: {} } })))).name, 'InvalidParameterException');

    const waf = new WAFV2Client({ endpoint: s.url, region: 'us-east-1', credentials: s.credentials, maxAttempts: 1 });
    const acl = (await waf.send(new CreateWebACLCommand({ Name: 'shop', Scope: 'REGIONAL', DefaultAction: { Allow: {} }, Rules: [], VisibilityConfig: { SampledRequestsEnabled: true, CloudWatchMetricsEnabled: true, MetricName: 'shop' } }))).Summary!;
    await waf.send(new AssociateWebACLCommand({ WebACLArn: acl.ARN!, ResourceArn: arn }));
    await c.send(new sh.EnableApplicationLayerAutomaticResponseCommand({ ResourceArn: arn, Action: { Count: {} } }));
    assert.equal((await failure(c.send(new sh.EnableApplicationLayerAutomaticResponseCommand({ ResourceArn: arn, Action: block })))).name, 'InvalidOperationException');
    await c.send(new sh.UpdateApplicationLayerAutomaticResponseCommand({ ResourceArn: arn, Action: block }));
    assert.deepEqual((await c.send(new sh.DescribeProtectionCommand({ ResourceArn: arn }))).Protection!.ApplicationLayerAutomaticResponseConfiguration, { Status: 'ENABLED', Action: { Block: {} } });

    // Synthetic traffic through the engine over the server's store: normal, a flood, normal again.
    const engine = new ShieldEngine({ store: s.runtime.store });
    const t0 = Date.now() - 3_600_000;
    const feed = async (from: number, seconds: number, sources: { ip: string; rps: number; path: string }[]) => {
      for (let i = 0; i < seconds; i++) {
        for (const src of sources) for (let j = 0; j < src.rps; j++) engine.observe({ time: from + i * 1000 + Math.floor((j * 1000) / src.rps), resourceArn: arn, clientIp: src.ip, path: src.path, method: 'GET', status: 200, bytes: 300, userAgent: src.ip.startsWith('203.') ? 'flood/1' : 'browser' });
        await new Promise((r) => setImmediate(r));
      }
      engine.tick(from + seconds * 1000);
      await engine.flush();
    };
    const legit = { ip: '198.51.100.20', rps: 4, path: '/' };
    await feed(t0, 60, [legit]);
    await feed(t0 + 60_000, 15, [legit, { ip: '203.0.113.50', rps: 300, path: '/cart' }, { ip: '203.0.113.51', rps: 150, path: '/cart' }]);

    const listed = (await c.send(new sh.ListAttacksCommand({ ResourceArns: [arn] }))).AttackSummaries!;
    assert.equal(listed.length, 1);
    assert.deepEqual(listed[0]!.AttackVectors, [{ VectorType: 'REQUEST_FLOOD' }]);
    assert.equal(listed[0]!.EndTime, undefined, 'still going on');
    const rule = (await waf.send(new GetWebACLCommand({ Name: 'shop', Scope: 'REGIONAL', Id: acl.Id! }))).WebACL!.Rules!.find((r) => r.Name!.startsWith('ShieldMitigationRuleGroup_'));
    assert.ok(rule, 'the Shield rule is in the web ACL');
    assert.equal(rule.Priority, 10_000_000);
    assert.deepEqual(rule.Action, { Block: {} });
    assert.equal(rule.Statement!.RateBasedStatement!.AggregateKeyType, 'IP');

    await feed(t0 + 75_000, 40, [legit]);
    const detail = (await c.send(new sh.DescribeAttackCommand({ AttackId: listed[0]!.AttackId! }))).Attack!;
    assert.equal(detail.ResourceArn, arn);
    assert.ok(detail.EndTime && detail.StartTime && detail.EndTime > detail.StartTime);
    assert.deepEqual(detail.Mitigations, [{ MitigationName: rule.Name }]);
    const ips = detail.AttackProperties!.find((p) => p.AttackPropertyIdentifier === 'SOURCE_IP_ADDRESS')!;
    assert.equal(ips.AttackLayer, 'APPLICATION');
    assert.equal(ips.Unit, 'REQUESTS');
    assert.deepEqual(ips.TopContributors!.slice(0, 2).map((x) => x.Name), ['203.0.113.50', '203.0.113.51']);
    assert.equal(detail.AttackProperties!.find((p) => p.AttackPropertyIdentifier === 'DESTINATION_URL')!.TopContributors![0]!.Name, '/cart');
    assert.ok(detail.SubResources!.some((x) => x.Type === 'IP' && x.Id === '203.0.113.50'));
    assert.ok(detail.AttackCounters!.some((x) => x.Name === 'REQUEST_FLOOD' && x.Max! >= 400));
    assert.equal((await waf.send(new GetWebACLCommand({ Name: 'shop', Scope: 'REGIONAL', Id: acl.Id! }))).WebACL!.Rules!.length, 0, 'the rule is gone');

    // Time ranges, paging, statistics, unknown attacks.
    assert.equal((await c.send(new sh.ListAttacksCommand({ StartTime: { FromInclusive: new Date(t0 + 200_000) } }))).AttackSummaries!.length, 0);
    assert.equal((await c.send(new sh.ListAttacksCommand({ StartTime: { FromInclusive: new Date(t0), ToExclusive: new Date(t0 + 200_000) }, EndTime: { FromInclusive: new Date(t0) } }))).AttackSummaries!.length, 1);
    assert.equal((await c.send(new sh.ListAttacksCommand({ ResourceArns: [alb('web')] }))).AttackSummaries!.length, 0);
    const stats = await c.send(new sh.DescribeAttackStatisticsCommand({}));
    assert.equal(stats.DataItems![0]!.AttackCount, 1);
    assert.ok(stats.DataItems![0]!.AttackVolume!.RequestsPerSecond!.Max! >= 400);
    assert.equal((await failure(c.send(new sh.DescribeAttackCommand({ AttackId: 'no-such-attack' })))).name, 'ResourceNotFoundException');

    await c.send(new sh.DisableApplicationLayerAutomaticResponseCommand({ ResourceArn: arn }));
    assert.equal((await c.send(new sh.DescribeProtectionCommand({ ResourceArn: arn }))).Protection!.ApplicationLayerAutomaticResponseConfiguration!.Status, 'DISABLED');
    assert.equal((await failure(c.send(new sh.DisableApplicationLayerAutomaticResponseCommand({ ResourceArn: arn })))).name, 'InvalidOperationException');
    assert.equal((await failure(c.send(new sh.UpdateApplicationLayerAutomaticResponseCommand({ ResourceArn: arn, Action: block })))).name, 'InvalidOperationException');
    await engine.stop();
  });
});

describe('Shield: authorization', () => {
  it('shield:* actions on the canonical protection ARN with its tags; dependencies need their own permissions (AccessDeniedForDependencyException)', async () => {
    const shop = (await c.send(new sh.DescribeProtectionCommand({ ResourceArn: alb('shop', 'fedcba9876543210') }))).Protection!;
    const web = (await c.send(new sh.DescribeProtectionCommand({ ResourceArn: alb('web') }))).Protection!;
    // May describe only protections tagged team=b (web has it), and enable automatic response, but not read WAF.
    const creds = await userWithKey(s, 'shield-reader', {
      policy: doc(
        allow('shield:DescribeProtection', '*', { StringEquals: { 'aws:ResourceTag/team': 'b' } }),
        allow(['shield:EnableApplicationLayerAutomaticResponse', 'shield:ListAttacks', 'shield:AssociateDRTRole']),
      ),
    });
    const u = new sh.ShieldClient({ endpoint: s.url, region: 'us-east-1', credentials: creds, maxAttempts: 1 });
    assert.equal((await u.send(new sh.DescribeProtectionCommand({ ProtectionId: web.Id! }))).Protection!.Id, web.Id);
    const denied = await failure(u.send(new sh.DescribeProtectionCommand({ ProtectionId: shop.Id! })));
    assert.equal(denied.name, 'AccessDeniedException');
    assert.match(denied.message, new RegExp(`shield:DescribeProtection on resource: arn:aws:shield::${s.accountId}:protection/${shop.Id}`));
    assert.equal((await failure(u.send(new sh.DescribeProtectionCommand({ ResourceArn: alb('shop', 'fedcba9876543210') })))).name, 'AccessDeniedException');
    assert.equal((await failure(u.send(new sh.CreateProtectionCommand({ Name: 'n', ResourceArn: alb('n') })))).name, 'AccessDeniedException');
    const dep = await failure(u.send(new sh.EnableApplicationLayerAutomaticResponseCommand({ ResourceArn: alb('shop', 'fedcba9876543210'), Action: { Count: {} } })));
    assert.equal(dep.name, 'AccessDeniedForDependencyException');
    const pass = await failure(u.send(new sh.AssociateDRTRoleCommand({ RoleArn: `arn:aws:iam::${s.accountId}:role/srt` })));
    assert.equal(pass.name, 'AccessDeniedForDependencyException', 'iam:PassRole is missing');
    assert.ok(Array.isArray((await u.send(new sh.ListAttacksCommand({}))).AttackSummaries));
  });
});
