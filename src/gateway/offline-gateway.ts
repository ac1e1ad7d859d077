/**
 * The gateway composed for an operator command that works on a data dir, beside a running server
 * or without one (`rampart audit verify` reads a trail's bucket through it): every service and
 * authorization over an open store, as `rampart start` composes them (compose.ts), but no HTTP, no
 * background work (schedulers, metering) and no CloudTrail recording: its calls go through the
 * internal client only. The store must hold an installation (`rampart start` ran once).
 */
import { readBootstrap } from '../authz/bootstrap-account.js';
import type { InternalClient } from '../protocol/service-definition.js';
import type { AuditSink } from '../shared/audit-event.js';
import { systemClock, type Clock } from '../shared/clock.js';
import type { Store } from '../storage/types.js';
import { composeGateway } from './compose.js';

export interface OfflineGatewayOptions {
  readonly store: Store;
  /** The server's data dir (S3 object bodies are under `<dataDir>/s3`, with PostgreSQL too). */
  readonly dataDir: string;
  readonly log?: (msg: string, err?: unknown) => void;
  readonly clock?: Clock;
}

export interface OfflineGateway {
  /** Calls a service's operation, authorized as the `OnBehalfOf` given. */
  readonly internal: InternalClient;
  readonly clock: Clock;
  /** Stops what the services started (nothing is started; for symmetry with the runtime). */
  close(): Promise<void>;
}

const NO_AUDIT: AuditSink = { record: () => undefined };

/** Composes the gateway over `store` for an operator command. */
export async function composeOfflineGateway(o: OfflineGatewayOptions): Promise<OfflineGateway> {
  const boot = await readBootstrap(o.store);
  if (!boot) throw new Error(`No account yet in this data store: run 'rampart start' first.`);
  const clock = o.clock ?? systemClock;
  const log = o.log ?? ((msg: string, err?: unknown) => console.error(`[rampart] ${msg}`, err instanceof Error ? err.message : (err ?? '')));
  const gateway = composeGateway({ store: o.store, account: { ...boot, created: false }, audit: NO_AUDIT, log, dataDir: o.dataDir, metering: false, clock });
  return { internal: gateway.internal, clock, close: () => gateway.stopServices() };
}
