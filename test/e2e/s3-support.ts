/** What the S3 end-to-end tests share: a path-style SDK client for a test server, and the S3 error a call fails with. */
import { request } from 'node:http';
import { S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import type { TestServer } from '../helpers/rampart.js';
import type { Creds } from './authz-support.js';

/** An S3 client for `s` (path-style, no retries). */
export const s3Client = (s: TestServer, creds: Creds = s.credentials, region = 'us-east-1') => new S3Client({ endpoint: s.url, region, credentials: creds, forcePathStyle: true, maxAttempts: 1 });

/** The S3 error `p` fails with (fails the test when it succeeds or throws something else). */
export async function s3Failure(p: Promise<unknown>): Promise<S3ServiceException> {
  const e = await p.then(() => undefined, (x: unknown) => x);
  if (!(e instanceof S3ServiceException)) throw new Error(`expected an S3 error, got ${e === undefined ? 'success' : String(e)}`);
  return e;
}

/** The status of an unsigned GET of `path` (the anonymous principal, as a browser sends it) at the S3 host of `port`. */
export function anonymousGetStatus(port: number, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'GET', headers: { host: `s3.localhost:${port}` } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end();
  });
}
