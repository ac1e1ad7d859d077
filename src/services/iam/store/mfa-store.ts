/**
 * Virtual MFA devices (`iam.mfa-devices`, keyed by the lower-cased `<path><name>` of the device)
 * and who each enabled device is assigned to (`iam.mfa-assignments`, keyed `<owner>/<device key>`
 * where owner is `user:<user key>` or `root`, so that one prefix lists an owner's devices). The
 * TOTP seed is stored only sealed with the installation's master key, bound to its device record
 * (`seedAt`); a device is never re-keyed (its key is its path and name, which cannot change).
 */
import type { SealContext, Scope, StoreOps } from '../../../storage/types.js';
import { nameKey } from '../iam-arns.js';
import type { TagRecord } from '../tag-list.js';
import { Table } from './table.js';
import { IAM_TABLES, type Marker } from './tables.js';

/** Whom an enabled device belongs to. */
export type MfaOwner = { readonly kind: 'user'; readonly userName: string } | { readonly kind: 'root' };

/** A virtual MFA device. */
export interface MfaDeviceRecord {
  /** `arn:aws:iam::ACCT:mfa<path><name>` */
  readonly serialNumber: string;
  readonly path: string;
  readonly name: string;
  /** The Base32 seed, sealed. */
  readonly sealedSeed: string;
  readonly createDate: string;
  readonly tags: TagRecord[];
  /** Set while the device is enabled (assigned). */
  readonly owner?: MfaOwner;
  readonly enableDate?: string;
  /** Clock drift of the device in time steps, measured by EnableMFADevice / ResyncMFADevice. */
  readonly driftSteps?: number;
  /** The last time step whose code was accepted (codes of that step or earlier are refused). */
  readonly lastStep?: number;
}

/** Virtual MFA devices by device key. */
export const MFA_DEVICES = new Table<MfaDeviceRecord>(IAM_TABLES.mfaDevices);
/** Assignment index: `<owner key>/<device key>`. */
export const MFA_ASSIGNMENTS = new Table<Marker>(IAM_TABLES.mfaAssignments);

/** Storage key of a device: its lower-cased path and name. */
export function deviceKey(path: string, name: string): string {
  return nameKey(`${path}${name}`);
}

/** Where a device's seed is sealed: the device's own record. */
export function seedAt(scope: Scope, d: { readonly path: string; readonly name: string }): SealContext {
  return { table: IAM_TABLES.mfaDevices, scope, key: deviceKey(d.path, d.name) };
}

/** The device key of a virtual device's serial number in `accountId`, or undefined for anything else. */
export function deviceKeyOfSerial(accountId: string, serialNumber: string): string | undefined {
  const m = /^arn:aws:iam::(\d{12}):mfa(\/.*)$/.exec(serialNumber);
  return m && m[1] === accountId ? nameKey(m[2]!) : undefined;
}

/** Index prefix of an owner's devices. */
export function ownerPrefix(owner: MfaOwner): string {
  return owner.kind === 'root' ? 'root/' : `user:${nameKey(owner.userName)}/`;
}

/** The devices enabled for `owner`, in key order. */
export async function devicesOf(ops: StoreOps, scope: Scope, owner: MfaOwner): Promise<MfaDeviceRecord[]> {
  const prefix = ownerPrefix(owner);
  const out: MfaDeviceRecord[] = [];
  for (const row of await MFA_ASSIGNMENTS.list(ops, scope, { prefix })) {
    const d = await MFA_DEVICES.get(ops, scope, row.key.slice(prefix.length));
    if (d) out.push(d);
  }
  return out;
}

/** Number of devices enabled for `owner`. */
export function countDevicesOf(ops: StoreOps, scope: Scope, owner: MfaOwner): Promise<number> {
  return MFA_ASSIGNMENTS.count(ops, scope, ownerPrefix(owner));
}

/** Writes a device and keeps the assignment index in step with `before` (the previous version, if any). */
export async function putDevice(ops: StoreOps, scope: Scope, rec: MfaDeviceRecord, before?: MfaDeviceRecord): Promise<void> {
  const key = deviceKey(rec.path, rec.name);
  if (before?.owner) await MFA_ASSIGNMENTS.delete(ops, scope, ownerPrefix(before.owner) + key);
  await MFA_DEVICES.put(ops, scope, key, rec);
  if (rec.owner) await MFA_ASSIGNMENTS.put(ops, scope, ownerPrefix(rec.owner) + key, {});
}

/** A renamed user keeps its devices (UpdateUser). */
export async function renameMfaOwner(ops: StoreOps, scope: Scope, oldName: string, newName: string): Promise<void> {
  const prefix = ownerPrefix({ kind: 'user', userName: oldName });
  for (const row of await MFA_ASSIGNMENTS.list(ops, scope, { prefix })) {
    const d = await MFA_DEVICES.get(ops, scope, row.key.slice(prefix.length));
    if (d) await putDevice(ops, scope, { ...d, owner: { kind: 'user', userName: newName } }, d);
  }
}
