/**
 * Signs generated specs with botocore (AWS SDK for Python): one python3 process reads every spec as
 * JSON on stdin (test/sigv4/botocore-signer.py) and prints the signed requests.
 */
import { spawnSync } from 'node:child_process';
import { pythonWithBoto3 } from './python.js';
import { fileURLToPath } from 'node:url';
import { formatAmzDate } from '../../src/auth/amz-date.js';
import { splitUrl } from './sigv4-fixtures.js';
import { encodeQuery, type RequestSpec } from './sigv4-spec-gen.js';
import type { SignedCase } from './sigv4-smithy-sign.js';

const SCRIPT = fileURLToPath(new URL('../sigv4/botocore-signer.py', import.meta.url));

interface BotocoreOutput {
  readonly id: string;
  readonly method: string;
  readonly url: string;
  readonly headers: [string, string][];
  readonly body_b64: string;
}

/** Signs all specs in one python3 process. */
export function signWithBotocore(specs: readonly RequestSpec[]): SignedCase[] {
  const input = specs.map((s) => {
    const query = encodeQuery(s.query);
    const headers: [string, string][] = [];
    for (const h of s.headers) if (h.name.toLowerCase() !== 'host') for (const line of h.lines) headers.push([h.name, line]);
    return {
      id: s.id,
      s3: s.profile.s3,
      service: s.profile.service,
      region: s.region,
      mode: s.mode,
      method: s.method,
      url: `https://${s.host}${s.rawPath}${query === '' ? '' : '?' + query}`,
      headers,
      body_b64: s.payload === 'streaming-unsigned-trailer' || s.mode === 'header' ? s.body.toString('base64') : '',
      access_key: s.cred.accessKeyId,
      secret_key: s.cred.secretAccessKey,
      token: s.cred.sessionToken ?? null,
      timestamp: formatAmzDate(s.signedAt),
      expires: s.expires,
      unsigned_payload: s.payload === 'unsigned',
      trailer: s.payload === 'streaming-unsigned-trailer' ? { algorithm: s.checksum, chunk_size: s.chunkSize } : null,
      use_date_header: s.useDateHeader,
    };
  });
  const run = spawnSync(pythonWithBoto3(), [SCRIPT], { input: JSON.stringify(input), encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (run.error || run.status !== 0) throw new Error(`botocore signer failed: ${run.error?.message ?? run.stderr}`);
  const outputs = JSON.parse(run.stdout) as BotocoreOutput[];
  return outputs.map((o, i) => {
    const spec = specs[i] as RequestSpec;
    const { host, rawPath, rawQuery } = splitUrl(o.url);
    const rawHeaders = ['Host', host, ...o.headers.flat()];
    const body = Buffer.from(o.body_b64, 'base64');
    const expectedPayload = spec.mode === 'header' || spec.payload === 'streaming-unsigned-trailer' ? spec.body : Buffer.alloc(0);
    return { spec, req: { method: o.method, rawPath, rawQuery, rawHeaders, body }, expectedPayload };
  });
}
