import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ACCOUNT, allow, openHarness, type Harness } from '../test-harness.js';

const ARN = `arn:aws:iam::${ACCOUNT}:policy/team/S3Read`;

describe('IAM managed policies and versions', () => {
  let h: Harness;
  before(async () => {
    h = await openHarness();
  });
  after(() => h.close());

  it('creates a policy (v1 default) and gets it with counts', async () => {
    const { Policy } = await h.call('CreatePolicy', { PolicyName: 'S3Read', Path: '/team/', PolicyDocument: allow('s3:Get*'), Description: 'reads' });
    assert.equal(Policy?.Arn, ARN);
    assert.match(Policy?.PolicyId ?? '', /^ANPA/);
    assert.equal(Policy?.DefaultVersionId, 'v1');
    assert.equal(Policy?.AttachmentCount, 0);
    assert.equal(Policy?.IsAttachable, true);
    // CreatePolicy answers without Description; GetPolicy has it, and Tags even when there are none.
    assert.equal(Policy?.Description, undefined);
    assert.equal(Policy?.Tags, undefined);
    const got = await h.call('GetPolicy', { PolicyArn: ARN });
    assert.equal(got.Policy?.Description, 'reads');
    assert.deepEqual(got.Policy?.Tags, []);
    const tagged = await h.call('CreatePolicy', { PolicyName: 'Tagged', PolicyDocument: allow('s3:Get*'), Tags: [{ Key: 'k', Value: 'v' }] });
    assert.deepEqual(tagged.Policy?.Tags, [{ Key: 'k', Value: 'v' }]);
    const listed = await h.call('ListPolicies', { Scope: 'Local' });
    const rows = (listed.Policies ?? []).map((p) => [p.PolicyName, p.Description, p.Tags]).sort((a, b) => (String(a[0]) < String(b[0]) ? -1 : 1));
    assert.deepEqual(rows, [['S3Read', undefined, undefined], ['Tagged', undefined, undefined]]);
    await h.call('DeletePolicy', { PolicyArn: tagged.Policy!.Arn! });
    const dup = await h.fail('CreatePolicy', { PolicyName: 'S3Read', PolicyDocument: allow('s3:*') });
    assert.equal(dup.code, 'EntityAlreadyExists');
    assert.equal(dup.message, 'A policy called S3Read already exists. Duplicate names are not allowed.');
  });

  it('validates documents: MalformedPolicyDocument and the 6,144-character quota', async () => {
    const bad = await h.fail('CreatePolicy', { PolicyName: 'bad', PolicyDocument: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow"}]}' });
    assert.equal(bad.code, 'MalformedPolicyDocument');
    const actions = Array.from({ length: 400 }, (_, i) => `"s3:GetObjectVersion${i}"`).join(',');
    const big = await h.fail('CreatePolicy', { PolicyName: 'big', PolicyDocument: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":[${actions}],"Resource":"*"}]}` });
    assert.equal(big.code, 'LimitExceeded');
    assert.equal(big.message, 'Cannot exceed quota for PolicySize: 6144');
  });

  it('needs Version 2012-10-17 in CreatePolicy and CreatePolicyVersion, with AWS\'s text', async () => {
    const noVersion = '{"Statement":{"Effect":"Allow","Action":"sqs:SendMessage","Resource":"arn:aws:sqs:eu-west-1:210987654321:orders"}}';
    const old = '{"Version":"2008-10-17","Statement":[{"Effect":"Allow","Action":"dynamodb:Query","Resource":"*"}]}';
    for (const PolicyDocument of [noVersion, old]) {
      const e = await h.fail('CreatePolicy', { PolicyName: 'old', PolicyDocument });
      assert.deepEqual([e.code, e.message, e.httpStatus], ['MalformedPolicyDocument', 'Policy document must be version 2012-10-17 or greater.', 400]);
    }
    const { Policy } = await h.call('CreatePolicy', { PolicyName: 'v12', PolicyDocument: '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"quantumledger:Read","Resource":"arn:aws:quantumledger"}}' });
    const e = await h.fail('CreatePolicyVersion', { PolicyArn: Policy!.Arn!, PolicyDocument: old });
    assert.equal(e.message, 'Policy document must be version 2012-10-17 or greater.');
    await h.call('DeletePolicy', { PolicyArn: Policy!.Arn! });
  });

  it('GetPolicy of an unknown ARN is NoSuchEntity; a non-ARN is InvalidInput', async () => {
    const e = await h.fail('GetPolicy', { PolicyArn: `arn:aws:iam::${ACCOUNT}:policy/nope` });
    assert.equal(e.message, `Policy arn:aws:iam::${ACCOUNT}:policy/nope was not found.`);
    assert.equal((await h.fail('GetPolicy', { PolicyArn: `arn:aws:iam::${ACCOUNT}:policy/S3Read` })).code, 'NoSuchEntity', 'path is part of the ARN');
    assert.equal((await h.fail('GetPolicy', { PolicyArn: 'not-an-arn-at-all-xx' })).code, 'InvalidInput');
  });

  it('keeps up to five versions, newest first, and switches the default', async () => {
    for (let i = 2; i <= 5; i++) {
      const { PolicyVersion } = await h.call('CreatePolicyVersion', { PolicyArn: ARN, PolicyDocument: allow(`s3:Get${i}`), SetAsDefault: i === 3 });
      assert.equal(PolicyVersion?.VersionId, `v${i}`);
      assert.equal(PolicyVersion?.Document, undefined);
    }
    const six = await h.fail('CreatePolicyVersion', { PolicyArn: ARN, PolicyDocument: allow('s3:x') });
    assert.equal(six.code, 'LimitExceeded');
    assert.equal(six.message, 'A managed policy can have up to 5 versions. Before you create a new version, you must delete an existing version.');
    const list = await h.call('ListPolicyVersions', { PolicyArn: ARN });
    assert.deepEqual(list.Versions?.map((v) => [v.VersionId, v.IsDefaultVersion]), [['v5', false], ['v4', false], ['v3', true], ['v2', false], ['v1', false]]);
    const page = await h.call('ListPolicyVersions', { PolicyArn: ARN, MaxItems: 2 });
    assert.deepEqual(page.Versions?.map((v) => v.VersionId), ['v5', 'v4']);
    const rest = await h.call('ListPolicyVersions', { PolicyArn: ARN, Marker: page.Marker! });
    assert.deepEqual(rest.Versions?.map((v) => v.VersionId), ['v3', 'v2', 'v1']);
    const v3 = await h.call('GetPolicyVersion', { PolicyArn: ARN, VersionId: 'v3' });
    assert.equal(decodeURIComponent(v3.PolicyVersion?.Document ?? ''), allow('s3:Get3'));
    assert.equal((await h.call('GetPolicy', { PolicyArn: ARN })).Policy?.DefaultVersionId, 'v3');
  });

  it('refuses deleting the default version and unknown versions', async () => {
    assert.equal((await h.fail('DeletePolicyVersion', { PolicyArn: ARN, VersionId: 'v3' })).message, 'Cannot delete the default version of a policy.');
    const e = await h.fail('GetPolicyVersion', { PolicyArn: ARN, VersionId: 'v9' });
    assert.equal(e.message, `Policy ${ARN} version v9 does not exist or is not attachable.`);
    await h.call('DeletePolicyVersion', { PolicyArn: ARN, VersionId: 'v1' });
    const { PolicyVersion } = await h.call('CreatePolicyVersion', { PolicyArn: ARN, PolicyDocument: allow('s3:y') });
    assert.equal(PolicyVersion?.VersionId, 'v6', 'version numbers are never reused');
    await h.call('SetDefaultPolicyVersion', { PolicyArn: ARN, VersionId: 'v6' });
    assert.equal((await h.fail('SetDefaultPolicyVersion', { PolicyArn: ARN, VersionId: 'v1' })).code, 'NoSuchEntity');
  });

  it('DeletePolicy conflicts while attached or while it has other versions', async () => {
    await h.call('CreateUser', { UserName: 'u' });
    await h.call('AttachUserPolicy', { UserName: 'u', PolicyArn: ARN });
    assert.equal((await h.call('GetPolicy', { PolicyArn: ARN })).Policy?.AttachmentCount, 1);
    assert.equal((await h.fail('DeletePolicy', { PolicyArn: ARN })).message, 'Cannot delete a policy attached to entities.');
    await h.call('DetachUserPolicy', { UserName: 'u', PolicyArn: ARN });
    const e = await h.fail('DeletePolicy', { PolicyArn: ARN });
    assert.equal(e.code, 'DeleteConflict');
    assert.equal(e.httpStatus, 409);
    assert.match(e.message, /^This policy has more than one version\./);
    for (const v of ['v2', 'v3', 'v4', 'v5']) await h.call('DeletePolicyVersion', { PolicyArn: ARN, VersionId: v });
    await h.call('DeletePolicy', { PolicyArn: ARN });
    assert.equal((await h.fail('GetPolicy', { PolicyArn: ARN })).httpStatus, 404);
  });

  it('AWS managed policies: listed with Scope=AWS, readable, not modifiable', async () => {
    const aws = await h.call('ListPolicies', { Scope: 'AWS' });
    const names = aws.Policies?.map((p) => p.PolicyName) ?? [];
    for (const n of ['AdministratorAccess', 'PowerUserAccess', 'ReadOnlyAccess', 'IAMFullAccess', 'IAMReadOnlyAccess', 'AmazonS3FullAccess', 'AmazonS3ReadOnlyAccess']) {
      assert.ok(names.includes(n), n);
    }
    const admin = await h.call('GetPolicyVersion', { PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess', VersionId: 'v1' });
    assert.match(decodeURIComponent(admin.PolicyVersion?.Document ?? ''), /"Action": "\*"/);
    const e = await h.fail('DeletePolicy', { PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' });
    assert.equal(e.code, 'AccessDenied');
    assert.equal((await h.fail('CreatePolicyVersion', { PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess', PolicyDocument: allow('*') })).code, 'AccessDenied');
  });

  it('ListPolicies filters by scope, attachment, path and usage', async () => {
    await h.call('CreatePolicy', { PolicyName: 'A', PolicyDocument: allow('ec2:*') });
    await h.call('CreatePolicy', { PolicyName: 'B', Path: '/b/', PolicyDocument: allow('ec2:*') });
    await h.call('AttachUserPolicy', { UserName: 'u', PolicyArn: `arn:aws:iam::${ACCOUNT}:policy/A` });
    await h.call('AttachUserPolicy', { UserName: 'u', PolicyArn: 'arn:aws:iam::aws:policy/IAMFullAccess' });
    await h.call('PutUserPermissionsBoundary', { UserName: 'u', PermissionsBoundary: `arn:aws:iam::${ACCOUNT}:policy/b/B` });
    const names = (r: { Policies?: { PolicyName?: string }[] }) => (r.Policies ?? []).map((p) => p.PolicyName).sort();
    assert.deepEqual(names(await h.call('ListPolicies', { Scope: 'Local' })), ['A', 'B']);
    assert.deepEqual(names(await h.call('ListPolicies', { OnlyAttached: true })), ['A', 'IAMFullAccess']);
    assert.deepEqual((await h.call('ListPolicies', { PathPrefix: '/b/' })).Policies?.map((p) => p.PolicyName), ['B']);
    const bounds = await h.call('ListPolicies', { PolicyUsageFilter: 'PermissionsBoundary' });
    assert.deepEqual(bounds.Policies?.map((p) => [p.PolicyName, p.PermissionsBoundaryUsageCount]), [['B', 1]]);
    const p1 = await h.call('ListPolicies', { MaxItems: 3 });
    const p2 = await h.call('ListPolicies', { Marker: p1.Marker! });
    // 2 customer managed + 9 AWS managed (7 + 2 service-linked role policies).
    assert.equal((p1.Policies?.length ?? 0) + (p2.Policies?.length ?? 0), 11);
    assert.equal(p1.IsTruncated, true);
  });

  it('ListPolicies lists by PolicyId (as AWS does: not by name, path or date), and pages in that order', async () => {
    for (const n of ['c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7', 'c8']) await h.call('CreatePolicy', { PolicyName: n, PolicyDocument: allow('s3:*') });
    const all = (await h.call('ListPolicies', {})).Policies ?? [];
    const ids = all.map((p) => p.PolicyId!);
    assert.deepEqual(ids, [...ids].sort());
    // Eight fresh policies with random ids: their names are not in id order but for 1 chance in 40,320.
    const local = all.filter((p) => p.PolicyName!.startsWith('c')).map((p) => p.PolicyName);
    assert.notDeepEqual(local, ['c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7', 'c8']);
    const paged: string[] = [];
    let marker: string | undefined;
    do {
      const page = await h.call('ListPolicies', { MaxItems: 4, ...(marker ? { Marker: marker } : {}) });
      paged.push(...(page.Policies ?? []).map((p) => p.PolicyId!));
      marker = page.Marker;
    } while (marker);
    assert.deepEqual(paged, ids);
    for (const n of ['c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7', 'c8']) await h.call('DeletePolicy', { PolicyArn: `arn:aws:iam::${ACCOUNT}:policy/${n}` });
  });

  it('ListEntitiesForPolicy lists attachments and boundary uses', async () => {
    await h.call('CreateGroup', { GroupName: 'g' });
    await h.call('AttachGroupPolicy', { GroupName: 'g', PolicyArn: `arn:aws:iam::${ACCOUNT}:policy/A` });
    const a = await h.call('ListEntitiesForPolicy', { PolicyArn: `arn:aws:iam::${ACCOUNT}:policy/A` });
    assert.deepEqual(a.PolicyGroups?.map((g) => g.GroupName), ['g']);
    assert.deepEqual(a.PolicyUsers?.map((u) => u.UserName), ['u']);
    assert.deepEqual(a.PolicyRoles, []);
    const onlyUsers = await h.call('ListEntitiesForPolicy', { PolicyArn: `arn:aws:iam::${ACCOUNT}:policy/A`, EntityFilter: 'User' });
    assert.deepEqual(onlyUsers.PolicyGroups, []);
    const b = await h.call('ListEntitiesForPolicy', { PolicyArn: `arn:aws:iam::${ACCOUNT}:policy/b/B`, PolicyUsageFilter: 'PermissionsBoundary' });
    assert.deepEqual(b.PolicyUsers?.map((u) => u.UserName), ['u']);
    assert.equal((await h.fail('DeletePolicy', { PolicyArn: `arn:aws:iam::${ACCOUNT}:policy/b/B` })).code, 'DeleteConflict');
  });
});
