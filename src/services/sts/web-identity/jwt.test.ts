import assert from 'node:assert/strict';
import { createHmac, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { describe, it } from 'node:test';
import { candidateKeys, parseJwt, signatureValid, JwtError, MAX_TOKEN_LENGTH, type Jwk } from './jwt.js';

const b64 = (v: unknown) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const jwkOf = (k: KeyObject, extra: object = {}): Jwk => ({ ...k.export({ format: 'jwk' }), ...extra });
const RSA_JWK = jwkOf(rsa.publicKey, { kid: 'r1' });
const EC_JWK = jwkOf(ec.publicKey, { kid: 'e1' });
const CLAIMS = { iss: 'https://issuer.example.com', sub: 'u', aud: 'app', exp: 2_000_000_000 };

function token(alg: string, key: KeyObject, header: object = {}, claims: object = CLAIMS): string {
  const input = `${b64({ alg, ...header })}.${b64(claims)}`;
  const opts = alg.startsWith('ES') ? { key, dsaEncoding: 'ieee-p1363' as const } : alg.startsWith('PS') ? { key, padding: 6, saltLength: 32 } : key;
  return `${input}.${sign(`sha${alg.slice(2)}`, Buffer.from(input), opts).toString('base64url')}`;
}

/** Whether the token verifies against `keys` as the handler checks it. */
function verifies(t: string, keys: readonly Jwk[]): boolean {
  const jwt = parseJwt(t);
  return candidateKeys(jwt, keys).some((k) => signatureValid(jwt, k));
}

describe('JWT signature verification', () => {
  it('verifies RS256, PS256 and ES256 tokens with the matching JWKS key', () => {
    assert.equal(verifies(token('RS256', rsa.privateKey, { kid: 'r1' }), [EC_JWK, RSA_JWK]), true);
    assert.equal(verifies(token('PS256', rsa.privateKey, { kid: 'r1' }), [RSA_JWK]), true);
    assert.equal(verifies(token('ES256', ec.privateKey, { kid: 'e1' }), [RSA_JWK, EC_JWK]), true);
    assert.equal(verifies(token('RS256', rsa.privateKey), [RSA_JWK]), true, 'no kid: every key of the right type is tried');
    assert.deepEqual(parseJwt(token('RS256', rsa.privateKey, { kid: 'r1' })).claims, CLAIMS);
  });

  it('refuses a forged signature, a changed payload and a wrong kid', () => {
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    assert.equal(verifies(token('RS256', other, { kid: 'r1' }), [RSA_JWK]), false);
    const [h, , s] = token('RS256', rsa.privateKey, { kid: 'r1' }).split('.');
    assert.equal(verifies(`${h}.${b64({ ...CLAIMS, sub: 'admin' })}.${s}`, [RSA_JWK]), false);
    const wrongKid = parseJwt(token('RS256', rsa.privateKey, { kid: 'unknown' }));
    assert.deepEqual(candidateKeys(wrongKid, [RSA_JWK]), []);
  });

  it('refuses alg none and HS256 signed with the public key as secret (algorithm confusion)', () => {
    assert.throws(() => parseJwt(`${b64({ alg: 'none' })}.${b64(CLAIMS)}.`), JwtError);
    assert.throws(() => parseJwt(`${b64({ alg: 'None' })}.${b64(CLAIMS)}.${b64('x')}`), JwtError);
    const input = `${b64({ alg: 'HS256', kid: 'r1' })}.${b64(CLAIMS)}`;
    const pem = rsa.publicKey.export({ format: 'pem', type: 'spki' });
    const mac = createHmac('sha256', pem).update(input).digest('base64url');
    assert.throws(() => parseJwt(`${input}.${mac}`), JwtError);
  });

  it('uses a key only for its own type, curve and declared alg/use, and not RSA keys under 2048 bits', () => {
    const es = parseJwt(token('ES256', ec.privateKey));
    assert.deepEqual(candidateKeys(es, [RSA_JWK]), [], 'RSA key for an ES token');
    const rs = parseJwt(token('RS256', rsa.privateKey));
    assert.deepEqual(candidateKeys(rs, [EC_JWK]), [], 'EC key for an RS token');
    assert.deepEqual(candidateKeys(rs, [{ ...RSA_JWK, alg: 'RS512' }]), []);
    assert.deepEqual(candidateKeys(rs, [{ ...RSA_JWK, use: 'enc' }]), []);
    const p384 = generateKeyPairSync('ec', { namedCurve: 'P-384' });
    assert.deepEqual(candidateKeys(es, [jwkOf(p384.publicKey)]), [], 'P-384 key for ES256');
    const small = generateKeyPairSync('rsa', { modulusLength: 1024 });
    assert.equal(verifies(token('RS256', small.privateKey), [jwkOf(small.publicKey)]), false);
    assert.deepEqual(candidateKeys(rs, [jwkOf(rsa.privateKey)]), [], 'a private key in a JWKS is never used');
    assert.deepEqual(candidateKeys(rs, [{ kty: 'RSA', n: 'not-a-key', e: 'AQAB' }, null as unknown as Jwk]), []);
  });

  it('refuses malformed tokens: parts, base64url, JSON, size, crit, kid type', () => {
    const good = token('RS256', rsa.privateKey, { kid: 'r1' });
    const [h, p, s] = good.split('.') as [string, string, string];
    for (const bad of [
      'a.b',
      `${good}.x`,
      `${h}=.${p}.${s}`,
      `${h}.${p}.${s}+/`,
      `${h}.${p}.${s.slice(0, -1)}*`,
      `${b64('not json')}.${p}.${s}`,
      `${b64('[1]')}.${p}.${s}`,
      `${h}.${b64('"a string"')}.${s}`,
      `${h}.${Buffer.from([0xff, 0xfe]).toString('base64url')}.${s}`,
      `${b64({ alg: 'RS256', crit: ['exp'] })}.${p}.${s}`,
      `${b64({ alg: 'RS256', kid: 7 })}.${p}.${s}`,
      `${h}.${p}.`,
      `${h}.${'A'.repeat(MAX_TOKEN_LENGTH)}.${s}`,
    ]) {
      assert.throws(() => parseJwt(bad), JwtError, bad.slice(0, 60));
    }
  });
});
