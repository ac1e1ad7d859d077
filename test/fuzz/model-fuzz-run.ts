/**
 * The model-driven fuzz loop: every served operation × every caller kind, round robin in a seeded
 * order, inputs from `InputGenerator` (one fast-check sample per request, seeded by its index),
 * signed with SigV4 and sent to a real server with bounded concurrency: awsQuery services as form
 * parameters (or a query string), awsJson ones as JSON bodies (`json-inputs.ts`). Each answer is
 * judged (no 5xx; an error is an AWS-shaped body of the protocol: XML with a code, a message and a
 * request id, or JSON with `__type` and a message) and counted.
 */
import fc from 'fast-check';
import { implementedOperations, type ServiceDefinition } from '../../src/protocol/service-definition.js';
import type { Creds } from '../e2e/authz-support.js';
import { signForm, signGet, signJson } from '../helpers/signed-fetch.js';
import { HARVESTED_MARKER, type FuzzWorld } from './fuzz-values.js';
import { jsonRequest } from './json-inputs.js';
import { InputGenerator, type Param, type SemanticStrings } from './model-inputs.js';

/** A caller kind's name (`fuzz-world.ts`, `org-world.ts`). */
type CallerKind = string;

/** What a run needs. */
export interface FuzzRunOptions {
  readonly url: string;
  readonly services: readonly ServiceDefinition[];
  /** The caller kinds and their credentials (null: unsigned). */
  readonly callers: Readonly<Record<CallerKind, Creds | null>>;
  readonly world: FuzzWorld;
  readonly total: number;
  readonly seed: number;
  readonly concurrency: number;
  /** Only these operations, when given. */
  readonly only?: readonly string[];
  /** The server's log of unexpected failures by request id (stack traces), for the report. */
  readonly serverErrors: ReadonlyMap<string, string>;
  /** Run between requests every `replenishEvery` (puts back the pool entities generated requests deleted). */
  readonly replenish?: () => Promise<void>;
  /** How often (in requests) `replenish` runs; `REPLENISH_EVERY` by default. */
  readonly replenishEvery?: number;
  /** Told of every request and its answer (FUZZ_TRACE writes them as JSON lines). */
  readonly trace?: (entry: Record<string, unknown>) => void;
  /** Member-name-driven strings per service (IAM's and STS's by default). */
  readonly semantic?: Readonly<Record<string, SemanticStrings>>;
  /** Told of every successful awsJson answer (the world may learn ids from it). */
  readonly harvest?: (service: string, body: string) => void;
}

/** One answer the fuzzer refuses. */
export interface FuzzFailure {
  readonly index: number;
  readonly service: string;
  readonly operation: string;
  readonly caller: CallerKind;
  /** POST (form body) or GET (query string). */
  readonly method: 'GET' | 'POST';
  /** awsQuery: the form parameters (empty for awsJson). */
  readonly params: readonly Param[];
  /** awsJson: the body, and the target and content type when they were changed. */
  readonly json?: { readonly body: string; readonly target?: string; readonly contentType?: string };
  readonly mutations: readonly string[];
  readonly status: number;
  readonly problem: string;
  readonly body: string;
  readonly serverStack?: string;
}

/** Counts of one run. */
export interface FuzzReport {
  readonly requests: number;
  readonly byStatus: Record<string, number>;
  readonly byCaller: Record<string, number>;
  /** Per operation: requests and the statuses seen. */
  readonly byOperation: Record<string, { requests: number; statuses: Record<string, number> }>;
  readonly errorCodes: Record<string, number>;
  readonly failures: FuzzFailure[];
  readonly ms: number;
}

type Target = { readonly def: ServiceDefinition; readonly op: string; readonly caller: CallerKind };

/** Every (served operation, caller) pair, in an order shuffled by the seed. */
export function targets(services: readonly ServiceDefinition[], callers: readonly CallerKind[], seed: number, only?: readonly string[]): Target[] {
  const all: Target[] = [];
  for (const def of services) {
    for (const op of implementedOperations(def)) {
      if (only && !only.includes(op)) continue;
      for (const caller of callers) all.push({ def, op, caller });
    }
  }
  const [order] = fc.sample(fc.shuffledSubarray(all, { minLength: all.length, maxLength: all.length }), { seed, numRuns: 1 });
  return order ?? all;
}

/** Problems with an answer to `operation`: 5xx, or an answer that is not AWS-shaped. Undefined when fine. */
export function judge(operation: string, status: number, contentType: string, requestId: string | null, body: string): string | undefined {
  if (status >= 500) return `HTTP ${status}`;
  if (status === 200) return body.startsWith(`<${operation}Response `) ? undefined : `200 without a ${operation}Response`;
  if (status < 400) return `unexpected status ${status}`;
  if (!/xml/.test(contentType)) return `error content-type '${contentType}'`;
  if (!/<ErrorResponse[ >]/.test(body)) return 'error body is not an ErrorResponse';
  if (!/<Code>[A-Za-z.]+<\/Code>/.test(body)) return 'error body has no Code';
  if (!/<Message>[^<]*<\/Message>/.test(body)) return 'error body has no Message';
  if (!requestId && !/<RequestId>/.test(body)) return 'error has no request id';
  return undefined;
}

/**
 * Problems with an awsJson answer: 5xx, or an answer that is not AWS-shaped (the protocol's content
 * type and a request id on every answer; a JSON object on success; `__type` and a message on errors).
 */
export function judgeJson(contentType: string, expectedType: string, status: number, requestId: string | null, body: string): string | undefined {
  if (status >= 500) return `HTTP ${status}`;
  if (status !== 200 && (status < 400 || status >= 500)) return `unexpected status ${status}`;
  if (contentType !== expectedType) return `content-type '${contentType}'`;
  if (!requestId) return 'no x-amzn-requestid';
  let doc: unknown;
  try {
    doc = JSON.parse(body);
  } catch {
    return 'body is not JSON';
  }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) return 'body is not a JSON object';
  if (status === 200) return undefined;
  const e = doc as Record<string, unknown>;
  if (typeof e['__type'] !== 'string' || !/^[A-Za-z][A-Za-z0-9.#:]*$/.test(e['__type'])) return 'error without __type';
  const message = e['message'] ?? e['Message'];
  // KMS answers a bad ciphertext with no text at all (`{"__type":"InvalidCiphertextException"}`, as
  // user reports of AWS's answers show, e.g. aws/aws-nitro-enclaves-sdk-c#68): the one error allowed to be empty.
  if (e['__type'] === 'InvalidCiphertextException' && (message === undefined || message === '')) return undefined;
  if (typeof message !== 'string' || message === '') return 'error without message';
  return undefined;
}

/** An unsigned request no service was found for: 403 MissingAuthenticationToken, an XML ErrorResponse. */
function judgeUnrouted(status: number, contentType: string, requestId: string | null, body: string): string | undefined {
  if (status !== 403) return `unrouted, unsigned: status ${status}`;
  return judge('', status, contentType, requestId, body) ?? (/<Code>MissingAuthenticationToken<\/Code>/.test(body) ? undefined : 'unrouted, unsigned: not MissingAuthenticationToken');
}

const MARKER = /<Marker>([^<]*)<\/Marker>/;
const NEXT_TOKEN = /"NextToken":"([^"]*)"/;

/** How long one request may take before it counts as unanswered. */
const REQUEST_TIMEOUT_MS = 30_000;

/** How often (in requests) the pool is replenished. */
const REPLENISH_EVERY = 250;

/** Runs the fuzz loop and returns its counts and failures. */
export async function runModelFuzz(o: FuzzRunOptions): Promise<FuzzReport> {
  const started = performance.now();
  const order = targets(o.services, Object.keys(o.callers) as CallerKind[], o.seed, o.only);
  if (order.length === 0) throw new Error('no served operation matched');
  // Rounds over the targets alternate: valid by the model (they reach the handlers), then near-valid.
  const generators = new Map(
    o.services.map((d) => {
      const semantic = o.semantic?.[d.name];
      return [d.name, [new InputGenerator(d.model, o.world, false, semantic), new InputGenerator(d.model, o.world, true, semantic)] as const];
    }),
  );
  const report: FuzzReport = { requests: 0, byStatus: {}, byCaller: {}, byOperation: {}, errorCodes: {}, failures: [], ms: 0 };
  const harvested: string[] = [];
  let next = 0;

  const oneJson = async (index: number, t: Target, gen: InputGenerator): Promise<void> => {
    const [input] = fc.sample(jsonRequest(gen, t.op), { seed: o.seed + index, numRuns: 1 });
    const harvestedToken = () => harvested[index % Math.max(1, harvested.length)] ?? 'AA';
    const body = input!.body.replaceAll(JSON.stringify(HARVESTED_MARKER), JSON.stringify(harvestedToken()));
    const model = t.def.model;
    const target = input!.target ?? `${model.metadata.targetPrefix}.${t.op}`;
    const json = { body: body.length > 2_000 ? `${body.slice(0, 2_000)}... (${body.length} characters)` : body, ...(input!.target !== undefined ? { target: input!.target } : {}), ...(input!.contentType !== undefined ? { contentType: input!.contentType } : {}) };
    const creds = o.callers[t.caller];
    const contentType = input!.contentType ?? `application/x-amz-json-${model.metadata.jsonVersion ?? '1.0'}`;
    const payload = input!.bytes ?? body;
    const headers = creds
      ? (await signJson(o.url, target, payload, { ...creds, service: model.signingName, headers: { 'content-type': contentType } })).headers
      : { 'content-type': contentType, 'x-amz-target': target };
    let res: Response;
    let text: string;
    try {
      res = await fetch(o.url, { method: 'POST', headers, body: payload, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
      text = await res.text();
    } catch (e) {
      const problem = `no answer: ${e instanceof Error ? e.message : String(e)}`;
      report.failures.push({ index, service: t.def.name, operation: t.op, caller: t.caller, method: 'POST', params: [], json, mutations: input!.mutations, status: 0, problem, body: '' });
      return;
    }
    const requestId = res.headers.get('x-amzn-requestid');
    const errorType = res.status >= 400 ? jsonErrorType(text) : undefined;
    count(report, t, res.status, errorType);
    if (res.status === 200) {
      const token = NEXT_TOKEN.exec(text)?.[1];
      if (token && harvested.length < 200) harvested.push(token);
      o.harvest?.(t.def.name, text);
    }
    o.trace?.({ index, operation: t.op, caller: t.caller, near: gen.near, json, mutations: input!.mutations, status: res.status, code: errorType, message: /"[mM]essage":"((?:[^"\\]|\\.)*)"/.exec(text)?.[1] });
    // Unsigned, with a target that names no service, nothing routes the request to the service: the
    // gateway answers as AWS front ends do (MissingAuthenticationToken, XML), judged as such.
    const routed = creds !== null || model.metadata.targetPrefix === target.slice(0, Math.max(0, target.lastIndexOf('.')));
    const problem = routed ? judgeJson(res.headers.get('content-type') ?? '', `application/x-amz-json-${model.metadata.jsonVersion ?? '1.0'}`, res.status, requestId, text) : judgeUnrouted(res.status, res.headers.get('content-type') ?? '', requestId, text);
    if (problem) {
      const stack = requestId ? o.serverErrors.get(requestId) : undefined;
      report.failures.push({ index, service: t.def.name, operation: t.op, caller: t.caller, method: 'POST', params: [], json, mutations: input!.mutations, status: res.status, problem, body: text.slice(0, 600), ...(stack ? { serverStack: stack } : {}) });
    }
  };

  const one = async (index: number): Promise<void> => {
    const t = order[index % order.length]!;
    const mode = Math.floor(index / order.length) % 2;
    if (t.def.model.metadata.protocol === 'json') return oneJson(index, t, generators.get(t.def.name)![mode]!);
    const [input] = fc.sample(generators.get(t.def.name)![mode]!.request(t.op), { seed: o.seed + index, numRuns: 1 });
    const params = input!.params.map(([k, v]): Param => [k, v === HARVESTED_MARKER ? (harvested[index % Math.max(1, harvested.length)] ?? 'AA') : v]);
    const all: Param[] = [['Action', t.op], ['Version', t.def.model.metadata.apiVersion], ...params];
    const body = new URLSearchParams(all as [string, string][]).toString();
    const creds = o.callers[t.caller];
    if (!creds) throw new Error(`awsQuery requests are signed: caller ${t.caller} has no credentials`);
    const signing = { ...creds, service: t.def.model.signingName };
    // One request in 8 (small enough for a URL) goes as GET with the parameters in the query string;
    // not with a `__proto__` parameter, which @smithy/signature-v4 drops from the canonical query.
    const asGet = index % 8 === 7 && body.length < 4_000 && !all.some(([k]) => k === '__proto__');
    const request = asGet ? await signGet(o.url, all, signing) : { url: o.url, ...(await signForm(o.url, body, signing)) };
    let res: Response;
    let text: string;
    try {
      const init = { method: asGet ? 'GET' : 'POST', headers: request.headers, ...(asGet ? {} : { body }), signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) };
      res = await fetch(request.url, init);
      text = await res.text();
    } catch (e) {
      // A hang or a dropped connection is refused like a 5xx, with what reproduces it.
      const problem = `no answer: ${e instanceof Error ? e.message : String(e)}`;
      report.failures.push({ index, service: t.def.name, operation: t.op, caller: t.caller, method: methodOf(asGet), params, mutations: input!.mutations, status: 0, problem, body: '' });
      return;
    }
    const requestId = res.headers.get('x-amzn-requestid');
    count(report, t, res.status, res.status >= 400 ? /<Code>([^<]*)<\/Code>/.exec(text)?.[1] : undefined);
    const marker = res.status === 200 ? MARKER.exec(text)?.[1] : undefined;
    if (marker && harvested.length < 200) harvested.push(marker);
    o.trace?.({ index, operation: t.op, caller: t.caller, near: mode === 1, method: methodOf(asGet), params, status: res.status, code: /<Code>([^<]*)<\/Code>/.exec(text)?.[1], message: /<Message>([^<]*)<\/Message>/.exec(text)?.[1] });
    const problem = judge(t.op, res.status, res.headers.get('content-type') ?? '', requestId, text);
    if (problem) {
      const stack = requestId ? o.serverErrors.get(requestId) : undefined;
      report.failures.push({ index, service: t.def.name, operation: t.op, caller: t.caller, method: methodOf(asGet), params, mutations: input!.mutations, status: res.status, problem, body: text.slice(0, 600), ...(stack ? { serverStack: stack } : {}) });
    }
  };
  const worker = async (): Promise<void> => {
    while (next < o.total) {
      const index = next++;
      if (o.replenish && index > 0 && index % (o.replenishEvery ?? REPLENISH_EVERY) === 0) await o.replenish();
      await one(index);
    }
  };
  await Promise.all(Array.from({ length: o.concurrency }, worker));
  return { ...report, ms: Math.round(performance.now() - started) };
}

function methodOf(asGet: boolean): 'GET' | 'POST' {
  return asGet ? 'GET' : 'POST';
}

function bump(r: Record<string, number>, k: string): void {
  r[k] = (r[k] ?? 0) + 1;
}

/** The `__type` of a JSON error body (without a namespace prefix), when it has one. */
function jsonErrorType(body: string): string | undefined {
  try {
    const t = (JSON.parse(body) as Record<string, unknown>)['__type'];
    return typeof t === 'string' ? t.slice(t.lastIndexOf('#') + 1) : undefined;
  } catch {
    return undefined;
  }
}

function count(report: FuzzReport, t: Target, status: number, code: string | undefined): void {
  (report as { requests: number }).requests++;
  bump(report.byStatus, String(status));
  bump(report.byCaller, t.caller);
  const op = (report.byOperation[`${t.def.name}:${t.op}`] ??= { requests: 0, statuses: {} });
  op.requests++;
  bump(op.statuses, String(status));
  if (code) bump(report.errorCodes, code);
}

/** The counts as printable lines (operations one per line, with their statuses). */
export function formatReport(r: FuzzReport, seed: number): string {
  const ops = Object.entries(r.byOperation)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([op, c]) => `  ${op} ${c.requests} ${JSON.stringify(c.statuses)}`);
  return [
    `model fuzz: ${r.requests} requests in ${r.ms} ms (seed ${seed}), ${Object.keys(r.byOperation).length} operations, ${r.failures.length} refused answers`,
    `statuses: ${JSON.stringify(r.byStatus)}`,
    `callers: ${JSON.stringify(r.byCaller)}`,
    `error codes: ${JSON.stringify(r.errorCodes)}`,
    'per operation (requests, statuses):',
    ...ops,
  ].join('\n');
}

/** A failure as text that reproduces it: operation, caller, exact parameters, answer and server stack. */
export function formatFailure(f: FuzzFailure, seed: number): string {
  return [
    `#${f.index} ${f.service}:${f.operation} as ${f.caller} (${f.method}): ${f.problem} (status ${f.status}; seed ${seed}, FUZZ_OPS=${f.operation})`,
    ...(f.json ? [`  request: ${JSON.stringify(f.json)}`] : [`  params: ${JSON.stringify(f.params)}`]),
    ...(f.mutations.length ? [`  mutations: ${f.mutations.join(', ')}`] : []),
    `  answer: ${f.body.replace(/\s+/g, ' ')}`,
    ...(f.serverStack ? [`  server: ${f.serverStack.split('\n').slice(0, 16).join('\n    ')}`] : []),
  ].join('\n');
}
