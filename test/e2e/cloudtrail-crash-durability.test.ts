import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { CloudTrailClient, paginateLookupEvents } from '@aws-sdk/client-cloudtrail';
import { CreateUserCommand, GetUserCommand, IAMClient } from '@aws-sdk/client-iam';
import { startCli } from '../helpers/spawn-cli.js';

/**
 * Issue #21: "A SIGKILL under load loses no event of a call whose response the client received."
 * Thirty-two clients call IAM (reads and writes) as fast as the server answers; the server is killed with
 * SIGKILL mid-run. After a restart on the same data dir, LookupEvents holds an event for every
 * request id a client received a response for (2xx or error alike).
 */
describe('CloudTrail: SIGKILL under load', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'rampart-trail-crash-'));
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  it('loses no event of a call whose response reached the client', async () => {
    const first = await startCli(['--port', '0', '--data-dir', dataDir]);
    const out = first.stdout();
    const credentials = {
      accessKeyId: /export AWS_ACCESS_KEY_ID=(\S+)/.exec(out)![1]!,
      secretAccessKey: /export AWS_SECRET_ACCESS_KEY=(\S+)/.exec(out)![1]!,
    };
    const iam = new IAMClient({ endpoint: first.url, region: 'us-east-1', credentials, maxAttempts: 1 });
    const answered = new Map<string, string>(); // request id -> operation
    let next = 0;
    let killed = false;
    const worker = async () => {
      while (!killed) {
        const i = next++;
        // Reads, writes and errors (GetUser of a user that does not exist) alike.
        const cmd = i % 3 === 0 ? new CreateUserCommand({ UserName: `trail-crash-${i}` }) : new GetUserCommand(i % 3 === 1 ? {} : { UserName: `absent-${i}` });
        try {
          const r = await iam.send(cmd as GetUserCommand);
          answered.set(r.$metadata.requestId!, cmd.constructor.name);
        } catch (e) {
          const id = (e as { $metadata?: { requestId?: string } }).$metadata?.requestId;
          if (id === undefined) return; // no response: the server is gone
          answered.set(id, cmd.constructor.name);
        }
        if (answered.size >= 300 && !killed) {
          killed = true;
          first.child.kill('SIGKILL');
        }
      }
    };
    await Promise.all(Array.from({ length: 32 }, worker));
    assert.ok(answered.size >= 300, `only ${answered.size} responses received`);

    const again = await startCli(['--port', '0', '--data-dir', dataDir]);
    try {
      const trail = new CloudTrailClient({ endpoint: again.url, region: 'us-east-1', credentials, maxAttempts: 1 });
      const recorded = new Set<string>();
      for await (const page of paginateLookupEvents({ client: trail, pageSize: 50 }, { EndTime: new Date(Date.now() + 60_000) })) {
        for (const e of page.Events ?? []) recorded.add((JSON.parse(e.CloudTrailEvent!) as { requestID: string }).requestID);
      }
      const lost = [...answered].filter(([id]) => !recorded.has(id));
      assert.deepEqual(lost, [], `${lost.length} of ${answered.size} answered calls have no event`);
    } finally {
      await again.stop();
    }
  });
});
