/**
 * The event log on PostgreSQL: tables `cloudtrail_events` and `cloudtrail_event_attrs` in the
 * installation's schema, its own small pool. Each group commit takes the events table's lock for
 * its transaction, so that sequence numbers follow commit order across nodes (delivery reads
 * `after(seq)` and must never find a gap filled later).
 */
import pg from 'pg';
import { quoteSchema } from '../postgres/pg-names.js';
import { runPgTransaction, type TrackedClient, type TxRunOptions } from '../postgres/pg-transaction.js';
import { GroupCommit } from './group-commit.js';
import { EVENT_COLUMNS, KEY_CODE, checkedAppend, indexedAttributes, lookupWindow, page, type EventEntry, type EventLog, type EventPage, type EventQuery, type StoredEvent } from './event-log.js';

export interface PostgresEventLogOptions {
  readonly url: string;
  readonly schema: string;
  /** Default 4. */
  readonly poolSize?: number;
}

interface Row {
  seq: string;
  event_id: string;
  account: string;
  region: string;
  event_time: string;
  record: string;
}

const toEvent = (r: Row): StoredEvent => ({ seq: Number(r.seq), eventId: r.event_id, eventTime: Number(r.event_time), accountId: r.account, region: r.region, record: r.record });
const COLS = EVENT_COLUMNS;

/** Opens the event log in `schema` (created if missing), creating its tables. */
export async function openPostgresEventLog(opts: PostgresEventLogOptions): Promise<EventLog> {
  const s = quoteSchema(opts.schema);
  const pool = new pg.Pool({ connectionString: opts.url, max: opts.poolSize ?? 4, application_name: 'rampart-events' });
  pool.on('error', (err) => process.emitWarning(`event log: idle PostgreSQL connection failed: ${err.message}`, 'RampartStorageWarning'));
  try {
    await runPgTransaction(pool, ONCE, async (c) => {
      // Two nodes starting together: one creates, the other waits (hashtext of the schema as the lock).
      await run(c, 'SELECT pg_advisory_xact_lock(hashtext($1))', [`rampart-events:${opts.schema}`]);
      await run(c, `CREATE SCHEMA IF NOT EXISTS ${s}`);
      await run(c, `CREATE TABLE IF NOT EXISTS ${s}.cloudtrail_events (
        seq BIGSERIAL PRIMARY KEY, event_id TEXT NOT NULL UNIQUE, account TEXT NOT NULL, region TEXT NOT NULL,
        event_time BIGINT NOT NULL, mgmt BOOLEAN NOT NULL, record TEXT NOT NULL)`);
      await run(c, `CREATE INDEX IF NOT EXISTS cloudtrail_events_by_time ON ${s}.cloudtrail_events (account, region, mgmt, event_time, seq)`);
      await run(c, `CREATE INDEX IF NOT EXISTS cloudtrail_events_by_seq ON ${s}.cloudtrail_events (account, region, seq)`);
      await run(c, `CREATE INDEX IF NOT EXISTS cloudtrail_events_by_age ON ${s}.cloudtrail_events (event_time)`);
      await run(c, `CREATE TABLE IF NOT EXISTS ${s}.cloudtrail_event_attrs (
        seq BIGINT NOT NULL, k SMALLINT NOT NULL, v TEXT NOT NULL, account TEXT NOT NULL, region TEXT NOT NULL,
        event_time BIGINT NOT NULL, PRIMARY KEY (seq, k, v))`);
      await run(c, `CREATE INDEX IF NOT EXISTS cloudtrail_event_attrs_lookup ON ${s}.cloudtrail_event_attrs (account, region, k, v, event_time, seq)`);
    });
    return new PostgresEventLog(pool, s);
  } catch (e) {
    await pool.end().catch(() => undefined);
    throw e;
  }
}

/** A query on a transaction's client, with values and typed rows. */
const run = <R extends pg.QueryResultRow = pg.QueryResultRow>(c: TrackedClient, text: string, values?: unknown[]): Promise<pg.QueryResult<R>> =>
  c.query(values ? { text, values } : { text }) as Promise<pg.QueryResult<R>>;

/** Each write once, at PostgreSQL's default isolation (appends serialize on the table lock). */
const ONCE: TxRunOptions = { isolation: 'READ COMMITTED', maxAttempts: 1 };

class PostgresEventLog implements EventLog {
  readonly backend = 'postgres' as const;
  private closed = false;
  private readonly group: GroupCommit<EventEntry>;

  constructor(
    private readonly pool: pg.Pool,
    private readonly s: string,
  ) {
    this.group = new GroupCommit((entries) => this.write(entries));
  }

  private async write(entries: readonly EventEntry[]): Promise<void> {
    await runPgTransaction(this.pool, ONCE, async (c) => {
      await run(c, `LOCK TABLE ${this.s}.cloudtrail_events IN EXCLUSIVE MODE`);
      const ins = await run<{ seq: string; event_id: string }>(c, 
        `INSERT INTO ${this.s}.cloudtrail_events (event_id, account, region, event_time, mgmt, record)
         SELECT a, b, c, d, f, e FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::text[], $6::boolean[]) WITH ORDINALITY AS t(a, b, c, d, e, f, n) ORDER BY n
         RETURNING seq, event_id`,
        [entries.map((e) => e.eventId), entries.map((e) => e.accountId), entries.map((e) => e.region), entries.map((e) => e.eventTime), entries.map((e) => e.record), entries.map((e) => e.management !== false)],
      );
      const seqOf = new Map(ins.rows.map((r) => [r.event_id, r.seq]));
      const cols: [string[], number[], string[], string[], string[], number[]] = [[], [], [], [], [], []];
      entries.forEach((e) => {
        if (e.management !== false)
          for (const [k, v] of indexedAttributes(e)) {
          cols[0].push(seqOf.get(e.eventId)!);
          cols[1].push(k);
          cols[2].push(v);
          cols[3].push(e.accountId);
          cols[4].push(e.region);
          cols[5].push(e.eventTime);
        }
      });
      if (cols[0].length > 0) {
        await run(c, 
          `INSERT INTO ${this.s}.cloudtrail_event_attrs (seq, k, v, account, region, event_time)
           SELECT * FROM unnest($1::bigint[], $2::smallint[], $3::text[], $4::text[], $5::text[], $6::bigint[]) ON CONFLICT DO NOTHING`,
          cols,
        );
      }
    });
  }

  append(entries: readonly EventEntry[]): Promise<void> {
    return checkedAppend(this.closed, entries, (e) => this.group.add(e));
  }

  async lookup(q: EventQuery): Promise<EventPage> {
    const { limit, endTime, endSeq } = lookupWindow(q);
    let rows: Row[];
    if (q.attribute?.key === 'EventId') {
      rows = (
        await this.pool.query<Row>(
          `SELECT ${COLS} FROM ${this.s}.cloudtrail_events e WHERE e.event_id = $1 AND e.account = $2 AND e.region = $3 AND e.mgmt = true AND e.event_time >= $4 AND (e.event_time, e.seq) < ($5, $6)`,
          [q.attribute.value, q.accountId, q.region, q.startTime, endTime, endSeq],
        )
      ).rows;
    } else if (q.attribute) {
      rows = (
        await this.pool.query<Row>(
          `SELECT ${COLS} FROM ${this.s}.cloudtrail_event_attrs a JOIN ${this.s}.cloudtrail_events e ON e.seq = a.seq
           WHERE a.account = $1 AND a.region = $2 AND a.k = $3 AND a.v = $4 AND a.event_time >= $5 AND (a.event_time, a.seq) < ($6, $7)
           ORDER BY a.event_time DESC, a.seq DESC LIMIT $8`,
          [q.accountId, q.region, KEY_CODE[q.attribute.key], q.attribute.value, q.startTime, endTime, endSeq, limit + 1],
        )
      ).rows;
    } else {
      rows = (
        await this.pool.query<Row>(
          `SELECT ${COLS} FROM ${this.s}.cloudtrail_events e WHERE e.account = $1 AND e.region = $2 AND e.mgmt = true AND e.event_time >= $3 AND (e.event_time, e.seq) < ($4, $5)
           ORDER BY e.event_time DESC, e.seq DESC LIMIT $6`,
          [q.accountId, q.region, q.startTime, endTime, endSeq, limit + 1],
        )
      ).rows;
    }
    return page(rows.map(toEvent), limit);
  }

  async after(accountId: string, region: string, afterSeq: number, limit: number): Promise<StoredEvent[]> {
    const r = await this.pool.query<Row>(`SELECT ${COLS} FROM ${this.s}.cloudtrail_events e WHERE e.account = $1 AND e.region = $2 AND e.seq > $3 ORDER BY e.seq LIMIT $4`, [accountId, region, afterSeq, Math.max(1, Math.floor(limit))]);
    return r.rows.map(toEvent);
  }

  async count(accountId?: string, region?: string): Promise<number> {
    const where = accountId === undefined ? '' : region === undefined ? ' WHERE account = $1' : ' WHERE account = $1 AND region = $2';
    const args = [accountId, region].filter((a) => a !== undefined);
    const r = await this.pool.query<{ n: string }>(`SELECT count(*) AS n FROM ${this.s}.cloudtrail_events${where}`, args);
    return Number(r.rows[0]!.n);
  }

  deleteOlderThan(cutoff: number, batch: number): Promise<number> {
    return runPgTransaction(this.pool, ONCE, async (c) => {
      const r = await run<{ seq: string }>(c, 
        `DELETE FROM ${this.s}.cloudtrail_events WHERE seq IN (SELECT seq FROM ${this.s}.cloudtrail_events WHERE event_time < $1 ORDER BY event_time LIMIT $2) RETURNING seq`,
        [cutoff, Math.max(1, Math.floor(batch))],
      );
      if (r.rows.length > 0) await run(c, `DELETE FROM ${this.s}.cloudtrail_event_attrs WHERE seq = ANY($1::bigint[])`, [r.rows.map((x) => x.seq)]);
      return r.rows.length;
    });
  }

  sweepIndex(): Promise<boolean> {
    // Index rows are deleted with their events (deleteOlderThan).
    return Promise.resolve(true);
  }

  async clear(): Promise<void> {
    await this.pool.query(`TRUNCATE ${this.s}.cloudtrail_event_attrs, ${this.s}.cloudtrail_events`);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.group.drain();
    await this.pool.end();
  }
}
