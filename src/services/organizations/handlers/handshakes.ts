/**
 * Invitations and the all-features migration: InviteAccountToOrganization, AcceptHandshake,
 * DeclineHandshake, CancelHandshake, DescribeHandshake, ListHandshakesForAccount,
 * ListHandshakesForOrganization, EnableAllFeatures. An invitation is accepted by the invited account
 * (which then joins under the root with JoinedMethod INVITED); EnableAllFeatures sends each member
 * an APPROVE_ALL_FEATURES handshake and completes when the management account accepts its own
 * ENABLE_ALL_FEATURES handshake after every member approved.
 */
import { GLOBAL as IDENTITY_GLOBAL, TABLES } from '../../../authz/identity-tables.js';
import type { HandlerContext } from '../../../protocol/service-definition.js';
import type { StoreOps } from '../../../storage/types.js';
import type { ActionType, HandshakeFilter } from '../api.generated.js';
import { accessDenied, accountNotFound, duplicateAccount } from '../errors.js';
import { accountOf, type OrgDeps, type OpHandlers } from '../deps.js';
import {
  HANDSHAKE_DAYS,
  accountHandshakes,
  duplicateHandshake,
  handshakeConstraint,
  handshakeView,
  handshakesFor,
  invalidTransition,
  putHandshake,
  requireHandshake,
  stateAt,
  transition,
  type HandshakeRecord,
} from '../handshakes.js';
import { newHandshakeId } from '../ids.js';
import { managedOrg, memberOf, delegatedOrg } from '../org-context.js';
import { page } from '../pagination.js';
import { GLOBAL, accountEmails, emails, listIn, members, orgs, organizationOf, type OrgRecord } from '../store.js';
import { MAX_ACCOUNTS, joinOrganization } from './accounts.js';
import { defaultEmail } from './organization.js';

const DAY = 86_400_000;
const arnOf = (org: OrgRecord, action: ActionType, id: string) => `arn:aws:organizations::${org.managementAccountId}:handshake/${org.id}/${action.toLowerCase()}/${id}`;

function filtered(list: HandshakeRecord[], filter: HandshakeFilter | undefined): HandshakeRecord[] {
  return list.filter((h) => (!filter?.ActionType || h.action === filter.ActionType) && (!filter?.ParentHandshakeId || h.parentId === filter.ParentHandshakeId));
}

async function orgHandshakes(ops: StoreOps, org: OrgRecord): Promise<HandshakeRecord[]> {
  return handshakesFor(ops, org.id);
}

/** The account an invitation names: an account id, or the account known by that email. */
async function invitedAccount(ops: StoreOps, type: string, id: string): Promise<string | undefined> {
  // No account id or email holds NUL (and storage keys may not).
  if (id.includes('\u0000')) return undefined;
  if (type === 'ACCOUNT') return (await ops.get(TABLES.accounts, IDENTITY_GLOBAL, id)) ? id : undefined;
  const known = await emails.get(ops, GLOBAL, id.toLowerCase());
  if (known) return known.accountId;
  const m = /^root\+(\d{12})@rampart\.invalid$/i.exec(id);
  return m && (await ops.get(TABLES.accounts, IDENTITY_GLOBAL, m[1]!)) ? m[1] : undefined;
}

async function save(ops: StoreOps, org: OrgRecord, h: HandshakeRecord): Promise<void> {
  await putHandshake(ops, h);
  await accountHandshakes.put(ops, GLOBAL, `${org.id}|${h.id}`, { id: h.id });
}

type Ops =
  | 'InviteAccountToOrganization'
  | 'AcceptHandshake'
  | 'DeclineHandshake'
  | 'CancelHandshake'
  | 'DescribeHandshake'
  | 'ListHandshakesForAccount'
  | 'ListHandshakesForOrganization'
  | 'EnableAllFeatures';

export function handshakeHandlers({ store }: OrgDeps): OpHandlers<Ops> {
  /** The handshake, when the caller is its recipient or its organization's management account. */
  async function visible(ops: StoreOps, ctx: HandlerContext, id: string): Promise<HandshakeRecord> {
    const h = await requireHandshake(ops, id);
    const me = accountOf(ctx);
    if (h.recipient === me) return h;
    const o = await organizationOf(ops, me);
    if (o && o.org.id === h.orgId && o.org.managementAccountId === me) return h;
    throw accessDenied();
  }

  return {
    async InviteAccountToOrganization(input, ctx) {
      return store.transaction(async (tx) => {
        const org = await managedOrg(tx, ctx);
        const target = await invitedAccount(tx, input.Target.Type, input.Target.Id);
        if (input.Target.Type === 'ACCOUNT' && !target) throw accountNotFound();
        if (target && (await memberOf(tx, org, target))) throw duplicateAccount();
        const open = (await orgHandshakes(tx, org)).filter((h) => h.action === 'INVITE' && stateAt(h, ctx.caller.now) === 'OPEN');
        if (open.some((h) => h.parties.some((p) => p.Id.toLowerCase() === input.Target.Id.toLowerCase()))) throw duplicateHandshake();
        if ((await listIn(tx, members, org.id)).length + open.length >= MAX_ACCOUNTS) {
          throw handshakeConstraint('ACCOUNT_NUMBER_LIMIT_EXCEEDED', 'You have reached the limit on the number of accounts in your organization.');
        }
        const id = newHandshakeId();
        const h: HandshakeRecord = {
          id,
          arn: arnOf(org, 'INVITE', id),
          orgId: org.id,
          action: 'INVITE',
          parties: [{ Id: org.id.slice(2), Type: 'ORGANIZATION' }, { Id: input.Target.Id, Type: input.Target.Type }],
          resources: [
            { Type: 'ORGANIZATION', Value: org.id.slice(2), Resources: [{ Type: 'MASTER_EMAIL', Value: org.managementEmail }, { Type: 'MASTER_NAME', Value: org.managementAccountId }, { Type: 'ORGANIZATION_FEATURE_SET', Value: org.featureSet }] },
            { Type: input.Target.Type === 'EMAIL' ? 'EMAIL' : 'ACCOUNT', Value: input.Target.Id },
            ...(input.Notes !== undefined ? [{ Type: 'NOTES' as const, Value: input.Notes }] : []),
          ],
          state: 'OPEN',
          requestedAt: ctx.caller.now,
          expiresAt: ctx.caller.now + HANDSHAKE_DAYS * DAY,
          ...(target ? { recipient: target } : {}),
          ...(input.Target.Type === 'EMAIL' ? { recipientEmail: input.Target.Id.toLowerCase() } : {}),
        };
        await save(tx, org, h);
        return { Handshake: handshakeView(h, ctx.caller.now) };
      });
    },

    async AcceptHandshake(input, ctx) {
      return store.transaction(async (tx) => {
        const h = await requireHandshake(tx, input.HandshakeId);
        const me = accountOf(ctx);
        if (h.recipient !== me) throw accessDenied();
        const org = await orgs.get(tx, GLOBAL, h.orgId);
        if (!org) throw invalidTransition();
        const next = transition(h, 'ACCEPTED', ctx.caller.now);
        if (h.action === 'INVITE') {
          if (await organizationOf(tx, me)) throw handshakeConstraint('ALREADY_IN_AN_ORGANIZATION', 'The account is already a member of an organization.');
          const email = (await accountEmails.get(tx, GLOBAL, me))?.email ?? defaultEmail(me);
          await joinOrganization(tx, org, { accountId: me, name: me, email, status: 'ACTIVE', joinedMethod: 'INVITED', joinedAt: new Date(ctx.caller.now).toISOString(), parentId: org.rootId });
        } else if (h.action === 'ENABLE_ALL_FEATURES') {
          const children = (await orgHandshakes(tx, org)).filter((c) => c.parentId === h.id);
          if (children.some((c) => stateAt(c, ctx.caller.now) !== 'ACCEPTED')) throw invalidTransition();
          await orgs.put(tx, GLOBAL, org.id, { ...org, featureSet: 'ALL' });
        }
        await putHandshake(tx, next);
        return { Handshake: handshakeView(next, ctx.caller.now) };
      });
    },

    async DeclineHandshake(input, ctx) {
      return store.transaction(async (tx) => {
        const h = await requireHandshake(tx, input.HandshakeId);
        if (h.recipient !== accountOf(ctx)) throw accessDenied();
        const next = transition(h, 'DECLINED', ctx.caller.now);
        await putHandshake(tx, next);
        return { Handshake: handshakeView(next, ctx.caller.now) };
      });
    },

    async CancelHandshake(input, ctx) {
      return store.transaction(async (tx) => {
        const org = await managedOrg(tx, ctx);
        const h = await requireHandshake(tx, input.HandshakeId);
        if (h.orgId !== org.id) throw accessDenied();
        const next = transition(h, 'CANCELED', ctx.caller.now);
        await putHandshake(tx, next);
        return { Handshake: handshakeView(next, ctx.caller.now) };
      });
    },

    async DescribeHandshake(input, ctx) {
      return { Handshake: handshakeView(await visible(store, ctx, input.HandshakeId), ctx.caller.now) };
    },

    async ListHandshakesForAccount(input, ctx) {
      const all = filtered(await handshakesFor(store, accountOf(ctx)), input.Filter);
      const p = page(all, (h) => `${String(h.requestedAt).padStart(15, '0')}|${h.id}`, input);
      return { Handshakes: p.items.map((h) => handshakeView(h, ctx.caller.now)), ...(p.NextToken ? { NextToken: p.NextToken } : {}) };
    },

    async ListHandshakesForOrganization(input, ctx) {
      const org = await delegatedOrg(store, ctx, 'ListHandshakesForOrganization', managedOrg);
      const all = filtered(await orgHandshakes(store, org), input.Filter);
      const p = page(all, (h) => `${String(h.requestedAt).padStart(15, '0')}|${h.id}`, input);
      return { Handshakes: p.items.map((h) => handshakeView(h, ctx.caller.now)), ...(p.NextToken ? { NextToken: p.NextToken } : {}) };
    },

    async EnableAllFeatures(_input, ctx) {
      return store.transaction(async (tx) => {
        const org = await managedOrg(tx, ctx);
        if (org.featureSet === 'ALL') throw handshakeConstraint('ORGANIZATION_ALREADY_HAS_ALL_FEATURES', 'The organization already has all features enabled.');
        const pending = (await orgHandshakes(tx, org)).some((h) => h.action === 'ENABLE_ALL_FEATURES' && stateAt(h, ctx.caller.now) === 'OPEN');
        if (pending) throw handshakeConstraint('ORGANIZATION_IS_ALREADY_PENDING_ALL_FEATURES_MIGRATION', 'The organization is already pending the all-features migration.');
        const now = ctx.caller.now;
        const id = newHandshakeId();
        const parent: HandshakeRecord = {
          id, arn: arnOf(org, 'ENABLE_ALL_FEATURES', id), orgId: org.id, action: 'ENABLE_ALL_FEATURES',
          parties: [{ Id: org.id.slice(2), Type: 'ORGANIZATION' }], resources: [{ Type: 'ORGANIZATION', Value: org.id.slice(2) }],
          state: 'OPEN', requestedAt: now, expiresAt: now + 90 * DAY, recipient: org.managementAccountId,
        };
        await save(tx, org, parent);
        for (const m of await listIn(tx, members, org.id)) {
          if (m.accountId === org.managementAccountId) continue;
          const cid = newHandshakeId();
          await save(tx, org, {
            id: cid, arn: arnOf(org, 'APPROVE_ALL_FEATURES', cid), orgId: org.id, action: 'APPROVE_ALL_FEATURES',
            parties: [{ Id: org.id.slice(2), Type: 'ORGANIZATION' }, { Id: m.accountId, Type: 'ACCOUNT' }],
            resources: [{ Type: 'ORGANIZATION', Value: org.id.slice(2) }, { Type: 'PARENT_HANDSHAKE', Value: id }],
            state: 'OPEN', requestedAt: now, expiresAt: now + 90 * DAY, recipient: m.accountId, parentId: id,
          });
        }
        return { Handshake: handshakeView(parent, now) };
      });
    },
  };
}
