/**
 * The audit event store (CloudTrail's event history): an append-only log of records, one per API
 * request, in real indexed tables (not the JSON item store), with lookups by one attribute and a
 * time range, newest first, and an ordered read per account and region after a sequence number
 * (log-file delivery). Implemented on SQLite (`<dataDir>/events.db`, its own file and WAL) and on
 * PostgreSQL (tables `cloudtrail_events` and `cloudtrail_event_attrs` of the store's schema).
 */

/** The attributes LookupEvents searches by (`LookupAttributeKey` without the underscores). */
export const LOOKUP_KEYS = ['EventId', 'EventName', 'ReadOnly', 'Username', 'ResourceType', 'ResourceName', 'EventSource', 'AccessKeyId'] as const;
export type LookupKey = (typeof LOOKUP_KEYS)[number];

/** One event to append: where it belongs, when, its search attributes and the record itself. */
export interface EventEntry {
  /** A UUID, unique in the log. */
  readonly eventId: string;
  /** Epoch ms of the event. */
  readonly eventTime: number;
  /** The account whose event history holds it (`recipientAccountId`). */
  readonly accountId: string;
  readonly region: string;
  /** Search attributes other than EventId (which is the row's own). Empty values are not indexed. */
  readonly attributes: readonly (readonly [Exclude<LookupKey, 'EventId'>, string])[];
  /** The CloudTrail record, as JSON text. */
  readonly record: string;
  /**
   * False for data events (S3 object-level calls): kept for delivery (`after`), never found by
   * `lookup` (the event history holds management events only). Default true.
   */
  readonly management?: boolean;
}

/** An event as read back. */
export interface StoredEvent {
  /** Position in the log: increasing in commit order on one installation. */
  readonly seq: number;
  readonly eventId: string;
  readonly eventTime: number;
  readonly accountId: string;
  readonly region: string;
  readonly record: string;
}

/** Where a newest-first page stopped: the next page holds events strictly before it. */
export interface EventCursor {
  readonly eventTime: number;
  readonly seq: number;
}

export interface EventQuery {
  readonly accountId: string;
  readonly region: string;
  /** At most one attribute (as LookupEvents). */
  readonly attribute?: { readonly key: LookupKey; readonly value: string };
  /** Inclusive bounds, epoch ms. */
  readonly startTime: number;
  readonly endTime: number;
  /** Page size, 1..1000. */
  readonly limit: number;
  readonly before?: EventCursor;
}

export interface EventPage {
  /** Newest first (event time, then sequence). */
  readonly events: readonly StoredEvent[];
  /** Present when more events may follow. */
  readonly next?: EventCursor;
}

export interface EventLog {
  readonly backend: 'sqlite' | 'postgres';
  /**
   * Appends entries; resolves once they are committed (durable as the backend's commits are).
   * Calls made together share one transaction (group commit). Rejects with a RangeError for a
   * malformed entry (nothing of the batch written) and never partially commits one call.
   */
  append(entries: readonly EventEntry[]): Promise<void>;
  lookup(query: EventQuery): Promise<EventPage>;
  /** Events of one account and region with seq > `afterSeq`, in seq order, at most `limit` (delivery). */
  after(accountId: string, region: string, afterSeq: number, limit: number): Promise<StoredEvent[]>;
  /** Number of events (of one account, or one account and region). */
  count(accountId?: string, region?: string): Promise<number>;
  /** Deletes at most `batch` events older than `cutoff` (epoch ms); returns how many. */
  deleteOlderThan(cutoff: number, batch: number): Promise<number>;
  /**
   * Frees the index space of events deleted before `cutoff`, at most `maxKeys` index keys a call;
   * true once done (a backend that deletes index entries with their events is always done).
   */
  sweepIndex(cutoff: number, maxKeys: number): Promise<boolean>;
  /** Deletes every event (reset). */
  clear(): Promise<void>;
  /** Waits for pending appends, then closes. */
  close(): Promise<void>;
}

/** Numeric codes of the attributes in the attribute table (stable on disk). */
export const KEY_CODE: Readonly<Record<Exclude<LookupKey, 'EventId'>, number>> = {
  EventName: 1,
  ReadOnly: 2,
  Username: 3,
  ResourceType: 4,
  ResourceName: 5,
  EventSource: 6,
  AccessKeyId: 7,
};

/** Longest indexed attribute value (longer ones are not indexed: AWS names are far shorter). */
export const MAX_ATTRIBUTE_LENGTH = 2048;

/** Checks an entry before any of its batch is written. */
export function checkEntry(e: EventEntry): void {
  if (typeof e.eventId !== 'string' || e.eventId.length === 0 || e.eventId.length > 128) throw new RangeError('event log: bad eventId');
  if (!Number.isSafeInteger(e.eventTime) || e.eventTime < 0) throw new RangeError('event log: bad eventTime');
  if (!e.accountId || !e.region) throw new RangeError('event log: accountId and region are required');
  if (typeof e.record !== 'string' || e.record.includes('\u0000')) throw new RangeError('event log: bad record');
  for (const [k] of e.attributes) if (!(k in KEY_CODE)) throw new RangeError(`event log: unknown attribute ${String(k)}`);
}

/** The distinct, indexable attributes of an entry as (code, value) pairs. */
export function indexedAttributes(e: EventEntry): [number, string][] {
  const seen = new Set<string>();
  const out: [number, string][] = [];
  for (const [k, v] of e.attributes) {
    if (!v || v.length > MAX_ATTRIBUTE_LENGTH || v.includes('\u0000')) continue;
    const code = KEY_CODE[k];
    const id = `${code}\u0000${v}`;
    if (seen.has(id)) continue;
    seen.add(id);
    out.push([code, v]);
  }
  return out;
}

/** The columns every backend reads of an event row (aliased `e`). */
export const EVENT_COLUMNS = 'e.seq, e.event_id, e.account, e.region, e.event_time, e.record';

/** A page of at most `limit` from `limit + 1` rows read: the extra one says that more follow. */
export function page(events: StoredEvent[], limit: number): EventPage {
  if (events.length <= limit) return { events };
  const kept = events.slice(0, limit);
  const last = kept[kept.length - 1]!;
  return { events: kept, next: { eventTime: last.eventTime, seq: last.seq } };
}

/** What a lookup reads: at most `limit` (+1) events ordered newest first, strictly before (`endTime`, `endSeq`). */
export function lookupWindow(q: EventQuery): { readonly limit: number; readonly endTime: number; readonly endSeq: number } {
  const limit = Math.max(1, Math.min(1000, Math.floor(q.limit)));
  const end = q.before ?? { eventTime: q.endTime, seq: Number.MAX_SAFE_INTEGER };
  return { limit, endTime: Math.min(end.eventTime, q.endTime), endSeq: end.eventTime > q.endTime ? Number.MAX_SAFE_INTEGER : end.seq };
}

/** An append of either backend: refused once closed or for a bad entry, else group-committed by `add`. */
export function checkedAppend(closed: boolean, entries: readonly EventEntry[], add: (entries: readonly EventEntry[]) => Promise<void>): Promise<void> {
  if (closed) return Promise.reject(new Error('event log: closed'));
  try {
    entries.forEach(checkEntry);
  } catch (e) {
    return Promise.reject(e);
  }
  return entries.length === 0 ? Promise.resolve() : add(entries);
}
