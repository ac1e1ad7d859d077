/**
 * IAM users and roles named in a role's trust policy are bound to their unique ids when the policy
 * is saved, as AWS does ("When you save the policy, AWS transforms the ARN to a unique principal
 * ID ... if you delete and recreate a user or role referenced in a trust policy's Principal
 * element, ... it does not match the principal ID stored in the trust policy"):
 *   - saving refuses a user or role that does not exist in an account Rampart hosts
 *     (`MalformedPolicyDocument`, "Invalid principal in policy");
 *   - evaluation matches those principals by unique id only;
 *   - the policy is shown with the ARN while the id still belongs to the entity of that ARN, and
 *     with the bare id once that entity is gone (or was recreated).
 * Principals in accounts Rampart does not host cannot be checked and stay ARNs.
 */
import { GLOBAL, TABLES } from '../../authz/identity-tables.js';
import { CANONICAL_PARTITION, movePartition, parseArn } from '../../shared/arn.js';
import { PARTITIONS } from '../../shared/regions.js';
import type { Scope, Store, StoreOps } from '../../storage/types.js';
import { entityByArn } from './authz/iam-entities.js';
import { parseIamArn } from './iam-arns.js';
import { malformedPolicy } from './errors.js';
import { roles, type RoleRecord } from './store/role-store.js';
import { accountScope } from './store/tables.js';

/** ARN -> unique id of the users and roles a trust policy names, as recorded when it was saved. */
export type PrincipalIds = Readonly<Record<string, string>>;

type Json = Record<string, unknown>;

/** Every `AWS` principal value of the document's statements (Principal and NotPrincipal). */
function awsPrincipals(doc: unknown): string[] {
  const out: string[] = [];
  eachAwsList(doc, (list) => {
    out.push(...list);
  });
  return out;
}

/** Calls `visit` with each statement's `AWS` principal list; a returned list replaces it. */
function eachAwsList(doc: unknown, visit: (list: string[]) => string[] | void): void {
  if (!doc || typeof doc !== 'object') return;
  const st = (doc as Json)['Statement'];
  for (const s of Array.isArray(st) ? st : st && typeof st === 'object' ? [st] : []) {
    if (!s || typeof s !== 'object') continue;
    for (const el of ['Principal', 'NotPrincipal']) {
      const p = (s as Json)[el];
      if (!p || typeof p !== 'object' || !Object.prototype.hasOwnProperty.call(p, 'AWS')) continue;
      const aws = (p as Json)['AWS'];
      const list = (Array.isArray(aws) ? aws : [aws]).filter((v): v is string => typeof v === 'string');
      const replaced = visit(list);
      if (replaced) (p as Json)['AWS'] = Array.isArray(aws) ? replaced : replaced[0];
    }
  }
}

/** `arn` in the canonical partition, when it names a partition AWS has (a policy written by a client on cn-north-1 says `arn:aws-cn:`). */
function canonical(arn: string): string {
  const p = parseArn(arn)?.partition;
  return p !== undefined && PARTITIONS.some((x) => x.id === p) ? movePartition(arn, p, CANONICAL_PARTITION) : arn;
}

async function hostedAccount(ops: StoreOps, accountId: string): Promise<boolean> {
  return (await ops.get(TABLES.accounts, GLOBAL, accountId)) !== undefined;
}

/**
 * The unique ids of the IAM users and roles `document` (a valid trust policy) names in hosted
 * accounts; MalformedPolicyDocument for one that does not exist (or, with `missing: 'skip'`, that
 * principal is left unbound).
 */
export async function bindTrustPrincipals(ops: StoreOps, document: string, missing: 'refuse' | 'skip' = 'refuse'): Promise<PrincipalIds> {
  const ids: Record<string, string> = {};
  // protocol-lint: allow policy documents are data (already validated), not wire format
  for (const arn of awsPrincipals(JSON.parse(document))) {
    const parts = parseIamArn(canonical(arn));
    if (!parts || (parts.type !== 'user' && parts.type !== 'role') || !(await hostedAccount(ops, parts.accountId))) continue;
    const e = await entityByArn(ops, accountScope(parts.accountId), parts.accountId, canonical(arn));
    if (e?.id) ids[arn] = e.id;
    else if (missing === 'refuse') throw malformedPolicy(`Invalid principal in policy: "AWS":"${arn}"`);
  }
  return ids;
}

function rewrite(document: string, ids: PrincipalIds | undefined, replace: (arn: string, id: string) => string): string {
  if (!ids || Object.keys(ids).length === 0) return document;
  // protocol-lint: allow policy documents are data (already validated), not wire format
  const doc = JSON.parse(document) as unknown;
  let changed = false;
  eachAwsList(doc, (list) =>
    list.map((v) => {
      const id = Object.prototype.hasOwnProperty.call(ids, v) ? ids[v] : undefined;
      if (id === undefined) return v;
      const out = replace(v, id);
      if (out !== v) changed = true;
      return out;
    }),
  );
  // protocol-lint: allow policy documents are data, not wire format
  return changed ? JSON.stringify(doc) : document;
}

/** The document evaluation uses: every bound principal replaced by its unique id. */
export function trustDocumentForEvaluation(document: string, ids: PrincipalIds | undefined): string {
  return rewrite(document, ids, (_arn, id) => id);
}

/**
 * The document as IAM shows it: a bound principal whose entity still has that ARN and id keeps its
 * ARN; one whose entity is gone (or was recreated) shows the unique id.
 */
export async function presentedTrustDocument(ops: StoreOps, document: string, ids: PrincipalIds | undefined): Promise<string> {
  if (!ids || Object.keys(ids).length === 0) return document;
  const broken = new Set<string>();
  for (const [arn, id] of Object.entries(ids)) {
    const parts = parseIamArn(canonical(arn));
    const scope: Scope | undefined = parts && accountScope(parts.accountId);
    const e = parts && scope ? await entityByArn(ops, scope, parts.accountId, canonical(arn)) : undefined;
    if (e?.id !== id) broken.add(arn);
  }
  return broken.size ? rewrite(document, ids, (arn, id) => (broken.has(arn) ? id : arn)) : document;
}

/** The role as IAM shows it: principals of its trust policy whose entity is gone appear as their unique id. */
export async function shownRole(ops: StoreOps, r: RoleRecord): Promise<RoleRecord> {
  const doc = await presentedTrustDocument(ops, r.assumeRolePolicyDocument, r.trustPrincipalIds);
  return doc === r.assumeRolePolicyDocument ? r : { ...r, assumeRolePolicyDocument: doc };
}

/**
 * Roles saved before principals were bound (no `trustPrincipalIds`) get their binding once, at
 * start: the users and roles their trust policies name now are the ones they keep naming, so a
 * principal deleted and recreated after the upgrade no longer matches. A principal that does not
 * exist any more is left unbound (it keeps its ARN and matches nobody but an entity of that ARN,
 * as before); such roles are marked bound (an empty map) so that this runs once. Returns the number
 * of roles bound.
 */
export async function bindLegacyTrustPolicies(store: Store): Promise<number> {
  // Done once per store: roles made since always carry their binding, so later starts skip the scan.
  if (await store.get(TABLES.installation, GLOBAL, TRUST_BINDING_DONE)) return 0;
  let bound = 0;
  for (const account of await store.list(TABLES.accounts, GLOBAL, { limit: 100_000 })) {
    const scope = accountScope(account.key);
    for (const row of await roles.table.list(store, scope)) {
      if (row.value.trustPrincipalIds !== undefined) continue;
      const ids = await bindTrustPrincipals(store, row.value.assumeRolePolicyDocument, 'skip');
      await store.transaction(async (tx) => {
        const current = await roles.table.get(tx, scope, row.key);
        if (current && current.trustPrincipalIds === undefined) await roles.table.put(tx, scope, row.key, { ...current, trustPrincipalIds: ids });
      });
      bound++;
    }
  }
  await store.put(TABLES.installation, GLOBAL, TRUST_BINDING_DONE, { at: new Date().toISOString() });
  return bound;
}

/** The installation record that says every stored role's trust principals are bound. */
const TRUST_BINDING_DONE = 'trust-principals-bound';
