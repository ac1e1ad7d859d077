import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isLoopbackHost } from './runtime.js';
import { storageOptions } from './storage-config.js';

describe('storageOptions', () => {
  it('defaults to SQLite in the data dir', () => {
    assert.deepEqual(storageOptions('sqlite', '/d', {}), { kind: 'sqlite', dataDir: '/d' });
  });
  it('takes the schema from the URL and the master key from the environment', () => {
    const o = storageOptions('postgres://u@h:5432/db?schema=s1', '/d', { RAMPART_MASTER_KEY: 'k' });
    assert.deepEqual(o, { kind: 'postgres', url: 'postgres://u@h:5432/db', schema: 's1', masterKey: 'k' });
  });
  it('requires RAMPART_MASTER_KEY for PostgreSQL and refuses unknown kinds', () => {
    assert.throws(() => storageOptions('postgres://u@h/db', '/d', {}), /RAMPART_MASTER_KEY is required/);
    assert.throws(() => storageOptions('mysql://x', '/d', {}), /must be 'sqlite' or a postgres/);
  });
});

describe('isLoopbackHost', () => {
  it('accepts loopback addresses only', () => {
    for (const h of ['127.0.0.1', '127.1.2.3', 'localhost', '::1']) assert.ok(isLoopbackHost(h), h);
    for (const h of ['0.0.0.0', '10.0.0.1', '::', 'example.com', '128.0.0.1']) assert.ok(!isLoopbackHost(h), h);
  });
});
