import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as ec2 from '@aws-sdk/client-ec2';
import { formatReport, roundTrip } from './round-trip-driver.js';
import { v3Adapter } from './v3-adapter.js';

/** The EC2 client presigns CopySnapshot itself (middleware-sdk-ec2) and adds these two members. */
const clientFilled = (op: string) => (op === 'CopySnapshot' ? ['PresignedUrl', 'DestinationRegion'] : []);

describe('round trip through @aws-sdk v3 clients: ec2 query', () => {
  it('ec2: every operation', async () => {
    const r = await roundTrip({ name: 'ec2', clientFilled }, v3Adapter(ec2 as Record<string, unknown>, 'EC2Client'));
    console.log(formatReport(r, 'v3'));
    assert.deepEqual(r.failures, []);
    assert.equal(r.roundTripped + r.modelOnly.length + r.skipped.length, r.operations);
  });
});
