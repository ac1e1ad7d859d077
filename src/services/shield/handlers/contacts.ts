/**
 * Emergency contacts and proactive engagement: UpdateEmergencyContactSettings,
 * DescribeEmergencyContactSettings, AssociateProactiveEngagementDetails, EnableProactiveEngagement,
 * DisableProactiveEngagement. Proactive engagement needs at least one contact with a phone number;
 * AssociateProactiveEngagementDetails is for its first set-up only (the contacts then change with
 * UpdateEmergencyContactSettings), and while it is enabled the list may not lose its last phone number.
 */
import type { EmergencyContact } from '../api.generated.js';
import { requireSubscription, scopeOf, type OpHandlers, type ShieldDeps } from '../deps.js';
import { invalidOperation, invalidParameter } from '../errors.js';
import { settings, SETTINGS_KEY, subscriptions, SUBSCRIPTION_KEY } from '../store.js';
import { EMPTY_SETTINGS } from './drt.js';

type Ops = 'UpdateEmergencyContactSettings' | 'DescribeEmergencyContactSettings' | 'AssociateProactiveEngagementDetails' | 'EnableProactiveEngagement' | 'DisableProactiveEngagement';

const copy = (list: readonly EmergencyContact[]) =>
  list.map((c) => ({ EmailAddress: c.EmailAddress, ...(c.PhoneNumber !== undefined ? { PhoneNumber: c.PhoneNumber } : {}), ...(c.ContactNotes !== undefined ? { ContactNotes: c.ContactNotes } : {}) }));
const hasPhone = (list: readonly EmergencyContact[]) => list.some((c) => c.PhoneNumber !== undefined);

export function contactHandlers({ store }: ShieldDeps): OpHandlers<Ops> {
  return {
    async UpdateEmergencyContactSettings(input, ctx) {
      await store.transaction(async (tx) => {
        const sub = await requireSubscription(tx, ctx);
        const contacts = copy(input.EmergencyContactList ?? []);
        if (sub.proactiveEngagement === 'ENABLED' && !hasPhone(contacts)) throw invalidParameter('Proactive engagement is enabled: the emergency contact list must keep at least one contact with a phone number.', 'EmergencyContactList');
        const s = (await settings.get(tx, scopeOf(ctx), SETTINGS_KEY)) ?? EMPTY_SETTINGS;
        await settings.put(tx, scopeOf(ctx), SETTINGS_KEY, { ...s, contacts });
      });
      return {};
    },

    async DescribeEmergencyContactSettings(_input, ctx) {
      await requireSubscription(store, ctx);
      const s = (await settings.get(store, scopeOf(ctx), SETTINGS_KEY)) ?? EMPTY_SETTINGS;
      return { EmergencyContactList: copy(s.contacts) };
    },

    async AssociateProactiveEngagementDetails(input, ctx) {
      await store.transaction(async (tx) => {
        const sub = await requireSubscription(tx, ctx);
        if (sub.proactiveEngagement === 'ENABLED') {
          throw invalidOperation('Proactive engagement is already configured. Use EnableProactiveEngagement, DisableProactiveEngagement and UpdateEmergencyContactSettings.');
        }
        const contacts = copy(input.EmergencyContactList);
        if (!hasPhone(contacts)) throw invalidParameter('Proactive engagement needs at least one emergency contact with a phone number.', 'EmergencyContactList');
        const s = (await settings.get(tx, scopeOf(ctx), SETTINGS_KEY)) ?? EMPTY_SETTINGS;
        await settings.put(tx, scopeOf(ctx), SETTINGS_KEY, { ...s, contacts });
        await subscriptions.put(tx, scopeOf(ctx), SUBSCRIPTION_KEY, { ...sub, proactiveEngagement: 'ENABLED' });
      });
      return {};
    },

    async EnableProactiveEngagement(_input, ctx) {
      await store.transaction(async (tx) => {
        const sub = await requireSubscription(tx, ctx);
        const s = (await settings.get(tx, scopeOf(ctx), SETTINGS_KEY)) ?? EMPTY_SETTINGS;
        if (!hasPhone(s.contacts)) throw invalidOperation('Proactive engagement needs emergency contacts with a phone number: call AssociateProactiveEngagementDetails first.');
        if (sub.proactiveEngagement !== 'ENABLED') await subscriptions.put(tx, scopeOf(ctx), SUBSCRIPTION_KEY, { ...sub, proactiveEngagement: 'ENABLED' });
      });
      return {};
    },

    async DisableProactiveEngagement(_input, ctx) {
      await store.transaction(async (tx) => {
        const sub = await requireSubscription(tx, ctx);
        if (sub.proactiveEngagement !== 'DISABLED') await subscriptions.put(tx, scopeOf(ctx), SUBSCRIPTION_KEY, { ...sub, proactiveEngagement: 'DISABLED' });
      });
      return {};
    },
  };
}
