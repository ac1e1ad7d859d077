import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isAwsError, type AwsError } from '../../../src/shared/aws-error.js';
import type { ServiceModel } from '../../../src/protocol/model/service-model.js';
import { hostPrefixLabels } from '../../../src/protocol/rest/host-prefix.js';
import type { ProtocolCodec, WireResponse } from '../../../src/protocol/types.js';
import { decodeAwsChunked } from './aws-chunked.js';
import { differences, type CompareOptions } from './compare.js';

/** What the next request must carry and what to answer. */
export interface Expectation {
  readonly operation: string;
  readonly input: Record<string, unknown>;
  readonly output?: unknown;
  readonly error?: AwsError;
  readonly compare?: CompareOptions;
  /**
   * The operation the router must pick when it is not `operation`: a deprecated operation served
   * as its wire-identical twin. `input` is then the twin's; the answer is still `operation`'s own
   * output, serialized by the codec under that name.
   */
  readonly routedTo?: string;
}

/** A node:http server that speaks one service's protocol through the codecs only: no auth, no handlers. */
export class TestGateway {
  expectation: Expectation | undefined;
  /** When set, the expectation is looked up by the parsed operation (clients driven from another process). */
  expectFor: ((operation: string) => Expectation | undefined) | undefined;
  /** Problems per operation, when `expectFor` is used. */
  readonly problemsByOp = new Map<string, string[]>();
  /** Problems seen on the server side for the current request. */
  problems: string[] = [];
  /** Operation names the codec parsed, in order (for unknown-operation checks). */
  readonly seen: string[] = [];
  /** Clients send host prefixes: check that the Host header carries the expected host labels. */
  checkHostPrefix = false;
  private server?: Server;
  url = '';

  constructor(
    readonly model: ServiceModel,
    readonly codec: ProtocolCodec,
  ) {}

  async start(): Promise<this> {
    this.server = createServer({ keepAliveTimeout: 60_000 }, (req, res) => {
      void readAll(req).then((body) => {
        const r = this.answer(req, body);
        const payload = typeof r.body === 'string' ? Buffer.from(r.body) : r.body;
        const headers: Record<string, string> = { ...r.headers };
        if (req.method !== 'HEAD' || headers['content-length'] === undefined) headers['content-length'] = String(payload.length);
        res.writeHead(r.status, headers);
        res.end(req.method === 'HEAD' ? undefined : payload);
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  /** Open client connections (to spot SDKs that do not release sockets). */
  connections(): Promise<number> {
    return new Promise((resolve) => this.server!.getConnections((_e, n) => resolve(n)));
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  private answer(req: IncomingMessage, raw: Buffer): WireResponse {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const headers: Record<string, string> = {};
    for (let i = 0; i < req.rawHeaders.length; i += 2) {
      const k = req.rawHeaders[i]!.toLowerCase();
      headers[k] = headers[k] === undefined ? req.rawHeaders[i + 1]! : `${headers[k]},${req.rawHeaders[i + 1]}`;
    }
    let body = raw;
    if ((headers['content-encoding'] ?? '').includes('aws-chunked') || (headers['x-amz-content-sha256'] ?? '').startsWith('STREAMING-')) {
      const d = decodeAwsChunked(raw);
      body = d.payload;
      Object.assign(headers, d.trailers);
    }
    const request = { method: req.method ?? 'GET', rawPath: q === -1 ? url : url.slice(0, q), rawQuery: q === -1 ? '' : url.slice(q + 1), headers, body };
    const ctx = { requestId: '11111111-2222-3333-4444-555555555555', method: request.method };
    try {
      const call = this.codec.parse(this.model, request, { validate: false, fillIdempotencyTokens: false });
      this.seen.push(call.operation);
      const exp = this.expectFor ? this.expectFor(call.operation) : this.expectation;
      if (!exp) throw new Error(`no expectation for ${call.operation}`);
      const problems = this.expectFor ? (this.problemsByOp.get(call.operation) ?? []) : this.problems;
      this.problemsByOp.set(call.operation, problems);
      const routed = exp.routedTo ?? exp.operation;
      if (call.operation !== routed) problems.push(`routed to ${call.operation}, expected ${routed}`);
      else problems.push(...differences(exp.input, call.input, exp.compare).map((d) => `input${d}`));
      if (this.checkHostPrefix) problems.push(...this.hostPrefixProblems(call.operation, exp.input, headers['host']));
      if (exp.error) return this.codec.serializeError(this.model, exp.error, ctx);
      return this.codec.serialize(this.model, call.operation === routed ? exp.operation : call.operation, exp.output, ctx);
    } catch (e) {
      if (isAwsError(e)) return this.codec.serializeError(this.model, e, ctx);
      this.problems.push(`server threw ${(e as Error).stack}`);
      return { status: 599, headers: {}, body: '' };
    }
  }

  private hostPrefixProblems(operation: string, input: Record<string, unknown>, host: string | undefined): string[] {
    const template = this.model.operation(operation)?.endpoint?.hostPrefix;
    if (!template) return [];
    const labels = hostPrefixLabels(template, host) ?? {};
    const members = Object.entries(this.model.resolve(this.model.operation(operation)!.input).members ?? {}).filter(([, r]) => r.hostLabel);
    return members.filter(([m]) => labels[m] !== input[m]).map(([m]) => `host ${host} does not carry ${m}=${String(input[m])} as prefix ${template}`);
  }
}

function readAll(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
