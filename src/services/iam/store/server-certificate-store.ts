/**
 * Server certificates (`iam.server-certificates`, keyed by the lower-cased name: IAM names are
 * unique ignoring case). The private key is stored only sealed, bound to its record (`keyAt`); a
 * renamed certificate's key is sealed again for its new record (`rekeyCertificate`).
 */
import type { SealContext, Scope, SecretSealer, StoreOps } from '../../../storage/types.js';
import { nameKey } from '../iam-arns.js';
import type { TagRecord } from '../tag-list.js';
import { Table } from './table.js';
import { IAM_TABLES } from './tables.js';

/** A stored server certificate. */
export interface ServerCertificateRecord {
  readonly name: string;
  readonly path: string;
  /** `ASCA...` */
  readonly id: string;
  readonly arn: string;
  readonly uploadDate: string;
  /** notAfter of the certificate (ISO 8601). */
  readonly expiration: string;
  /** The certificate body and chain as uploaded (trimmed). */
  readonly body: string;
  readonly chain?: string;
  /** The PEM private key, sealed for this record. */
  readonly sealedPrivateKey: string;
  readonly tags: TagRecord[];
}

/** Server certificates by name key. */
export const SERVER_CERTIFICATES = new Table<ServerCertificateRecord>(IAM_TABLES.serverCertificates);

/** Where a certificate's private key is sealed: its own record. */
export function keyAt(scope: Scope, name: string): SealContext {
  return { table: IAM_TABLES.serverCertificates, scope, key: nameKey(name) };
}

/** The certificate named `name` (any case), or undefined. */
export function getServerCertificate(ops: StoreOps, scope: Scope, name: string): Promise<ServerCertificateRecord | undefined> {
  return SERVER_CERTIFICATES.get(ops, scope, nameKey(name));
}

/** Writes a certificate under its name key. */
export function putServerCertificate(ops: StoreOps, scope: Scope, rec: ServerCertificateRecord): Promise<void> {
  return SERVER_CERTIFICATES.put(ops, scope, nameKey(rec.name), rec);
}

/** Deletes the certificate named `name`. */
export function deleteServerCertificate(ops: StoreOps, scope: Scope, name: string): Promise<boolean> {
  return SERVER_CERTIFICATES.delete(ops, scope, nameKey(name));
}

/** The record renamed to `after`'s name: its private key sealed again for the new record. */
export function rekeyCertificate(sealer: SecretSealer, scope: Scope, before: ServerCertificateRecord, after: Omit<ServerCertificateRecord, 'sealedPrivateKey'>): ServerCertificateRecord {
  const key = sealer.open(before.sealedPrivateKey, keyAt(scope, before.name));
  return { ...after, sealedPrivateKey: sealer.seal(key, keyAt(scope, after.name)) };
}
