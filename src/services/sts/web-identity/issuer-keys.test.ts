import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { discoveryUrl, IssuerKeys, KeyFetchError } from './issuer-keys.js';
import { parseOfflineJwks } from './offline-jwks.js';

const ISS = 'https://idp.example.com';
const K1 = { kty: 'RSA', kid: 'k1', n: 'x', e: 'AQAB' };
const K2 = { kty: 'RSA', kid: 'k2', n: 'y', e: 'AQAB' };

/** A fetcher over a fake issuer whose key set can change; counts calls by URL. */
function fakeIssuer(keys: { current: object[] }, fail: { on: boolean } = { on: false }) {
  const calls: string[] = [];
  const fetch = async (url: string) => {
    calls.push(url);
    if (fail.on) throw new Error('connect ECONNREFUSED');
    if (url === discoveryUrl(ISS)) return { issuer: ISS, jwks_uri: `${ISS}/keys` };
    if (url === `${ISS}/keys`) return { keys: keys.current };
    throw new Error(`unexpected ${url}`);
  };
  return { calls, fetch };
}

describe('issuer keys', () => {
  it('discovers the JWKS, caches it, and fetches once for concurrent callers', async () => {
    const f = fakeIssuer({ current: [K1] });
    const keys = new IssuerKeys({ fetch: f.fetch, now: () => 0 });
    const all = await Promise.all([keys.keys(ISS, [], 'k1'), keys.keys(ISS, [], 'k1'), keys.keys(ISS, [], undefined)]);
    assert.deepEqual(all, [[K1], [K1], [K1]]);
    assert.deepEqual(f.calls, [`${ISS}/.well-known/openid-configuration`, `${ISS}/keys`]);
    assert.equal(discoveryUrl('https://x.example.com/tenant/'), 'https://x.example.com/tenant/.well-known/openid-configuration');
  });

  it('an unknown kid refetches at most once a minute; the cache expires after an hour', async () => {
    const set = { current: [K1] as object[] };
    const f = fakeIssuer(set);
    let now = 0;
    const keys = new IssuerKeys({ fetch: f.fetch, now: () => now });
    await keys.keys(ISS, [], 'k1');
    set.current = [K1, K2];
    now = 30_000;
    assert.deepEqual(await keys.keys(ISS, [], 'k2'), [K1], 'within a minute: no refetch');
    now = 61_000;
    assert.deepEqual(await keys.keys(ISS, [], 'k2'), [K1, K2], 'rotated key found');
    assert.equal(f.calls.length, 4);
    now = 61_000 + 3_600_000;
    await keys.keys(ISS, [], 'k1');
    assert.equal(f.calls.length, 6, 'refetched after the TTL');
  });

  it('a failed fetch is KeyFetchError and is not retried for 10 seconds', async () => {
    const fail = { on: true };
    const f = fakeIssuer({ current: [K1] }, fail);
    let now = 0;
    const keys = new IssuerKeys({ fetch: f.fetch, now: () => now });
    await assert.rejects(keys.keys(ISS, [], 'k1'), KeyFetchError);
    await assert.rejects(keys.keys(ISS, [], 'k1'), KeyFetchError);
    assert.equal(f.calls.length, 1);
    fail.on = false;
    now = 10_001;
    assert.deepEqual(await keys.keys(ISS, [], 'k1'), [K1]);
  });

  it('other thumbprints are another trust: cached keys are not reused for them', async () => {
    const f = fakeIssuer({ current: [K1] });
    const keys = new IssuerKeys({ fetch: f.fetch, now: () => 0 });
    await keys.keys(ISS, ['a'.repeat(40)], 'k1');
    await keys.keys(ISS, ['A'.repeat(40)], 'k1');
    assert.equal(f.calls.length, 2, 'thumbprints compare without case');
    await keys.keys(ISS, ['b'.repeat(40)], 'k1');
    assert.equal(f.calls.length, 4);
  });

  it('refuses a discovery document without an https jwks_uri, and a JWKS without keys', async () => {
    const keys = new IssuerKeys({ fetch: async (url) => (url.endsWith('configuration') ? { jwks_uri: 'http://idp.example.com/keys' } : {}), now: () => 0 });
    await assert.rejects(keys.keys(ISS, [], undefined), /no https jwks_uri/);
    const noKeys = new IssuerKeys({ fetch: async (url) => (url.endsWith('configuration') ? { jwks_uri: `${ISS}/keys` } : { keys: 'x' }), now: () => 0 });
    await assert.rejects(noKeys.keys(ISS, [], undefined), /no keys/);
  });

  it('offline keys (RAMPART_OIDC_JWKS) are used without any fetch', async () => {
    const offline = parseOfflineJwks(JSON.stringify({ [ISS]: { keys: [K1] } }), 'test');
    const keys = new IssuerKeys({ offline, fetch: () => Promise.reject(new Error('no network')), now: () => 0 });
    assert.deepEqual(await keys.keys(ISS, [], 'k1'), [K1]);
    assert.throws(() => parseOfflineJwks('{"http://idp": {"keys": []}}', 'f'), /not an https URL/);
    assert.throws(() => parseOfflineJwks('[]', 'f'), /expected an object/);
    assert.throws(() => parseOfflineJwks('{', 'f'), /not JSON/);
    assert.throws(() => parseOfflineJwks(`{"${ISS}": {}}`, 'f'), /no keys/);
  });
});
