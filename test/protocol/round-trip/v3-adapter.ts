import type { ClientAdapter } from './round-trip-driver.js';

type Ctor = new (...args: unknown[]) => unknown;
interface V3Client {
  send(cmd: unknown): Promise<Record<string, unknown>>;
  destroy(): void;
}

/** Static fake credentials: the test gateway does not authenticate. */
export const FAKE_CREDENTIALS = { accessKeyId: 'AKIDROUNDTRIP0000000', secretAccessKey: 'roundtrip-secret' };

async function readStreams(out: Record<string, unknown>): Promise<Record<string, unknown>> {
  const { $metadata: _m, ...rest } = out;
  for (const [k, v] of Object.entries(rest)) {
    if (v && typeof v === 'object' && typeof (v as { transformToByteArray?: unknown }).transformToByteArray === 'function') {
      rest[k] = await (v as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray();
    } else if (v && typeof v === 'object' && Symbol.asyncIterator in v) {
      // Event streams: the decoded events, in order.
      const events: unknown[] = [];
      for await (const e of v as AsyncIterable<unknown>) events.push(e);
      rest[k] = events;
    }
  }
  return rest;
}

/** Wraps an `@aws-sdk/client-*` module: one client (keep-alive) for the whole run. */
export function v3Adapter(mod: Record<string, unknown>, clientName: string, config: Record<string, unknown> = {}): (url: string) => ClientAdapter {
  return (url) => {
    const Client = mod[clientName] as Ctor;
    const client = new Client({ endpoint: url, region: 'us-east-1', credentials: FAKE_CREDENTIALS, maxAttempts: 1, disableHostPrefix: true, ...config }) as V3Client;
    const operations = new Set(Object.keys(mod).filter((k) => k.endsWith('Command') && k !== 'Command' && !k.startsWith('$')).map((k) => k.slice(0, -'Command'.length)));
    return {
      operations,
      async send(operation, input) {
        const Cmd = mod[`${operation}Command`] as Ctor;
        return readStreams(await client.send(new Cmd(input)));
      },
      errorName: (e) => (e as { name?: string }).name,
      close: () => client.destroy(),
    };
  };
}
