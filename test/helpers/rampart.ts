import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRuntime, type Runtime, type RuntimeOptions } from '../../src/gateway/runtime.js';

export interface TestServer {
  readonly url: string;
  readonly runtime: Runtime;
  readonly dataDir: string;
  readonly credentials: { accessKeyId: string; secretAccessKey: string };
  readonly accountId: string;
  close(): Promise<void>;
}

/** Starts a real Rampart server on a free loopback port with a fresh SQLite data dir. */
export async function startTestServer(opts: Partial<RuntimeOptions> = {}): Promise<TestServer> {
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'rampart-test-'));
  let runtime: Runtime;
  try {
    runtime = await startRuntime({ host: '127.0.0.1', port: 0, storage: 'sqlite', dev: false, log: () => {}, ...opts, dataDir });
  } catch (e) {
    if (!opts.dataDir) rmSync(dataDir, { recursive: true, force: true });
    throw e;
  }
  return {
    url: runtime.url,
    runtime,
    dataDir,
    credentials: { accessKeyId: runtime.account.accessKeyId, secretAccessKey: runtime.account.secretAccessKey },
    accountId: runtime.account.accountId,
    async close() {
      await runtime.close();
      if (!opts.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Environment for the AWS CLI / boto3 pointed at a test server, isolated from ~/.aws. */
export function awsEnv(s: TestServer, creds = s.credentials): NodeJS.ProcessEnv {
  return {
    PATH: process.env['PATH'],
    HOME: s.dataDir,
    AWS_ACCESS_KEY_ID: creds.accessKeyId,
    AWS_SECRET_ACCESS_KEY: creds.secretAccessKey,
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_CONFIG_FILE: join(s.dataDir, 'no-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(s.dataDir, 'no-credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_ENDPOINT_URL: s.url,
  };
}
