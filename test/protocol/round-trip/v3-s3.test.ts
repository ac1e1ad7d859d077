import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as s3 from '@aws-sdk/client-s3';
import { loopbackAgent } from './loopback-lookup.js';
import { formatReport, roundTrip } from './round-trip-driver.js';
import { CLIENT_FILLED, fixCase, override } from './s3-case.js';
import { v3Adapter } from './v3-adapter.js';

describe('round trip through @aws-sdk v3 clients: restXml (S3)', () => {
  it('s3: every operation and modelled error', async () => {
    // Host prefixes on: WriteGetObjectResponse goes to `<RequestRoute>.127.0.0.1`, resolved by the loopback agent.
    const adapter = v3Adapter(s3 as Record<string, unknown>, 'S3Client', {
      forcePathStyle: true,
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      disableHostPrefix: false,
      requestHandler: { httpAgent: loopbackAgent() },
    });
    const r = await roundTrip({
      name: 's3',
      override,
      fixCase,
      hostPrefixes: true,
      clientFilled: () => CLIENT_FILLED,
      // Part-number markers are integers in one model and text in the other (both ways round).
      outputCompare: { numericStrings: true, tolerateExtra: new Set(['ContentLength']) },
    }, adapter);
    console.log(formatReport(r, 'v3'));
    assert.deepEqual(r.failures, []);
    assert.equal(r.roundTripped + r.modelOnly.length + r.skipped.length, r.operations);
  });
});
