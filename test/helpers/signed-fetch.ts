import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';

export interface SignOptions {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
  readonly service?: string;
  readonly region?: string;
  /** Signing time; defaults to now. */
  readonly date?: Date;
  readonly headers?: Record<string, string>;
}

/** A form-encoded query-protocol request signed with SigV4 by @smithy/signature-v4, as the SDKs send it. */
export function signQuery(url: string, params: Record<string, string>, o: SignOptions): Promise<{ headers: Record<string, string>; body: string }> {
  return signForm(url, new URLSearchParams(params).toString(), o);
}

/** Signs a POST to `/` of `url` with SigV4 (@smithy/signature-v4), as the SDKs sign it. */
async function signPost<B extends string | Uint8Array>(url: string, body: B, headers: Record<string, string>, o: SignOptions, defaultService: string): Promise<{ headers: Record<string, string>; body: B }> {
  const u = new URL(url);
  const req = new HttpRequest({ method: 'POST', protocol: u.protocol, hostname: u.hostname, port: Number(u.port), path: '/', headers: { host: u.host, ...headers, ...(o.headers ?? {}) }, body });
  const signer = new SignatureV4({
    credentials: { accessKeyId: o.accessKeyId, secretAccessKey: o.secretAccessKey, ...(o.sessionToken ? { sessionToken: o.sessionToken } : {}) },
    region: o.region ?? 'us-east-1',
    service: o.service ?? defaultService,
    sha256: Sha256,
  });
  const signed = await signer.sign(req, { signingDate: o.date ?? new Date() });
  return { headers: signed.headers as Record<string, string>, body };
}

/** Signs an already form-encoded body (repeated or odd keys allowed) as `signQuery` does. */
export function signForm(url: string, body: string, o: SignOptions): Promise<{ headers: Record<string, string>; body: string }> {
  return signPost(url, body, { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }, o, 'sts');
}

/**
 * An awsJson request (POST /, `X-Amz-Target`, JSON body) signed with SigV4 by @smithy/signature-v4,
 * as the SDKs send it. `body` is sent as is (any bytes: the fuzzer sends non-JSON bodies on purpose);
 * `headers` may replace the content type or the target.
 */
export function signJson(url: string, target: string, body: string | Uint8Array, o: SignOptions & { readonly jsonVersion?: string }): Promise<{ headers: Record<string, string>; body: string | Uint8Array }> {
  return signPost(url, body, { 'content-type': `application/x-amz-json-${o.jsonVersion ?? '1.1'}`, 'x-amz-target': target }, o, 'organizations');
}

/** Signs and POSTs an awsJson request; returns status, text and headers. */
export async function signedJson(url: string, target: string, input: unknown, o: SignOptions): Promise<{ status: number; body: string; headers: Headers }> {
  const { headers, body } = await signJson(url, target, JSON.stringify(input), o);
  const res = await fetch(url, { method: 'POST', headers, body });
  return { status: res.status, body: await res.text(), headers: res.headers };
}

/** RFC 3986 percent-encoding, as SigV4 canonicalizes query strings. */
function rfc3986(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** Lone surrogates become U+FFFD, as URLSearchParams writes them (they have no UTF-8). */
function wellFormed(s: string): string {
  return s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

/**
 * A query-protocol request sent as GET with the parameters in the query string (AWS accepts both),
 * signed by @smithy/signature-v4. Returns the URL to fetch and the headers.
 */
export async function signGet(url: string, rawParams: readonly (readonly [string, string])[], o: SignOptions): Promise<{ url: string; headers: Record<string, string> }> {
  const u = new URL(url);
  const params = rawParams.map(([k, v]) => [wellFormed(k), wellFormed(v)] as const);
  // No prototype: a parameter named `__proto__` or `constructor` is a parameter like any other.
  const query: Record<string, string | string[]> = Object.create(null) as Record<string, string | string[]>;
  for (const [k, v] of params) {
    const had = query[k];
    query[k] = had === undefined ? v : [...(Array.isArray(had) ? had : [had]), v];
  }
  const req = new HttpRequest({ method: 'GET', protocol: u.protocol, hostname: u.hostname, port: Number(u.port), path: '/', query, headers: { host: u.host, ...(o.headers ?? {}) } });
  const signer = new SignatureV4({
    credentials: { accessKeyId: o.accessKeyId, secretAccessKey: o.secretAccessKey, ...(o.sessionToken ? { sessionToken: o.sessionToken } : {}) },
    region: o.region ?? 'us-east-1',
    service: o.service ?? 'sts',
    sha256: Sha256,
  });
  const signed = await signer.sign(req, { signingDate: o.date ?? new Date() });
  const search = params.map(([k, v]) => `${rfc3986(k)}=${rfc3986(v)}`).join('&');
  return { url: `${u.origin}/?${search}`, headers: signed.headers as Record<string, string> };
}

/** Signs and POSTs a query-protocol request; returns status, text and headers. */
export async function signedQuery(url: string, params: Record<string, string>, o: SignOptions): Promise<{ status: number; body: string; headers: Headers }> {
  const { headers, body } = await signQuery(url, params, o);
  const res = await fetch(url, { method: 'POST', headers, body });
  return { status: res.status, body: await res.text(), headers: res.headers };
}

/**
 * A JSON-protocol call for services whose SDK client is not installed (Cost Explorer): `signedJson`
 * with the answer's body parsed.
 */
export async function callJson(url: string, target: string, input: unknown, o: SignOptions): Promise<{ status: number; json: Record<string, unknown> }> {
  const r = await signedJson(url, target, input, o);
  return { status: r.status, json: JSON.parse(r.body) as Record<string, unknown> };
}

/** Pulls `<Tag>value</Tag>` out of an XML body (tests only). */
export function xmlValue(xml: string, tag: string): string | undefined {
  const m = new RegExp(`<${tag}>([^<]*)</${tag}>`).exec(xml);
  return m?.[1];
}
