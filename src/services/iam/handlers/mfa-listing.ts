/** ListMFADevices, ListVirtualMFADevices, GetMFADevice, TagMFADevice, UntagMFADevice, ListMFADeviceTags. */
import type { HandlerContext } from '../../../protocol/service-definition.js';
import type { Store } from '../../../storage/types.js';
import { NoSuchEntityException, type User, type VirtualMFADevice } from '../api.generated.js';
import { ownerName, requireDevice, resolveOwner, sameOwner } from '../mfa/mfa-support.js';
import { pageFields, paginate } from '../pagination.js';
import { devicesOf, MFA_DEVICES, putDevice, type MfaDeviceRecord, type MfaOwner } from '../store/mfa-store.js';
import { users } from '../store/user-store.js';
import { mergeTags, removeTags } from '../tag-list.js';
import { userView } from '../views.js';
import { scopeOf, type IamDeps, type OpHandlers } from '../deps.js';
import { tagPage } from './tags.js';
import { rootUserView } from './users.js';

type ListingOps = 'ListMFADevices' | 'ListVirtualMFADevices' | 'GetMFADevice' | 'TagMFADevice' | 'UntagMFADevice' | 'ListMFADeviceTags';

/** The User member of a listed virtual device. */
async function ownerView(store: Store, ctx: HandlerContext, owner: MfaOwner): Promise<User | undefined> {
  if (owner.kind === 'root') return rootUserView(store, ctx);
  const u = await users.get(store, scopeOf(ctx), owner.userName);
  return u ? userView(u, false) : undefined;
}

/** MFA device queries and tagging. */
export function mfaListingHandlers({ store }: IamDeps): OpHandlers<ListingOps> {
  return {
    async ListMFADevices(input, ctx) {
      const scope = scopeOf(ctx);
      const owner = await resolveOwner(store, scope, ctx, input.UserName);
      const devices = await devicesOf(store, scope, owner);
      const page = paginate(devices, (d) => d.serialNumber, input);
      const name = ownerName(owner, ctx.caller.principal.accountId);
      return { MFADevices: page.items.map((d) => ({ UserName: name, SerialNumber: d.serialNumber, EnableDate: new Date(d.enableDate!) })), ...pageFields(page) };
    },

    async ListVirtualMFADevices(input, ctx) {
      const status = input.AssignmentStatus ?? 'Any';
      const rows = await MFA_DEVICES.list(store, scopeOf(ctx));
      const wanted = rows.map((r) => r.value).filter((d) => status === 'Any' || (status === 'Assigned') === (d.owner !== undefined));
      const page = paginate(wanted, (d) => d.serialNumber, input);
      const out: VirtualMFADevice[] = [];
      for (const d of page.items) {
        const user = d.owner ? await ownerView(store, ctx, d.owner) : undefined;
        out.push({ SerialNumber: d.serialNumber, ...(user ? { User: user } : {}), ...(d.enableDate ? { EnableDate: new Date(d.enableDate) } : {}) });
      }
      return { VirtualMFADevices: out, ...pageFields(page) };
    },

    async GetMFADevice(input, ctx) {
      const scope = scopeOf(ctx);
      const owner = await resolveOwner(store, scope, ctx, input.UserName);
      const d = await requireDevice(store, scope, ctx.caller.principal.accountId, input.SerialNumber);
      if (!sameOwner(d.owner, owner)) throw new NoSuchEntityException(`MFA Device with serial number ${input.SerialNumber} is not enabled for the user.`);
      return { UserName: ownerName(owner, ctx.caller.principal.accountId), SerialNumber: d.serialNumber, EnableDate: new Date(d.enableDate!) };
    },

    async TagMFADevice(input, ctx) {
      await updateTags(store, ctx, input.SerialNumber, (d) => mergeTags(d.tags, input.Tags, 'TagsPerMFADevice'));
    },

    async UntagMFADevice(input, ctx) {
      await updateTags(store, ctx, input.SerialNumber, (d) => removeTags(d.tags, input.TagKeys));
    },

    async ListMFADeviceTags(input, ctx) {
      return tagPage((await requireDevice(store, scopeOf(ctx), ctx.caller.principal.accountId, input.SerialNumber)).tags, input);
    },
  };
}

async function updateTags(store: Store, ctx: HandlerContext, serialNumber: string, change: (d: MfaDeviceRecord) => MfaDeviceRecord['tags']): Promise<void> {
  const scope = scopeOf(ctx);
  await store.transaction(async (tx) => {
    const d = await requireDevice(tx, scope, ctx.caller.principal.accountId, serialNumber);
    await putDevice(tx, scope, { ...d, tags: change(d) }, d);
  });
}
