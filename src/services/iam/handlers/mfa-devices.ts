/**
 * CreateVirtualMFADevice, EnableMFADevice, ResyncMFADevice, DeactivateMFADevice,
 * DeleteVirtualMFADevice. Virtual devices are real RFC 6238 TOTP generators: the seed is returned
 * once (Base32 and as a QR code) and stored sealed; enabling and resynchronising require two
 * consecutive codes of the device.
 */
import { EntityAlreadyExistsException, NoSuchEntityException, type VirtualMFADevice } from '../api.generated.js';
import { deleteConflict, quotaExceeded } from '../errors.js';
import { bilevelPng } from '../mfa/png.js';
import { encodeQr } from '../mfa/qr-code.js';
import {
  deviceKeyBytes,
  driftOf,
  ENABLE_WINDOW,
  invalidCode,
  MFA_DEVICES_PER_USER,
  otpauthUri,
  requireDevice,
  resolveOwner,
  RESYNC_WINDOW,
  sameOwner,
} from '../mfa/mfa-support.js';
import { getAlias } from '../store/account-store.js';
import { countDevicesOf, deviceKey, MFA_DEVICES, putDevice, seedAt, type MfaDeviceRecord } from '../store/mfa-store.js';
import { mergeTags, tagsOut } from '../tag-list.js';
import { base32Encode, findConsecutive, newTotpSeed, timeStep } from '../totp.js';
import { nowIso, scopeOf, type IamDeps, type OpHandlers } from '../deps.js';
import { iamArn } from '../iam-arns.js';

type DeviceOps = 'CreateVirtualMFADevice' | 'EnableMFADevice' | 'ResyncMFADevice' | 'DeactivateMFADevice' | 'DeleteVirtualMFADevice';

/** MFA device lifecycle operations. */
export function mfaDeviceHandlers({ store }: IamDeps): OpHandlers<DeviceOps> {
  return {
    async CreateVirtualMFADevice(input, ctx) {
      const scope = scopeOf(ctx);
      const accountId = ctx.caller.principal.accountId;
      const path = input.Path ?? '/';
      const name = input.VirtualMFADeviceName;
      const tags = mergeTags([], input.Tags ?? [], 'TagsPerMFADevice');
      const secret = base32Encode(newTotpSeed()).replace(/=+$/, '');
      const rec: MfaDeviceRecord = {
        serialNumber: iamArn(accountId, 'mfa', path, name),
        path,
        name,
        sealedSeed: store.sealer.seal(secret, seedAt(scope, { path, name })),
        createDate: nowIso(ctx),
        tags,
      };
      await store.transaction(async (tx) => {
        if (await MFA_DEVICES.get(tx, scope, deviceKey(path, name))) throw new EntityAlreadyExistsException('MFADevice entity at the same path and name already exists.');
        await putDevice(tx, scope, rec);
      });
      const label = (await getAlias(store, scope)) ?? accountId;
      const png = bilevelPng(encodeQr(otpauthUri(name, label, secret)).modules);
      const device: VirtualMFADevice = { SerialNumber: rec.serialNumber, Base32StringSeed: Buffer.from(secret, 'ascii'), QRCodePNG: png, Tags: tagsOut(tags) };
      return { VirtualMFADevice: device };
    },

    async EnableMFADevice(input, ctx) {
      const scope = scopeOf(ctx);
      const now = timeStep(ctx.caller.now);
      await store.transaction(async (tx) => {
        const owner = await resolveOwner(tx, scope, ctx, input.UserName);
        const d = await requireDevice(tx, scope, ctx.caller.principal.accountId, input.SerialNumber);
        if (d.owner) throw new EntityAlreadyExistsException('MFA Device is already in use.');
        if ((await countDevicesOf(tx, scope, owner)) >= MFA_DEVICES_PER_USER) throw quotaExceeded('MFADevicesPerUser', MFA_DEVICES_PER_USER);
        const key = deviceKeyBytes(store.sealer, scope, d);
        const step = findConsecutive(key, input.AuthenticationCode1, input.AuthenticationCode2, now - ENABLE_WINDOW.back, now + ENABLE_WINDOW.ahead);
        if (step === undefined || step + 1 <= (d.lastStep ?? -1)) throw invalidCode();
        await putDevice(tx, scope, { ...d, owner, enableDate: nowIso(ctx), driftSteps: driftOf(step + 1, now), lastStep: step + 1 }, d);
      });
    },

    async ResyncMFADevice(input, ctx) {
      const scope = scopeOf(ctx);
      const now = timeStep(ctx.caller.now);
      await store.transaction(async (tx) => {
        const owner = await resolveOwner(tx, scope, ctx, input.UserName);
        const d = await requireDevice(tx, scope, ctx.caller.principal.accountId, input.SerialNumber);
        if (!sameOwner(d.owner, owner)) throw invalidCode();
        const key = deviceKeyBytes(store.sealer, scope, d);
        const step = findConsecutive(key, input.AuthenticationCode1, input.AuthenticationCode2, now - RESYNC_WINDOW.back, now + RESYNC_WINDOW.ahead);
        if (step === undefined || step + 1 <= (d.lastStep ?? -1)) throw invalidCode();
        await putDevice(tx, scope, { ...d, driftSteps: driftOf(step + 1, now), lastStep: step + 1 }, d);
      });
    },

    async DeactivateMFADevice(input, ctx) {
      const scope = scopeOf(ctx);
      await store.transaction(async (tx) => {
        const owner = await resolveOwner(tx, scope, ctx, input.UserName);
        const d = await requireDevice(tx, scope, ctx.caller.principal.accountId, input.SerialNumber);
        if (!sameOwner(d.owner, owner)) throw new NoSuchEntityException(`MFA Device with serial number ${input.SerialNumber} is not enabled for the user.`);
        // The virtual device stays in the account, unassigned (DeleteVirtualMFADevice removes it).
        const { owner: _o, enableDate: _e, driftSteps: _d, ...rest } = d;
        await putDevice(tx, scope, rest, d);
      });
    },

    async DeleteVirtualMFADevice(input, ctx) {
      const scope = scopeOf(ctx);
      await store.transaction(async (tx) => {
        const d = await requireDevice(tx, scope, ctx.caller.principal.accountId, input.SerialNumber);
        if (d.owner) throw deleteConflict('MFA Device is in use and cannot be deleted. Deactivate it first.');
        await MFA_DEVICES.delete(tx, scope, deviceKey(d.path, d.name));
      });
    },
  };
}
