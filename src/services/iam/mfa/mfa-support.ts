/**
 * What the MFA device operations share: whose devices a request is about, finding a device by its
 * serial number, the TOTP windows and the `otpauth://` URI of a new device.
 */
import type { HandlerContext } from '../../../protocol/service-definition.js';
import type { SecretSealer, Scope, StoreOps } from '../../../storage/types.js';
import { InvalidAuthenticationCodeException, NoSuchEntityException } from '../api.generated.js';
import { callerUserName } from '../handlers/users.js';
import { deviceKeyOfSerial, MFA_DEVICES, seedAt, type MfaDeviceRecord, type MfaOwner } from '../store/mfa-store.js';
import { users } from '../store/user-store.js';
import { base32Decode } from '../totp.js';

/** Devices per IAM user (and per root user): AWS allows up to 8 MFA devices of any type. */
export const MFA_DEVICES_PER_USER = 8;
/** EnableMFADevice accepts codes generated up to 10 minutes before the request (or 1 minute ahead). */
export const ENABLE_WINDOW = { back: 20, ahead: 2 } as const;
/** ResyncMFADevice searches an hour either way for the device's clock. */
export const RESYNC_WINDOW = { back: 120, ahead: 120 } as const;
/** Clock steps accepted either side of the device's (drift-corrected) current step when verifying. */
export const VERIFY_TOLERANCE = 1;
/** The issuer shown by authenticator apps (AWS's own label). */
export const MFA_ISSUER = 'Amazon Web Services';

/**
 * Whose devices a request names. Without UserName: the caller (an IAM user, or the root user).
 * Rampart-specific: the root user may name ITSELF by its account id (AWS enables root MFA only in
 * the console, which Rampart does not have), unless an IAM user of that name exists.
 */
export async function resolveOwner(ops: StoreOps, scope: Scope, ctx: HandlerContext, userName: string | undefined): Promise<MfaOwner> {
  const isRoot = ctx.caller.principal.type === 'root';
  if (userName === undefined && isRoot) return { kind: 'root' };
  const name = userName ?? callerUserName(ctx);
  if (isRoot && name === ctx.caller.principal.accountId && !(await users.get(ops, scope, name))) return { kind: 'root' };
  const u = await users.require(ops, scope, name);
  return { kind: 'user', userName: u.userName };
}

/** The owner's name as MFA outputs show it (the account id for the root user). */
export function ownerName(owner: MfaOwner, accountId: string): string {
  return owner.kind === 'root' ? accountId : owner.userName;
}

/** Whether two owners are the same. */
export function sameOwner(a: MfaOwner | undefined, b: MfaOwner): boolean {
  if (!a) return false;
  return a.kind === 'root' ? b.kind === 'root' : b.kind === 'user' && a.userName.toLowerCase() === b.userName.toLowerCase();
}

/** NoSuchEntity for an unknown device. */
export function noSuchDevice(serialNumber: string): NoSuchEntityException {
  return new NoSuchEntityException(`VirtualMFADevice with serial number ${serialNumber} doesn't exist.`);
}

/** InvalidAuthenticationCode (403). */
export function invalidCode(): InvalidAuthenticationCodeException {
  return new InvalidAuthenticationCodeException('Authentication code for device is not valid.');
}

/** The virtual device `serialNumber` names in the caller's account, or undefined. */
export async function findDevice(ops: StoreOps, scope: Scope, accountId: string, serialNumber: string): Promise<MfaDeviceRecord | undefined> {
  const key = deviceKeyOfSerial(accountId, serialNumber);
  return key === undefined ? undefined : MFA_DEVICES.get(ops, scope, key);
}

/** The device, or NoSuchEntity. */
export async function requireDevice(ops: StoreOps, scope: Scope, accountId: string, serialNumber: string): Promise<MfaDeviceRecord> {
  const d = await findDevice(ops, scope, accountId, serialNumber);
  if (!d) throw noSuchDevice(serialNumber);
  return d;
}

/** The TOTP key (the decoded seed) of device `d` of the account at `scope`. */
export function deviceKeyBytes(sealer: SecretSealer, scope: Scope, d: MfaDeviceRecord): Buffer {
  return base32Decode(sealer.open(d.sealedSeed, seedAt(scope, d)).toString('utf8'));
}

/** The drift to record when codes of `step` were accepted at `now` (within tolerance: none). */
export function driftOf(step: number, now: number): number {
  const drift = step - now;
  return Math.abs(drift) <= VERIFY_TOLERANCE ? 0 : drift;
}

/** `otpauth://totp/Amazon%20Web%20Services:NAME@ACCOUNT?secret=...&issuer=Amazon%20Web%20Services` */
export function otpauthUri(deviceName: string, accountLabel: string, secret: string): string {
  const issuer = encodeURIComponent(MFA_ISSUER);
  const label = `${issuer}:${encodeURIComponent(deviceName)}@${encodeURIComponent(accountLabel)}`;
  return `otpauth://totp/${label}?secret=${secret}&issuer=${issuer}`;
}
