import assert from 'node:assert/strict';
import { IAMServiceException } from '@aws-sdk/client-iam';

/** The IAM service exception a command fails with (fails the test when it succeeds or fails otherwise). */
export async function failure(p: Promise<unknown>): Promise<IAMServiceException> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  assert.ok(e instanceof IAMServiceException, `expected an IAM error, got ${String(e)}`);
  return e;
}
