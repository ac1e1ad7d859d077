/**
 * For unit tests only: IAM's handlers over a real SQLite store in a temporary directory, with a
 * seeded default account, a settable clock and callers of every principal type.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bootstrapDefaultAccount } from '../../authz/bootstrap-account.js';
import type { HandlerContext } from '../../protocol/service-definition.js';
import { isAwsError, type AwsError } from '../../shared/aws-error.js';
import type { RequestPrincipal } from '../../shared/principal.js';
import { openStore } from '../../storage/open-store.js';
import type { Store } from '../../storage/types.js';
import type { Input, OperationName, Output } from './api.generated.js';
import { iamHandlers } from './index.js';

/** The account the harness seeds. */
export const ACCOUNT = '123456789012';

/** The seeded account's root user. */
export const ROOT: RequestPrincipal = { accountId: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:root`, userId: ACCOUNT, type: 'root' };

/** An IAM user principal. */
export function userPrincipal(name: string, path = '/'): RequestPrincipal {
  return { accountId: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:user${path}${name}`, userId: 'AIDAEXAMPLE', type: 'user' };
}

/** A role session principal. */
export const ROLE_SESSION: RequestPrincipal = {
  accountId: ACCOUNT,
  arn: `arn:aws:sts::${ACCOUNT}:assumed-role/r/s`,
  userId: 'AROAEXAMPLE:s',
  type: 'assumed-role',
};

/** IAM over a temporary SQLite store. */
export interface Harness {
  readonly store: Store;
  /** The SQLite data directory (to search the database files). */
  readonly dataDir: string;
  readonly rootAccessKeyId: string;
  /** Epoch ms handed to handlers as `ctx.caller.now`. */
  now: number;
  call<Op extends OperationName>(op: Op, input: Input<Op>, principal?: RequestPrincipal): Promise<Output<Op>>;
  /** The AwsError a call fails with (fails the test if it succeeds). */
  fail<Op extends OperationName>(op: Op, input: Input<Op>, principal?: RequestPrincipal): Promise<AwsError>;
  close(): Promise<void>;
}

/** Opens a harness; close it in `after`. */
export async function openHarness(): Promise<Harness> {
  const dataDir = mkdtempSync(join(tmpdir(), 'rampart-iam-'));
  const store = await openStore({ kind: 'sqlite', dataDir });
  const start = Date.parse('2024-01-02T03:04:05Z');
  const boot = await bootstrapDefaultAccount(store, { accountId: ACCOUNT, now: start });
  const handlers = iamHandlers({ store }) as unknown as Record<string, (i: unknown, c: HandlerContext) => unknown>;
  const h: Harness = {
    store,
    dataDir,
    rootAccessKeyId: boot.accessKeyId,
    now: start,
    async call(op, input, principal = ROOT) {
      const ctx: HandlerContext = { requestId: 'req-1', caller: { principal, region: 'us-east-1', now: h.now, sourceIp: '127.0.0.1', secureTransport: false } };
      return (await handlers[op]!(input, ctx)) as Output<typeof op>;
    },
    async fail(op, input, principal) {
      try {
        await h.call(op, input, principal);
      } catch (e) {
        if (isAwsError(e)) return e;
        throw e;
      }
      throw new Error(`${op} succeeded but was expected to fail`);
    },
    async close() {
      await store.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return h;
}

/** A minimal valid identity policy allowing `action` on everything. */
export function allow(action: string, resource = '*'): string {
  return `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"${action}","Resource":"${resource}"}]}`;
}

/** A trust policy letting `principal` (an AWS account or ARN) assume a role. */
export function trust(principal = ACCOUNT): string {
  return `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"${principal}"},"Action":"sts:AssumeRole"}]}`;
}
