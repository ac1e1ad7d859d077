/**
 * Signs generated specs with @smithy/signature-v4 (the signer of AWS SDK for JavaScript v3) and turns
 * the result into the raw request a server would receive. aws-chunked bodies are framed here; their
 * chunk and trailer signatures come from SignatureV4.sign(stringToSign) (smithy's own key derivation),
 * CRC32 from node:zlib, SHA-1/SHA-256 from node:crypto; CRC32C from src/auth/checksums.ts (checked
 * against published check values in its unit test).
 */
import { createHash } from 'node:crypto';
import { crc32 as zlibCrc32 } from 'node:zlib';
import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { crc32c } from '../../src/shared/checksums.js';
import type { SignedRequestParts } from '../../src/auth/types.js';
import { asNodeHeaderValue } from './sigv4-fixtures.js';
import { encodeQuery, type QueryPair, type RequestSpec, type TrailerChecksum } from './sigv4-spec-gen.js';

/** A signed request ready for verifyRequest, with what the verifier should hand back. */
export interface SignedCase {
  readonly spec: RequestSpec;
  readonly req: SignedRequestParts;
  readonly expectedPayload: Buffer;
}

const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
const STREAMING_TOKEN = {
  'streaming-signed': 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD',
  'streaming-signed-trailer': 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER',
  'streaming-unsigned-trailer': 'STREAMING-UNSIGNED-PAYLOAD-TRAILER',
} as const;

/** The checksum value S3 expects in an x-amz-checksum-* trailer. */
export function trailerChecksum(algorithm: TrailerChecksum, data: Buffer): string {
  const uint32 = (n: number) => Buffer.from([n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255]);
  switch (algorithm) {
    case 'CRC32':
      return uint32(zlibCrc32(data)).toString('base64');
    case 'CRC32C':
      return uint32(crc32c(data)).toString('base64');
    case 'SHA1':
      return createHash('sha1').update(data).digest('base64');
    case 'SHA256':
      return createHash('sha256').update(data).digest('base64');
  }
}

function smithyQuery(pairs: readonly QueryPair[]): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  for (const p of pairs) {
    const value = p.value ?? '';
    const prev = query[p.key];
    query[p.key] = prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value];
  }
  return query;
}

function chunksOf(data: Buffer, size: number): Buffer[] {
  const out: Buffer[] = [];
  for (let i = 0; i < data.length; i += size) out.push(data.subarray(i, i + size));
  return out;
}

/** Frames (and, with `sign`, signs) an aws-chunked body. */
async function chunkedBody(spec: RequestSpec, seed: string, sign?: (stringToSign: string) => Promise<string>, scope?: string, amzDate?: string): Promise<Buffer> {
  const parts: Buffer[] = [];
  let previous = seed;
  const trailerName = `x-amz-checksum-${spec.checksum.toLowerCase()}`;
  for (const data of [...chunksOf(spec.body, spec.chunkSize), Buffer.alloc(0)]) {
    let ext = '';
    if (sign) {
      const sts = `AWS4-HMAC-SHA256-PAYLOAD\n${amzDate}\n${scope}\n${previous}\n${EMPTY_SHA256}\n${createHash('sha256').update(data).digest('hex')}`;
      previous = await sign(sts);
      ext = `;chunk-signature=${previous}`;
    }
    parts.push(Buffer.from(`${data.length.toString(16)}${ext}\r\n`), data);
    if (data.length > 0) parts.push(Buffer.from('\r\n'));
  }
  if (spec.payload === 'streaming-signed') return Buffer.concat([...parts, Buffer.from('\r\n')]);
  const trailer = `${trailerName}:${trailerChecksum(spec.checksum, spec.body)}`;
  parts.push(Buffer.from(trailer + '\r\n'));
  if (spec.payload === 'streaming-signed-trailer' && sign) {
    const hash = createHash('sha256').update(trailer + '\n').digest('hex');
    const signature = await sign(`AWS4-HMAC-SHA256-TRAILER\n${amzDate}\n${scope}\n${previous}\n${hash}`);
    parts.push(Buffer.from(`x-amz-trailer-signature:${signature}\r\n`));
  }
  return Buffer.concat([...parts, Buffer.from('\r\n')]);
}

/** Signs one spec with @smithy/signature-v4. */
export async function signWithSmithy(spec: RequestSpec): Promise<SignedCase> {
  const { cred, profile } = spec;
  const signer = new SignatureV4({
    service: profile.service,
    region: spec.region,
    credentials: { accessKeyId: cred.accessKeyId, secretAccessKey: cred.secretAccessKey, ...(cred.sessionToken ? { sessionToken: cred.sessionToken } : {}) },
    sha256: Sha256,
    uriEscapePath: !profile.s3,
    applyChecksum: spec.payload !== 'no-header',
  });
  const headers: Record<string, string> = {};
  for (const h of spec.headers) headers[h.name] = h.lines.map((l) => l.trim()).join(',');
  const streaming = spec.payload.startsWith('streaming');
  if (spec.payload === 'unsigned') headers['x-amz-content-sha256'] = 'UNSIGNED-PAYLOAD';
  if (streaming) {
    headers['x-amz-content-sha256'] = STREAMING_TOKEN[spec.payload as keyof typeof STREAMING_TOKEN];
    headers['Content-Encoding'] = 'aws-chunked';
    headers['x-amz-decoded-content-length'] = String(spec.body.length);
    if (spec.payload !== 'streaming-signed') headers['x-amz-trailer'] = `x-amz-checksum-${spec.checksum.toLowerCase()}`;
  }
  if (spec.mode === 'presigned' && profile.s3) headers['x-amz-content-sha256'] = 'UNSIGNED-PAYLOAD';
  const [hostname, port] = spec.host.split(':');
  const request = new HttpRequest({
    method: spec.method,
    protocol: 'https:',
    hostname,
    ...(port ? { port: Number(port) } : {}),
    path: spec.rawPath,
    query: smithyQuery(spec.query),
    headers,
    body: spec.body,
  });
  const signingDate = new Date(spec.signedAt);
  const signed =
    spec.mode === 'presigned'
      ? await signer.presign(request, {
          signingDate,
          expiresIn: spec.expires,
          ...(spec.hoistContentSha ? {} : { unhoistableHeaders: new Set(['x-amz-content-sha256']) }),
        })
      : await signer.sign(request, { signingDate });

  let body = spec.body;
  if (streaming) {
    const seed = /Signature=([0-9a-f]{64})/.exec(signed.headers['authorization'] ?? '')?.[1] ?? '';
    const amzDate = signed.headers['x-amz-date'] ?? '';
    const scope = `${amzDate.slice(0, 8)}/${spec.region}/${profile.service}/aws4_request`;
    const sign = spec.payload === 'streaming-unsigned-trailer' ? undefined : (s: string) => signer.sign(s, { signingDate });
    body = await chunkedBody(spec, seed, sign, scope, amzDate);
  }
  const rawHeaders: string[] = [];
  const sent = new Set<string>();
  for (const h of spec.headers) {
    if (signed.headers[h.name] === undefined) continue; // hoisted into the query by presign
    sent.add(h.name.toLowerCase());
    for (const line of h.lines) rawHeaders.push(h.name, asNodeHeaderValue(line));
  }
  for (const [name, value] of Object.entries(signed.headers)) {
    if (!sent.has(name.toLowerCase())) rawHeaders.push(name, asNodeHeaderValue(value));
  }
  const ownKeys = new Set(spec.query.map((p) => p.key));
  const added: QueryPair[] = [];
  for (const [key, value] of Object.entries(signed.query ?? {})) {
    if (ownKeys.has(key)) continue;
    for (const v of Array.isArray(value) ? value : [value ?? '']) added.push({ key, value: v, encoding: 'canonical' });
  }
  const rawQuery = encodeQuery([...spec.query, ...added]);
  return { spec, req: { method: spec.method, rawPath: spec.rawPath, rawQuery, rawHeaders, body }, expectedPayload: spec.body };
}
