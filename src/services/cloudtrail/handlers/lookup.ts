/** LookupEvents: the event history of the caller's account and region (management events, 90 days). */
import { InvalidLookupAttributesException, InvalidTimeRangeException, type Event, type Resource } from '../api.generated.js';
import { hereOf, type CloudTrailDeps, type OpHandlers } from '../deps.js';
import { openToken, queryDigest, sealToken } from '../next-token.js';
import { lookupResources, lookupUsernameOfRecord } from '../record.js';

/** How far back the event history goes. */
export const HISTORY_MS = 90 * 24 * 3600 * 1000;
const DEFAULT_RESULTS = 50;

/** The Event LookupEvents answers for one stored record. */
export function eventOf(recordText: string): Event {
  // protocol-lint: allow a stored CloudTrail record is data, not a request body
  const r = JSON.parse(recordText) as Record<string, unknown>;
  const ev: { -readonly [K in keyof Event]: Event[K] } = {
    EventId: r['eventID'] as string,
    EventName: r['eventName'] as string,
    ReadOnly: String(r['readOnly']),
    EventTime: new Date(r['eventTime'] as string),
    EventSource: r['eventSource'] as string,
    Resources: lookupResources(r).map((x): Resource => ({ ResourceType: x.type, ResourceName: x.name })),
    CloudTrailEvent: recordText,
  };
  const key = (r['userIdentity'] as { accessKeyId?: string } | undefined)?.accessKeyId;
  if (key) ev.AccessKeyId = key;
  const user = lookupUsernameOfRecord(r);
  if (user) ev.Username = user;
  return ev;
}

export function lookupHandlers(deps: CloudTrailDeps): OpHandlers<'LookupEvents'> {
  return {
    async LookupEvents(input, ctx) {
      const attrs = input.LookupAttributes ?? [];
      if (attrs.length > 1) throw new InvalidLookupAttributesException('You can only specify one lookup attribute.');
      const now = ctx.caller.now;
      const end = input.EndTime ? input.EndTime.getTime() : now;
      const start = input.StartTime ? input.StartTime.getTime() : now - HISTORY_MS;
      if (start > end) throw new InvalidTimeRangeException('Start time must be less than or equal to end time.');
      const limit = input.MaxResults ?? DEFAULT_RESULTS;
      const attribute = attrs[0] ? { key: attrs[0].AttributeKey, value: attrs[0].AttributeValue } : undefined;
      const { accountId, region } = hereOf(ctx);
      const digest = queryDigest([attribute?.key, attribute?.value, input.StartTime?.getTime() ?? null, input.EndTime?.getTime() ?? null, input.EventCategory ?? null]);
      const before = input.NextToken !== undefined ? openToken(deps.store.sealer, accountId, region, input.NextToken, digest) : undefined;
      // Insights events are not recorded; the history holds the last 90 days only.
      if (!deps.events || input.EventCategory === 'insight' || end < now - HISTORY_MS) return { Events: [] };
      const page = await deps.events.lookup({ accountId, region, startTime: Math.max(start, now - HISTORY_MS), endTime: end, limit, ...(attribute ? { attribute } : {}), ...(before ? { before } : {}) });
      const out: { Events: Event[]; NextToken?: string } = { Events: page.events.map((e) => eventOf(e.record)) };
      if (page.next) out.NextToken = sealToken(deps.store.sealer, accountId, region, page.next, digest);
      return out;
    },
  };
}
