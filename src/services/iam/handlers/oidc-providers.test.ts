import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { entityByArn } from '../authz/iam-entities.js';
import { accountScope } from '../store/tables.js';
import { ACCOUNT, openHarness, type Harness } from '../test-harness.js';

const T1 = 'a'.repeat(40);
const T2 = '0123456789ABCDEF0123456789abcdef01234567';
const arnOf = (url: string) => `arn:aws:iam::${ACCOUNT}:oidc-provider/${url}`;

describe('IAM OpenID Connect providers', () => {
  let h: Harness;
  before(async () => {
    h = await openHarness();
  });
  after(() => h.close());

  it('creates a provider named by its URL without https:// and gets it back', async () => {
    const out = await h.call('CreateOpenIDConnectProvider', { Url: 'https://token.example.com', ClientIDList: ['sts.amazonaws.com', 'sts.amazonaws.com', 'app'], ThumbprintList: [T1], Tags: [{ Key: 'team', Value: 'ci' }] });
    assert.equal(out.OpenIDConnectProviderArn, arnOf('token.example.com'));
    assert.deepEqual(out.Tags, [{ Key: 'team', Value: 'ci' }]);
    const got = await h.call('GetOpenIDConnectProvider', { OpenIDConnectProviderArn: arnOf('token.example.com') });
    assert.equal(got.Url, 'token.example.com');
    assert.deepEqual(got.ClientIDList, ['sts.amazonaws.com', 'app']);
    assert.deepEqual(got.ThumbprintList, [T1]);
    assert.equal(got.CreateDate?.toISOString(), new Date(h.now).toISOString());
  });

  it('keeps a path and a port in the ARN, and refuses the same URL twice', async () => {
    const out = await h.call('CreateOpenIDConnectProvider', { Url: 'https://127.0.0.1:8443/tenant/', ClientIDList: ['x'] });
    assert.equal(out.OpenIDConnectProviderArn, arnOf('127.0.0.1:8443/tenant/'));
    const e = await h.fail('CreateOpenIDConnectProvider', { Url: 'https://token.example.com' });
    assert.deepEqual([e.code, e.httpStatus, e.message], ['EntityAlreadyExists', 409, 'Provider with url https://token.example.com already exists.']);
    const list = await h.call('ListOpenIDConnectProviders', {});
    assert.deepEqual(list.OpenIDConnectProviderList?.map((p) => p.Arn), [arnOf('127.0.0.1:8443/tenant/'), arnOf('token.example.com')]);
  });

  it('accepts only https URLs without query, fragment or user info', async () => {
    for (const Url of ['http://insecure.example.com', 'token.example.com', 'https://', 'https://a.example.com/?x=1', 'https://a.example.com/#f', 'https://u:p@a.example.com', 'https://a b.example.com', 'ftp://a.example.com']) {
      const e = await h.fail('CreateOpenIDConnectProvider', { Url });
      assert.deepEqual([e.code, e.httpStatus, e.message], ['ValidationError', 400, 'Invalid Open ID Connect Provider URL'], Url);
    }
  });

  it('limits thumbprints to 5 of 40 hex digits and client ids to 100', async () => {
    const many = await h.fail('CreateOpenIDConnectProvider', { Url: 'https://t.example.com', ThumbprintList: [T1, T1, T1, T1, T1, T1] });
    assert.deepEqual([many.code, many.message], ['InvalidInput', 'Thumbprint list must contain fewer than 5 entries.']);
    const hex = await h.fail('CreateOpenIDConnectProvider', { Url: 'https://t.example.com', ThumbprintList: ['z'.repeat(40)] });
    assert.equal(hex.code, 'InvalidInput');
    const ids = Array.from({ length: 101 }, (_, i) => `client-${i}`);
    const lots = await h.fail('CreateOpenIDConnectProvider', { Url: 'https://t.example.com', ClientIDList: ids });
    assert.deepEqual([lots.code, lots.httpStatus, lots.message], ['LimitExceeded', 409, 'Cannot exceed quota for ClientIdsPerOpenIdConnectProvider: 100']);
    await h.call('CreateOpenIDConnectProvider', { Url: 'https://t.example.com', ClientIDList: ids.slice(0, 100), ThumbprintList: [T1, T2] });
    const add = await h.fail('AddClientIDToOpenIDConnectProvider', { OpenIDConnectProviderArn: arnOf('t.example.com'), ClientID: 'one-more' });
    assert.equal(add.code, 'LimitExceeded');
    await h.call('AddClientIDToOpenIDConnectProvider', { OpenIDConnectProviderArn: arnOf('t.example.com'), ClientID: 'client-0' });
    await h.call('DeleteOpenIDConnectProvider', { OpenIDConnectProviderArn: arnOf('t.example.com') });
  });

  it('adds and removes client ids idempotently and replaces thumbprints', async () => {
    const OpenIDConnectProviderArn = arnOf('token.example.com');
    await h.call('AddClientIDToOpenIDConnectProvider', { OpenIDConnectProviderArn, ClientID: 'web' });
    await h.call('AddClientIDToOpenIDConnectProvider', { OpenIDConnectProviderArn, ClientID: 'web' });
    await h.call('RemoveClientIDFromOpenIDConnectProvider', { OpenIDConnectProviderArn, ClientID: 'app' });
    await h.call('RemoveClientIDFromOpenIDConnectProvider', { OpenIDConnectProviderArn, ClientID: 'never-added' });
    await h.call('UpdateOpenIDConnectProviderThumbprint', { OpenIDConnectProviderArn, ThumbprintList: [T2] });
    const got = await h.call('GetOpenIDConnectProvider', { OpenIDConnectProviderArn });
    assert.deepEqual(got.ClientIDList, ['sts.amazonaws.com', 'web']);
    assert.deepEqual(got.ThumbprintList, [T2]);
  });

  it('tags, untags and pages tags', async () => {
    const OpenIDConnectProviderArn = arnOf('token.example.com');
    await h.call('TagOpenIDConnectProvider', { OpenIDConnectProviderArn, Tags: [{ Key: 'TEAM', Value: 'ops' }, { Key: 'env', Value: 'prod' }] });
    const page = await h.call('ListOpenIDConnectProviderTags', { OpenIDConnectProviderArn, MaxItems: 1 });
    assert.deepEqual([page.Tags, page.IsTruncated], [[{ Key: 'env', Value: 'prod' }], true]);
    const rest = await h.call('ListOpenIDConnectProviderTags', { OpenIDConnectProviderArn, Marker: page.Marker! });
    assert.deepEqual(rest.Tags, [{ Key: 'TEAM', Value: 'ops' }]);
    await h.call('UntagOpenIDConnectProvider', { OpenIDConnectProviderArn, TagKeys: ['team'] });
    assert.deepEqual((await h.call('ListOpenIDConnectProviderTags', { OpenIDConnectProviderArn })).Tags, [{ Key: 'env', Value: 'prod' }]);
    const dup = await h.fail('TagOpenIDConnectProvider', { OpenIDConnectProviderArn, Tags: [{ Key: 'a', Value: '1' }, { Key: 'A', Value: '2' }] });
    assert.equal(dup.code, 'InvalidInput');
  });

  it('names a provider by its exact ARN: other ARNs are NoSuchEntity, non-ARNs InvalidInput', async () => {
    for (const arn of [arnOf('TOKEN.example.com'), arnOf('token.example.com/'), `arn:aws:iam::999999999999:oidc-provider/token.example.com`, `arn:aws:iam::${ACCOUNT}:role/token.example.com`]) {
      const e = await h.fail('GetOpenIDConnectProvider', { OpenIDConnectProviderArn: arn });
      assert.deepEqual([e.code, e.httpStatus, e.message], ['NoSuchEntity', 404, `OpenIDConnect Provider not found for arn ${arn}`], arn);
    }
    const bad = await h.fail('TagOpenIDConnectProvider', { OpenIDConnectProviderArn: 'not-an-arn-at-all', Tags: [] });
    assert.deepEqual([bad.code, bad.message], ['InvalidInput', 'ARN not-an-arn-at-all is not valid.']);
  });

  it('authorization resolves the stored provider (exact ARN) with its tags', async () => {
    const e = await entityByArn(h.store, accountScope(ACCOUNT), ACCOUNT, arnOf('token.example.com'));
    assert.deepEqual(e, { type: 'oidc-provider', arn: arnOf('token.example.com'), tags: [{ Key: 'env', Value: 'prod' }] });
    assert.equal(await entityByArn(h.store, accountScope(ACCOUNT), ACCOUNT, arnOf('token.EXAMPLE.com')), undefined);
    assert.equal(await entityByArn(h.store, accountScope(ACCOUNT), '999999999999', arnOf('token.example.com')), undefined);
  });

  it('deletes idempotently', async () => {
    const OpenIDConnectProviderArn = arnOf('token.example.com');
    await h.call('DeleteOpenIDConnectProvider', { OpenIDConnectProviderArn });
    await h.call('DeleteOpenIDConnectProvider', { OpenIDConnectProviderArn });
    assert.equal((await h.fail('GetOpenIDConnectProvider', { OpenIDConnectProviderArn })).code, 'NoSuchEntity');
    assert.equal((await h.fail('DeleteOpenIDConnectProvider', { OpenIDConnectProviderArn: 'nope' })).code, 'InvalidInput');
  });
});
