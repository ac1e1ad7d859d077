import { AwsError } from '../../../src/shared/aws-error.js';
import { codecFor } from '../../../src/protocol/codecs.js';
import { loadModel } from '../../../src/protocol/model/load-model.js';
import { modelledErrors } from '../../../src/protocol/model/model-errors.js';
import type { ServiceModel, Shape } from '../../../src/protocol/model/service-model.js';
import { differences, type CompareOptions } from './compare.js';
import { Rng, ValueGen, type Carrier } from './random-values.js';
import { TestGateway } from './test-gateway.js';
import { asTwinInput } from './wire-twins.js';

/** How to reach one service with one SDK. */
export interface ClientAdapter {
  /** Sends `operation` with `input`; resolves the SDK's output with streams read into bytes. */
  send(operation: string, input: Record<string, unknown>): Promise<Record<string, unknown>>;
  /** Operations the SDK knows (to find model-only and SDK-only operations). */
  readonly operations: ReadonlySet<string>;
  /** Error as the SDK reports it: name (shape/code), message, modelled fields. */
  readonly errorName: (e: unknown) => string | undefined;
  readonly close: () => void;
}

/** Knobs for one service's round trip. */
export interface ServiceCase {
  readonly name: string;
  readonly seed?: number;
  readonly override?: (member: string, shape: Shape) => (() => unknown) | undefined;
  /** Extra input members the client adds on its own, per operation. */
  readonly clientFilled?: (operation: string) => readonly string[];
  /** Output comparison knobs (extra members the SDK derives, numbers typed as text in our model). */
  readonly outputCompare?: { readonly tolerateExtra?: ReadonlySet<string>; readonly numericStrings?: boolean };
  /** Adjusts a generated case where a client cannot carry a value (documented at each use). */
  readonly fixCase?: (operation: string, input: Record<string, unknown>, output: Record<string, unknown>) => void;
  /** The SDK does not read error members bound to headers, nor empty strings (aws-sdk v2). */
  readonly errorHeaderFieldsUnread?: boolean;
  /** Random cases per operation (default 3). */
  readonly casesPerOperation?: number;
  /** The client sends host prefixes: the gateway checks the Host header's labels. */
  readonly hostPrefixes?: boolean;
  /** Operations the SDK cannot round-trip, with the reason (reported, not failed). */
  readonly skip?: Readonly<Record<string, string>>;
  /**
   * Deprecated operations the router serves as their wire-identical newer twin (S3
   * GetBucketLifecycle → GetBucketLifecycleConfiguration). The parsed input must be the client's
   * input moved by wire name into the twin's shape (`asTwinInput`); the answer is the deprecated
   * operation's own output shape, serialized under its name.
   */
  readonly routedTo?: Readonly<Record<string, string>>;
  /** Input members (dotted paths) a twin has no wire name for, per deprecated operation: reported; any other is a failure. */
  readonly twinDrops?: Readonly<Record<string, readonly string[]>>;
  /** What the client reads back from the served output, where the model gives two members one element name (default: the output itself). */
  readonly readBack?: (operation: string, output: Record<string, unknown>) => Record<string, unknown>;
}

export interface RoundTripReport {
  readonly service: string;
  readonly operations: number;
  readonly roundTripped: number;
  readonly errorsRoundTripped: number;
  readonly errorShapes: number;
  readonly failures: string[];
  readonly modelOnly: string[];
  readonly sdkOnly: string[];
  readonly skipped: string[];
  /** `Deprecated → Twin`, with the input members the twin drops. */
  readonly routed: string[];
}

function carriers(model: ServiceModel): { input: Carrier; output: Carrier } {
  const p = model.metadata.protocol;
  if (p === 'json' || p === 'rest-json') return { input: 'json', output: 'json' };
  if (p === 'rest-xml') return { input: 'xml', output: 'xml' };
  return { input: 'query', output: 'xml' };
}

/** Drives every operation (and every modelled error) of one model through one SDK client. */
export async function roundTrip(c: ServiceCase, makeClient: (url: string) => ClientAdapter): Promise<RoundTripReport> {
  const model = loadModel(c.name);
  const gw = await new TestGateway(model, codecFor(model)).start();
  gw.checkHostPrefix = c.hostPrefixes === true;
  const client = makeClient(gw.url);
  const rng = new Rng(c.seed ?? 1234);
  const gen = new ValueGen(model, rng);
  const { input: inCarrier, output: outCarrier } = carriers(model);
  const xml = outCarrier === 'xml';
  const failures: string[] = [];
  const modelOnly: string[] = [];
  const skipped: string[] = [];
  const routed: string[] = [];
  let ok = 0;
  try {
    for (const operation of model.operationNames) {
      if (!client.operations.has(operation)) {
        modelOnly.push(operation);
        continue;
      }
      if (c.skip?.[operation]) {
        skipped.push(`${operation}: ${c.skip[operation]}`);
        continue;
      }
      const op = model.operation(operation)!;
      const inShape = model.resolve(op.input);
      if (process.env['ROUND_TRIP_ONLY'] && !process.env['ROUND_TRIP_ONLY'].split(',').includes(operation)) continue;
      const problems: string[] = [];
      const twin = c.routedTo?.[operation];
      const dropped = new Set<string>();
      for (let k = 0; k < (c.casesPerOperation ?? 3) && problems.length === 0; k++) {
        // ec2 requests leave empty lists out entirely (awsQuery sends `Name=`), so they cannot be told from absent ones.
        const input = gen.structure(inShape, { carrier: inCarrier, direction: 'input', override: c.override, noEmptyCollections: model.metadata.protocol === 'ec2' }, 0);
        const output = op.output ? gen.structure(model.resolve(op.output), { carrier: outCarrier, direction: 'output', override: c.override }, 0) : {};
        c.fixCase?.(operation, input, output);
        const tolerate = new Set<string>([...(c.clientFilled?.(operation) ?? [])]);
        for (const [m, ref] of Object.entries(inShape.members ?? {})) if (ref.idempotencyToken && input[m] === undefined) tolerate.add(m);
        const compare: CompareOptions = { emptyEqualsAbsent: xml, tolerateExtra: tolerate };
        if (process.env['ROUND_TRIP_DEBUG'] === operation) console.log(operation, input, output);
        let serverInput: Record<string, unknown> | undefined;
        if (twin) {
          const t = asTwinInput(model, inShape, model.resolve(model.operation(twin)!.input), input);
          serverInput = t.value;
          for (const d of t.dropped) {
            dropped.add(d);
            if (!c.twinDrops?.[operation]?.includes(d)) problems.push(`input.${d}: ${twin} has no member for it`);
          }
        }
        problems.push(...(await exchange(gw, client, { operation, input, serverInput, routedTo: twin, output, clientOutput: c.readBack?.(operation, output), compare, outCompare: c.outputCompare })));
      }
      if (twin) routed.push(`${operation} → ${twin}${dropped.size ? ` (input dropped: ${[...dropped].sort().join(', ')})` : ''}`);
      if (problems.length) failures.push(`${operation}: ${problems.slice(0, 4).join(' | ')}`);
      else ok++;
    }
    const errors = await roundTripErrors(model, gw, client, gen, c, inCarrier, outCarrier, failures);
    const sdkOnly = [...client.operations].filter((o) => !model.operation(o)).sort();
    await unknownOperations(gw, client, sdkOnly, failures);
    await unmodelledError(model, gw, client, c, failures);
    return { service: c.name, operations: model.operationNames.length, roundTripped: ok, errorsRoundTripped: errors.ok, errorShapes: errors.total, failures, modelOnly, sdkOnly, skipped, routed };
  } finally {
    client.close();
    await gw.stop();
  }
}

/**
 * One call: the client sends `input`; the server must parse `serverInput` (default: `input`),
 * routed to `routedTo` (default: `operation`), and answers `output`; the client must read `clientOutput` (default: `output`).
 */
async function exchange(gw: TestGateway, client: ClientAdapter, exp: { operation: string; input: Record<string, unknown>; serverInput?: Record<string, unknown>; routedTo?: string; output: Record<string, unknown>; clientOutput?: Record<string, unknown>; compare: CompareOptions; outCompare?: ServiceCase['outputCompare'] }): Promise<string[]> {
  gw.expectation = { operation: exp.operation, input: exp.serverInput ?? exp.input, routedTo: exp.routedTo, output: exp.output, compare: exp.compare };
  gw.problems = [];
  let got: Record<string, unknown>;
  try {
    got = await withTimeout(client.send(exp.operation, exp.input), exp.operation);
  } catch (e) {
    return [...gw.problems, `client threw ${client.errorName(e) ?? ''} ${(e as Error).message?.slice(0, 300)}`];
  }
  const problems = [...gw.problems];
  problems.push(...differences(exp.clientOutput ?? exp.output, got, { ...exp.outCompare, emptyEqualsAbsent: exp.compare.emptyEqualsAbsent }).map((d) => `output${d}`));
  return problems;
}

async function roundTripErrors(model: ServiceModel, gw: TestGateway, client: ClientAdapter, gen: ValueGen, c: ServiceCase, inCarrier: Carrier, outCarrier: Carrier, failures: string[]): Promise<{ ok: number; total: number }> {
  let ok = 0;
  let total = 0;
  for (const err of modelledErrors(model).values()) {
    const operation = model.operationNames.find((o) => client.operations.has(o) && !c.skip?.[o] && !c.routedTo?.[o] && model.operation(o)!.errors?.some((r) => r.shape === err.name));
    if (!operation) continue;
    total++;
    const op = model.operation(operation)!;
    const input = gen.structure(model.resolve(op.input), { carrier: inCarrier, direction: 'input', override: c.override, noEmptyCollections: model.metadata.protocol === 'ec2' }, 0);
    c.fixCase?.(operation, input, {});
    const fields = gen.structure(err.shape, { carrier: outCarrier, direction: 'output', override: c.override }, 1);
    for (const k of Object.keys(fields)) {
      if (k.toLowerCase() === 'message' || (c.errorHeaderFieldsUnread && (err.shape.members?.[k]?.location || fields[k] === ''))) delete fields[k];
    }
    const message = `boom ${err.name} <&> ünï`;
    const error = new AwsError({ code: err.code, message, httpStatus: err.httpStatus, senderFault: err.senderFault, fields });
    const tolerate = new Set<string>(c.clientFilled?.(operation) ?? []);
    for (const [m, ref] of Object.entries(model.resolve(op.input).members ?? {})) if (ref.idempotencyToken && input[m] === undefined) tolerate.add(m);
    gw.expectation = { operation, input, error, compare: { emptyEqualsAbsent: outCarrier === 'xml', tolerateExtra: tolerate } };
    gw.problems = [];
    const problems: string[] = [];
    try {
      await withTimeout(client.send(operation, input), operation);
      problems.push('no error thrown');
    } catch (e) {
      const name = client.errorName(e);
      if (name !== err.name && name !== err.code) problems.push(`error name ${name}, expected ${err.name}`);
      if ((e as Error).message !== message) problems.push(`message ${JSON.stringify((e as Error).message)}`);
      const got = e as unknown as Record<string, unknown>;
      for (const [k, v] of Object.entries(fields)) problems.push(...differences(v, got[k], { emptyEqualsAbsent: outCarrier === 'xml' }).map((d) => `field ${k}${d}`));
    }
    problems.unshift(...gw.problems);
    if (problems.length) failures.push(`error ${err.name} via ${operation}: ${problems.slice(0, 4).join(' | ')}`);
    else ok++;
  }
  return { ok, total };
}

/** What a server answers for an operation it does not know, per protocol (never a 5xx). */
const UNKNOWN_OPERATION_CODES = new Set(['UnknownOperationException', 'InvalidAction', 'MethodNotAllowed']);

/**
 * Operations the SDK has and the model does not: sent with an empty input, the layer must answer
 * as AWS answers an unknown operation. The client may refuse to send (missing URI labels); a REST
 * request whose path matches another operation's template is reported by that name.
 */
async function unknownOperations(gw: TestGateway, client: ClientAdapter, ops: readonly string[], failures: string[]): Promise<void> {
  for (const operation of ops) {
    gw.expectation = { operation: `(unknown ${operation})`, input: {}, output: {} };
    gw.problems = [];
    try {
      await withTimeout(client.send(operation, {}), operation);
      failures.push(`sdk-only ${operation}: answered 2xx (${gw.problems.join(' | ')})`);
    } catch (e) {
      const name = client.errorName(e) ?? '';
      const status = (e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
      if (status === undefined) continue; // refused client-side (e.g. empty URI label): never reached the wire
      if (!UNKNOWN_OPERATION_CODES.has(name) && !gw.problems.some((p) => p.startsWith('routed to'))) failures.push(`sdk-only ${operation}: ${name} ${status}`);
      if (status >= 500) failures.push(`sdk-only ${operation}: status ${status}`);
    }
  }
}

/** An error code the model does not declare still reaches the client with its code and message. */
async function unmodelledError(model: ServiceModel, gw: TestGateway, client: ClientAdapter, c: ServiceCase, failures: string[]): Promise<void> {
  const operation = model.operationNames.find((o) => client.operations.has(o) && !c.routedTo?.[o] && Object.keys(model.resolve(model.operation(o)!.input).required ?? []).length === 0 && !model.resolve(model.operation(o)!.input).members?.['Bucket']);
  if (!operation) return;
  const error = new AwsError({ code: 'InvalidParameterValue', message: 'unmodelled <error> ✓', httpStatus: 400 });
  gw.expectation = { operation, input: {}, error, compare: { tolerateExtra: new Set(Object.keys(model.resolve(model.operation(operation)!.input).members ?? {})) } };
  gw.problems = [];
  try {
    await withTimeout(client.send(operation, {}), operation);
    failures.push('unmodelled error: none thrown');
  } catch (e) {
    if (client.errorName(e) !== 'InvalidParameterValue' || (e as Error).message !== error.message) failures.push(`unmodelled error via ${operation}: ${client.errorName(e)} ${(e as Error).message}`);
  }
}

/** A request that hangs fails its case instead of the whole run. */
function withTimeout<T>(p: Promise<T>, what: string, ms = 5000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const t = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
  });
  return Promise.race([p, t]).finally(() => clearTimeout(timer));
}

/** One line per service, as the acceptance criteria ask. */
export function formatReport(r: RoundTripReport, sdk: string): string {
  const lines = [`${r.service} (${sdk}): operations: ${r.operations}, round-tripped: ${r.roundTripped}, errors: ${r.errorsRoundTripped}/${r.errorShapes}`];
  if (r.modelOnly.length) lines.push(`  in the model, not in the SDK (${r.modelOnly.length}): ${r.modelOnly.join(', ')}`);
  if (r.sdkOnly.length) lines.push(`  in the SDK, not in the model (${r.sdkOnly.length}): ${r.sdkOnly.join(', ')}`);
  for (const s of r.skipped) lines.push(`  skipped ${s}`);
  if (r.routed.length) lines.push(`  routed to the newer wire-identical twin (${r.routed.length}): ${r.routed.join('; ')}`);
  for (const f of r.failures) lines.push(`  FAIL ${f}`);
  return lines.join('\n');
}
