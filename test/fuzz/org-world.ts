/**
 * The organization the model-driven fuzzer sends Organizations (awsJson) requests into: callers (the
 * management account's root user, a member account's root user, an IAM user of the management
 * account with AdministratorAccess, anonymous), and the ids of real entities (root, OUs, accounts,
 * policies, handshakes, account creations) that generated inputs name. The member caller's account
 * is never named, so generated requests cannot close or remove it; what they delete or leave is put
 * back by `replenishOrg` (which also re-reads the ids).
 */
import {
  AcceptHandshakeCommand,
  AttachPolicyCommand,
  CreateAccountCommand,
  CreateOrganizationalUnitCommand,
  CreateOrganizationCommand,
  CreatePolicyCommand,
  DescribeCreateAccountStatusCommand,
  DeleteOrganizationCommand,
  DescribeOrganizationCommand,
  EnablePolicyTypeCommand,
  InviteAccountToOrganizationCommand,
  ListAccountsCommand,
  ListHandshakesForAccountCommand,
  ListHandshakesForOrganizationCommand,
  ListOrganizationalUnitsForParentCommand,
  ListPoliciesCommand,
  ListRootsCommand,
  OrganizationsClient,
  OrganizationsServiceException,
} from '@aws-sdk/client-organizations';
import fc from 'fast-check';
import { rootCredentialsOf } from '../../src/authz/bootstrap-account.js';
import type { Shape } from '../../src/protocol/model/service-model.js';
import type { TestServer } from '../helpers/rampart.js';
import type { Creds } from '../e2e/authz-support.js';
import { breakString, HARVESTED_MARKER, markerArb, modelString, policyDocumentArb, validString } from './fuzz-values.js';
import type { SemanticStrings } from './model-inputs.js';

/** The caller kinds Organizations requests are sent as (`anonymous` is unsigned). */
export const ORG_CALLER_KINDS = ['management-root', 'member-root', 'iam-user', 'anonymous'] as const;

/** Ids of real entities, re-read by `replenishOrg` and added to from answers (`harvestOrgIds`). */
export interface OrgWorld {
  readonly ids: {
    root: string[];
    ou: string[];
    account: string[];
    policy: string[];
    handshake: string[];
    createAccount: string[];
    email: string[];
  };
}

const client = (s: TestServer, credentials: Creds) => new OrganizationsClient({ endpoint: s.url, region: 'us-east-1', credentials, maxAttempts: 1 });

/** Ignores an Organizations refusal (4xx): the step's state is already there, or generated requests changed it. */
async function tolerate<T>(p: Promise<T>): Promise<T | undefined> {
  try {
    return await p;
  } catch (e) {
    if (e instanceof OrganizationsServiceException && (e.$metadata.httpStatusCode ?? 500) < 500) return undefined;
    throw e;
  }
}

/** The member caller: its account id (never named by generated inputs) and root credentials. */
export interface OrgCallers {
  readonly memberAccountId: string;
  readonly creds: Record<(typeof ORG_CALLER_KINDS)[number], Creds | null>;
}

async function newAccount(orgs: OrganizationsClient, name: string): Promise<string | undefined> {
  const c = await tolerate(orgs.send(new CreateAccountCommand({ Email: `${name}@example.com`, AccountName: name })));
  if (!c) return undefined;
  const st = await orgs.send(new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: c.CreateAccountStatus!.Id! }));
  return st.CreateAccountStatus?.AccountId;
}

/** Creates the organization (all features, SCPs enabled), the member caller's account and a pool member, an OU and a policy. */
export async function createOrgWorld(s: TestServer, iamUser: Creds): Promise<{ callers: OrgCallers; world: OrgWorld }> {
  const orgs = client(s, s.credentials);
  await orgs.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
  const memberAccountId = (await newAccount(orgs, 'fz-member-caller'))!;
  const member = await rootCredentialsOf(s.runtime.store, memberAccountId);
  const callers: OrgCallers = {
    memberAccountId,
    creds: { 'management-root': s.credentials, 'member-root': { accessKeyId: member!.accessKeyId, secretAccessKey: member!.secretAccessKey }, 'iam-user': iamUser, anonymous: null },
  };
  const world: OrgWorld = { ids: { root: [], ou: [], account: [], policy: [], handshake: [], createAccount: [], email: [] } };
  await replenishOrg(s, callers, world);
  return { callers, world };
}

/**
 * Puts back the organization, the member caller's membership, a pool member account, an OU and a
 * policy when generated requests took them away, and re-reads the ids generated inputs name.
 */
export async function replenishOrg(s: TestServer, callers: OrgCallers, world: OrgWorld): Promise<void> {
  const orgs = client(s, s.credentials);
  const asMember = client(s, callers.creds['member-root']!);
  const org = await tolerate(orgs.send(new DescribeOrganizationCommand({})));
  if (!org) await tolerate(orgs.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' })));
  const roots = (await tolerate(orgs.send(new ListRootsCommand({}))))?.Roots ?? [];
  const rootId = roots[0]?.Id;
  if (!rootId) return;
  if (!roots[0]!.PolicyTypes?.some((t) => t.Type === 'SERVICE_CONTROL_POLICY' && t.Status === 'ENABLED')) await tolerate(orgs.send(new EnablePolicyTypeCommand({ RootId: rootId, PolicyType: 'SERVICE_CONTROL_POLICY' })));
  // The member caller back in (it may have left, or been removed with its account id guessed).
  const mine = await tolerate(asMember.send(new DescribeOrganizationCommand({})));
  if (mine?.Organization?.Id !== org?.Organization?.Id || !org) {
    // Out, it may have made an organization of its own (CreateOrganization as the member): delete it.
    if (mine?.Organization?.MasterAccountId === callers.memberAccountId) await tolerate(asMember.send(new DeleteOrganizationCommand({})));
    const invited = await tolerate(orgs.send(new InviteAccountToOrganizationCommand({ Target: { Type: 'ACCOUNT', Id: callers.memberAccountId } })));
    // A generated invitation (by the member's email) may be open already: accept that one then.
    const open = invited?.Handshake?.Id ? [invited.Handshake.Id] : ((await tolerate(asMember.send(new ListHandshakesForAccountCommand({ Filter: { ActionType: 'INVITE' } }))))?.Handshakes ?? []).filter((h) => h.State === 'OPEN').map((h) => h.Id!);
    for (const id of open) if (await tolerate(asMember.send(new AcceptHandshakeCommand({ HandshakeId: id })))) break;
  }
  const accounts = (await tolerate(orgs.send(new ListAccountsCommand({}))))?.Accounts ?? [];
  const pool = accounts.filter((a) => a.Id !== callers.memberAccountId && a.Id !== s.accountId && a.Status === 'ACTIVE');
  if (pool.length === 0) await newAccount(orgs, `fz-pool-${Date.now()}`);
  let ous = (await tolerate(orgs.send(new ListOrganizationalUnitsForParentCommand({ ParentId: rootId }))))?.OrganizationalUnits ?? [];
  if (ous.length === 0) {
    const ou = await tolerate(orgs.send(new CreateOrganizationalUnitCommand({ ParentId: rootId, Name: 'fz-ou' })));
    if (ou?.OrganizationalUnit?.Id) await tolerate(orgs.send(new CreateOrganizationalUnitCommand({ ParentId: ou.OrganizationalUnit.Id, Name: 'fz-ou-child' })));
    ous = (await tolerate(orgs.send(new ListOrganizationalUnitsForParentCommand({ ParentId: rootId }))))?.OrganizationalUnits ?? [];
  }
  const policies = (await tolerate(orgs.send(new ListPoliciesCommand({ Filter: 'SERVICE_CONTROL_POLICY' }))))?.Policies ?? [];
  if (!policies.some((p) => !p.AwsManaged)) {
    const p = await tolerate(orgs.send(new CreatePolicyCommand({ Name: 'fz-scp', Description: 'fuzz', Type: 'SERVICE_CONTROL_POLICY', Content: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 'ec2:*', Resource: '*' }] }) })));
    if (p?.Policy?.PolicySummary?.Id && ous[0]?.Id) await tolerate(orgs.send(new AttachPolicyCommand({ PolicyId: p.Policy.PolicySummary.Id, TargetId: ous[0].Id })));
  }
  // A tag policy on the root: DescribeEffectivePolicy merges it with the generated ones attached below.
  if (!roots[0]!.PolicyTypes?.some((t) => t.Type === 'TAG_POLICY' && t.Status === 'ENABLED')) {
    await tolerate(orgs.send(new EnablePolicyTypeCommand({ RootId: rootId, PolicyType: 'TAG_POLICY' })));
    const tag = await tolerate(orgs.send(new CreatePolicyCommand({ Name: `fz-tags-${Date.now()}`, Description: 'fuzz', Type: 'TAG_POLICY', Content: JSON.stringify({ tags: { costcenter: { tag_key: { '@@assign': 'CostCenter' }, tag_value: { '@@assign': ['100'] } } } }) })));
    if (tag?.Policy?.PolicySummary?.Id) await tolerate(orgs.send(new AttachPolicyCommand({ PolicyId: tag.Policy.PolicySummary.Id, TargetId: rootId })));
  }
  const handshakes = (await tolerate(orgs.send(new ListHandshakesForOrganizationCommand({}))))?.Handshakes ?? [];
  const allAccounts = (await tolerate(orgs.send(new ListAccountsCommand({}))))?.Accounts ?? accounts;
  const allPolicies = [...((await tolerate(orgs.send(new ListPoliciesCommand({ Filter: 'SERVICE_CONTROL_POLICY' }))))?.Policies ?? policies), ...((await tolerate(orgs.send(new ListPoliciesCommand({ Filter: 'TAG_POLICY' }))))?.Policies ?? [])];
  const ids = world.ids;
  ids.root.splice(0, Infinity, rootId);
  ids.ou.splice(0, Infinity, ...ous.map((o) => o.Id!));
  // Never the member caller's account: generated requests could close it or remove it.
  ids.account.splice(0, Infinity, ...allAccounts.map((a) => a.Id!).filter((id) => id !== callers.memberAccountId));
  ids.email.splice(0, Infinity, ...allAccounts.filter((a) => a.Id !== callers.memberAccountId).map((a) => a.Email!));
  ids.policy.splice(0, Infinity, 'p-FullAWSAccess', ...allPolicies.map((p) => p.Id!).filter((id) => id !== 'p-FullAWSAccess'));
  ids.handshake.splice(0, Infinity, ...handshakes.map((h) => h.Id!).slice(0, 20));
}

/** Adds the ids a successful answer names (new OUs, policies, handshakes, account creations) to the world, a bounded number. */
export function harvestOrgIds(world: OrgWorld, body: string): void {
  const add = (list: string[], id: string) => {
    if (list.length < 30 && !list.includes(id)) list.push(id);
  };
  for (const m of body.matchAll(/"Id":"(ou-[0-9a-z]+-[0-9a-z]+|p-[0-9a-zA-Z_]+|h-[0-9a-z]+|car-[0-9a-z]+)"/g)) {
    const id = m[1]!;
    if (id.startsWith('ou-')) add(world.ids.ou, id);
    else if (id.startsWith('p-')) add(world.ids.policy, id);
    else if (id.startsWith('h-')) add(world.ids.handshake, id);
    else add(world.ids.createAccount, id);
  }
}

/** Keys of management policies (tag keys, settings), with the ones JavaScript objects treat specially. */
const POLICY_KEYS = fc.constantFrom('costcenter', 'env', 'tag_key', 'tag_value', 'enforced_for', '__proto__', 'constructor', 'toString', 'hasOwnProperty', '', '@@assign', '@@nosuch');

/** Tag-policy-shaped documents with inheritance operators (`near`: odd keys and values, deep). */
function managementPolicyArb(near: boolean): fc.Arbitrary<string> {
  const value = fc.oneof(fc.string({ maxLength: 8 }), fc.array(fc.constantFrom('100', '200', 'prod', 'dev'), { maxLength: 3 }));
  const op = fc.constantFrom('@@assign', '@@append', '@@remove');
  const setting = fc.oneof(
    fc.tuple(op, value).map(([o, v]) => ({ [o]: v })),
    value,
    fc.tuple(op, value, fc.subarray(['@@all', '@@none', '@@assign', '@@append', '@@remove', '@@x'])).map(([o, v, allowed]) => ({ [o]: v, '@@operators_allowed_for_child_policies': allowed })),
  );
  const keys = near ? POLICY_KEYS : fc.constantFrom('costcenter', 'env', 'tag_key', 'tag_value');
  const tags = fc.dictionary(keys, fc.dictionary(keys, setting, { maxKeys: 3 }), { maxKeys: 3 });
  const doc = tags.map((t) => JSON.stringify({ tags: t }));
  if (!near) return doc;
  return fc.oneof(
    { weight: 4, arbitrary: doc },
    { weight: 1, arbitrary: fc.constantFrom('{"tags":{"__proto__":{"tag_key":{"@@assign":"P"}}}}', '{"__proto__":{"@@assign":"x"}}', '{"tags":{"constructor":{"prototype":{"@@assign":"x"}}}}', '{"tags":{"x":{"@@operators_allowed_for_child_policies":"@@none"}}}', '{"tags":{"x":{"@@append":{"a":1}}}}', '{"tags":null}', '[]', '"x"', '{"tags":{"x":{"@@assign":null}}}') },
    { weight: 1, arbitrary: fc.integer({ min: 10, max: 1_900 }).map((n) => `{"tags":${'{"a":'.repeat(n)}{"@@assign":"x"}${'}'.repeat(n)}}`) },
  );
}

/** One of `list` when generated (the lists change during a run), else `fallback`. */
function oneOf(list: readonly string[], fallback: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc.tuple(fc.nat(), fallback).map(([i, f]) => (list.length ? list[i % list.length]! : f));
}

/** Member-name-driven strings of Organizations: ids of real entities (often), of the shape's pattern, and near-valid ones. */
export function orgSemantic(world: OrgWorld): SemanticStrings {
  const ids = world.ids;
  return (_w, member: string, shape: Shape, near: boolean) => {
    const pick = (lists: readonly (readonly string[])[]) => {
      const real = fc.nat().chain((n) => {
        const nonEmpty = lists.filter((l) => l.length);
        return nonEmpty.length ? oneOf(nonEmpty[n % nonEmpty.length]!, validString(shape)) : validString(shape);
      });
      return modelString(shape, near, fc.oneof({ weight: 3, arbitrary: real }, { weight: 1, arbitrary: validString(shape) }));
    };
    switch (member) {
      case 'AccountId':
        return pick([ids.account]);
      case 'RootId':
        return pick([ids.root]);
      case 'OrganizationalUnitId':
        return pick([ids.ou]);
      case 'ParentId':
      case 'SourceParentId':
      case 'DestinationParentId':
        return pick([ids.root, ids.ou]);
      case 'ChildId':
        return pick([ids.ou, ids.account]);
      case 'TargetId':
      case 'ResourceId':
        return pick([ids.root, ids.ou, ids.account, ...(member === 'ResourceId' ? [ids.policy] : [])]);
      case 'PolicyId':
        return pick([ids.policy]);
      case 'HandshakeId':
        return pick([ids.handshake]);
      case 'CreateAccountRequestId':
        return pick([ids.createAccount]);
      case 'Email':
        return modelString(shape, near, fc.oneof(oneOf(ids.email, validString(shape)), fc.stringMatching(/^[a-z0-9]{1,12}@example\.(com|org)$/), fc.constantFrom('Fz-Member-Caller@EXAMPLE.com', 'root+000000000000@rampart.invalid')));
      case 'Content':
        return fc.oneof(policyDocumentArb(near), managementPolicyArb(near));
      case 'NextToken':
        return near ? fc.oneof({ weight: 2, arbitrary: markerArb(true) }, { weight: 1, arbitrary: breakString(fc.constant('eyJ4IjoxfQ')) }) : fc.constant(HARVESTED_MARKER);
      default:
        return undefined;
    }
  };
}
