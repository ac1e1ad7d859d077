import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as cloudtrail from '@aws-sdk/client-cloudtrail';
import * as eventbridge from '@aws-sdk/client-eventbridge';
import * as kms from '@aws-sdk/client-kms';
import * as organizations from '@aws-sdk/client-organizations';
import * as shield from '@aws-sdk/client-shield';
import * as wafv2 from '@aws-sdk/client-wafv2';
import { formatReport, roundTrip } from './round-trip-driver.js';
import { v3Adapter } from './v3-adapter.js';

const CASES: [string, Record<string, unknown>, string][] = [
  ['kms', kms, 'KMSClient'],
  ['organizations', organizations, 'OrganizationsClient'],
  ['wafv2', wafv2, 'WAFV2Client'],
  ['shield', shield, 'ShieldClient'],
  ['cloudtrail', cloudtrail, 'CloudTrailClient'],
  ['events', eventbridge, 'EventBridgeClient'],
];

/** EventBridge `PutEvents.EndpointId` is an endpoint context parameter: set, the client goes to `<id>.endpoint.events.amazonaws.com`. */
function fixCase(operation: string, input: Record<string, unknown>): void {
  if (operation === 'PutEvents') delete input['EndpointId'];
}

describe('round trip through @aws-sdk v3 clients: awsJson 1.1', () => {
  for (const [name, mod, client] of CASES) {
    it(`${name}: every operation and modelled error`, async () => {
      const r = await roundTrip({ name, fixCase }, v3Adapter(mod, client));
      console.log(formatReport(r, 'v3'));
      assert.deepEqual(r.failures, []);
      assert.equal(r.roundTripped + r.modelOnly.length + r.skipped.length, r.operations);
    });
  }
});
