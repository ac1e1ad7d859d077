/**
 * The generic resource resolution, for services that do not resolve their own resources: the ARNs
 * an operation is authorized against, built from its input with the ARN templates of the action's
 * resource types. Template variable `${X}` takes input member `X` (case-insensitive; `Xs` gives one
 * ARN per element; `${XWithPath}` takes `X`), per-service aliases come from the service's rules, and
 * an ARN of the resource type given in a member that names an ARN or id (`...Arn`, `...Arns`,
 * `...Id`, `...Ids`) is used as is. No other member is read: a description or tag value that looks
 * like an ARN never redirects authorization. Services whose entities have a canonical form (IAM's
 * names and paths) resolve their resources themselves (`OperationAuthz.resolve`).
 */
import type { ActionInfo } from '../catalog/action-catalog.js';
import { serviceCatalog } from '../catalog/action-catalog.js';
import type { OperationAuthz, ServiceAuthorization, TargetResource } from '../service-rules.js';
import { fillTemplate, matchesTemplate, templateVariables } from './arn-template.js';

/** What resolution may need beyond the input. */
export interface ResourceEnv {
  readonly partition: string;
  /** The account the request acts in (the caller's). */
  readonly accountId: string;
  readonly region: string;
}

/** One resource of the request. */
export type ResolvedResource = TargetResource;

const MAX_RESOURCES = 100;

type Input = Readonly<Record<string, unknown>>;

function memberIndex(input: Input): Map<string, unknown> {
  const m = new Map<string, unknown>();
  for (const [k, v] of Object.entries(input)) m.set(k.toLowerCase(), v);
  return m;
}

function scalar(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : undefined;
}

function strings(v: unknown): string[] {
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string' && x !== '');
  const s = scalar(v);
  return s === undefined ? [] : [s];
}

/** Resolves one template variable to its values (several: one ARN each). */
function variableValues(name: string, members: Map<string, unknown>, rules: ServiceAuthorization | undefined, env: ResourceEnv): string[] | undefined {
  if (name === 'Partition') return [env.partition];
  if (name === 'Account') return [env.accountId];
  if (name === 'Region') return [env.region];
  for (const alias of rules?.variables?.[name] ?? []) {
    const vs = strings(members.get(alias.toLowerCase()));
    if (vs.length) return vs.map((v) => (v.startsWith('arn:') ? v.slice(v.lastIndexOf('/') + 1) : v));
  }
  const base = name.endsWith('WithPath') ? name.slice(0, -'WithPath'.length) : name;
  const direct = strings(members.get(base.toLowerCase()));
  if (direct.length) return direct;
  const plural = strings(members.get(`${base.toLowerCase()}s`));
  return plural.length ? plural : undefined;
}

/** Members that name a resource by ARN or id (`RoleArn`, `ResourceArns`, `KeyId`, `InstanceIds`). */
const ARN_MEMBER = /(?:arns?|ids?)$/i;

/** ARNs given in ARN-naming members of the input that are instances of `template`. */
function arnsInInput(template: string, input: Input): string[] {
  const out: string[] = [];
  for (const [k, v] of Object.entries(input)) {
    if (!ARN_MEMBER.test(k)) continue;
    for (const s of strings(v)) if (s.startsWith('arn:') && matchesTemplate(template, s)) out.push(s);
  }
  return out;
}

/** The ARNs of one resource type, scored by how many template variables came from the input. */
function buildType(type: string, template: string, members: Map<string, unknown>, input: Input, rules: ServiceAuthorization | undefined, env: ResourceEnv): { score: number; resources: ResolvedResource[] } | undefined {
  const given = arnsInInput(template, input);
  if (given.length) return { score: 100, resources: given.map((arn) => ({ arn, type })) };
  const values = new Map<string, string[]>();
  for (const v of templateVariables(template)) {
    const vs = variableValues(v, members, rules, env);
    if (!vs) return undefined;
    values.set(v, vs);
  }
  const multi = [...values.entries()].find(([, vs]) => vs.length > 1);
  const resources: ResolvedResource[] = [];
  for (const one of multi ? multi[1].slice(0, MAX_RESOURCES) : [undefined]) {
    const arn = fillTemplate(template, (n) => (multi && n === multi[0] ? one : values.get(n)?.[0]));
    if (arn !== undefined) resources.push({ arn, type });
  }
  return { score: values.size, resources };
}

/**
 * The resources `action` is authorized against for this input: every resource type of the action
 * whose ARN can be built (required ones first tried from ARNs in the input); `*` when none can,
 * as for actions without resource-level permissions.
 */
export function resolveResources(prefix: string, rules: ServiceAuthorization | undefined, rule: OperationAuthz, action: ActionInfo, input: Input, env: ResourceEnv): ResolvedResource[] {
  const catalog = serviceCatalog(prefix);
  const members = memberIndex(input);
  const fixed = rule.resource;
  if (fixed !== undefined) {
    const fixedValue = (n: string) =>
      n === 'Partition' ? env.partition : n === 'Account' ? env.accountId : n === 'Region' ? env.region : (scalar(members.get(n.toLowerCase())) ?? (n === 'PathPrefix' ? '/' : undefined));
    return [{ arn: fillTemplate(fixed, fixedValue) ?? '*' }];
  }
  const out: ResolvedResource[] = [];
  // Optional resource types are alternatives (rule on the default bus / on a custom bus): the one
  // built from the most input wins.
  let optional: { score: number; resources: ResolvedResource[] } | undefined;
  for (const [type, required] of action.resources) {
    const template = catalog?.resourceTypes[type];
    if (!template) continue;
    const built = buildType(type, template, members, input, rules, env);
    if (!built) continue;
    if (required) out.push(...built.resources);
    else if (!optional || built.score > optional.score) optional = built;
  }
  if (!out.length && optional) out.push(...optional.resources);
  return out.length ? out : [{ arn: '*' }];
}
