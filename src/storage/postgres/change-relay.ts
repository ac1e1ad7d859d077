/**
 * Cross-node change relay: a dedicated connection LISTENs on the schema's channel and turns other
 * nodes' notifications into ChangeEvents (this node's own, recognized by node id, are skipped:
 * they were already emitted in-process). If the connection drops it reconnects with backoff and
 * then emits a `reset` event, since notifications sent meanwhile are lost.
 */
import pg from 'pg';
import type { Client, Notification } from 'pg';
import { RESET_EVENT } from '../change-hub.js';
import { decodeScope } from '../scope-codec.js';
import type { ChangeEvent } from '../types.js';

interface Payload {
  n?: unknown;
  o?: unknown;
  t?: unknown;
  s?: unknown;
  k?: unknown;
}

/** Parses a notification payload; undefined when it is not ours or malformed. */
export function parseChangePayload(text: string | undefined, ownNodeId: string): ChangeEvent | undefined {
  if (text === undefined) return undefined;
  let p: Payload;
  try {
    p = JSON.parse(text) as Payload;
  } catch {
    return undefined;
  }
  if (p.n === ownNodeId) return undefined;
  if (p.o === 'reset') return RESET_EVENT;
  if ((p.o !== 'put' && p.o !== 'delete') || typeof p.t !== 'string' || typeof p.k !== 'string') return undefined;
  if (!Array.isArray(p.s) || p.s.length !== 3 || !p.s.every((x) => typeof x === 'string')) return undefined;
  const [kind, accountId, region] = p.s as [string, string, string];
  try {
    return { table: p.t, scope: decodeScope(kind, accountId, region), key: p.k, op: p.o };
  } catch {
    return undefined;
  }
}

/** The LISTEN side of the relay. */
export class ChangeRelay {
  private client: Client | undefined;
  private stopped = false;
  private retryMs = 100;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly url: string,
    private readonly channel: string,
    private readonly nodeId: string,
    private readonly deliver: (e: ChangeEvent) => void,
  ) {}

  /** Connects and LISTENs; rejects if the first connection fails. */
  async start(): Promise<void> {
    await this.connect();
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.url, application_name: 'rampart-change-relay' });
    let lost = false;
    const onLost = (): void => {
      if (lost) return;
      lost = true;
      client.end().catch(() => undefined);
      if (this.client === client) this.client = undefined;
      this.scheduleReconnect();
    };
    client.on('error', onLost);
    client.on('end', onLost);
    client.on('notification', (msg: Notification) => {
      if (msg.channel !== this.channel) return;
      const e = parseChangePayload(msg.payload, this.nodeId);
      if (e !== undefined) this.deliver(e);
    });
    try {
      await client.connect();
      await client.query(`LISTEN "${this.channel}"`);
    } catch (e) {
      lost = true;
      await client.end().catch(() => undefined);
      throw e;
    }
    if (this.stopped) {
      lost = true;
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    this.retryMs = 100;
  }

  private scheduleReconnect(): void {
    if (this.stopped || this.timer !== undefined) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.connect().then(
        () => {
          if (!this.stopped) this.deliver(RESET_EVENT);
        },
        () => {
          this.retryMs = Math.min(this.retryMs * 2, 5000);
          this.scheduleReconnect();
        },
      );
    }, this.retryMs);
    this.timer.unref();
  }

  /** Stops listening for good. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    const c = this.client;
    this.client = undefined;
    if (c !== undefined) await c.end().catch(() => undefined);
  }
}
