/**
 * Authorization of every request: the operation's IAM action(s), resources and condition keys
 * (the service's rules, the reference catalog and the input), the caller's policies (PIP), one
 * evaluation per (action, resource) by the policy engine, and AWS's denial for the protocol.
 * Handlers that authorize more (STS AssumeRole's trust policy) use `decide` / `enforce` with
 * explicit checks. Nothing here knows a particular service: each declares its rules
 * (`service-rules.ts`).
 */
import type { CompiledPolicy, ContextValue, Decision, AuthzRequest, PolicySet } from '../policy/index.js';
import { evaluate } from '../policy/index.js';
import type { AwsError } from '../shared/aws-error.js';
import type { SecretSealer } from '../storage/types.js';
import { authorizationMessage, encodeAuthorizationMessage } from './authorization-message.js';
import { actionInfo, type ActionInfo } from './catalog/action-catalog.js';
import { REFERENCE_GAPS } from './catalog/operation-overrides.js';
import { callerPolicies, type AuthzCaller, type CallerPolicies } from './caller-policies.js';
import { accessDenied } from './denial.js';
import type { Invalidation, PolicyInformationPoint } from './pip/policy-information-point.js';
import { AccountCache } from './account-cache.js';
import { addRequestConditionKeys, type RequestFacts } from './request/global-keys.js';
import { requestConditionKeys } from './request/request-keys.js';
import { resolveResources } from './request/resource-resolver.js';
import { ServiceRules, type OperationAuthz, type ResolveEnv, type TargetResource } from './service-rules.js';
import { CANONICAL_PARTITION, movePartition } from '../shared/arn.js';
import { partitionOfRegion } from '../shared/regions.js';

/** The service a request went to: its IAM prefix and protocol family (for the denial's shape). */
export interface ServiceRef {
  readonly prefix: string;
  readonly protocol: string;
}

/** One explicit authorization check. */
export interface AuthzCheck {
  /** `service:Action`. */
  readonly action: string;
  readonly resource: string;
  /** Condition keys beyond the global ones. */
  readonly context?: Readonly<Record<string, ContextValue>>;
  /** A resource-based policy that applies (e.g. a role's trust policy, compiled with kind `trust`). */
  readonly resourcePolicy?: CompiledPolicy;
  /** The account owning the resource (cross-account requests); default: the caller's. */
  readonly resourceAccountId?: string;
}

/** A decided check. */
export interface CheckResult {
  readonly request: AuthzRequest;
  readonly decision: Decision;
}

const actions = new Map<string, { info: ActionInfo; action: string }>();

/** The catalog entry and `prefix:Action` string of an action name (memoised). */
function actionOf(prefix: string, name: string): { info: ActionInfo; action: string } {
  const key = `${prefix}:${name}`;
  let a = actions.get(key);
  if (!a) {
    const info: ActionInfo = actionInfo(prefix, name) ?? { name, access: '', resources: [], conditionKeys: [] };
    a = { info, action: `${prefix}:${info.name}` };
    actions.set(key, a);
  }
  return a;
}

const keySets = new WeakMap<ActionInfo, ReadonlySet<string>>();

/** The action's condition keys, lower-cased (memoised per catalog entry). */
function conditionKeySet(info: ActionInfo): ReadonlySet<string> {
  let set = keySets.get(info);
  if (!set) {
    set = new Set(info.conditionKeys.map((k) => k.toLowerCase()));
    keySets.set(info, set);
  }
  return set;
}


/** JSON.stringify replacer: a streamed payload (S3 PutObject's body) is not part of a plan's key. */
function withoutStreams(_key: string, v: unknown): unknown {
  return v !== null && typeof v === 'object' && typeof (v as { pipe?: unknown }).pipe === 'function' ? '<stream>' : v;
}

const MAX_CALLERS = 10_000;
const MAX_PLANS = 10_000;
/** Inputs longer than this (as JSON) are planned afresh each time rather than cached. */
const MAX_PLANNED_INPUT = 2048;

export class Authorizer {
  /** The caller's facts and policies by access key, dropped with the caller's account's data. */
  private readonly callers = new AccountCache<CallerPolicies>(MAX_CALLERS);
  /** Checks built for a (caller, operation, region, input), dropped with the data of the accounts they read. */
  private readonly plans = new AccountCache<readonly AuthzCheck[]>(MAX_PLANS);
  /**
   * Allowed plans within the current second, by plan key + source IP + TLS: evaluation is pure, and
   * every condition key that can vary between two such requests (time keys, MFA age) has
   * one-second granularity, so the same inputs get the same decision. Cleared every second and on
   * any invalidation.
   */
  private readonly allowed = new Map<string, readonly string[]>();
  private allowedSecond = -1;
  /**
   * What the decisions of each request found, by the request's facts object (the gateway's Caller,
   * which handlers pass on): the other accounts whose resource policies allowed it, and whether
   * anything was denied. Kept as long as the request's Caller lives.
   */
  private readonly reached = new WeakMap<RequestFacts, { owners?: Set<string>; denied?: boolean }>();

  constructor(
    readonly pip: PolicyInformationPoint,
    private readonly sealer: SecretSealer,
    /** The services' authorization rules (operations not declared follow the default rule). */
    readonly rules: ServiceRules = new ServiceRules(REFERENCE_GAPS),
  ) {
    pip.onInvalidate((what) => this.invalidate(what));
  }

  /**
   * Drops what depends on the invalidated data: a caller's policies depend on its account's
   * identities and on the organization's SCPs, a plan on the data of the accounts it resolved
   * resources in, an allowed decision on everything.
   */
  private invalidate(what: Invalidation | undefined): void {
    this.allowed.clear();
    const account = what?.accountId;
    if (!what || what.source !== 'resources') {
      if (account !== undefined && what?.source === 'identity') this.callers.dropAccount(account);
      else this.callers.clear();
    }
    if (!what || what.source !== 'organization') {
      if (account !== undefined) this.plans.dropAccount(account);
      else this.plans.clear();
    }
  }

  /** The caller's facts and policies, cached per credential until a relevant write. */
  async callerPolicies(caller: AuthzCaller): Promise<CallerPolicies> {
    const key = caller.accessKeyId ?? caller.principal.arn;
    const hit = this.callers.get(key);
    if (hit) return hit;
    const generation = this.pip.currentGeneration;
    const cp = await callerPolicies(this.pip, caller);
    if (generation === this.pip.currentGeneration) this.callers.set(key, cp, [caller.principal.accountId]);
    return cp;
  }

  /** Decides one check for `caller`: its policies, the resource's policy, and the resource account's RCPs. */
  async decide(caller: AuthzCaller, facts: RequestFacts, check: AuthzCheck): Promise<CheckResult> {
    const cp = await this.callerPolicies(caller);
    const rcp = this.rules.service(check.action.slice(0, check.action.indexOf(':')))?.resourceControlPolicies ? await this.pip.resourceControlPolicies(check.resourceAccountId ?? caller.principal.accountId) : undefined;
    // aws:ResourceOrgID / aws:ResourceOrgPaths: the organization of the account that owns the resource.
    const orgKeys = rcp?.organizationId === undefined ? undefined : { 'aws:ResourceOrgID': rcp.organizationId, ...(rcp.orgPath !== undefined ? { 'aws:ResourceOrgPaths': [rcp.orgPath] } : {}) };
    const stored: AuthzRequest = {
      principal: cp.principal,
      action: check.action,
      resource: check.resource,
      ...(check.resourceAccountId ? { resourceAccountId: check.resourceAccountId } : {}),
      context: addRequestConditionKeys(Object.assign({}, cp.keys, orgKeys, check.context), cp.facts, facts),
    };
    // Decided in the client's partition, where the policies it wrote name their resources.
    const partition = partitionOfRegion(facts.region)?.id ?? CANONICAL_PARTITION;
    const request: AuthzRequest = partition === CANONICAL_PARTITION ? stored : { ...stored, ...movePartition({ principal: stored.principal, resource: stored.resource, context: stored.context }, CANONICAL_PARTITION, partition) };
    const policies: PolicySet =
      check.resourcePolicy || rcp
        ? {
            ...cp.policies,
            ...(check.resourcePolicy ? { resourcePolicy: check.resourcePolicy } : {}),
            ...(rcp ? { rcps: rcp.levels, resourceInManagementAccount: rcp.managementAccount } : {}),
          }
        : cp.policies;
    const decision = evaluate(request, policies);
    this.note(caller, facts, decision.decision === 'Allow' ? [check.resourceAccountId] : undefined);
    return { request, decision };
  }

  /**
   * Notes what a decision of the request of `facts` found: an allowed check of another account's
   * resource (`owners`; its resource policy granted the caller, as cross-account access requires),
   * or a denial (undefined).
   */
  private note(caller: AuthzCaller, facts: RequestFacts, owners: readonly (string | undefined)[] | undefined): void {
    const own = caller.principal.accountId;
    // The common case (an allowed check in the caller's own account) costs no lookup.
    if (owners && (own === '' || owners.every((o) => o === undefined || o === own))) return;
    let r = this.reached.get(facts);
    if (!r) this.reached.set(facts, (r = {}));
    if (!owners) {
      r.denied = true;
      return;
    }
    for (const owner of owners) if (owner !== undefined && owner !== own) (r.owners ??= new Set()).add(owner);
  }

  /**
   * The accounts other than the caller's whose resources the request of `facts` reached: a resource
   * policy of theirs allowed the caller, and no decision of the request was a denial (AWS delivers a
   * cross-account call's event to the resource owner too, but a denied one only to the caller).
   */
  resourceOwnersReached(facts: RequestFacts): readonly string[] {
    const r = this.reached.get(facts);
    return r?.owners && !r.denied ? [...r.owners] : [];
  }

  /** Decides each check in order and throws the protocol's AccessDenied for the first denial. */
  async enforce(service: ServiceRef, caller: AuthzCaller, facts: RequestFacts, checks: readonly AuthzCheck[]): Promise<void> {
    for (const check of checks) {
      const { request, decision } = await this.decide(caller, facts, check);
      if (decision.decision !== 'Allow') throw this.denial(service, caller, request, decision);
    }
  }

  /** The denial error for a decided request (EC2's carries an encoded authorization message). */
  denial(service: ServiceRef, caller: AuthzCaller, request: AuthzRequest, decision: Decision): AwsError {
    const encoded = service.protocol === 'ec2' ? encodeAuthorizationMessage(this.sealer, caller.principal.accountId, authorizationMessage(request, decision, caller.principal.userId)) : undefined;
    return accessDenied(service.protocol, request, decision, encoded);
  }

  /**
   * Authorizes `operation` of `service` with its parsed input. Throws AwsError on denial; returns
   * when allowed, when the operation needs no permission, or when its handler authorizes.
   */
  async authorizeOperation(service: ServiceRef, operation: string, input: Readonly<Record<string, unknown>>, caller: AuthzCaller, facts: RequestFacts): Promise<void> {
    const limit = this.rules.sessionLimit(service.prefix, operation, caller.session);
    if (limit) throw limit;
    const rule = this.rules.operation(service.prefix, operation);
    if (rule.none || rule.inHandler) return;
    // The root user is decided like everyone else: the engine allows it everything in its own
    // account, but SCPs (of a member account) and explicit denies in resource policies still apply.
    const member = Object.keys(rule.whenMember ?? {}).find((m) => input[m] !== undefined);
    const actions = member ? [rule.whenMember![member]!] : (rule.actions ?? [operation]);
    for (const name of actions) await this.authorizeAction(service, rule, operation, name, input, caller, facts);
  }

  private async authorizeAction(service: ServiceRef, rule: OperationAuthz, operation: string, name: string, input: Readonly<Record<string, unknown>>, caller: AuthzCaller, facts: RequestFacts): Promise<void> {
    // The checks depend on the caller, the operation, the region, the input and the data the PIP
    // and the services' resolvers read only; they are reused until the PIP is invalidated
    // (INVARIANT: cleared together with the PIP cache, which the resolvers' tables also drop).
    const json = JSON.stringify(input, withoutStreams);
    const key = json.length <= MAX_PLANNED_INPUT ? `${caller.accessKeyId ?? caller.principal.arn}|${service.prefix}|${name}|${operation}|${facts.region}|${json}` : undefined;
    const generation = this.pip.currentGeneration;
    const second = Math.floor(facts.now / 1000);
    if (second !== this.allowedSecond) {
      this.allowed.clear();
      this.allowedSecond = second;
    }
    // The decision also depends on the request facts that vary between identical inputs.
    const via = facts.calledVia?.length || facts.serviceContext ? `|${facts.calledVia?.join(',') ?? ''}|${JSON.stringify(facts.serviceContext ?? {})}` : '';
    const decisionKey = key !== undefined ? `${key}|${facts.sourceIp}|${facts.secureTransport}${via}` : undefined;
    const hit = decisionKey !== undefined ? this.allowed.get(decisionKey) : undefined;
    if (hit) {
      if (hit.length > 0) this.note(caller, facts, hit);
      return;
    }
    let checks = key !== undefined ? this.plans.get(key) : undefined;
    if (!checks) {
      checks = await this.planAction(service, rule, name, input, caller, facts);
      if (key !== undefined && generation === this.pip.currentGeneration) {
        const accounts = new Set([caller.principal.accountId, ...checks.map((c) => c.resourceAccountId).filter((a): a is string => a !== undefined)]);
        this.plans.set(key, checks, [...accounts]);
      }
    }
    await this.enforce(service, caller, facts, this.withViaService(service.prefix, facts, checks));
    if (decisionKey !== undefined && generation === this.pip.currentGeneration && second === this.allowedSecond && this.allowed.size < MAX_PLANS) {
      // With the accounts whose resources the allowed checks reached (the fast path notes them too).
      const owners = checks.map((c) => c.resourceAccountId).filter((a): a is string => a !== undefined && a !== caller.principal.accountId);
      this.allowed.set(decisionKey, owners);
    }
  }

  /** The checks with the service's "via service" key when another service calls it for the caller. */
  private withViaService(prefix: string, facts: RequestFacts, checks: readonly AuthzCheck[]): readonly AuthzCheck[] {
    const rules = this.rules.service(prefix);
    const key = rules?.viaServiceKey;
    const last = facts.calledVia?.[facts.calledVia.length - 1];
    if (!key || last === undefined) return checks;
    const value = `${last.replace(/\.amazonaws\.com$/, '')}.${facts.region}.amazonaws.com`;
    const flags = rules?.viaServiceFlags ?? [];
    return checks.map((c) => {
      const context: Record<string, ContextValue> = { ...c.context, [key]: value };
      for (const f of flags) if (context[f] !== undefined) context[f] = 'true';
      return { ...c, context };
    });
  }

  /** The checks of one action: its resources (the service's resolution or the generic one) with their keys, then any extra checks. */
  private async planAction(service: ServiceRef, rule: OperationAuthz, name: string, input: Readonly<Record<string, unknown>>, caller: AuthzCaller, facts: RequestFacts): Promise<AuthzCheck[]> {
    const iamPrefix = this.rules.service(service.prefix)?.actionPrefix ?? service.prefix;
    const { info, action } = actionOf(iamPrefix, name);
    const p = caller.principal;
    const partition = partitionOfRegion(facts.region)?.id ?? 'aws';
    const env: ResolveEnv = { partition, accountId: p.accountId, region: facts.region, caller, action, conditionKeys: conditionKeySet(info) };
    const resources = rule.resolve
      ? await rule.resolve(input, env)
      : resolveResources(iamPrefix, this.rules.service(service.prefix), rule, info, input, { partition, accountId: p.accountId, region: facts.region });
    const inputKeys = requestConditionKeys(iamPrefix, info, input);
    const checks: AuthzCheck[] = [];
    for (const r of resources.length ? resources : [{ arn: '*' } as TargetResource]) {
      const policy = r.policy && this.pip.compile(r.policy.record, 'resource', r.policy.mustGrant ? 'trust' : 'resource');
      checks.push({
        action,
        resource: r.arn,
        context: r.keys ? { ...inputKeys, ...r.keys } : inputKeys,
        ...(policy ? { resourcePolicy: policy } : {}),
        ...(r.accountId !== undefined && r.accountId !== p.accountId ? { resourceAccountId: r.accountId } : {}),
      });
    }
    for (const x of rule.extraChecks ? await rule.extraChecks(input, env) : []) checks.push(x);
    return checks;
  }

  /**
   * `iam:PassRole`: a service that is handed a role (EventBridge targets, EC2 instance profiles, ...)
   * calls this with the role's ARN and its own service principal (`iam:PassedToService`).
   */
  async authorizePassRole(service: ServiceRef, caller: AuthzCaller, facts: RequestFacts, roleArn: string, passedToService: string): Promise<void> {
    if (caller.principal.type === 'root') return;
    await this.enforce(service, caller, facts, [{ action: 'iam:PassRole', resource: roleArn, context: { 'iam:PassedToService': passedToService } }]);
  }
}
