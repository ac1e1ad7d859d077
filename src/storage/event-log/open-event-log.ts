/** Opens the event log beside the item store, on the same backend. */
import type { OpenStoreOptions } from '../open-store.js';
import { DEFAULT_PG_SCHEMA } from '../postgres/pg-names.js';
import type { EventLog } from './event-log.js';

/** The event log of the installation whose item store `options` opens. */
export async function openEventLog(options: OpenStoreOptions): Promise<EventLog> {
  if (options.kind === 'sqlite') return (await import('./sqlite-event-log.js')).openSqliteEventLog({ dataDir: options.dataDir, ...(options.synchronous ? { synchronous: options.synchronous } : {}) });
  return (await import('./postgres-event-log.js')).openPostgresEventLog({ url: options.url, schema: options.schema ?? DEFAULT_PG_SCHEMA });
}
