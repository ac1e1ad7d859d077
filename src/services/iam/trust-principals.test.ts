import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { roles } from './store/role-store.js';
import { accountScope } from './store/tables.js';
import { ACCOUNT, openHarness, type Harness } from './test-harness.js';
import { bindLegacyTrustPolicies, trustDocumentForEvaluation } from './trust-principals.js';

const trustOf = (...arns: string[]): string =>
  JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: arns }, Action: 'sts:AssumeRole' }] });

describe('trust policies saved before principals were bound', () => {
  let h: Harness;
  const scope = accountScope(ACCOUNT);
  const bob = `arn:aws:iam::${ACCOUNT}:user/bob`;
  const gone = `arn:aws:iam::${ACCOUNT}:user/gone`;
  before(async () => {
    h = await openHarness();
    await h.call('CreateUser', { UserName: 'bob' });
    await h.call('CreateUser', { UserName: 'gone' });
    await h.call('CreateRole', { RoleName: 'legacy', AssumeRolePolicyDocument: trustOf(bob, gone) });
    // As a store written before binding holds it: no trustPrincipalIds; then `gone` is deleted.
    const r = await roles.require(h.store, scope, 'legacy');
    const { trustPrincipalIds: _ids, ...unbound } = r;
    await roles.put(h.store, scope, unbound);
    await h.call('DeleteUser', { UserName: 'gone' });
  });
  after(() => h.close());

  it('binds the principals that exist at start, once, and leaves a missing one unbound', async () => {
    assert.equal(await bindLegacyTrustPolicies(h.store), 1);
    const r = await roles.require(h.store, scope, 'legacy');
    const bobId = ((await h.call('GetUser', { UserName: 'bob' })) as { User: { UserId: string } }).User.UserId;
    assert.deepEqual(r.trustPrincipalIds, { [bob]: bobId });
    assert.equal(await bindLegacyTrustPolicies(h.store), 0, 'runs once');
    // Evaluation now names bob by id: a bob deleted and recreated no longer matches.
    assert.deepEqual(JSON.parse(trustDocumentForEvaluation(r.assumeRolePolicyDocument, r.trustPrincipalIds)).Statement[0].Principal.AWS, [bobId, gone]);
  });
});
