/**
 * KMS secrets stay sealed everywhere they could leak, and ciphertexts outlive the process: a known
 * plaintext, a data key and the key material appear neither in the server's log output nor in a
 * backup archive (its decompressed lines); a ciphertext made before a restart, and one made before a
 * backup, decrypt after the restart and after restoring the backup into a new data dir with the same
 * master key.
 */
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, it } from 'node:test';
import { CreateKeyCommand, DecryptCommand, EncryptCommand, GenerateDataKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { startTestServer, type TestServer } from '../helpers/rampart.js';
import { runAsync } from '../helpers/run-async.js';
import { archiveLines } from '../storage/archive-support.js';

const MAIN = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'rampart-kms-at-rest-'));
after(() => rmSync(root, { recursive: true, force: true }));
const kms = (s: TestServer) => new KMSClient({ endpoint: s.url, region: 'us-east-1', credentials: s.credentials, maxAttempts: 1 });
const rampart = (args: string[]) => runAsync(process.execPath, ['--import', 'tsx', MAIN, ...args], { timeoutMs: 120_000 });

describe('KMS at rest: logs, backups, restarts, restores', () => {
  it('no secret in the log or a backup; ciphertexts decrypt after a restart and after a restore', async () => {
    const dataDir = join(root, 'data');
    const logged: string[] = [];
    const log = (msg: string, err?: unknown) => logged.push(`${msg} ${err instanceof Error ? `${err.message} ${err.stack}` : String(err ?? '')}`);
    let s = await startTestServer({ dataDir, log });
    const marker = 'KMS-AT-REST-MARKER-5b0e3d1a-never-in-clear';
    const keyId = (await kms(s).send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
    const blob = (await kms(s).send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from(marker), EncryptionContext: { at: 'rest' } }))).CiphertextBlob!;
    const dk = await kms(s).send(new GenerateDataKeyCommand({ KeyId: keyId, KeySpec: 'AES_256' }));
    // Errors are logged too: provoke some with the secrets in the request.
    await kms(s).send(new DecryptCommand({ CiphertextBlob: blob, EncryptionContext: { wrong: marker } })).catch(() => undefined);
    await kms(s).send(new EncryptCommand({ KeyId: 'alias/none', Plaintext: Buffer.from(marker) })).catch(() => undefined);
    const { material, materialKey, regionScope } = await import('../../src/services/kms/store.js');
    const where = { table: 'kms.key-material', scope: regionScope(s.accountId, 'us-east-1'), key: materialKey(keyId, 1) };
    const keyBytes = s.runtime.store.sealer.open((await material.get(s.runtime.store, where.scope, where.key))!.sealed, where);
    const needles = [marker, keyBytes.toString('base64'), keyBytes.toString('hex'), Buffer.from(dk.Plaintext!).toString('base64'), Buffer.from(dk.Plaintext!).toString('hex')];
    await s.close();

    // Restart on the same data dir: the old ciphertext decrypts.
    s = await startTestServer({ dataDir, log });
    assert.equal(Buffer.from((await kms(s).send(new DecryptCommand({ CiphertextBlob: blob, EncryptionContext: { at: 'rest' } }))).Plaintext!).toString(), marker);
    assert.deepEqual((await kms(s).send(new DecryptCommand({ CiphertextBlob: dk.CiphertextBlob! }))).Plaintext, dk.Plaintext);
    await s.close();

    const out = join(root, 'kms.rbk');
    const backup = await rampart(['backup', '--out', out, '--data-dir', dataDir]);
    assert.equal(backup.status, 0, backup.stderr);
    const lines = archiveLines(out).join('\n');
    assert.ok(lines.includes('kms.key-material'), 'the archive holds the (sealed) material');
    for (const n of needles) {
      assert.equal(lines.includes(n), false, `the backup holds a secret (${n.slice(0, 8)}...)`);
      assert.equal(backup.stdout.includes(n) || backup.stderr.includes(n), false, 'the backup command printed a secret');
    }
    for (const l of logged) for (const n of needles) assert.equal(l.includes(n), false, `the log holds a secret: ${l.slice(0, 120)}`);

    // Restore into a new data dir with the same master key: the ciphertext decrypts there.
    const restoredDir = join(root, 'restored');
    mkdirSync(restoredDir, { recursive: true, mode: 0o700 });
    copyFileSync(join(dataDir, 'master.key'), join(restoredDir, 'master.key'));
    const restore = await rampart(['restore', '--in', out, '--data-dir', restoredDir]);
    assert.equal(restore.status, 0, restore.stderr);
    s = await startTestServer({ dataDir: restoredDir, log });
    try {
      assert.equal(Buffer.from((await kms(s).send(new DecryptCommand({ CiphertextBlob: blob, EncryptionContext: { at: 'rest' } }))).Plaintext!).toString(), marker);
    } finally {
      await s.close();
    }
  });
});
