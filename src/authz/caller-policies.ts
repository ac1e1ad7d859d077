/**
 * Who the caller is for authorization, and which policies apply to it: IAM users their own policies
 * and boundary; role sessions the role's policies and boundary plus the session policies (the
 * caller's own permissions are abandoned); federated users the federating user's policies capped by
 * the session policies; GetSessionToken sessions the user's (or root's) own permissions.
 */
import type { CompiledPolicy, ContextValue, PolicySet, RequestPrincipal } from '../policy/index.js';
import { compilePolicyJson } from '../policy/index.js';
import { callerConditionKeys, type CallerFacts } from './request/global-keys.js';
import type { PolicyInformationPoint, PrincipalEntry } from './pip/policy-information-point.js';
import type { Caller } from '../shared/caller.js';
import type { SessionContext } from './session-store.js';
import { canonicalArn } from '../shared/arn.js';
import { rootArn } from '../shared/principal.js';

/** The caller as authorization needs it (the chain's `Caller` is one). */
export type AuthzCaller = Pick<Caller, 'principal' | 'accessKeyId' | 'session'>;

/** Everything authorization derives from the caller once (cached per credential). */
export interface CallerPolicies {
  readonly facts: CallerFacts;
  /** The condition keys that depend on the caller only (principal, tags, session). */
  readonly keys: Readonly<Record<string, ContextValue>>;
  /** The principal as the policy engine sees it. */
  readonly principal: RequestPrincipal;
  readonly policies: PolicySet;
}

/** Root federating itself: the session policy alone decides (root has every permission). */
const ROOT_IDENTITY = compilePolicyJson('{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}', 'root', 'identity')!;

/** The last segment of an IAM ARN's resource (`user/a/b/bob` -> `bob`). */
export function nameOfArn(arn: string): string {
  return arn.slice(arn.lastIndexOf('/') + 1);
}

/** The path of an IAM ARN's resource (`arn:aws:iam::1:user/a/b/bob` -> `/a/b/`). */
export function pathOfArn(arn: string): string {
  const res = arn.slice(arn.indexOf('/', arn.lastIndexOf(':')));
  return res.slice(0, res.lastIndexOf('/') + 1) || '/';
}

async function sessionPolicies(pip: PolicyInformationPoint, s: SessionContext | undefined): Promise<CompiledPolicy[] | undefined> {
  if (!s || (s.policy === undefined && !s.policyArns?.length)) return undefined;
  const out: CompiledPolicy[] = [];
  if (s.policy !== undefined) {
    const inline = pip.compile({ id: 'session-policy', name: 'session policy', document: s.policy }, 'session', 'session');
    // An inline policy that no longer parses grants nothing (an empty policy caps everything).
    out.push(inline ?? pip.compile({ id: 'session-policy', name: 'session policy', document: '{"Statement":[]}' }, 'session', 'session')!);
  }
  for (const arn of s.policyArns ?? []) {
    const p = await pip.managedSessionPolicy(arn);
    // A deleted managed session policy grants nothing, but the session stays capped by the others.
    out.push(p ?? pip.compile({ id: arn, name: nameOfArn(arn), document: '{"Statement":[]}' }, 'session', 'session')!);
  }
  return out;
}

/**
 * The entry only if it is the entity the credentials were issued to: a user or role deleted and
 * recreated under the same name has a new unique id and none of the old one's permissions (AWS
 * evaluates permissions per unique id at each request). Entries without an id (sources that do not
 * report one) are taken as they are.
 */
function sameEntity(e: PrincipalEntry | undefined, uniqueId: string | undefined): PrincipalEntry | undefined {
  return e && uniqueId !== undefined && e.id !== undefined && e.id !== uniqueId ? undefined : e;
}

function entryPolicies(e: PrincipalEntry | undefined): Pick<PolicySet, 'identityPolicies' | 'permissionsBoundary'> {
  if (!e) return { identityPolicies: [] };
  return e.permissionsBoundary ? { identityPolicies: e.identityPolicies, permissionsBoundary: e.permissionsBoundary } : { identityPolicies: e.identityPolicies };
}

/**
 * Derives the caller's facts, caller keys and policy set: its identity's policies, and the SCPs of
 * its account's organization (which limit every principal of a member account, its root user too).
 */
export async function callerPolicies(pip: PolicyInformationPoint, caller: AuthzCaller): Promise<CallerPolicies> {
  const cp = await derive(pip, caller);
  const scp = await pip.serviceControlPolicies(caller.principal.accountId);
  const policies = scp ? { ...cp.policies, scps: scp.levels, isManagementAccount: scp.managementAccount } : cp.policies;
  return { ...cp, policies, keys: callerConditionKeys(cp.facts) };
}

async function derive(pip: PolicyInformationPoint, caller: AuthzCaller): Promise<Omit<CallerPolicies, 'keys'>> {
  const p = caller.principal;
  const s = caller.session;
  const base = { accountId: p.accountId, arn: p.arn, userId: p.userId, type: p.type, ...(s ? { session: s } : {}) } as const;
  switch (p.type) {
    case 'anonymous':
      // No credentials: only a resource-based policy can grant (the engine's case 4).
      return { facts: { ...base, principalArn: p.arn, tags: {} }, principal: { arn: p.arn, accountId: '', type: 'anonymous' }, policies: { identityPolicies: [] } };
    case 'service':
      // A service acting on its own (its service principal): only a resource-based policy can grant.
      return { facts: { ...base, principalArn: p.arn, tags: {} }, principal: { arn: p.arn, accountId: '', type: 'service' }, policies: { identityPolicies: [] } };
    case 'root':
      return { facts: { ...base, principalArn: p.arn, tags: {} }, principal: { arn: p.arn, accountId: p.accountId, type: 'root' }, policies: { identityPolicies: [] } };
    case 'user': {
      const name = s?.userName ?? nameOfArn(p.arn);
      const e = sameEntity(await pip.entity('user', p.accountId, name), p.userId);
      return {
        facts: { ...base, principalArn: p.arn, userName: name, tags: e?.tags ?? {} },
        principal: { arn: p.arn, accountId: p.accountId, type: 'user', uniqueId: p.userId },
        policies: entryPolicies(e),
      };
    }
    case 'assumed-role': {
      const roleName = s?.roleName ?? p.arn.split('/')[1] ?? '';
      const e = sameEntity(await pip.entity('role', p.accountId, roleName), p.userId.split(':')[0]);
      const roleArn = s?.roleArn ?? canonicalArn('iam', '', p.accountId, `role${e?.path ?? '/'}${roleName}`);
      const sp = await sessionPolicies(pip, s);
      return {
        facts: { ...base, principalArn: roleArn, tags: { ...(e?.tags ?? {}), ...(s?.tags ?? {}) } },
        principal: { arn: p.arn, accountId: p.accountId, type: 'assumed-role', roleArn, uniqueId: p.userId.split(':')[0]! },
        policies: { ...entryPolicies(e), ...(sp ? { sessionPolicies: sp } : {}) },
      };
    }
    case 'federated-user': {
      const source = s?.sourceUserArn ?? rootArn(p.accountId);
      const fromRoot = source.endsWith(':root');
      const e = fromRoot ? undefined : sameEntity(await pip.entity('user', p.accountId, nameOfArn(source)), s?.sourceUserId);
      const sp = await sessionPolicies(pip, s);
      return {
        facts: { ...base, principalArn: p.arn, tags: s?.tags ?? {} },
        principal: { arn: p.arn, accountId: p.accountId, type: 'federated-user', sourceUserArn: source },
        policies: { ...(fromRoot ? { identityPolicies: [ROOT_IDENTITY] } : entryPolicies(e)), ...(sp ? { sessionPolicies: sp } : {}) },
      };
    }
  }
}
