import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as iam from '@aws-sdk/client-iam';
import * as sts from '@aws-sdk/client-sts';
import { formatReport, roundTrip } from './round-trip-driver.js';
import { v3Adapter } from './v3-adapter.js';

describe('round trip through @aws-sdk v3 clients: awsQuery', () => {
  for (const [name, mod, client] of [['sts', sts, 'STSClient'], ['iam', iam, 'IAMClient']] as const) {
    it(`${name}: every operation and modelled error`, async () => {
      const r = await roundTrip({ name }, v3Adapter(mod as Record<string, unknown>, client));
      console.log(formatReport(r, 'v3'));
      assert.deepEqual(r.failures, []);
      assert.equal(r.roundTripped + r.modelOnly.length + r.skipped.length, r.operations);
    });
  }
});
