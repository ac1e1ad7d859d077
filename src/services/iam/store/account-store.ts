/**
 * Account-level IAM data: the account alias (one per account, unique across the installation, as
 * AWS aliases are unique across AWS).
 */
import type { Scope, StoreOps } from '../../../storage/types.js';
import { Table } from './table.js';
import { GLOBAL_SCOPE, IAM_TABLES } from './tables.js';

/** The account's alias. */
export interface AccountAliasRecord {
  readonly alias: string;
}

/** Who owns an alias. */
export interface AliasOwnerRecord {
  readonly accountId: string;
}

const ACCOUNT = new Table<AccountAliasRecord>(IAM_TABLES.account);
const ALIASES = new Table<AliasOwnerRecord>(IAM_TABLES.accountAliases);

/** The account's alias, if any. */
export async function getAlias(ops: StoreOps, scope: Scope): Promise<string | undefined> {
  return (await ACCOUNT.get(ops, scope, 'alias'))?.alias;
}

/** The account owning an alias, if any. */
export async function aliasOwner(ops: StoreOps, alias: string): Promise<string | undefined> {
  return (await ALIASES.get(ops, GLOBAL_SCOPE, alias))?.accountId;
}

/** Sets the account's alias (replacing any previous one). */
export async function setAlias(ops: StoreOps, scope: Scope, accountId: string, alias: string): Promise<void> {
  const old = await getAlias(ops, scope);
  if (old !== undefined && old !== alias) await ALIASES.delete(ops, GLOBAL_SCOPE, old);
  await ACCOUNT.put(ops, scope, 'alias', { alias });
  await ALIASES.put(ops, GLOBAL_SCOPE, alias, { accountId });
}

/** Removes the account's alias. */
export async function clearAlias(ops: StoreOps, scope: Scope, alias: string): Promise<void> {
  await ACCOUNT.delete(ops, scope, 'alias');
  await ALIASES.delete(ops, GLOBAL_SCOPE, alias);
}
