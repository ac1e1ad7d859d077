/**
 * One API call, three real clients: the AWS SDK for JavaScript v3, boto3 and the AWS CLI, each
 * behind the same `call(operation, input)` so a test can run one scenario through all three and
 * compare what each client saw. Inputs are the API's own shapes (member names as in the model);
 * blob members are given as Buffer/Uint8Array. Outputs are normalized: blobs as base64 strings,
 * timestamps as epoch seconds, so the three can be compared field by field. Errors come back as
 * { code, status, message } from each client's own error reading.
 *
 * boto3 runs as one long-lived Python process reading one JSON request per line; the CLI runs one
 * `aws` process per call (blobs through `fileb://` files, the rest through `--cli-input-json`).
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { run } from '../e2e/authz-support.js';
import { pythonWithBoto3 } from './python.js';
import { awsEnv, type TestServer } from './rampart.js';

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
export interface CallError {
  readonly code: string;
  readonly status: number;
  readonly message: string;
}
export type CallResult = { readonly ok: Record<string, Json> } | { readonly error: CallError };
export interface ApiCaller {
  readonly name: 'sdk' | 'boto3' | 'cli';
  call(operation: string, input?: Record<string, unknown>): Promise<CallResult>;
  close(): Promise<void>;
}
type Creds = { accessKeyId: string; secretAccessKey: string };

/** botocore's xform_name: `GenerateDataKeyPair` -> `generate_data_key_pair`. */
export const snake = (name: string): string =>
  name
    .replace(/(.)([A-Z][a-z]+)/g, '$1_$2')
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase();

const isBlob = (v: unknown): v is Uint8Array => v instanceof Uint8Array;

/** Blobs to base64, dates to epoch seconds, recursively. */
function normalize(v: unknown): Json {
  if (isBlob(v)) return Buffer.from(v).toString('base64');
  if (v instanceof Date) return v.getTime() / 1000;
  if (Array.isArray(v)) return v.map(normalize);
  if (v && typeof v === 'object') {
    const out: Record<string, Json> = {};
    for (const [k, x] of Object.entries(v)) if (x !== undefined && k !== '$metadata') out[k] = normalize(x);
    return out;
  }
  return v as Json;
}

/** The SDK v3: `sdkModule` is the client package (e.g. `await import('@aws-sdk/client-kms')`). */
export function sdkCaller(s: TestServer, sdkModule: Record<string, unknown>, clientName: string, creds: Creds = s.credentials, region = 'us-east-1'): ApiCaller {
  const Client = sdkModule[clientName] as new (c: object) => { send(c: unknown): Promise<unknown>; destroy(): void };
  const client = new Client({ endpoint: s.url, region, credentials: creds, maxAttempts: 1 });
  return {
    name: 'sdk',
    async call(operation, input = {}) {
      const Command = sdkModule[`${operation}Command`] as new (i: object) => unknown;
      if (!Command) throw new Error(`the SDK has no ${operation}Command`);
      try {
        return { ok: normalize(await client.send(new Command(input))) as Record<string, Json> };
      } catch (e) {
        const x = e as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } };
        if (x.$metadata?.httpStatusCode === undefined) throw e;
        return { error: { code: x.name ?? '', status: x.$metadata.httpStatusCode, message: x.message ?? '' } };
      }
    },
    async close() {
      client.destroy();
    },
  };
}

const BOTO3_DRIVER = `
import base64, datetime, json, sys, boto3, botocore
from botocore.config import Config
c = boto3.client(sys.argv[1], endpoint_url=sys.argv[2], region_name=sys.argv[3], aws_access_key_id=sys.argv[4], aws_secret_access_key=sys.argv[5], config=Config(retries={'max_attempts': 1}))
def inp(v):
    if isinstance(v, dict):
        if set(v.keys()) == {'$b'}: return base64.b64decode(v['$b'])
        return {k: inp(x) for k, x in v.items()}
    if isinstance(v, list): return [inp(x) for x in v]
    return v
def out(v):
    if isinstance(v, (bytes, bytearray)): return base64.b64encode(v).decode()
    if isinstance(v, datetime.datetime): return v.timestamp()
    if isinstance(v, dict): return {k: out(x) for k, x in v.items() if k != 'ResponseMetadata'}
    if isinstance(v, list): return [out(x) for x in v]
    return v
for line in sys.stdin:
    req = json.loads(line)
    try:
        r = {'ok': out(getattr(c, req['op'])(**inp(req['input'])))}
    except botocore.exceptions.ClientError as e:
        r = {'error': {'code': e.response['Error'].get('Code', ''), 'status': e.response['ResponseMetadata']['HTTPStatusCode'], 'message': e.response['Error'].get('Message', '')}}
    except Exception as e:
        r = {'error': {'code': 'Client:' + type(e).__name__, 'status': 0, 'message': str(e)}}
    print(json.dumps(r), flush=True)
`;

/** Inputs for the boto3 driver: blobs as {"$b": base64}. */
function forPython(v: unknown): unknown {
  if (isBlob(v)) return { $b: Buffer.from(v).toString('base64') };
  if (Array.isArray(v)) return v.map(forPython);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, forPython(x)]));
  return v;
}

/** boto3, one Python process for every call. */
export function boto3Caller(s: TestServer, service: string, creds: Creds = s.credentials, region = 'us-east-1'): ApiCaller {
  const py: ChildProcessWithoutNullStreams = spawn(pythonWithBoto3(), ['-c', BOTO3_DRIVER, service, s.url, region, creds.accessKeyId, creds.secretAccessKey], { env: awsEnv(s, creds) });
  let stderr = '';
  py.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const lines = createInterface({ input: py.stdout })[Symbol.asyncIterator]();
  let queue: Promise<unknown> = Promise.resolve();
  return {
    name: 'boto3',
    call(operation, input = {}) {
      const next = queue.then(async () => {
        py.stdin.write(`${JSON.stringify({ op: snake(operation), input: forPython(input) })}\n`);
        const line = await lines.next();
        if (line.done) throw new Error(`the boto3 driver ended: ${stderr}`);
        return JSON.parse(line.value) as CallResult;
      });
      queue = next.catch(() => undefined);
      return next;
    },
    async close() {
      py.stdin.end();
      await new Promise((r) => py.once('close', r));
    },
  };
}

/** The AWS CLI, one process per call. */
export function cliCaller(s: TestServer, service: string, creds: Creds = s.credentials, region = 'us-east-1'): ApiCaller {
  const dir = mkdtempSync(join(tmpdir(), 'rampart-cli-blobs-'));
  let n = 0;
  return {
    name: 'cli',
    async call(operation, input = {}) {
      const args = ['--endpoint-url', s.url, '--region', region, '--output', 'json', service, snake(operation).replace(/_/g, '-')];
      const json: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(input)) {
        if (isBlob(v)) {
          const f = join(dir, `blob-${n++}`);
          writeFileSync(f, v);
          args.push(`--${snake(k).replace(/_/g, '-')}`, `fileb://${f}`);
        } else if (v !== undefined) json[k] = v;
      }
      if (Object.keys(json).length > 0) args.push('--cli-input-json', JSON.stringify(json));
      const r = await run('aws', args, awsEnv(s, creds));
      if (r.status === 0) return { ok: (r.stdout.trim() ? JSON.parse(r.stdout) : {}) as Record<string, Json> };
      const m = /An error occurred \(([^)]+)\) when calling the \w+ operation(?: \([^)]*\))?: ?([\s\S]*)$/.exec(r.stderr.trim());
      if (!m) return { error: { code: `Client:${r.stderr.trim().split('\n').pop() ?? ''}`, status: 0, message: r.stderr } };
      // The CLI prints no HTTP status; the code and message are what it shows its user.
      return { error: { code: m[1]!, status: -1, message: m[2]!.trim() } };
    },
    async close() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
