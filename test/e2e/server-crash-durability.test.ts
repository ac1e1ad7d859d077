import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { CreateUserCommand, IAMClient, paginateListUsers } from '@aws-sdk/client-iam';
import { startCli } from '../helpers/spawn-cli.js';

/**
 * The server is killed with SIGKILL in the middle of a write-heavy run; after a restart on the same
 * data dir every write it had acknowledged (HTTP 200 received by the client) is there.
 */
describe('SIGKILL during a write-heavy run', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'rampart-crash-'));
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  it('loses no acknowledged write', async () => {
    const first = await startCli(['--port', '0', '--data-dir', dataDir]);
    const out = first.stdout();
    const credentials = {
      accessKeyId: /export AWS_ACCESS_KEY_ID=(\S+)/.exec(out)![1]!,
      secretAccessKey: /export AWS_SECRET_ACCESS_KEY=(\S+)/.exec(out)![1]!,
    };
    const client = (url: string) => new IAMClient({ endpoint: url, region: 'us-east-1', credentials, maxAttempts: 1 });
    const iam = client(first.url);
    const acknowledged: string[] = [];
    let next = 0;
    let killed = false;
    const worker = async () => {
      while (!killed) {
        const name = `crash-user-${next++}`;
        try {
          await iam.send(new CreateUserCommand({ UserName: name }));
          acknowledged.push(name);
        } catch {
          return; // the server is gone
        }
        if (acknowledged.length >= 300 && !killed) {
          killed = true;
          first.child.kill('SIGKILL');
        }
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
    assert.ok(acknowledged.length >= 300, `only ${acknowledged.length} writes acknowledged`);

    const again = await startCli(['--port', '0', '--data-dir', dataDir]);
    try {
      const stored = new Set<string>();
      for await (const page of paginateListUsers({ client: client(again.url) }, {})) for (const u of page.Users ?? []) stored.add(u.UserName!);
      const lost = acknowledged.filter((n) => !stored.has(n));
      assert.deepEqual(lost, [], `${lost.length} of ${acknowledged.length} acknowledged users lost`);
    } finally {
      await again.stop();
    }
  });
});
