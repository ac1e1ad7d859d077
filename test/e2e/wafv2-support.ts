/** Shared steps of the WAFv2 end-to-end suites: a client, error capture, and small builders. */
import { WAFV2Client, WAFV2ServiceException, type Rule, type Statement } from '@aws-sdk/client-wafv2';
import type { TestServer } from '../helpers/rampart.js';
import type { Creds } from './authz-support.js';

export const waf = (s: TestServer, creds: Creds = s.credentials, region = 'us-east-1') => new WAFV2Client({ endpoint: s.url, region, credentials: creds, maxAttempts: 1 });

/** The WAFv2 error a call fails with (fails the test when it succeeds or throws something else). */
export async function wafFailure(p: Promise<unknown>): Promise<WAFV2ServiceException & { Field?: string; Parameter?: string; Reason?: string }> {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x,
  );
  if (!(e instanceof WAFV2ServiceException)) throw new Error(`expected a WAFv2 error, got ${e === undefined ? 'success' : String(e)}`);
  if ((e.$metadata.httpStatusCode ?? 0) >= 500) throw new Error(`5xx: ${e.name} ${e.message}`);
  return e;
}

export const vis = (name = 'm') => ({ SampledRequestsEnabled: true, CloudWatchMetricsEnabled: true, MetricName: name });
export const none = [{ Priority: 0, Type: 'NONE' as const }];
export const byteMatch = (search = 'bad', pc: 'EXACTLY' | 'CONTAINS' = 'CONTAINS'): Statement => ({
  ByteMatchStatement: { SearchString: new TextEncoder().encode(search), FieldToMatch: { UriPath: {} }, TextTransformations: none, PositionalConstraint: pc },
});
export const blockRule = (name: string, priority: number, statement: Statement): Rule => ({ Name: name, Priority: priority, Statement: statement, Action: { Block: {} }, VisibilityConfig: vis(name) });
export const groupRule = (name: string, priority: number, statement: Statement): Rule => ({ Name: name, Priority: priority, Statement: statement, OverrideAction: { None: {} }, VisibilityConfig: vis(name) });
