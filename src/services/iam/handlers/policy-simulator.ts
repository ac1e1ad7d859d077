/**
 * SimulatePrincipalPolicy and SimulateCustomPolicy: the policy simulator, on the same engine that
 * enforces every request (`simulator/simulate.ts`). Principal simulations use the entity's
 * policies (a user's include its groups') and permissions boundary, plus PolicyInputList /
 * PermissionsBoundaryPolicyInputList; ContextEntries become the request context, completed by
 * the keys the simulated user or role itself provides (aws:username, aws:userid, aws:PrincipalArn,
 * aws:PrincipalAccount, aws:PrincipalTag/*) unless the request gives them.
 */
import { validatePolicy, type ContextValue, type PolicyKind, type RequestPrincipal } from '../../../policy/index.js';
import type { ContextEntry, SimulateCustomPolicyRequest, SimulatePolicyResponse } from '../api.generated.js';
import { invalidInput } from '../errors.js';
import { userNameFromArn, iamArn } from '../iam-arns.js';
import { decodeMarker, DEFAULT_MAX_ITEMS, encodeMarker } from '../pagination.js';
import { Pacer } from '../simulator/pacer.js';
import { policySource } from '../simulator/policy-source.js';
import { simulatePage, type SimPolicy, type SimRequest } from '../simulator/simulate.js';
import { scopeOf, type IamDeps, type OpHandlers } from '../deps.js';

const LIST_TYPES = new Set(['stringList', 'numericList', 'booleanList', 'ipList', 'binaryList', 'dateList']);

/** ContextEntries as engine context values (list types multivalued). */
export function contextOf(entries: readonly ContextEntry[] | undefined): Record<string, ContextValue> {
  const out: Record<string, ContextValue> = {};
  for (const e of entries ?? []) {
    if (!e.ContextKeyName) continue;
    const values = e.ContextKeyValues ?? [];
    out[e.ContextKeyName] = LIST_TYPES.has(e.ContextKeyType ?? '') || values.length !== 1 ? values : values[0]!;
  }
  return out;
}

/**
 * The most policy text (characters) a simulation request may pass in PolicyInputList,
 * PermissionsBoundaryPolicyInputList and ResourcePolicy together. AWS documents no such limit (only
 * each document's size); each evaluation runs through all of them, so it bounds how long one
 * evaluation holds the event loop (about 7 ms for 1 MiB).
 */
export const MAX_SIMULATION_POLICY_CHARS = 1024 * 1024;

function checkPolicyVolume(input: { readonly PolicyInputList?: readonly string[]; readonly PermissionsBoundaryPolicyInputList?: readonly string[]; readonly ResourcePolicy?: string }): void {
  let total = input.ResourcePolicy?.length ?? 0;
  for (const p of [...(input.PolicyInputList ?? []), ...(input.PermissionsBoundaryPolicyInputList ?? [])]) total += p.length;
  if (total > MAX_SIMULATION_POLICY_CHARS) {
    throw invalidInput(`The policies passed in PolicyInputList, PermissionsBoundaryPolicyInputList and ResourcePolicy total ${total} characters; at most ${MAX_SIMULATION_POLICY_CHARS} are accepted.`);
  }
}

/** The request's own policies, validated (InvalidInput when one is not a valid policy of its kind), a few milliseconds at a time. */
async function inputPolicies(list: readonly string[] | undefined, label: string, kind: PolicyKind, use: SimPolicy['use'], pacer: Pacer): Promise<SimPolicy[]> {
  const out: SimPolicy[] = [];
  for (const [i, text] of (list ?? []).entries()) {
    const v = validatePolicy(text, kind);
    if (!v.ok) throw invalidInput(`${label}.${i + 1}: ${v.errors[0]!.message}`);
    out.push({ sourceId: `${label}.${i + 1}`, text, use });
    await pacer.pace();
  }
  return out;
}

function callerPrincipal(callerArn: string): RequestPrincipal {
  if (!userNameFromArn(callerArn)) throw invalidInput(`Invalid CallerArn: ${callerArn}. The caller must be an IAM user.`);
  return { type: 'user', arn: callerArn, accountId: /^arn:aws:iam::(\d{12}):/.exec(callerArn)![1]! };
}

/**
 * The account a ResourceOwner ARN (`arn:aws:iam::ACCT:root`) or account id names. Without one, the
 * simulated resources (and the resource policy) belong to the account of the simulated caller
 * (CallerArn's), as the SimulateCustomPolicy / SimulatePrincipalPolicy references say.
 */
function ownerAccount(owner: string | undefined, fallback: string): string {
  if (owner === undefined) return fallback;
  const m = /^(?:arn:aws:iam::)?(\d{12})(?::root)?$/.exec(owner);
  if (!m) throw invalidInput(`Invalid ResourceOwner: ${owner}.`);
  return m[1]!;
}

/** The sort key a Marker encodes for the last action of a page (its index, zero-padded), as List* markers encode the last item's key. */
const markerKey = (index: number) => String(index).padStart(6, '0');

/** The first action a Marker leaves to do: the first whose key sorts after the marker's. */
function startOf(marker: string | undefined, actions: number): number {
  if (marker === undefined) return 0;
  const after = decodeMarker(marker);
  let lo = 0;
  let hi = actions;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (markerKey(mid) <= after) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The parts both operations share, after the policies are known: only the page asked for is simulated. */
async function run(
  input: Pick<SimulateCustomPolicyRequest, 'ActionNames' | 'ResourceArns' | 'ResourcePolicy' | 'ResourceOwner' | 'ContextEntries' | 'MaxItems' | 'Marker'>,
  policies: SimPolicy[],
  principal: RequestPrincipal,
  accountId: string,
  implied: Record<string, string>,
  pacer: Pacer,
  scps?: SimRequest['scps'],
): Promise<SimulatePolicyResponse> {
  if (input.ResourcePolicy !== undefined) {
    const [rp] = await inputPolicies([input.ResourcePolicy], 'ResourcePolicy', 'resource', 'resource', pacer);
    policies.push({ ...rp!, sourceId: 'ResourcePolicy', sourceType: 'resource' });
  }
  const context = { ...implied, ...contextOf(input.ContextEntries) };
  const start = startOf(input.Marker, input.ActionNames.length);
  const maxItems = Math.max(1, Math.min(1000, Math.floor(input.MaxItems ?? DEFAULT_MAX_ITEMS)));
  const req = { principal, actions: input.ActionNames, resources: input.ResourceArns ?? [], resourceAccountId: ownerAccount(input.ResourceOwner, principal.accountId), context, ...(scps ? { scps } : {}) };
  const page = await simulatePage(policies, req, { start, maxItems }, pacer);
  const last = start + page.results.length - 1;
  return page.truncated ? { EvaluationResults: page.results, IsTruncated: true, Marker: encodeMarker(markerKey(last)) } : { EvaluationResults: page.results, IsTruncated: false };
}

/** Policy simulator operations. */
/** The SCP chain of a member account, for SimulatePrincipalPolicy ("the simulation includes ... SCPs"). */
async function scpsOf(organization: IamDeps['organization'], accountId: string): Promise<SimRequest['scps']> {
  const chain = await organization?.serviceControlPolicies(accountId);
  if (!chain || chain.levels.length === 0) return undefined;
  return { managementAccount: chain.managementAccount, levels: chain.levels.map((l) => l.map((p) => ({ id: p.id, text: p.document }))) };
}

export function policySimulatorHandlers({ store, organization }: IamDeps): OpHandlers<'SimulatePrincipalPolicy' | 'SimulateCustomPolicy'> {
  return {
    async SimulatePrincipalPolicy(input, ctx) {
      const accountId = ctx.caller.principal.accountId;
      checkPolicyVolume(input);
      const src = await policySource(store, scopeOf(ctx), accountId, input.PolicySourceArn);
      if (input.ResourcePolicy !== undefined && src.kind !== 'user' && input.CallerArn === undefined) {
        throw invalidInput('CallerArn is required when ResourcePolicy is given and PolicySourceArn is not an IAM user.');
      }
      const pacer = new Pacer();
      const boundaries = await inputPolicies(input.PermissionsBoundaryPolicyInputList, 'PermissionsBoundaryPolicyInputList', 'boundary', 'boundary', pacer);
      const policies = [...src.identity, ...(await inputPolicies(input.PolicyInputList, 'PolicyInputList', 'managed', 'identity', pacer))];
      const boundary = boundaries[0] ?? src.boundary;
      if (boundary) policies.push(boundary);
      const principal = input.CallerArn ? callerPrincipal(input.CallerArn) : src.principal;
      return run(input, policies, principal, accountId, input.CallerArn ? {} : src.context, pacer, await scpsOf(organization, principal.accountId));
    },

    async SimulateCustomPolicy(input, ctx) {
      const accountId = ctx.caller.principal.accountId;
      checkPolicyVolume(input);
      const pacer = new Pacer();
      const policies = await inputPolicies(input.PolicyInputList, 'PolicyInputList', 'managed', 'identity', pacer);
      const boundaries = await inputPolicies(input.PermissionsBoundaryPolicyInputList, 'PermissionsBoundaryPolicyInputList', 'boundary', 'boundary', pacer);
      if (boundaries[0]) policies.push(boundaries[0]);
      if (input.ResourcePolicy !== undefined && input.CallerArn === undefined) throw invalidInput('CallerArn is required when ResourcePolicy is given.');
      const principal = input.CallerArn ? callerPrincipal(input.CallerArn) : { type: 'user' as const, arn: iamArn(accountId, 'user', '/', 'SimulatedUser'), accountId };
      return run(input, policies, principal, accountId, {}, pacer);
    },
  };
}
