/**
 * WAFv2 through the AWS SDK v3, around the entities: tags, logging configurations (stored),
 * ALB associations (stored), IAM authorization on the entities' ARNs with tag conditions, operations
 * not served yet, and hostile input answered with 4xx, never 5xx.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AssociateWebACLCommand,
  CreateIPSetCommand,
  CreateWebACLCommand,
  DeleteLoggingConfigurationCommand,
  DeleteWebACLCommand,
  DisassociateWebACLCommand,
  GetIPSetCommand,
  GetLoggingConfigurationCommand,
  GetSampledRequestsCommand,
  ListAPIKeysCommand,
  GetWebACLForResourceCommand,
  ListLoggingConfigurationsCommand,
  ListResourcesForWebACLCommand,
  ListTagsForResourceCommand,
  PutLoggingConfigurationCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateWebACLCommand,
  GetWebACLCommand,
  type Statement,
} from '@aws-sdk/client-wafv2';
import { startTestServer, type TestServer } from '../helpers/rampart.js';
import { signedJson } from '../helpers/signed-fetch.js';
import { allow, doc, userWithKey } from './authz-support.js';
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { s3Client } from './s3-support.js';
import { blockRule, byteMatch, vis, waf, wafFailure } from './wafv2-support.js';

let s: TestServer;
before(async () => {
  s = await startTestServer();
});
after(() => s.close());

const REGIONAL = 'REGIONAL' as const;
const newAcl = async (name: string) => (await waf(s).send(new CreateWebACLCommand({ Name: name, Scope: REGIONAL, DefaultAction: { Allow: {} }, VisibilityConfig: vis(name), Tags: [{ Key: 'team', Value: 'web' }] }))).Summary!;
const alb = (id: string, region = 'us-east-1') => `arn:aws:elasticloadbalancing:${region}:${s.accountId}:loadbalancer/app/my-alb/${id}`;

describe('WAFv2 tags', () => {
  it('tags on create, TagResource, UntagResource, ListTagsForResource; tagging keeps the LockToken', async () => {
    const c = waf(s);
    const acl = await newAcl('tagged');
    await c.send(new TagResourceCommand({ ResourceARN: acl.ARN!, Tags: [{ Key: 'env', Value: 'prod' }, { Key: 'team', Value: 'sec' }] }));
    const listed = await c.send(new ListTagsForResourceCommand({ ResourceARN: acl.ARN! }));
    assert.equal(listed.TagInfoForResource!.ResourceARN, acl.ARN);
    assert.deepEqual(listed.TagInfoForResource!.TagList!.sort((a, b) => a.Key!.localeCompare(b.Key!)), [{ Key: 'env', Value: 'prod' }, { Key: 'team', Value: 'sec' }]);
    await c.send(new UntagResourceCommand({ ResourceARN: acl.ARN!, TagKeys: ['env'] }));
    assert.deepEqual((await c.send(new ListTagsForResourceCommand({ ResourceARN: acl.ARN! }))).TagInfoForResource!.TagList, [{ Key: 'team', Value: 'sec' }]);
    assert.equal((await c.send(new GetWebACLCommand({ ARN: acl.ARN! }))).LockToken, acl.LockToken);
    const missing = acl.ARN!.replace(acl.Id!, '11111111-1111-4111-8111-111111111111');
    assert.equal((await wafFailure(c.send(new ListTagsForResourceCommand({ ResourceARN: missing })))).name, 'WAFNonexistentItemException');
    const bad = await wafFailure(c.send(new TagResourceCommand({ ResourceARN: 'arn:aws:s3:::not-waf-at-all', Tags: [{ Key: 'a', Value: 'b' }] })));
    assert.equal(bad.Field, 'RESOURCE_ARN');
    assert.equal((await wafFailure(c.send(new TagResourceCommand({ ResourceARN: acl.ARN!, Tags: [{ Key: 'aws:reserved', Value: 'b' }] })))).name, 'WAFInvalidParameterException');
    const many = Array.from({ length: 51 }, (_, i) => ({ Key: `k${i}`, Value: 'v' }));
    assert.equal((await wafFailure(c.send(new TagResourceCommand({ ResourceARN: acl.ARN!, Tags: many })))).name, 'WAFLimitsExceededException');
  });

  it('ListTagsForResource pages with Limit and NextMarker; a marker naming no tag is refused', async () => {
    const c = waf(s);
    const acl = await newAcl('paged-tags');
    await c.send(new TagResourceCommand({ ResourceARN: acl.ARN!, Tags: Array.from({ length: 10 }, (_, i) => ({ Key: `k${i}`, Value: 'v' })) }));
    const all = (await c.send(new ListTagsForResourceCommand({ ResourceARN: acl.ARN! }))).TagInfoForResource!.TagList!.map((t) => t.Key!);
    assert.ok(all.length >= 10 && all.length <= 12, `${all.length} tags`);
    const keys: string[] = [];
    let marker: string | undefined;
    let pages = 0;
    do {
      const p = await c.send(new ListTagsForResourceCommand({ ResourceARN: acl.ARN!, Limit: 3, ...(marker ? { NextMarker: marker } : {}) }));
      assert.ok(p.TagInfoForResource!.TagList!.length <= 3);
      keys.push(...p.TagInfoForResource!.TagList!.map((t) => t.Key!));
      marker = p.NextMarker;
      pages++;
    } while (marker);
    assert.equal(pages, Math.ceil(all.length / 3));
    assert.deepEqual(keys, all, 'every tag once, in order');
    assert.equal((await c.send(new ListTagsForResourceCommand({ ResourceARN: acl.ARN! }))).NextMarker, undefined);
    const forged = await wafFailure(c.send(new ListTagsForResourceCommand({ ResourceARN: acl.ARN!, NextMarker: 'no-such-key' })));
    assert.equal(forged.name, 'WAFInvalidParameterException');
  });
});

describe('WAFv2 logging configurations', () => {
  it('put, get, list, delete; destinations must be aws-waf-logs-* of this account and Region', async () => {
    const c = waf(s);
    const acl = await newAcl('logged');
    const dest = `arn:aws:logs:us-east-1:${s.accountId}:log-group:aws-waf-logs-site`;
    const put = await c.send(new PutLoggingConfigurationCommand({ LoggingConfiguration: { ResourceArn: acl.ARN!, LogDestinationConfigs: [dest], RedactedFields: [{ SingleHeader: { Name: 'authorization' } }] } }));
    assert.deepEqual(put.LoggingConfiguration!.LogDestinationConfigs, [dest]);
    const got = await c.send(new GetLoggingConfigurationCommand({ ResourceArn: acl.ARN! }));
    assert.equal(got.LoggingConfiguration!.ResourceArn, acl.ARN);
    assert.deepEqual(got.LoggingConfiguration!.RedactedFields, [{ SingleHeader: { Name: 'authorization' } }]);
    assert.ok((await c.send(new ListLoggingConfigurationsCommand({ Scope: REGIONAL }))).LoggingConfigurations!.some((l) => l.ResourceArn === acl.ARN));
    for (const bad of [`arn:aws:logs:us-east-1:${s.accountId}:log-group:my-logs`, 'arn:aws:s3:::my-bucket', `arn:aws:firehose:eu-west-1:${s.accountId}:deliverystream/aws-waf-logs-x`, 'not an arn at all, not even close']) {
      const e = await wafFailure(c.send(new PutLoggingConfigurationCommand({ LoggingConfiguration: { ResourceArn: acl.ARN!, LogDestinationConfigs: [bad] } })));
      assert.equal(e.Field, 'LOG_DESTINATION', bad);
    }
    await s3Client(s).send(new CreateBucketCommand({ Bucket: 'aws-waf-logs-bucket' }));
    const s3 = await c.send(new PutLoggingConfigurationCommand({ LoggingConfiguration: { ResourceArn: acl.ARN!, LogDestinationConfigs: ['arn:aws:s3:::aws-waf-logs-bucket'] } }));
    // The statements log delivery needs are written with the caller's own S3 permissions: without them, refused.
    const noS3 = waf(s, await userWithKey(s, 'waf-no-s3', { policy: doc(allow('wafv2:PutLoggingConfiguration')) }));
    assert.equal((await wafFailure(noS3.send(new PutLoggingConfigurationCommand({ LoggingConfiguration: { ResourceArn: acl.ARN!, LogDestinationConfigs: ['arn:aws:s3:::aws-waf-logs-bucket/other-prefix'] } })))).name, 'WAFLogDestinationPermissionIssueException');
    assert.deepEqual(s3.LoggingConfiguration!.LogDestinationConfigs, ['arn:aws:s3:::aws-waf-logs-bucket']);
    await c.send(new DeleteLoggingConfigurationCommand({ ResourceArn: acl.ARN! }));
    assert.equal((await wafFailure(c.send(new GetLoggingConfigurationCommand({ ResourceArn: acl.ARN! })))).name, 'WAFNonexistentItemException');
    const missing = acl.ARN!.replace(acl.Id!, '11111111-1111-4111-8111-111111111111');
    assert.equal((await wafFailure(c.send(new PutLoggingConfigurationCommand({ LoggingConfiguration: { ResourceArn: missing, LogDestinationConfigs: [dest] } })))).name, 'WAFNonexistentItemException');
  });
});

describe('WAFv2 associations with Application Load Balancers', () => {
  it('associate, get, list, refuse deleting an associated web ACL, disassociate', async () => {
    const c = waf(s);
    const acl = await newAcl('front');
    const lb = alb('50dc6c495c0c9188');
    assert.deepEqual(await c.send(new GetWebACLForResourceCommand({ ResourceArn: lb })).then((r) => r.WebACL), undefined);
    await c.send(new AssociateWebACLCommand({ WebACLArn: acl.ARN!, ResourceArn: lb }));
    assert.equal((await c.send(new GetWebACLForResourceCommand({ ResourceArn: lb }))).WebACL!.ARN, acl.ARN);
    assert.deepEqual((await c.send(new ListResourcesForWebACLCommand({ WebACLArn: acl.ARN! }))).ResourceArns, [lb]);
    assert.deepEqual((await c.send(new ListResourcesForWebACLCommand({ WebACLArn: acl.ARN!, ResourceType: 'API_GATEWAY' }))).ResourceArns, []);
    const del = await wafFailure(c.send(new DeleteWebACLCommand({ Name: 'front', Scope: REGIONAL, Id: acl.Id!, LockToken: acl.LockToken! })));
    assert.equal(del.name, 'WAFAssociatedItemException');
    const missing = acl.ARN!.replace(acl.Id!, '11111111-1111-4111-8111-111111111111');
    assert.equal((await wafFailure(c.send(new AssociateWebACLCommand({ WebACLArn: missing, ResourceArn: lb })))).name, 'WAFNonexistentItemException');
    assert.equal((await wafFailure(c.send(new ListResourcesForWebACLCommand({ WebACLArn: missing })))).name, 'WAFNonexistentItemException');
    assert.equal((await wafFailure(c.send(new AssociateWebACLCommand({ WebACLArn: acl.ARN!, ResourceArn: 'arn:aws:apigateway:us-east-1::/restapis/abc/stages/prod' })))).name, 'WAFInvalidParameterException');
    await c.send(new DisassociateWebACLCommand({ ResourceArn: lb }));
    assert.deepEqual((await c.send(new ListResourcesForWebACLCommand({ WebACLArn: acl.ARN! }))).ResourceArns, []);
    await c.send(new DeleteWebACLCommand({ Name: 'front', Scope: REGIONAL, Id: acl.Id!, LockToken: acl.LockToken! }));
  });
});

describe('WAFv2 authorization', () => {
  it('acts on the entity ARNs: a user allowed one IP set name reads it, not another; tag conditions apply', async () => {
    const c = waf(s);
    const mine = (await c.send(new CreateIPSetCommand({ Name: 'mine', Scope: REGIONAL, IPAddressVersion: 'IPV4', Addresses: [], Tags: [{ Key: 'owner', Value: 'alice' }] }))).Summary!;
    const theirs = (await c.send(new CreateIPSetCommand({ Name: 'theirs', Scope: REGIONAL, IPAddressVersion: 'IPV4', Addresses: [] }))).Summary!;
    const policy = doc(
      allow('wafv2:GetIPSet', `arn:aws:wafv2:us-east-1:${s.accountId}:regional/ipset/*`, { StringEquals: { 'aws:ResourceTag/owner': 'alice' } }),
      allow('wafv2:CreateIPSet', '*', { StringEquals: { 'aws:RequestTag/owner': 'alice' } }),
      allow('wafv2:CreateWebACL', `arn:aws:wafv2:us-east-1:${s.accountId}:regional/webacl/*`),
    );
    const alice = waf(s, await userWithKey(s, 'waf-alice', { policy }));
    await alice.send(new GetIPSetCommand({ Name: 'mine', Scope: REGIONAL, Id: mine.Id! }));
    const denied = await wafFailure(alice.send(new GetIPSetCommand({ Name: 'theirs', Scope: REGIONAL, Id: theirs.Id! })));
    assert.equal(denied.name, 'AccessDeniedException');
    assert.match(denied.message, new RegExp(`regional/ipset/theirs/${theirs.Id}`));
    await alice.send(new CreateIPSetCommand({ Name: 'alice2', Scope: REGIONAL, IPAddressVersion: 'IPV4', Addresses: [], Tags: [{ Key: 'owner', Value: 'alice' }] }));
    assert.equal((await wafFailure(alice.send(new CreateIPSetCommand({ Name: 'alice3', Scope: REGIONAL, IPAddressVersion: 'IPV4', Addresses: [] })))).name, 'AccessDeniedException');
    // CreateWebACL is also authorized on the IP sets its rules reference: alice may not use theirs.
    const ref: Statement = { IPSetReferenceStatement: { ARN: theirs.ARN! } };
    const viaRef = await wafFailure(alice.send(new CreateWebACLCommand({ Name: 'a', Scope: REGIONAL, DefaultAction: { Allow: {} }, VisibilityConfig: vis(), Rules: [blockRule('r', 1, ref)] })));
    assert.equal(viaRef.name, 'AccessDeniedException');
    assert.match(viaRef.message, /ipset\/theirs/);
    await alice.send(new CreateWebACLCommand({ Name: 'a', Scope: REGIONAL, DefaultAction: { Allow: {} }, VisibilityConfig: vis(), Rules: [blockRule('r', 1, byteMatch())] }));
  });

  it('wafv2:LogDestinationResource decides which destinations a user may log to', async () => {
    const acl = await newAcl('log-authz');
    const good = `arn:aws:logs:us-east-1:${s.accountId}:log-group:aws-waf-logs-allowed`;
    const bad = `arn:aws:logs:us-east-1:${s.accountId}:log-group:aws-waf-logs-other`;
    const user = waf(s, await userWithKey(s, 'waf-logger', { policy: doc(allow('wafv2:PutLoggingConfiguration', '*', { ArnLike: { 'wafv2:LogDestinationResource': good } })) }));
    await user.send(new PutLoggingConfigurationCommand({ LoggingConfiguration: { ResourceArn: acl.ARN!, LogDestinationConfigs: [good] } }));
    assert.equal((await wafFailure(user.send(new PutLoggingConfigurationCommand({ LoggingConfiguration: { ResourceArn: acl.ARN!, LogDestinationConfigs: [bad] } })))).name, 'AccessDeniedException');
  });

  it('AssociateWebACL also needs elasticloadbalancing:SetWebAcl on the load balancer', async () => {
    const acl = await newAcl('assoc-authz');
    const lb = alb('aaaabbbbccccdddd');
    const only = waf(s, await userWithKey(s, 'waf-assoc', { policy: doc(allow('wafv2:AssociateWebACL')) }));
    const e = await wafFailure(only.send(new AssociateWebACLCommand({ WebACLArn: acl.ARN!, ResourceArn: lb })));
    assert.equal(e.name, 'AccessDeniedException');
    assert.match(e.message, /elasticloadbalancing:SetWebAcl/);
    const both = waf(s, await userWithKey(s, 'waf-assoc2', { policy: doc(allow(['wafv2:AssociateWebACL', 'elasticloadbalancing:SetWebAcl'])) }));
    await both.send(new AssociateWebACLCommand({ WebACLArn: acl.ARN!, ResourceArn: lb }));
  });
});

describe('WAFv2 operations not served and hostile input', () => {
  it('an operation not served answers as AWS answers an unknown one', async () => {
    const e = await wafFailure(waf(s).send(new ListAPIKeysCommand({ Scope: REGIONAL })));
    assert.equal(e.name, 'UnknownOperationException');
  });

  it('GetSampledRequests for a web ACL that does not exist: WAFNonexistentItemException', async () => {
    const e = await wafFailure(waf(s).send(new GetSampledRequestsCommand({ WebAclArn: 'arn:aws:wafv2:us-east-1:111122223333:regional/webacl/x/11111111-1111-4111-8111-111111111111', RuleMetricName: 'm', Scope: REGIONAL, TimeWindow: { StartTime: new Date(), EndTime: new Date() }, MaxItems: 10 })));
    assert.equal(e.name, 'WAFNonexistentItemException');
  });

  it('deep nesting, huge rule lists, foreign ARNs and bad names: 4xx, never 5xx', async () => {
    const c = waf(s);
    let deep: Statement = byteMatch();
    for (let i = 0; i < 200; i++) deep = { NotStatement: { Statement: deep } };
    const e1 = await wafFailure(c.send(new CreateWebACLCommand({ Name: 'deep', Scope: REGIONAL, DefaultAction: { Allow: {} }, VisibilityConfig: vis(), Rules: [blockRule('d', 1, deep)] })));
    assert.ok(e1.$metadata.httpStatusCode! < 500);
    const rules = Array.from({ length: 2000 }, (_, i) => blockRule(`r${i}`, i, byteMatch()));
    const e2 = await wafFailure(c.send(new CreateWebACLCommand({ Name: 'huge', Scope: REGIONAL, DefaultAction: { Allow: {} }, VisibilityConfig: vis(), Rules: rules })));
    assert.deepEqual([e2.name, e2.Field, e2.Parameter], ['WAFInvalidParameterException', 'WEB_ACL', '20000']);
    const foreign = `arn:aws:wafv2:us-east-1:999999999999:regional/ipset/x/11111111-1111-4111-8111-111111111111`;
    assert.equal((await wafFailure(c.send(new CreateWebACLCommand({ Name: 'foreign', Scope: REGIONAL, DefaultAction: { Allow: {} }, VisibilityConfig: vis(), Rules: [blockRule('f', 1, { IPSetReferenceStatement: { ARN: foreign } })] })))).name, 'WAFNonexistentItemException');
    const badName = await wafFailure(c.send(new CreateIPSetCommand({ Name: 'no spaces!', Scope: REGIONAL, IPAddressVersion: 'IPV4', Addresses: [] })));
    assert.ok(badName.$metadata.httpStatusCode === 400);
    // Raw JSON with null list members, a null custom response body, and a string where a structure goes.
    const raw = (target: string, input: unknown) => signedJson(s.url, `AWSWAF_20190729.${target}`, input, { ...s.credentials, service: 'wafv2', region: 'us-east-1' });
    for (const [target, input] of [
      ['CreateIPSet', { Name: 'nulls', Scope: REGIONAL, IPAddressVersion: 'IPV4', Addresses: [null] }],
      ['CheckCapacity', { Scope: REGIONAL, Rules: [null] }],
      ['CheckCapacity', { Scope: REGIONAL, Rules: [{ Name: 'r', Priority: 1, Action: { Block: {} }, VisibilityConfig: vis(), Statement: { AndStatement: { Statements: [null, null] } } }] }],
      ['CreateWebACL', { Name: 'nullbody', Scope: REGIONAL, DefaultAction: { Allow: {} }, VisibilityConfig: vis(), CustomResponseBodies: { k: null } }],
      ['CreateWebACL', { Name: 'strstmt', Scope: REGIONAL, DefaultAction: { Allow: {} }, VisibilityConfig: vis(), Rules: [{ Name: 'r', Priority: 1, Action: { Block: {} }, VisibilityConfig: vis(), Statement: 'x' }] }],
      ['TagResource', { ResourceARN: `arn:aws:wafv2:us-east-1:${s.accountId}:regional/webacl/x/11111111-1111-4111-8111-111111111111`, Tags: [null] }],
    ] as const) {
      const r = await raw(target, input);
      assert.equal(r.status, 400, `${target}: ${r.body}`);
    }
    const acl = await newAcl('stale-tok');
    const e3 = await wafFailure(c.send(new UpdateWebACLCommand({ Name: 'stale-tok', Scope: REGIONAL, Id: acl.Id!, LockToken: '11111111-1111-4111-8111-111111111111', DefaultAction: { Allow: {} }, VisibilityConfig: vis() })));
    assert.equal(e3.name, 'WAFOptimisticLockException');
  });
});
