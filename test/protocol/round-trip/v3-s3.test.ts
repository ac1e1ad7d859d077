import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as s3 from '@aws-sdk/client-s3';
import { loopbackAgent } from './loopback-lookup.js';
import { formatReport, roundTrip } from './round-trip-driver.js';
import { CLIENT_FILLED, DEPRECATED_TWINS, fixCase, override, readBack, TWIN_DROPS } from './s3-case.js';
import { v2Adapter, withFallback } from './v2-adapter.js';
import { v3Adapter } from './v3-adapter.js';

describe('round trip through @aws-sdk v3 clients: restXml (S3)', () => {
  it('s3: every operation and modelled error', async () => {
    // Host prefixes on: WriteGetObjectResponse goes to `<RequestRoute>.127.0.0.1`, resolved by the loopback agent.
    const v3 = v3Adapter(s3 as Record<string, unknown>, 'S3Client', {
      forcePathStyle: true,
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      disableHostPrefix: false,
      requestHandler: { httpAgent: loopbackAgent() },
    });
    // The four deprecated operations are not in the v3 client: aws-sdk v2's AWS.S3 (its own model) sends them.
    const adapter = withFallback(v3, v2Adapter('S3', undefined, { s3ForcePathStyle: true, signatureVersion: 'v4' }), Object.keys(DEPRECATED_TWINS));
    const r = await roundTrip({
      name: 's3',
      override,
      fixCase,
      hostPrefixes: true,
      clientFilled: () => CLIENT_FILLED,
      routedTo: DEPRECATED_TWINS,
      twinDrops: TWIN_DROPS,
      readBack,
      // Part-number markers are integers in one model and text in the other (both ways round).
      outputCompare: { numericStrings: true, tolerateExtra: new Set(['ContentLength']) },
    }, adapter);
    console.log(formatReport(r, 'v3; aws-sdk v2 for the deprecated four'));
    assert.deepEqual(r.failures, []);
    assert.equal(r.roundTripped + r.modelOnly.length + r.skipped.length, r.operations);
  });
});
