/**
 * Handshake records and their rules: OPEN for 15 days (EXPIRED after, computed when read), then
 * ACCEPTED, DECLINED or CANCELED once. Stored globally by id; an index per party account lets an
 * invited account list its handshakes.
 *   organizations.handshakes        `<handshakeId>`               HandshakeRecord
 *   organizations.account-handshakes `<accountId>|<handshakeId>`  { id }
 */
import { AwsError } from '../../shared/aws-error.js';
import { Table } from '../../storage/table.js';
import type { StoreOps } from '../../storage/types.js';
import type { ActionType, Handshake, HandshakeParty, HandshakeResource, HandshakeState } from './api.generated.js';
import { GLOBAL } from './store.js';

export const HANDSHAKE_TABLES = { handshakes: 'organizations.handshakes', accountHandshakes: 'organizations.account-handshakes' } as const;

/** "Handshakes that are OPEN ... expire after 15 days" (invitations). */
export const HANDSHAKE_DAYS = 15;

export interface HandshakeRecord {
  readonly id: string;
  readonly arn: string;
  readonly orgId: string;
  readonly action: ActionType;
  readonly parties: readonly HandshakeParty[];
  readonly resources: readonly HandshakeResource[];
  readonly state: HandshakeState;
  readonly requestedAt: number;
  readonly expiresAt: number;
  /** The account that may accept or decline (the invited one; the management account for ENABLE_ALL_FEATURES). */
  readonly recipient?: string;
  /** The email an invitation by email was sent to (lower case). */
  readonly recipientEmail?: string;
  /** ENABLE_ALL_FEATURES: its APPROVE_ALL_FEATURES children. */
  readonly parentId?: string;
}

export const handshakes = new Table<HandshakeRecord>(HANDSHAKE_TABLES.handshakes);
export const accountHandshakes = new Table<{ id: string }>(HANDSHAKE_TABLES.accountHandshakes);

const named = (code: string, message: string) => new AwsError({ code, message, httpStatus: 400, senderFault: true });
export const handshakeNotFound = () => named('HandshakeNotFoundException', "We can't find a handshake with the HandshakeId that you specified.");
export const invalidTransition = () => named('InvalidHandshakeTransitionException', "You can't perform the operation on the handshake in its current state.");
export const alreadyInState = (state: string) => named('HandshakeAlreadyInStateException', `The specified handshake is already in the requested state: ${state}.`);
export const handshakeConstraint = (reason: string, message: string) =>
  new AwsError({ code: 'HandshakeConstraintViolationException', message, httpStatus: 400, senderFault: true, fields: { Reason: reason } });
export const duplicateHandshake = () => named('DuplicateHandshakeException', 'A handshake with the same action and target already exists.');

/** The state as of `now` (an OPEN handshake past its expiry is EXPIRED). */
export function stateAt(h: HandshakeRecord, now: number): HandshakeState {
  return h.state === 'OPEN' && now >= h.expiresAt ? 'EXPIRED' : h.state;
}

export function handshakeView(h: HandshakeRecord, now: number): Handshake {
  return {
    Id: h.id,
    Arn: h.arn,
    Parties: h.parties.map((p) => ({ ...p })),
    State: stateAt(h, now),
    RequestedTimestamp: new Date(h.requestedAt),
    ExpirationTimestamp: new Date(h.expiresAt),
    Action: h.action,
    Resources: h.resources.map((r) => ({ ...r })),
  };
}

export async function putHandshake(ops: StoreOps, h: HandshakeRecord): Promise<void> {
  await handshakes.put(ops, GLOBAL, h.id, h);
  if (h.recipient) await accountHandshakes.put(ops, GLOBAL, `${h.recipient}|${h.id}`, { id: h.id });
}

export async function requireHandshake(ops: StoreOps, id: string): Promise<HandshakeRecord> {
  const h = await handshakes.get(ops, GLOBAL, id);
  if (!h) throw handshakeNotFound();
  return h;
}

/** Moves an OPEN handshake to `to` (errors as AWS: already there, or not OPEN any more). */
export function transition(h: HandshakeRecord, to: HandshakeState, now: number): HandshakeRecord {
  const state = stateAt(h, now);
  if (state === to) throw alreadyInState(to);
  if (state !== 'OPEN') throw invalidTransition();
  return { ...h, state: to };
}

/** The handshakes addressed to `accountId`. */
export async function handshakesFor(ops: StoreOps, accountId: string): Promise<HandshakeRecord[]> {
  const out: HandshakeRecord[] = [];
  for (const row of await accountHandshakes.list(ops, GLOBAL, { prefix: `${accountId}|` })) {
    const h = await handshakes.get(ops, GLOBAL, row.value.id);
    if (h) out.push(h);
  }
  return out;
}
