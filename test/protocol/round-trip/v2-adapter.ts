import AWS from 'aws-sdk';
import type { ClientAdapter } from './round-trip-driver.js';
import { FAKE_CREDENTIALS } from './v3-adapter.js';

type V2Client = Record<string, (input: unknown) => { promise(): Promise<Record<string, unknown>> }>;

/**
 * Wraps an `aws-sdk` v2 client (Artifact has no v3 client in the registry). With `apiConfig`
 * the client is built from our model (v2's own Artifact model predates two operations); the
 * serialization code is still the SDK's.
 */
export function v2Adapter(clientName: string, apiConfig?: unknown): (url: string) => ClientAdapter {
  return (url) => {
    const Ctor = (AWS as unknown as Record<string, new (cfg: unknown) => unknown>)[clientName]!;
    const client = new Ctor({ endpoint: url, region: 'us-east-1', credentials: FAKE_CREDENTIALS, maxRetries: 0, ...(apiConfig ? { apiConfig } : {}) }) as unknown as V2Client & { api: { operations: Record<string, { name: string }> } };
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
