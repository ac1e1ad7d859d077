/**
 * Grants: CreateGrant, RetireGrant, RevokeGrant, ListGrants, ListRetirableGrants. Who may call them
 * is decided by authorization (`authz.ts`, `grant-authz.ts`); these check the input as AWS does,
 * the key's state (key-states.ts rows) and AWS's quotas, and keep the grant and its two index
 * entries together (store.ts). README.md describes the decisions.
 */
import { dryRun, grantLimit, grantNotFound, invalidMarker, invalidPrincipal, validation } from '../errors.js';
import { checkConstraints, grantOperationsFor, isGrantPrincipal } from '../grant-rules.js';
import { encodeGrantToken, grantTokenKey } from '../grant-tokens.js';
import { GRANT_ID, MAX_GRANTS_PER_KEY, MAX_GRANTS_PER_PRINCIPAL, grantAt, grantNamed, listEntry, newGrantId } from '../grants.js';
import { isDue, partitionOf, requireKey } from '../keys.js';
import { deleteGrant, grants, grantsByGrantee, grantsByRetiree, granteeIndex, keys, purgeKey, regionScope, retireeEntry, type GrantRecord } from '../store.js';
import { hereOf, type KmsDeps, type OpHandlers } from '../deps.js';
import { page } from './keys.js';

type Ops = 'CreateGrant' | 'RetireGrant' | 'RevokeGrant' | 'ListGrants' | 'ListRetirableGrants';

const RETIRABLE_MARKER = /^\d{12}\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\/[0-9a-f]{64}$/;

/** A page of grants after `marker` (grant ids in order) and whether more follow. */
function listed(rows: readonly GrantRecord[], limit: number | undefined) {
  const p = page(rows, limit);
  return { Grants: p.items.map(listEntry), Truncated: p.truncated, ...(p.truncated ? { NextMarker: p.items[p.items.length - 1]!.id } : {}) };
}

export function grantHandlers({ store }: KmsDeps): OpHandlers<Ops> {
  return {
    async CreateGrant(input, ctx) {
      const here = hereOf(ctx);
      const partition = partitionOf(here.region);
      if (!isGrantPrincipal(input.GranteePrincipal, partition)) throw invalidPrincipal('GranteePrincipal', input.GranteePrincipal);
      if (input.RetiringPrincipal !== undefined && !isGrantPrincipal(input.RetiringPrincipal, partition)) throw invalidPrincipal('RetiringPrincipal', input.RetiringPrincipal);
      // (text unconfirmed) the model allows an empty list; a grant of nothing is refused.
      if (input.Operations.length === 0) throw validation("1 validation error detected: Value '[]' at 'operations' failed to satisfy constraint: Member must have length greater than or equal to 1");
      const macKey = (await grantTokenKey(store, true))!;
      return store.transaction(async (tx) => {
        const key = await requireKey(tx, input.KeyId, ctx, { op: 'CreateGrant', crossAccount: true });
        const operations = [...new Set(input.Operations)];
        // AWS's text (recorded in ansible/ansible#31960).
        if (operations.length === 1 && operations[0] === 'CreateGrant') throw validation('Grants must not contain only the CreateGrant operation.');
        const supported = grantOperationsFor(key);
        const bad = operations.filter((op) => !supported.has(op));
        // (text unconfirmed)
        if (bad.length > 0) throw validation(`The grant operations ${bad.join(', ')} are not valid for the KMS key ${key.arn} (${key.keySpec ?? 'SYMMETRIC_DEFAULT'}).`);
        const constraints = checkConstraints(input.Constraints, operations, key);
        if (input.DryRun === true) throw dryRun();
        const id = newGrantId({ keyArn: key.arn, name: input.Name, grantee: input.GranteePrincipal, retiring: input.RetiringPrincipal, operations, constraints });
        const scope = regionScope(key.accountId, key.region);
        if (!(await grants.get(tx, scope, `${key.id}/${id}`))) {
          if ((await grants.count(tx, scope, `${key.id}/`)) >= MAX_GRANTS_PER_KEY) throw grantLimit(`the KMS key ${key.arn} has ${MAX_GRANTS_PER_KEY} grants`);
          const byGrantee = `${key.id}/${granteeIndex(input.GranteePrincipal)}/`;
          if ((await grantsByGrantee.count(tx, scope, byGrantee)) >= MAX_GRANTS_PER_PRINCIPAL) throw grantLimit(`the grantee principal has ${MAX_GRANTS_PER_PRINCIPAL} grants for the KMS key ${key.arn}`);
          const g: GrantRecord = {
            id,
            keyId: key.id,
            keyAccountId: key.accountId,
            region: key.region,
            keyArn: key.arn,
            ...(input.Name !== undefined ? { name: input.Name } : {}),
            createdAt: ctx.caller.now,
            granteePrincipal: input.GranteePrincipal,
            ...(input.RetiringPrincipal !== undefined ? { retiringPrincipal: input.RetiringPrincipal } : {}),
            issuingAccount: `arn:${partition}:iam::${here.accountId}:root`,
            operations,
            ...(constraints ? { constraints } : {}),
          };
          await grants.put(tx, scope, `${key.id}/${id}`, g);
          await grantsByGrantee.put(tx, scope, `${byGrantee}${id}`, g);
          if (g.retiringPrincipal !== undefined) {
            const r = retireeEntry(g, g.retiringPrincipal);
            await grantsByRetiree.put(tx, r.scope, r.key, g);
          }
        }
        return { GrantToken: encodeGrantToken({ accountId: key.accountId, region: key.region, keyId: key.id, grantId: id }, macKey), GrantId: id };
      });
    },

    async RetireGrant(input, ctx) {
      const here = hereOf(ctx);
      const at = await grantNamed(store, input as Readonly<Record<string, unknown>>, here);
      await store.transaction(async (tx) => {
        await requireKey(tx, at.keyArn, ctx, { op: 'RetireGrant', crossAccount: true });
        const g = await grantAt(tx, at, here);
        if (!g) throw grantNotFound(at.grantId);
        if (input.DryRun === true) throw dryRun();
        await deleteGrant(tx, g);
      });
    },

    async RevokeGrant(input, ctx) {
      const here = hereOf(ctx);
      const at = await grantNamed(store, { KeyId: input.KeyId, GrantId: input.GrantId }, here);
      await store.transaction(async (tx) => {
        await requireKey(tx, at.keyArn, ctx, { op: 'RevokeGrant', crossAccount: true });
        const g = await grantAt(tx, at, here);
        if (!g) throw grantNotFound(at.grantId);
        if (input.DryRun === true) throw dryRun();
        await deleteGrant(tx, g);
      });
    },

    async ListGrants(input, ctx) {
      const key = await requireKey(store, input.KeyId, ctx, { op: 'ListGrants', crossAccount: true });
      if (input.Marker !== undefined && !GRANT_ID.test(input.Marker)) throw invalidMarker();
      const scope = regionScope(key.accountId, key.region);
      const n = input.Limit ?? 100;
      let rows: GrantRecord[];
      if (input.GrantId !== undefined) {
        const g = GRANT_ID.test(input.GrantId) ? await grants.get(store, scope, `${key.id}/${input.GrantId}`) : undefined;
        rows = g && (input.GranteePrincipal === undefined || g.granteePrincipal === input.GranteePrincipal) ? [g] : [];
      } else if (input.GranteePrincipal !== undefined) {
        const prefix = `${key.id}/${granteeIndex(input.GranteePrincipal)}/`;
        rows = (await grantsByGrantee.list(store, scope, { prefix, ...(input.Marker !== undefined ? { after: `${prefix}${input.Marker}` } : {}) })).map((r) => r.value).filter((g) => g.granteePrincipal === input.GranteePrincipal);
      } else {
        rows = (await grants.list(store, scope, { prefix: `${key.id}/`, ...(input.Marker !== undefined ? { after: `${key.id}/${input.Marker}` } : {}), limit: n + 1 })).map((r) => r.value);
      }
      if (input.Marker !== undefined) rows = rows.filter((g) => g.id > input.Marker!);
      return listed(rows, n);
    },

    async ListRetirableGrants(input, ctx) {
      const here = hereOf(ctx);
      if (!isGrantPrincipal(input.RetiringPrincipal, partitionOf(here.region))) throw invalidPrincipal('RetiringPrincipal', input.RetiringPrincipal);
      if (input.Marker !== undefined && !RETIRABLE_MARKER.test(input.Marker)) throw invalidMarker();
      // Only the caller's account's entries: "Enter a principal in your AWS account".
      const prefix = `${Buffer.from(input.RetiringPrincipal, 'utf8').toString('base64url')}/`;
      const n = input.Limit ?? 100;
      const rows = await grantsByRetiree.list(store, regionScope(here.accountId, here.region), { prefix, ...(input.Marker !== undefined ? { after: `${prefix}${input.Marker}` } : {}), limit: n + 1 });
      const p = page(rows, n);
      const last = p.items[p.items.length - 1];
      // A grant of a key whose waiting period is over goes with the key (deleted on this access; the page may be shorter).
      const live: GrantRecord[] = [];
      for (const r of p.items) {
        const key = await keys.get(store, regionScope(r.value.keyAccountId, r.value.region), r.value.keyId);
        if (key && isDue(key, ctx.caller.now)) await store.transaction((tx) => purgeKey(tx, key));
        else if (key) live.push(r.value);
      }
      return { Grants: live.map(listEntry), Truncated: p.truncated, ...(p.truncated && last ? { NextMarker: last.key.slice(prefix.length) } : {}) };
    },
  };
}
