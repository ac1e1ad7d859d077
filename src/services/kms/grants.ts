/**
 * Grants as stored and named: the grant a RetireGrant/RevokeGrant request names (by grant token, or
 * by KeyId and GrantId), the grant tokens of any request, the grant id (random, or derived from the
 * parameters when the grant has a Name, which makes CreateGrant idempotent), and the GrantListEntry
 * AWS lists. Used by authorization (`authz.ts`) and the handlers alike, so both act on one grant.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { StoreOps, Store } from '../../storage/types.js';
import type { GrantConstraints, GrantListEntry, GrantOperation } from './api.generated.js';
import { invalidGrantId, invalidGrantToken, validation } from './errors.js';
import { grantTokenKey, parseGrantToken, type GrantTokenRef } from './grant-tokens.js';
import { keyArn, parseKeyRef, partitionOf, type Here } from './keys.js';
import { grants, regionScope, type GrantRecord } from './store.js';

export const GRANT_ID = /^[0-9a-f]{64}$/;
/** AWS's quotas: grants per KMS key, and grants for a given principal per KMS key. */
export const MAX_GRANTS_PER_KEY = 50_000;
export const MAX_GRANTS_PER_PRINCIPAL = 500;

/** The grants a request's GrantTokens name; InvalidGrantTokenException for any token that is not one. */
export async function grantTokenRefs(store: Store, tokens: unknown): Promise<GrantTokenRef[]> {
  if (!Array.isArray(tokens) || tokens.length === 0) return [];
  const macKey = await grantTokenKey(store, false);
  const out: GrantTokenRef[] = [];
  for (const t of tokens.slice(0, 10)) {
    const ref = macKey && typeof t === 'string' ? parseGrantToken(t, macKey) : undefined;
    if (!ref) throw invalidGrantToken();
    out.push(ref);
  }
  return out;
}

/** Where a grant lives: its key (account, region, id) and its id. */
export interface GrantLocation {
  readonly accountId: string;
  readonly region: string;
  readonly keyId: string;
  readonly grantId: string;
  /** The key's ARN. */
  readonly keyArn: string;
}

/** The grant a RetireGrant (token, or KeyId + GrantId) or RevokeGrant (KeyId + GrantId) request names. */
export async function grantNamed(store: Store, input: Readonly<Record<string, unknown>>, here: Here): Promise<GrantLocation> {
  const token = input['GrantToken'];
  if (typeof token === 'string') {
    const [ref] = await grantTokenRefs(store, [token]);
    return { ...ref!, keyArn: keyArn(partitionOf(ref!.region), ref!.region, ref!.accountId, ref!.keyId) };
  }
  const keyId = input['KeyId'];
  const grantId = input['GrantId'];
  // (text unconfirmed)
  if (typeof keyId !== 'string' || typeof grantId !== 'string') throw validation('Either a grant token or both a key ID and a grant ID must be specified.');
  const ref = parseKeyRef(keyId, here, false);
  if (ref.kind !== 'key') throw validation('Either a grant token or both a key ID and a grant ID must be specified.');
  if (!GRANT_ID.test(grantId)) throw invalidGrantId();
  return { accountId: ref.accountId, region: ref.region, keyId: ref.keyId, grantId, keyArn: keyArn(partitionOf(ref.region), ref.region, ref.accountId, ref.keyId) };
}

/** The stored grant at a location (none in another region: keys are regional). */
export async function grantAt(ops: StoreOps, at: GrantLocation, here: Here): Promise<GrantRecord | undefined> {
  if (at.region !== here.region) return undefined;
  return grants.get(ops, regionScope(at.accountId, at.region), `${at.keyId}/${at.grantId}`);
}

/** A constraint map in a canonical order (for the idempotency hash). */
const sorted = (m: Readonly<Record<string, string>> | undefined) => (m ? Object.entries(m).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)) : null);

/**
 * The id of a new grant: 64 hex digits, random; with a Name, a hash of the key, the name and every
 * parameter, so the same request finds the same grant (AWS: "retry a CreateGrant request with
 * identical parameters; if the grant already exists, the original GrantId is returned").
 */
export function newGrantId(p: { keyArn: string; name?: string | undefined; grantee: string; retiring?: string | undefined; operations: readonly GrantOperation[]; constraints?: GrantConstraints | undefined }): string {
  if (p.name === undefined) return randomBytes(32).toString('hex');
  // protocol-lint: allow a canonical form to hash (grant id idempotency), never sent
  const canonical = JSON.stringify([p.keyArn, p.name, p.grantee, p.retiring ?? null, [...p.operations].sort(), sorted(p.constraints?.EncryptionContextSubset), sorted(p.constraints?.EncryptionContextEquals)]);
  return createHash('sha256').update('rampart kms grant v1\0').update(canonical).digest('hex');
}

/** A grant as ListGrants and ListRetirableGrants return it. */
export function listEntry(g: GrantRecord): GrantListEntry {
  return {
    KeyId: g.keyArn,
    GrantId: g.id,
    ...(g.name !== undefined ? { Name: g.name } : {}),
    CreationDate: new Date(g.createdAt),
    GranteePrincipal: g.granteePrincipal,
    ...(g.retiringPrincipal !== undefined ? { RetiringPrincipal: g.retiringPrincipal } : {}),
    IssuingAccount: g.issuingAccount,
    Operations: [...g.operations],
    ...(g.constraints ? { Constraints: structuredClone(g.constraints) as GrantConstraints } : {}),
  };
}

/**
 * The served handlers, each checking the request's GrantTokens first (InvalidGrantTokenException for
 * a token that is not one; authorization checked them already, this holds without it too).
 */
export function checkingGrantTokens<T extends object>(store: Store, handlers: T): T {
  const out: Record<string, unknown> = {};
  for (const [name, h] of Object.entries(handlers)) {
    out[name] =
      typeof h === 'function'
        ? async (input: Readonly<Record<string, unknown>> | undefined, ctx: unknown) => {
            await grantTokenRefs(store, input?.['GrantTokens']);
            return (h as (i: unknown, c: unknown) => unknown)(input, ctx);
          }
        : h;
  }
  return out as T;
}
