import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseListen } from './proxy.js';
import { parseProxySpec } from './start.js';

describe('proxy options', () => {
  it('--listen HOST:PORT', () => {
    assert.deepEqual(parseListen('127.0.0.1:8080'), { host: '127.0.0.1', port: 8080 });
    assert.deepEqual(parseListen('[::1]:0'), { host: '::1', port: 0 });
    for (const bad of ['8080', 'h:', 'h:99999', ':80']) assert.throws(() => parseListen(bad), /--listen/);
  });
  it('rampart start --proxy name=...,listen=...,upstream=...', () => {
    assert.deepEqual(parseProxySpec('name=shop,listen=127.0.0.1:8080,upstream=http://127.0.0.1:3000'), { name: 'shop', listen: '127.0.0.1:8080', upstream: 'http://127.0.0.1:3000', region: 'us-east-1' });
    assert.deepEqual(parseProxySpec('name=a,upstream=http://u,region=eu-west-1,redis=redis://r:6379'), { name: 'a', listen: '127.0.0.1:8080', upstream: 'http://u', region: 'eu-west-1', redis: 'redis://r:6379' });
    assert.deepEqual(parseProxySpec('name=a,upstream=http://u,https=127.0.0.1:8443'), { name: 'a', listen: '127.0.0.1:8080', upstream: 'http://u', region: 'us-east-1', https: '127.0.0.1:8443' });
    for (const bad of ['name=a', 'upstream=http://u', 'name=a,upstream=http://u,bogus=1', 'name=a,name=b,upstream=http://u', 'junk']) assert.throws(() => parseProxySpec(bad), /--proxy/);
  });
});
