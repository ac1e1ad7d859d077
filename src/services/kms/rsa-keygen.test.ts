import assert from 'node:assert/strict';
import { createPrivateKey } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { generateRsa } from './rsa-keygen.js';

describe('RSA key generation off the event loop', () => {
  it('makes distinct PKCS#8 RSA keys of the size asked for, several requests at once, while timers keep firing', async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    const keys = await Promise.all([generateRsa(2048), generateRsa(2048), generateRsa(3072)]);
    clearInterval(timer);
    assert.ok(ticks > 0);
    assert.deepEqual(keys.map((k) => createPrivateKey({ key: k, format: 'der', type: 'pkcs8' }).asymmetricKeyDetails?.modulusLength), [2048, 2048, 3072]);
    assert.notDeepEqual(keys[0], keys[1]);
  });

  it('the worker thread runs at nice 19 (Linux), the event loop thread at its own priority', async (t) => {
    if (!existsSync('/proc/self/task')) return t.skip('no /proc');
    const pending = generateRsa(2048);
    // Time for a worker started now to set its priority.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const nice = readdirSync('/proc/self/task').map((tid) => Number(readFileSync(`/proc/self/task/${tid}/stat`, 'utf8').split(') ')[1]!.split(' ')[16]));
    await pending;
    assert.ok(nice.includes(19), `thread priorities ${nice.join(',')}`);
    assert.notEqual(nice[0], 19);
  });
});
