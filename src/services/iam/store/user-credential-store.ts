/**
 * What an IAM user holds besides access keys and a password: signing certificates
 * (`iam.signing-certificates`, also the root user's, with an account-wide index of certificate
 * digests for DuplicateCertificate), SSH public keys (`iam.ssh-public-keys`) and service-specific
 * credentials (`iam.service-credentials`). Each is keyed under its owner (`<owner>/<id>`) so that one
 * prefix lists, counts or moves an owner's records (UpdateUser renames them with the user).
 */
import { randomBytes } from 'node:crypto';
import type { Scope, StoreOps } from '../../../storage/types.js';
import { nameKey } from '../iam-arns.js';
import { Table } from './table.js';
import { IAM_TABLES } from './tables.js';

/** Status of a credential. */
export type CredentialStatus = 'Active' | 'Inactive';

/** Whose signing certificates: an IAM user's or the root user's. */
export type CertOwner = { readonly kind: 'user'; readonly userName: string } | { readonly kind: 'root' };

/** A signing certificate. */
export interface SigningCertificateRecord {
  readonly certificateId: string;
  /** Absent for the root user's. */
  readonly userName?: string;
  /** The PEM body as uploaded (trimmed). */
  readonly body: string;
  /** SHA-256 of the DER (hex). */
  readonly sha256: string;
  readonly status: CredentialStatus;
  readonly uploadDate: string;
}

/** Digest index entry: who holds the certificate. */
export interface DigestEntry {
  readonly ownerKey: string;
  readonly certificateId: string;
}

/** An SSH public key of a user. */
export interface SshKeyRecord {
  readonly sshPublicKeyId: string;
  readonly userName: string;
  /** `ssh-rsa <blob>` and SubjectPublicKeyInfo PEM of the key. */
  readonly ssh: string;
  readonly pem: string;
  readonly fingerprint: string;
  readonly status: CredentialStatus;
  readonly uploadDate: string;
}

/** A service-specific credential: the password only as a SHA-256 of its 256 random bits. */
export interface ServiceCredentialRecord {
  readonly id: string;
  readonly userName: string;
  readonly serviceName: string;
  readonly serviceUserName: string;
  readonly passwordSha256: string;
  readonly status: CredentialStatus;
  readonly createDate: string;
}

export const SIGNING_CERTS = new Table<SigningCertificateRecord>(IAM_TABLES.signingCertificates);
export const SIGNING_DIGESTS = new Table<DigestEntry>(IAM_TABLES.signingCertDigests);
export const SSH_KEYS = new Table<SshKeyRecord>(IAM_TABLES.sshPublicKeys);
export const SERVICE_CREDENTIALS = new Table<ServiceCredentialRecord>(IAM_TABLES.serviceCredentials);

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** `prefix` + `length` random upper-case letters and digits (ids in AWS's style). */
export function newCredentialId(prefix: string, length: number): string {
  const bytes = randomBytes(length);
  let out = prefix;
  // Ids are not secrets: the slight modulo bias (256 = 7 * 36 + 4) does not matter.
  for (let i = 0; i < length; i++) out += ALNUM[bytes[i]! % 36];
  return out;
}

/** Key prefix of an owner's signing certificates. */
export function certOwnerKey(owner: CertOwner): string {
  return owner.kind === 'root' ? 'root' : `user:${nameKey(owner.userName)}`;
}

/** Key prefix of a user's SSH keys and service credentials. */
export function userPrefix(userName: string): string {
  return `${nameKey(userName)}/`;
}

/** The records of `table` under `prefix`, oldest first (then by key). */
export async function listSorted<T>(table: Table<T>, ops: StoreOps, scope: Scope, prefix: string, dateOf: (t: T) => string): Promise<T[]> {
  const rows = await table.list(ops, scope, { prefix });
  return rows.sort((a, b) => (dateOf(a.value) < dateOf(b.value) ? -1 : dateOf(a.value) > dateOf(b.value) ? 1 : a.key < b.key ? -1 : 1)).map((r) => r.value);
}

/** The signing certificates of `owner`, oldest first. */
export function certsOf(ops: StoreOps, scope: Scope, owner: CertOwner): Promise<SigningCertificateRecord[]> {
  return listSorted(SIGNING_CERTS, ops, scope, `${certOwnerKey(owner)}/`, (c) => c.uploadDate);
}

/** Moves a renamed user's signing certificates, SSH keys and service credentials to its new name. */
export async function renameUserCredentials(ops: StoreOps, scope: Scope, oldName: string, newName: string): Promise<void> {
  const oldCerts = `${certOwnerKey({ kind: 'user', userName: oldName })}/`;
  const newOwner = certOwnerKey({ kind: 'user', userName: newName });
  for (const row of await SIGNING_CERTS.list(ops, scope, { prefix: oldCerts })) {
    await SIGNING_CERTS.delete(ops, scope, row.key);
    await SIGNING_CERTS.put(ops, scope, `${newOwner}/${row.value.certificateId}`, { ...row.value, userName: newName });
    await SIGNING_DIGESTS.put(ops, scope, row.value.sha256, { ownerKey: newOwner, certificateId: row.value.certificateId });
  }
  await moveUnder(SSH_KEYS, ops, scope, oldName, newName, (k) => ({ ...k, userName: newName }));
  await moveUnder(SERVICE_CREDENTIALS, ops, scope, oldName, newName, (c) => ({ ...c, userName: newName }));
}

async function moveUnder<T>(table: Table<T>, ops: StoreOps, scope: Scope, oldName: string, newName: string, rewrite: (t: T) => T): Promise<void> {
  const from = userPrefix(oldName);
  for (const row of await table.list(ops, scope, { prefix: from })) {
    await table.delete(ops, scope, row.key);
    await table.put(ops, scope, userPrefix(newName) + row.key.slice(from.length), rewrite(row.value));
  }
}

/** What DeleteUser must refuse while it exists, by kind. */
export async function userCredentialCounts(ops: StoreOps, scope: Scope, userName: string): Promise<{ certs: number; sshKeys: number; serviceCredentials: number }> {
  return {
    certs: await SIGNING_CERTS.count(ops, scope, `${certOwnerKey({ kind: 'user', userName })}/`),
    sshKeys: await SSH_KEYS.count(ops, scope, userPrefix(userName)),
    serviceCredentials: await SERVICE_CREDENTIALS.count(ops, scope, userPrefix(userName)),
  };
}
