/**
 * A real local OpenID Connect issuer for tests: HTTPS on 127.0.0.1 with a self-signed certificate
 * made here (@peculiar/x509), serving `/.well-known/openid-configuration` and its JWKS, and signing
 * ID tokens with a real RSA key (RS256) through node:crypto. `thumbprint` is the SHA-1 of the
 * certificate, as IAM's ThumbprintList holds it.
 */
import { createHash, createPrivateKey, generateKeyPairSync, sign, webcrypto, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import './reflect-metadata.js';

export interface TestIssuer {
  /** `https://127.0.0.1:PORT` (the `iss` of its tokens). */
  readonly url: string;
  /** The URL without `https://` (the provider's ARN suffix and condition key prefix). */
  readonly host: string;
  readonly thumbprint: string;
  readonly kid: string;
  /** Requests served, by path. */
  readonly hits: Map<string, number>;
  /** A token signed with the issuer's key (header `alg`/`kid` overridable). */
  token(claims: Record<string, unknown>, header?: Record<string, unknown>): string;
  /** A token signed with another key under the issuer's `kid` (a forgery). */
  forged(claims: Record<string, unknown>): string;
  close(): Promise<void>;
}

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

/** Signs `claims` as a compact JWS with RS256. */
export function signRs256(key: KeyObject, header: Record<string, unknown>, claims: Record<string, unknown>): string {
  const input = `${b64({ typ: 'JWT', alg: 'RS256', ...header })}.${b64(claims)}`;
  return `${input}.${sign('sha256', Buffer.from(input), key).toString('base64url')}`;
}

async function selfSignedCertificate(): Promise<{ certPem: string; keyPem: string; der: Buffer }> {
  // Loaded after the metadata polyfill above (a static import would be hoisted before it).
  const x509 = await import('@peculiar/x509');
  x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);
  const alg = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
  const keys = (await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: '01',
    name: 'CN=127.0.0.1',
    notBefore: new Date(Date.now() - 3600_000),
    notAfter: new Date(Date.now() + 24 * 3600_000),
    signingAlgorithm: alg,
    keys,
    extensions: [new x509.SubjectAlternativeNameExtension([{ type: 'ip', value: '127.0.0.1' }, { type: 'dns', value: 'localhost' }])],
  });
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey));
  const keyPem = createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' }).export({ format: 'pem', type: 'pkcs8' }) as string;
  return { certPem: cert.toString('pem'), keyPem, der: Buffer.from(cert.rawData) };
}

/** Starts an issuer on a free port. */
export async function startTestIssuer(): Promise<TestIssuer> {
  const tls = await selfSignedCertificate();
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  const kid = 'test-key-1';
  const hits = new Map<string, number>();
  let url = '';
  const server: Server = createServer({ key: tls.keyPem, cert: tls.certPem }, (req, res) => {
    const path = req.url ?? '';
    hits.set(path, (hits.get(path) ?? 0) + 1);
    res.setHeader('content-type', 'application/json');
    if (path === '/.well-known/openid-configuration') return res.end(JSON.stringify({ issuer: url, jwks_uri: `${url}/jwks`, id_token_signing_alg_values_supported: ['RS256'] }));
    if (path === '/jwks') return res.end(JSON.stringify({ keys: [{ ...publicKey.export({ format: 'jwk' }), kid, use: 'sig', alg: 'RS256' }] }));
    res.statusCode = 404;
    res.end('{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  url = `https://127.0.0.1:${port}`;
  return {
    url,
    host: `127.0.0.1:${port}`,
    thumbprint: createHash('sha1').update(tls.der).digest('hex'),
    kid,
    hits,
    token: (claims, header = {}) => signRs256(privateKey, { kid, ...header }, claims),
    forged: (claims) => signRs256(other, { kid }, claims),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
