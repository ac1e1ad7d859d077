/**
 * The policy sources authorization combines (identity, session, resource, organization) and the
 * per-source, per-account invalidation of what it caches.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isAwsError } from '../shared/aws-error.js';
import { createSecretSealer } from '../storage/secret-sealer.js';
import type { ChangeEvent } from '../storage/types.js';
import { Authorizer, type ServiceRef } from './authorizer.js';
import type { AuthzCaller } from './caller-policies.js';
import { MemoryIdentitySource } from './memory-identity-source.js';
import { PolicyInformationPoint } from './pip/policy-information-point.js';
import type { RequestFacts } from './request/global-keys.js';
import { ServiceRules, type ServiceAuthorization } from './service-rules.js';
import type { OrganizationPolicies, OrganizationSource, PolicyRecord } from './sources.js';

const A = '111111111111';
const B = '222222222222';
const MGMT = '999999999999';
const FACTS: RequestFacts = { now: Date.UTC(2025, 0, 1), sourceIp: '203.0.113.7', secureTransport: false, region: 'us-east-1' };
const TOY: ServiceRef = { prefix: 'toy', protocol: 'json' };
const doc = (...statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });
const allow = (Action: string, Resource = '*', Principal?: object) => ({ Effect: 'Allow', Action, Resource, ...(Principal ? { Principal } : {}) });
const deny = (Action: string, Resource = '*', Principal?: object | string) => ({ Effect: 'Deny', Action, Resource, ...(Principal ? { Principal } : {}) });
const rec = (id: string, document: string): PolicyRecord => ({ id, name: id, document });
const FULL = rec('FullAWSAccess', doc(allow('*')));

const user = (account: string, name: string): AuthzCaller => ({ accessKeyId: `AKIA${account}${name.toUpperCase()}`.padEnd(20, 'X'), principal: { accountId: account, arn: `arn:aws:iam::${account}:user/${name}`, userId: `AIDA${name.toUpperCase()}XXXXXXXX`, type: 'user' } });
const root = (account: string): AuthzCaller => ({ accessKeyId: `AKIAROOT${account}`, principal: { accountId: account, arn: `arn:aws:iam::${account}:root`, userId: account, type: 'root' } });

/** An organization whose SCPs and RCPs the test sets per account; writes are reported on `org.tables`. */
class TestOrganization implements OrganizationSource {
  readonly tables = ['test.org'];
  readonly scps = new Map<string, OrganizationPolicies>();
  readonly rcps = new Map<string, OrganizationPolicies>();
  constructor(private readonly emit: (e: ChangeEvent) => void) {}
  async serviceControlPolicies(accountId: string) {
    return this.scps.get(accountId);
  }
  async resourceControlPolicies(accountId: string) {
    return this.rcps.get(accountId);
  }
  set(kind: 'scp' | 'rcp', accountId: string, p: OrganizationPolicies): void {
    (kind === 'scp' ? this.scps : this.rcps).set(accountId, p);
    this.emit({ table: 'test.org', scope: { kind: 'global' }, key: accountId, op: 'put' });
  }
}

/** A toy service whose "thing" resources live in the account their ARN names and carry a policy. */
function toyRules(policies: Map<string, string>): ServiceAuthorization {
  return {
    prefix: 'toy',
    resourceControlPolicies: true,
    operations: {
      UseThing: {
        resolve: async (input) => {
          const arn = String(input['ThingArn']);
          const account = arn.split(':')[4]!;
          const policy = policies.get(arn);
          return [{ arn, type: 'thing', accountId: account, ...(policy ? { policy: { record: rec(`${arn}/policy`, policy) } } : {}) }];
        },
      },
    },
  };
}

function setup() {
  const src = new MemoryIdentitySource();
  const listeners: ((e: ChangeEvent) => void)[] = [];
  const feed = { onChange: (l: (e: ChangeEvent) => void) => (listeners.push(l), () => {}) };
  src.feed.onChange((e) => listeners.forEach((l) => l(e)));
  const org = new TestOrganization((e) => listeners.forEach((l) => l(e)));
  const thingPolicies = new Map<string, string>();
  const pip = new PolicyInformationPoint(feed, { identity: src, organization: org });
  const authz = new Authorizer(pip, createSecretSealer('k'.repeat(64)), new ServiceRules([toyRules(thingPolicies)]));
  const use = (caller: AuthzCaller, thing: string) => authz.authorizeOperation(TOY, 'UseThing', { ThingArn: thing }, caller, FACTS);
  return { src, org, pip, authz, thingPolicies, use };
}

async function denied(p: Promise<unknown>): Promise<string> {
  const e = await p.then(() => undefined, (x: unknown) => x);
  assert.ok(isAwsError(e), `expected a denial, got ${String(e)}`);
  return e.message;
}

const thing = (account: string, name: string) => `arn:aws:toy:us-east-1:${account}:thing/${name}`;

describe('organization policies', () => {
  it('an SCP limits users and the root user of a member account, never the management account', async () => {
    const { src, org, use } = setup();
    src.putUser(A, 'u', { identityPolicies: [rec('admin', doc(allow('*')))], tags: {} });
    src.putUser(MGMT, 'u', { identityPolicies: [rec('admin', doc(allow('*')))], tags: {} });
    await use(user(A, 'u'), thing(A, 't'));
    await use(root(A), thing(A, 't'));
    const noToy: OrganizationPolicies = { managementAccount: false, levels: [[FULL], [rec('NoToy', doc(allow('*'), deny('toy:*')))]] };
    org.set('scp', A, noToy);
    org.set('scp', MGMT, { ...noToy, managementAccount: true });
    assert.match(await denied(use(user(A, 'u'), thing(A, 't'))), /with an explicit deny in a service control policy/);
    assert.match(await denied(use(root(A), thing(A, 't'))), /with an explicit deny in a service control policy/);
    await use(user(MGMT, 'u'), thing(MGMT, 't'));
    await use(root(MGMT), thing(MGMT, 't'));
  });

  it('every level of the OU chain must allow; an RCP denies access to the member account\'s resources', async () => {
    const { src, org, use } = setup();
    src.putUser(A, 'u', { identityPolicies: [rec('admin', doc(allow('*')))], tags: {} });
    org.set('scp', A, { managementAccount: false, levels: [[FULL], [rec('OnlyS3', doc(allow('s3:*')))]] });
    assert.match(await denied(use(user(A, 'u'), thing(A, 't'))), /because no service control policy allows/);
    org.set('scp', A, { managementAccount: false, levels: [[FULL]] });
    await use(user(A, 'u'), thing(A, 't'));
    org.set('rcp', A, { managementAccount: false, levels: [[rec('NoToyRcp', doc(deny('toy:*', '*', '*')))]] });
    assert.match(await denied(use(user(A, 'u'), thing(A, 't'))), /resource control policy/);
  });
});

describe('resource policies from the service\'s resolution', () => {
  it('cross-account: the caller\'s identity policy and the resource\'s policy must both allow', async () => {
    const { src, thingPolicies, use } = setup();
    src.putUser(A, 'u', { identityPolicies: [rec('p', doc(allow('toy:UseThing')))], tags: {} });
    src.putUser(A, 'v', { identityPolicies: [], tags: {} });
    const shared = thing(B, 'shared');
    assert.match(await denied(use(user(A, 'u'), shared)), /no resource-based policy allows/);
    thingPolicies.set(shared, doc(allow('toy:UseThing', shared, { AWS: `arn:aws:iam::${A}:root` })));
    // (The resolution is planned again: the test changes the policy without a storage write.)
    const fresh = setup();
    fresh.src.putUser(A, 'u', { identityPolicies: [rec('p', doc(allow('toy:UseThing')))], tags: {} });
    fresh.src.putUser(A, 'v', { identityPolicies: [], tags: {} });
    fresh.thingPolicies.set(shared, thingPolicies.get(shared)!);
    await fresh.use(user(A, 'u'), shared);
    // The resource policy alone (trusting the account) does not grant a caller whose own policies do not.
    assert.match(await denied(fresh.use(user(A, 'v'), shared)), /no identity-based policy allows/);
  });

  it('same account: a policy naming the user grants without an identity policy; an explicit deny stops even root', async () => {
    const { src, thingPolicies, use } = setup();
    src.putUser(A, 'v', { identityPolicies: [], tags: {} });
    const t = thing(A, 'mine');
    // (An account principal would deny every principal of the account: the condition picks its root user.)
    const denyRoot = { ...deny('toy:UseThing', t, { AWS: A }), Condition: { StringEquals: { 'aws:PrincipalType': 'Account' } } };
    thingPolicies.set(t, doc(allow('toy:UseThing', t, { AWS: `arn:aws:iam::${A}:user/v` }), denyRoot));
    await use(user(A, 'v'), t);
    assert.match(await denied(use(root(A), t)), /with an explicit deny in a resource-based policy/);
  });
});

describe('cache invalidation per source and per account', () => {
  it('a write in account B keeps account A\'s cached policies and plans; a write in A drops them', async () => {
    const { src, pip, use } = setup();
    src.putUser(A, 'u', { identityPolicies: [rec('p', doc(allow('toy:*')))], tags: {} });
    src.putUser(B, 'u', { identityPolicies: [rec('p', doc(allow('toy:*')))], tags: {} });
    await use(user(A, 'u'), thing(A, 't'));
    const before = src.lookups;
    src.putUser(B, 'other', { identityPolicies: [], tags: {} });
    await use(user(A, 'u'), thing(A, 't'));
    assert.equal(src.lookups, before, 'A\'s entry survived a write in B');
    src.putUser(A, 'u', { identityPolicies: [], tags: {} });
    assert.match(await denied(use(user(A, 'u'), thing(A, 't'))), /no identity-based policy allows/);
    assert.ok(pip.stats.invalidations >= 2);
  });

  it('an organization write drops organization chains but not identities', async () => {
    const { src, org, use } = setup();
    src.putUser(A, 'u', { identityPolicies: [rec('p', doc(allow('toy:*')))], tags: {} });
    await use(user(A, 'u'), thing(A, 't'));
    const before = src.lookups;
    org.set('scp', A, { managementAccount: false, levels: [[rec('Nothing', doc(deny('*')))]] });
    await denied(use(user(A, 'u'), thing(A, 't')));
    assert.equal(src.lookups, before, 'the user\'s policies were not read again');
  });
});
