/**
 * Shared steps of the authorization and STS end-to-end suites: clients for a test server, a user with
 * an access key and policies (created by root through IAM), and error capture.
 */
import { spawn } from 'node:child_process';
import { AttachUserPolicyCommand, CreateAccessKeyCommand, CreateUserCommand, IAMClient, IAMServiceException, PutUserPolicyCommand, type Tag } from '@aws-sdk/client-iam';
import { STSClient, STSServiceException } from '@aws-sdk/client-sts';
import type { TestServer } from '../helpers/rampart.js';

export type Creds = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };

/** An IAM client for `creds` (root by default), no retries. */
export function iam(s: TestServer, creds: Creds = s.credentials, clockOffset = 0): IAMClient {
  return new IAMClient({ endpoint: s.url, region: 'us-east-1', credentials: creds, maxAttempts: 1, systemClockOffset: clockOffset });
}

/** An STS client for `creds` (root by default), no retries. */
export function sts(s: TestServer, creds: Creds = s.credentials, clockOffset = 0): STSClient {
  return new STSClient({ endpoint: s.url, region: 'us-east-1', credentials: creds, maxAttempts: 1, systemClockOffset: clockOffset });
}

/** A policy document. */
export function doc(...statements: object[]): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: statements });
}

/** An Allow statement. */
export function allow(Action: string | string[], Resource: string | string[] = '*', Condition?: object): object {
  return { Effect: 'Allow', Action, Resource, ...(Condition ? { Condition } : {}) };
}

/** Creates IAM user `name` (as root) with inline policy `policy` and managed `attach`, and an access key. */
export async function userWithKey(s: TestServer, name: string, opts: { policy?: string; attach?: string[]; tags?: Tag[]; path?: string } = {}): Promise<Creds> {
  const root = iam(s);
  await root.send(new CreateUserCommand({ UserName: name, ...(opts.tags ? { Tags: opts.tags } : {}), ...(opts.path ? { Path: opts.path } : {}) }));
  if (opts.policy) await root.send(new PutUserPolicyCommand({ UserName: name, PolicyName: 'inline', PolicyDocument: opts.policy }));
  for (const arn of opts.attach ?? []) await root.send(new AttachUserPolicyCommand({ UserName: name, PolicyArn: arn }));
  const key = await root.send(new CreateAccessKeyCommand({ UserName: name }));
  return { accessKeyId: key.AccessKey!.AccessKeyId!, secretAccessKey: key.AccessKey!.SecretAccessKey! };
}

/** The error a call fails with (fails the test when it succeeds or throws something else). */
export async function failure(p: Promise<unknown>): Promise<IAMServiceException | STSServiceException> {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x,
  );
  if (!(e instanceof IAMServiceException) && !(e instanceof STSServiceException)) throw new Error(`expected an AWS error, got ${e === undefined ? 'success' : String(e)}`);
  return e;
}

/** Runs a command without blocking the event loop (the server under test lives in this process). */
export function run(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { env, timeout: 60_000 });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}
