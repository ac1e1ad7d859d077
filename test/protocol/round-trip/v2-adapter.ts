import AWS from 'aws-sdk';
import type { ClientAdapter } from './round-trip-driver.js';
import { FAKE_CREDENTIALS } from './v3-adapter.js';

type V2Client = Record<string, (input: unknown) => { promise(): Promise<Record<string, unknown>> }>;

/**
 * Wraps an `aws-sdk` v2 client (Artifact has no v3 client in the registry; S3's deprecated
 * operations are not in the v3 client). With `apiConfig` the client is built from our model
 * (v2's own Artifact model predates two operations); the serialization code is still the SDK's.
 * `config` adds client options (S3: `s3ForcePathStyle`).
 */
export function v2Adapter(clientName: string, apiConfig?: unknown, config: Record<string, unknown> = {}): (url: string) => ClientAdapter {
  return (url) => {
    const Ctor = (AWS as unknown as Record<string, new (cfg: unknown) => unknown>)[clientName]!;
    const client = new Ctor({ endpoint: url, region: 'us-east-1', credentials: FAKE_CREDENTIALS, maxRetries: 0, ...(apiConfig ? { apiConfig } : {}), ...config }) as unknown as V2Client & { api: { operations: Record<string, { name: string }> } };
    const operations = new Set(Object.values(client.api.operations).map((o) => o.name));
    return {
      operations,
      async send(operation, input) {
        const method = operation.charAt(0).toLowerCase() + operation.slice(1);
        const out = await client[method]!(input).promise();
        const { $response: _r, ...rest } = out as Record<string, unknown>;
        return rest;
      },
      errorName: (e) => (e as { code?: string }).code,
      close: () => undefined,
    };
  };
}

/** `primary` for every operation it knows, `secondary` for `secondaryOps` (operations `primary` does not have). */
export function withFallback(primary: (url: string) => ClientAdapter, secondary: (url: string) => ClientAdapter, secondaryOps: readonly string[]): (url: string) => ClientAdapter {
  return (url) => {
    const a = primary(url);
    const b = secondary(url);
    const fallback = new Set(secondaryOps.filter((o) => !a.operations.has(o) && b.operations.has(o)));
    return {
      operations: new Set([...a.operations, ...fallback]),
      send: (operation, input) => (fallback.has(operation) ? b.send(operation, input) : a.send(operation, input)),
      errorName: (e) => a.errorName(e) ?? b.errorName(e),
      close: () => {
        a.close();
        b.close();
      },
    };
  };
}
