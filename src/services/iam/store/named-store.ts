/** Shared shape of the stores of named entities (users, groups, roles, instance profiles). */
import type { AwsError } from '../../../shared/aws-error.js';
import type { Scope, StoreOps } from '../../../storage/types.js';
import { nameKey } from '../iam-arns.js';
import { Table } from './table.js';

/** Get/require/put/delete by (case-insensitive) name. */
export interface NamedStore<T> {
  readonly table: Table<T>;
  get(ops: StoreOps, scope: Scope, name: string): Promise<T | undefined>;
  /** The record, or the entity's NoSuchEntity error. */
  require(ops: StoreOps, scope: Scope, name: string): Promise<T>;
  put(ops: StoreOps, scope: Scope, record: T): Promise<void>;
  delete(ops: StoreOps, scope: Scope, name: string): Promise<boolean>;
  count(ops: StoreOps, scope: Scope): Promise<number>;
}

/** A NamedStore over `tableName`, keyed by `nameKey(nameOf(record))`. */
export function namedStore<T>(tableName: string, nameOf: (t: T) => string, notFound: (name: string) => AwsError): NamedStore<T> {
  const table = new Table<T>(tableName);
  return {
    table,
    get: (ops, scope, name) => table.get(ops, scope, nameKey(name)),
    async require(ops, scope, name) {
      const rec = await table.get(ops, scope, nameKey(name));
      if (!rec) throw notFound(name);
      return rec;
    },
    put: (ops, scope, record) => table.put(ops, scope, nameKey(nameOf(record)), record),
    delete: (ops, scope, name) => table.delete(ops, scope, nameKey(name)),
    count: (ops, scope) => table.count(ops, scope),
  };
}
