/**
 * What the deliverer keeps in the store per trail and source region, so that a restart (or another
 * node taking the lease over) continues where delivery stopped and continues the digest chain:
 * the event cursor, when the last log file and digest were written, the log files delivered since
 * the last digest (one row each) and the link to the last digest.
 */
import { Table } from '../../storage/table.js';
import type { Scope, StoreOps } from '../../storage/types.js';
import type { DigestLink, DigestLogFile } from './digest.js';
import { sourceAccountOf, type TrailLocation } from './names.js';

export const DELIVERY_STATE_TABLE = 'cloudtrail.delivery-state';
export const DELIVERY_PENDING_TABLE = 'cloudtrail.delivery-pending';
export const DELIVERY_LEASE_TABLE = 'cloudtrail.delivery-lease';

export interface DeliveryState {
  readonly accountId: string;
  readonly region: string;
  readonly homeRegion: string;
  readonly trailName: string;
  readonly bucket: string;
  readonly prefix: string | null;
  /** An organization trail's organization and the member account delivered (absent for an account's own trail). */
  readonly organizationId?: string;
  readonly sourceAccountId?: string;
  /** The source cursor after the last delivered record. */
  readonly cursor: number;
  /** Epoch ms of the last log file pass. */
  readonly lastLogAt: number;
  /** Epoch ms: the start of the current digest period (the end of the last digest). */
  readonly digestStart: number;
  /** Number of pending log files written so far (the next pending row's sequence). */
  readonly pendingSeq: number;
  readonly lastDigest: DigestLink | null;
}

const GLOBAL: Scope = { kind: 'global' };
export const states = new Table<DeliveryState>(DELIVERY_STATE_TABLE);
const pending = new Table<DigestLogFile>(DELIVERY_PENDING_TABLE);

/**
 * The state row's key: account, source region, trail name (none contains `/`); for an organization
 * trail, `@` and the account delivered (`@` is in no trail name, and account ids have one length, so
 * no key is a prefix of another's pending rows).
 */
export const stateKey = (loc: Pick<TrailLocation, 'accountId' | 'region' | 'trailName' | 'organizationId' | 'sourceAccountId'>): string =>
  `${loc.accountId}/${loc.region}/${loc.trailName}${loc.organizationId ? `@${sourceAccountOf(loc)}` : ''}`;
const pendingKey = (state: string, seq: number): string => `${state}/${String(seq).padStart(12, '0')}`;

export const getState = (ops: StoreOps, loc: TrailLocation): Promise<DeliveryState | undefined> => states.get(ops, GLOBAL, stateKey(loc));
export const putState = (ops: StoreOps, s: DeliveryState): Promise<void> => states.put(ops, GLOBAL, stateKey(s), s);

/** Every delivery state (the CLI finds a trail's bucket and last digest here). */
export async function listStates(ops: StoreOps): Promise<DeliveryState[]> {
  return (await states.list(ops, GLOBAL)).map((r) => r.value);
}

export const addPending = (ops: StoreOps, s: DeliveryState, entry: DigestLogFile): Promise<void> => pending.put(ops, GLOBAL, pendingKey(stateKey(s), s.pendingSeq), entry, { ifAbsent: true });

export async function listPending(ops: StoreOps, s: DeliveryState): Promise<DigestLogFile[]> {
  return (await pending.list(ops, GLOBAL, { prefix: `${stateKey(s)}/` })).map((r) => r.value);
}

export async function clearPending(ops: StoreOps, s: DeliveryState): Promise<void> {
  await pending.deletePrefix(ops, GLOBAL, `${stateKey(s)}/`);
}

/** The location a state delivers to. */
export const locationOf = (s: DeliveryState): TrailLocation => ({
  accountId: s.accountId,
  region: s.region,
  homeRegion: s.homeRegion,
  trailName: s.trailName,
  bucket: s.bucket,
  ...(s.prefix ? { prefix: s.prefix } : {}),
  ...(s.organizationId ? { organizationId: s.organizationId } : {}),
  ...(s.sourceAccountId ? { sourceAccountId: s.sourceAccountId } : {}),
});
