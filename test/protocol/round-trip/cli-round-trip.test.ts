import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';
import { codecFor } from '../../../src/protocol/codecs.js';
import { loadModel } from '../../../src/protocol/model/load-model.js';
import type { ServiceModel, Shape } from '../../../src/protocol/model/service-model.js';
import { differences } from './compare.js';
import { Rng, ValueGen, type Carrier } from './random-values.js';
import { TestGateway } from './test-gateway.js';

const run = promisify(execFile);

/** The CLI prints timestamps as text and blobs as base64: bring typed values to that form, by shape. */
function cliForm(model: ServiceModel, shape: Shape, v: unknown): unknown {
  if (v === undefined || v === null) return v;
  switch (shape.type) {
    case 'structure':
      return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, cliForm(model, model.resolve(shape.members?.[k]), x)]));
    case 'list':
      return (v as unknown[]).map((x) => cliForm(model, model.resolve(shape.member), x));
    case 'map':
      return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, cliForm(model, model.resolve(shape.value), x)]));
    case 'timestamp':
      // CLI v1 prints wire timestamps as they came (epoch seconds for JSON) unless cli_timestamp_format is set.
      return v instanceof Date ? v.getTime() : typeof v === 'number' ? Math.round(v * 1000) : Date.parse(String(v));
    case 'blob':
      return v instanceof Uint8Array ? Buffer.from(v).toString('base64') : v;
    default:
      return v;
  }
}

/** One sample operation per protocol family, called as `aws <service> <command> --cli-input-json`. */
const SAMPLES: [service: string, cli: string, command: string, operation: string][] = [
  ['sts', 'sts', 'get-caller-identity', 'GetCallerIdentity'],
  ['iam', 'iam', 'list-users', 'ListUsers'],
  ['kms', 'kms', 'describe-key', 'DescribeKey'],
  ['guardduty', 'guardduty', 'get-detector', 'GetDetector'],
  ['s3', 's3api', 'get-bucket-tagging', 'GetBucketTagging'],
  ['ec2', 'ec2', 'describe-vpcs', 'DescribeVpcs'],
];

describe('round trip through the AWS CLI (a sample per protocol family)', () => {
  for (const [service, cli, command, operation] of SAMPLES) {
    it(`${service} ${command}`, async () => {
      const model = loadModel(service);
      const gw = await new TestGateway(model, codecFor(model)).start();
      try {
        const p = model.metadata.protocol;
        const outCarrier: Carrier = p === 'json' || p === 'rest-json' ? 'json' : 'xml';
        const gen = new ValueGen(model, new Rng(service.length * 97));
        const op = model.operation(operation)!;
        const override = (m: string, s: Shape) => (m === 'Bucket' ? () => 'cli-bucket-1' : s.type === 'string' && m === 'DetectorId' ? () => 'det123' : undefined);
        const input = gen.structure(model.resolve(op.input), { carrier: p === 'json' || p === 'rest-json' ? 'json' : 'query', direction: 'input', override, noEmptyCollections: true }, 0);
        for (const k of ['MaxItems', 'MaxResults', 'NextToken', 'Marker']) delete input[k]; // the CLI's own pagination
        const output = gen.structure(model.resolve(op.output), { carrier: outCarrier, direction: 'output', override, noEmptyCollections: true }, 0);
        for (const k of ['NextToken', 'Marker', 'IsTruncated']) delete output[k];
        gw.expectation = { operation, input, output, compare: { emptyEqualsAbsent: true } };
        const { stdout } = await run('aws', [cli, command, '--endpoint-url', gw.url, '--region', 'us-east-1', '--output', 'json', '--no-paginate', '--cli-input-json', JSON.stringify(input)], {
          env: { ...process.env, AWS_ACCESS_KEY_ID: 'AKIDROUNDTRIP0000000', AWS_SECRET_ACCESS_KEY: 'roundtrip-secret', AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null', AWS_PAGER: '' },
        });
        const got = stdout.trim() ? (JSON.parse(stdout) as Record<string, unknown>) : {};
        const outShape = model.resolve(op.output);
        const problems = [...gw.problems, ...differences(cliForm(model, outShape, output), cliForm(model, outShape, got), { emptyEqualsAbsent: true, numericStrings: true }).map((d) => `output${d}`)];
        assert.deepEqual(problems, []);
      } finally {
        await gw.stop();
      }
    });
  }
});
