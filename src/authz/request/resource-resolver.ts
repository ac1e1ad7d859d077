/**
 * The resource ARNs one operation is authorized against, built from its input with the ARN templates
 * of the action's resource types. Generic rule: template variable `${X}` takes input member `X`
 * (case-insensitive; `Xs` gives one ARN per element), an input value that already is an ARN of the
 * resource type is used as is, per-service aliases come from `SERVICE_RULES`, and IAM's
 * `${XNameWithPath}` is the entity's path plus its name (`user/division/bob`; `user/` for ListUsers).
 */
import type { ActionInfo } from '../catalog/action-catalog.js';
import { serviceCatalog } from '../catalog/action-catalog.js';
import { SERVICE_RULES, operationRule } from '../catalog/operation-overrides.js';
import { fillTemplate, matchesTemplate, templateVariables } from './arn-template.js';

/** What resolution may need beyond the input. */
export interface ResourceEnv {
  readonly partition: string;
  /** The account the request acts in (the caller's). */
  readonly accountId: string;
  readonly region: string;
  /** The calling IAM user (IAM's default `UserName`), when the caller is one. */
  readonly callerUser?: { readonly name: string; readonly path: string };
  /** The path of an existing IAM user or role; undefined when unknown. */
  readonly pathOf?: (kind: 'user' | 'role', name: string) => Promise<string | undefined>;
}

/** One resource of the request. */
export interface ResolvedResource {
  readonly arn: string;
  /** The resource type of the reference (`user`, `role`, `bucket`, ...); absent for `*`. */
  readonly type?: string;
}

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
async function variableValues(name: string, members: Map<string, unknown>, prefix: string, operation: string, env: ResourceEnv): Promise<string[] | undefined> {
  if (name === 'Partition') return [env.partition];
  if (name === 'Account') return [env.accountId];
  if (name === 'Region') return [env.region];
  const rules = SERVICE_RULES[prefix];
  for (const alias of rules?.variables?.[name] ?? []) {
    const vs = strings(members.get(alias.toLowerCase()));
    if (vs.length) return vs.map((v) => (v.startsWith('arn:') ? v.slice(v.lastIndexOf('/') + 1) : v));
  }
  if (name.endsWith('WithPath')) return withPath(name.slice(0, -'WithPath'.length), members, operation, env, rules?.userNameDefaultsToCaller === true);
  const direct = strings(members.get(name.toLowerCase()));
  if (direct.length) return direct;
  const plural = strings(members.get(`${name.toLowerCase()}s`));
  return plural.length ? plural : undefined;
}

/** IAM `${UserNameWithPath}` and friends: `path + name` without the leading slash. */
async function withPath(base: string, members: Map<string, unknown>, operation: string, env: ResourceEnv, callerDefault: boolean): Promise<string[] | undefined> {
  let name = scalar(members.get(base.toLowerCase()));
  let path = scalar(members.get('path'));
  if (name === undefined && callerDefault && base === 'UserName' && env.callerUser && !operation.startsWith('List')) {
    name = env.callerUser.name;
    path = env.callerUser.path;
  }
  if (name === undefined) {
    // List operations act on the path prefix: ListUsers -> `user/`, ListRoles with /app/ -> `role/app/`.
    if (!operation.startsWith('List')) return undefined;
    name = '';
    path = scalar(members.get('pathprefix')) ?? '/';
  }
  if (path === undefined && (base === 'UserName' || base === 'RoleName') && env.pathOf) path = await env.pathOf(base === 'UserName' ? 'user' : 'role', name);
  return [`${path ?? '/'}${name}`.replace(/^\//, '')];
}

/** ARNs given in the input that are instances of `template` (e.g. `RoleArn`, `PolicyArn`, `ResourceArn`). */
function arnsInInput(template: string, input: Input): string[] {
  const out: string[] = [];
  for (const v of Object.values(input)) for (const s of strings(v)) if (s.startsWith('arn:') && matchesTemplate(template, s)) out.push(s);
  return out;
}

/** The ARNs of one resource type, scored by how many template variables came from the input. */
async function buildType(type: string, template: string, members: Map<string, unknown>, input: Input, prefix: string, operation: string, env: ResourceEnv): Promise<{ score: number; resources: ResolvedResource[] } | undefined> {
  const given = arnsInInput(template, input);
  if (given.length) return { score: 100, resources: given.map((arn) => ({ arn, type })) };
  const values = new Map<string, string[]>();
  for (const v of templateVariables(template)) {
    const vs = await variableValues(v, members, prefix, operation, env);
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
export async function resolveResources(prefix: string, operation: string, action: ActionInfo, input: Input, env: ResourceEnv): Promise<ResolvedResource[]> {
  const catalog = serviceCatalog(prefix);
  const members = memberIndex(input);
  const fixed = operationRule(prefix, operation).resource;
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
    const built = await buildType(type, template, members, input, prefix, operation, env);
    if (!built) continue;
    if (required) out.push(...built.resources);
    else if (!optional || built.score > optional.score) optional = built;
  }
  if (!out.length && optional) out.push(...optional.resources);
  return out.length ? out : [{ arn: '*' }];
}
