/** What the KMS end-to-end tests share: an SDK client for a test server, and the KMS error a call fails with. */
import { KMSClient, KMSServiceException } from '@aws-sdk/client-kms';
import type { TestServer } from '../helpers/rampart.js';
import type { Creds } from './authz-support.js';

/** A KMS client for `s` (no retries). */
export const kmsClient = (s: TestServer, creds: Creds = s.credentials, region = 'us-east-1') => new KMSClient({ endpoint: s.url, region, credentials: creds, maxAttempts: 1 });

/** The KMS error `p` fails with (a success or any other error fails the test). */
export async function kmsFailure(p: Promise<unknown>): Promise<KMSServiceException> {
  const e = await p.then(() => undefined, (x: unknown) => x);
  if (!(e instanceof KMSServiceException)) throw new Error(`expected a KMS error, got ${e === undefined ? 'success' : String(e)}`);
  return e;
}
