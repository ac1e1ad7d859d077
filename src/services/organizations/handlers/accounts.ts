/**
 * CreateAccount (and its status), DescribeAccount, ListAccounts, ListAccountsForParent, MoveAccount,
 * RemoveAccountFromOrganization, LeaveOrganization.
 *
 * CreateAccount answers IN_PROGRESS as AWS does; the account is made before the answer, so
 * DescribeCreateAccountStatus already says SUCCEEDED (or FAILED with AWS's reason). A new account
 * has its own root user and IAM namespace, and the role RoleName (OrganizationAccountAccessRole by
 * default) trusting the management account, with AdministratorAccess, made through IAM as
 * organizations.amazonaws.com on the new account's behalf.
 */
import { createAccount } from '../../../authz/bootstrap-account.js';
import { rootArn } from '../../../shared/principal.js';
import type { HandlerContext } from '../../../protocol/service-definition.js';
import type { StoreOps } from '../../../storage/types.js';
import { accountNotFound, constraint, createStatusNotFound, destinationParentNotFound, duplicateAccount, parentNotFound, sourceParentNotFound } from '../errors.js';
import { newCreateAccountRequestId } from '../ids.js';
import { defaultPolicyOf } from '../managed-policies.js';
import { attach, callerOrg, detachAll, managedOrg, readableOrg, memberOf, ouOf, delegatedOrg } from '../org-context.js';
import { page } from '../pagination.js';
import { addTags } from './tags-and-closing.js';
import { GLOBAL, accountEmails, createStatus, emails, listIn, members, membership, type CreateStatusRecord, type MemberRecord, type OrgRecord } from '../store.js';
import { accountView, createStatusView } from '../views.js';
import { accountOf, nowIso, type OrgDeps, type OpHandlers } from '../deps.js';

/** AWS's default quota of accounts in an organization (raised on request in AWS; here a constant). */
export const MAX_ACCOUNTS = 10;
const ADMIN = 'arn:aws:iam::aws:policy/AdministratorAccess';

async function requireParent(ops: StoreOps, org: OrgRecord, id: string): Promise<void> {
  if (id !== org.rootId && !(await ouOf(ops, org, id))) throw parentNotFound();
}

/** Joins `m` to the organization under its parent, with the default policies of the enabled types. */
export async function joinOrganization(ops: StoreOps, org: OrgRecord, m: MemberRecord): Promise<void> {
  await membership.put(ops, GLOBAL, m.accountId, { orgId: org.id });
  await members.put(ops, GLOBAL, `${org.id}|${m.accountId}`, m);
  for (const type of org.enabledTypes) {
    const full = defaultPolicyOf(type);
    if (full) await attach(ops, org, { policyId: full.id, targetId: m.accountId, type });
  }
}

/** Takes an account out of its organization (its attachments go with it). */
async function leave(ops: StoreOps, org: OrgRecord, accountId: string): Promise<void> {
  await detachAll(ops, org, accountId);
  await members.delete(ops, GLOBAL, `${org.id}|${accountId}`);
  await membership.delete(ops, GLOBAL, accountId);
}

/** The management account never leaves: the organization is deleted instead (Reason ACCOUNT_CANNOT_LEAVE_ORGANIZATION). */
const managementCannotLeave = () => constraint('ACCOUNT_CANNOT_LEAVE_ORGANIZATION', "You can't remove the management account from an organization. Delete the organization instead.");

type Ops =
  | 'CreateAccount'
  | 'DescribeCreateAccountStatus'
  | 'ListCreateAccountStatus'
  | 'DescribeAccount'
  | 'ListAccounts'
  | 'ListAccountsForParent'
  | 'MoveAccount'
  | 'RemoveAccountFromOrganization'
  | 'LeaveOrganization';

export function accountHandlers({ store, internal }: OrgDeps): OpHandlers<Ops> {
  /** The new account's admin role, made by IAM on the new account's behalf. */
  async function accessRole(ctx: HandlerContext, org: OrgRecord, accountId: string, roleName: string): Promise<void> {
    const caller = { principal: { accountId, arn: rootArn(accountId), userId: accountId, type: 'root' as const }, region: 'us-east-1', now: ctx.caller.now, sourceIp: 'organizations.amazonaws.com', secureTransport: true };
    const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${org.managementAccountId}:root` }, Action: 'sts:AssumeRole' }] };
    const on = { caller, via: 'organizations.amazonaws.com' };
    // protocol-lint: allow a policy document is data, not wire format
    await internal.call('iam', 'CreateRole', { RoleName: roleName, AssumeRolePolicyDocument: JSON.stringify(trust) }, on);
    await internal.call('iam', 'AttachRolePolicy', { RoleName: roleName, PolicyArn: ADMIN }, on);
  }

  return {
    async CreateAccount(input, ctx) {
      const org = await managedOrg(store, ctx);
      const status: CreateStatusRecord = { id: newCreateAccountRequestId(), accountName: input.AccountName, state: 'IN_PROGRESS', requestedAt: nowIso(ctx) };
      const email = input.Email.toLowerCase();
      let failure: CreateStatusRecord['failureReason'];
      // The model's pattern lets control characters through (NUL would fail as a storage key after the account was made).
      // eslint-disable-next-line no-control-regex
      if (/[\u0000-\u001f\u007f]/.test(email)) failure = 'INVALID_EMAIL';
      else if (await emails.get(store, GLOBAL, email)) failure = 'EMAIL_ALREADY_EXISTS';
      else if ((await listIn(store, members, org.id)).length >= MAX_ACCOUNTS) failure = 'ACCOUNT_LIMIT_EXCEEDED';
      let done: CreateStatusRecord;
      if (failure) {
        done = { ...status, state: 'FAILED', completedAt: nowIso(ctx), failureReason: failure };
      } else {
        const { accountId } = await createAccount(store, { now: ctx.caller.now });
        await emails.put(store, GLOBAL, email, { accountId });
        await accountEmails.put(store, GLOBAL, accountId, { email: input.Email });
        await accessRole(ctx, org, accountId, input.RoleName ?? 'OrganizationAccountAccessRole');
        await store.transaction(async (tx) => {
          const current = await managedOrg(tx, ctx);
          await joinOrganization(tx, current, { accountId, name: input.AccountName, email: input.Email, status: 'ACTIVE', joinedMethod: 'CREATED', joinedAt: nowIso(ctx), parentId: current.rootId });
          await addTags(tx, current, accountId, input.Tags ?? []);
        });
        done = { ...status, state: 'SUCCEEDED', completedAt: nowIso(ctx), accountId };
      }
      await createStatus.put(store, GLOBAL, `${org.id}|${status.id}`, done);
      return { CreateAccountStatus: createStatusView(status) };
    },

    async DescribeCreateAccountStatus(input, ctx) {
      const org = await delegatedOrg(store, ctx, 'DescribeCreateAccountStatus', readableOrg);
      const s = await createStatus.get(store, GLOBAL, `${org.id}|${input.CreateAccountRequestId}`);
      if (!s) throw createStatusNotFound();
      return { CreateAccountStatus: createStatusView(s) };
    },

    async ListCreateAccountStatus(input, ctx) {
      const org = await delegatedOrg(store, ctx, 'ListCreateAccountStatus', readableOrg);
      const all = (await listIn(store, createStatus, org.id)).filter((s) => !input.States || input.States.includes(s.state));
      const p = page(all, (s) => `${s.requestedAt}|${s.id}`, input);
      return { CreateAccountStatuses: p.items.map(createStatusView), ...(p.NextToken ? { NextToken: p.NextToken } : {}) };
    },

    async DescribeAccount(input, ctx) {
      const org = await delegatedOrg(store, ctx, 'DescribeAccount', readableOrg);
      const a = await memberOf(store, org, input.AccountId);
      if (!a) throw accountNotFound();
      return { Account: accountView(org, a) };
    },

    async ListAccounts(input, ctx) {
      const org = await delegatedOrg(store, ctx, 'ListAccounts', readableOrg);
      const p = page(await listIn(store, members, org.id), (a) => a.accountId, input);
      return { Accounts: p.items.map((a) => accountView(org, a)), ...(p.NextToken ? { NextToken: p.NextToken } : {}) };
    },

    async ListAccountsForParent(input, ctx) {
      const org = await delegatedOrg(store, ctx, 'ListAccountsForParent', readableOrg);
      await requireParent(store, org, input.ParentId);
      const p = page((await listIn(store, members, org.id)).filter((a) => a.parentId === input.ParentId), (a) => a.accountId, input);
      return { Accounts: p.items.map((a) => accountView(org, a)), ...(p.NextToken ? { NextToken: p.NextToken } : {}) };
    },

    async MoveAccount(input, ctx) {
      await store.transaction(async (tx) => {
        const org = await managedOrg(tx, ctx);
        const a = await memberOf(tx, org, input.AccountId);
        if (!a) throw accountNotFound();
        if (input.SourceParentId !== org.rootId && !(await ouOf(tx, org, input.SourceParentId))) throw sourceParentNotFound();
        if (input.DestinationParentId !== org.rootId && !(await ouOf(tx, org, input.DestinationParentId))) throw destinationParentNotFound();
        if (a.parentId !== input.SourceParentId) throw sourceParentNotFound();
        if (a.parentId === input.DestinationParentId) throw duplicateAccount();
        await members.put(tx, GLOBAL, `${org.id}|${a.accountId}`, { ...a, parentId: input.DestinationParentId });
      });
    },

    async RemoveAccountFromOrganization(input, ctx) {
      await store.transaction(async (tx) => {
        const org = await managedOrg(tx, ctx);
        if (input.AccountId === org.managementAccountId) {
          throw managementCannotLeave();
        }
        if (!(await memberOf(tx, org, input.AccountId))) throw accountNotFound();
        await leave(tx, org, input.AccountId);
      });
    },

    async LeaveOrganization(_input, ctx) {
      await store.transaction(async (tx) => {
        const { org } = await callerOrg(tx, ctx);
        if (accountOf(ctx) === org.managementAccountId) {
          throw managementCannotLeave();
        }
        await leave(tx, org, accountOf(ctx));
      });
    },
  };
}
