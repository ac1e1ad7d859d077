/**
 * Parse + serialize cost per request of one operation per protocol family, against
 * `JSON.parse` + `JSON.stringify` of the same payloads in the same run.
 * Run: node --import tsx bench/protocol-codec.ts [--check]
 * With --check it exits 1 when a JSON protocol costs more than 3x raw JSON.
 */
import { codecFor } from '../src/protocol/codecs.js';
import { toJson } from '../src/protocol/json/json-values.js';
import { loadModel } from '../src/protocol/model/load-model.js';
import type { ProtocolRequest } from '../src/protocol/types.js';
import { validateInput } from '../src/protocol/validate/validate-input.js';
import { Rng, ValueGen } from '../test/protocol/round-trip/random-values.js';

interface BenchCase {
  readonly family: string;
  readonly service: string;
  readonly operation: string;
  readonly request: (input: Record<string, unknown>) => ProtocolRequest;
}

const h = (headers: Record<string, string>) => headers;
const form = (action: string, version: string) => (input: Record<string, unknown>): ProtocolRequest => {
  const params = new URLSearchParams({ Action: action, Version: version });
  flatten(input, '', params);
  return { method: 'POST', rawPath: '/', rawQuery: '', headers: h({ 'content-type': 'application/x-www-form-urlencoded' }), body: Buffer.from(params.toString()) };
};

/** Minimal awsQuery/ec2 form writer for the bench inputs (strings and lists of strings/structures). */
function flatten(v: unknown, prefix: string, out: URLSearchParams, ec2 = false): void {
  if (Array.isArray(v)) v.forEach((x, i) => flatten(x, `${prefix}${ec2 ? '' : '.member'}.${i + 1}`, out, ec2));
  else if (v instanceof Date) out.set(prefix, v.toISOString());
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) flatten(x, prefix ? `${prefix}.${k}` : k, out, ec2);
  else if (v !== undefined) out.set(prefix, String(v));
}

const CASES: BenchCase[] = [
  { family: 'awsJson1.1', service: 'events', operation: 'PutEvents', request: (i) => ({ method: 'POST', rawPath: '/', rawQuery: '', headers: h({ 'x-amz-target': 'AWSEvents.PutEvents', 'content-type': 'application/x-amz-json-1.1' }), body: Buffer.from(JSON.stringify(toJson(loadModel('events'), loadModel('events').resolve(loadModel('events').operation('PutEvents')!.input), i))) }) },
  { family: 'awsJson1.1', service: 'kms', operation: 'CreateKey', request: (i) => ({ method: 'POST', rawPath: '/', rawQuery: '', headers: h({ 'x-amz-target': 'TrentService.CreateKey', 'content-type': 'application/x-amz-json-1.1' }), body: Buffer.from(JSON.stringify(toJson(loadModel('kms'), loadModel('kms').resolve(loadModel('kms').operation('CreateKey')!.input), i))) }) },
  { family: 'restJson1', service: 'guardduty', operation: 'UpdateFilter', request: (i) => ({ method: 'POST', rawPath: `/detector/${encodeURIComponent(String(i['DetectorId']))}/filter/${encodeURIComponent(String(i['FilterName']))}`, rawQuery: '', headers: h({ 'content-type': 'application/json' }), body: Buffer.from(JSON.stringify(toJson(loadModel('guardduty'), loadModel('guardduty').resolve(loadModel('guardduty').operation('UpdateFilter')!.input), i))) }) },
  { family: 'awsQuery', service: 'iam', operation: 'CreateRole', request: form('CreateRole', '2010-05-08') },
  { family: 'restXml', service: 's3', operation: 'ListObjectsV2', request: (i) => ({ method: 'GET', rawPath: `/${String(i['Bucket'])}`, rawQuery: 'list-type=2&prefix=a&max-keys=100', headers: h({}), body: Buffer.alloc(0) }) },
  { family: 'ec2', service: 'ec2', operation: 'DescribeVpcs', request: form('DescribeVpcs', '2016-11-15') },
];

/** Best of three timed runs, µs per call. */
function timeIt(fn: () => void): number {
  return Math.min(timeOnce(fn), timeOnce(fn), timeOnce(fn));
}

function timeOnce(fn: () => void, minMs = 200): number {
  for (let i = 0; i < 200; i++) fn();
  let n = 0;
  const start = process.hrtime.bigint();
  let elapsed = 0;
  while (elapsed < minMs) {
    for (let i = 0; i < 100; i++) fn();
    n += 100;
    elapsed = Number(process.hrtime.bigint() - start) / 1e6;
  }
  return (elapsed * 1000) / n;
}

const check = process.argv.includes('--check');
let failed = false;
console.log('family       operation                 layer µs/req   JSON.parse+stringify µs/req   ratio   (layer with model validation µs/req)');
for (const c of CASES) {
  const model = loadModel(c.service);
  const codec = codecFor(model);
  const op = model.operation(c.operation)!;
  const gen = new ValueGen(model, new Rng(2024));
  // A typical request: the largest of a few random ones (a lone 20-byte body measures only fixed costs).
  const largest = (make: () => Record<string, unknown>) => Array.from({ length: 12 }, make).sort((a, b) => JSON.stringify(b).length - JSON.stringify(a).length)[0]!;
  const override = (m: string) => (m === 'Bucket' ? () => 'bench-bucket' : m === 'DetectorId' ? () => 'det1' : undefined);
  const input = largest(() => gen.structure(model.resolve(op.input), { carrier: 'json', direction: 'input', override }, 0));
  const output = largest(() => gen.structure(model.resolve(op.output), { carrier: 'json', direction: 'output' }, 0));
  const req = c.request(input);
  const ctx = { requestId: 'bench' };
  const layer = timeIt(() => {
    const call = codec.parse(model, req, { validate: false, fillIdempotencyTokens: false });
    codec.serialize(model, call.operation, output, ctx);
  });
  // Random inputs do not match the model's patterns, so the validation walk is timed on its own (issues are collected, not thrown).
  const inShape = model.resolve(op.input);
  const validated = timeIt(() => {
    const call = codec.parse(model, req, { validate: false, fillIdempotencyTokens: false });
    validateInput(model, inShape, call.input);
    codec.serialize(model, call.operation, output, ctx);
  });
  // The same payloads as plain JSON, from bytes as a server receives them: the request document and the response document.
  const inText = JSON.stringify(toJson(model, model.resolve(op.input), input));
  const inBytes = Buffer.from(inText);
  const outDoc = toJson(model, model.resolve(op.output), output);
  const raw = timeIt(() => {
    JSON.parse(inBytes.toString('utf8'));
    JSON.stringify(outDoc);
  });
  const ratio = layer / raw;
  const json = c.family.startsWith('awsJson') || c.family === 'restJson1';
  if (check && json && ratio > 3) failed = true;
  console.log(`${c.family.padEnd(12)} ${`${c.service}:${c.operation}`.padEnd(25)} ${layer.toFixed(2).padStart(10)}   ${raw.toFixed(2).padStart(26)}   ${ratio.toFixed(2)}x${json ? (ratio <= 3 ? '  (<= 3x: ok)' : '  (> 3x!)') : ''}  (${validated.toFixed(2)})  [${inText.length} B in, ${JSON.stringify(outDoc).length} B out]`);
}
if (failed) process.exit(1);
