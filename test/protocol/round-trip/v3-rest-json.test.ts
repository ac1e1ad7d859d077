import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import * as guardduty from '@aws-sdk/client-guardduty';
import * as inspector2 from '@aws-sdk/client-inspector2';
import { formatReport, roundTrip, type ClientAdapter } from './round-trip-driver.js';
import { v2Adapter } from './v2-adapter.js';
import { v3Adapter } from './v3-adapter.js';

const CASES: [string, (url: string) => ClientAdapter, string][] = [
  ['guardduty', v3Adapter(guardduty as Record<string, unknown>, 'GuardDutyClient'), 'v3'],
  ['inspector2', v3Adapter(inspector2 as Record<string, unknown>, 'Inspector2Client'), 'v3'],
  // No @aws-sdk/client-artifact in the registry: aws-sdk v2's AWS.Artifact instead.
  ['artifact', v2Adapter('Artifact', JSON.parse(readFileSync('models/artifact.json', 'utf8'))), 'aws-sdk v2 (our model)'],
];

describe('round trip through SDK clients: restJson1', () => {
  for (const [name, adapter, sdk] of CASES) {
    it(`${name}: every operation and modelled error`, async () => {
      const r = await roundTrip({ name, errorHeaderFieldsUnread: sdk.startsWith('aws-sdk v2') }, adapter);
      console.log(formatReport(r, sdk));
      assert.deepEqual(r.failures, []);
      assert.equal(r.roundTripped + r.modelOnly.length + r.skipped.length, r.operations);
    });
  }
});
