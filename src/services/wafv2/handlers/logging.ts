/**
 * Logging configurations of web ACLs: PutLoggingConfiguration, GetLoggingConfiguration,
 * DeleteLoggingConfiguration, ListLoggingConfigurations. A destination is one Firehose delivery
 * stream, S3 bucket or CloudWatch Logs log group whose name starts with `aws-waf-logs-` (developer
 * guide, "Logging destinations"), of this account and Region. An S3 bucket's policy is given the
 * statements log delivery needs (log-bucket.ts); the WAF proxy delivers to it, and writes the
 * records for other destinations to its data directory.
 */
import type { FieldToMatch, LoggingConfiguration } from '../api.generated.js';
import { parseEntityArn, partitionOf, type Here } from '../arns.js';
import { entityByArn, listEntities } from '../entities.js';
import { BAD_ARN, EXACTLY_ONE, UNSUPPORTED, invalidParameter, nonexistent } from '../errors.js';
import { exactlyOne, setMembers } from '../fields.js';
import { logging, regionScope, storable } from '../store.js';
import { hereOf, type OpHandlers, type Wafv2Deps } from '../deps.js';
import { grantLogDelivery } from '../log-bucket.js';
import { s3BucketAndPrefix } from '../../../shared/arn.js';

type Ops = 'PutLoggingConfiguration' | 'GetLoggingConfiguration' | 'DeleteLoggingConfiguration' | 'ListLoggingConfigurations';

const NAME = 'aws-waf-logs-[\\w.-]{1,500}';
/** Whether an ARN is a destination WAF can log to from `here`. */
export function isLogDestination(arn: string, here: Here): boolean {
  const r = here.region.replace(/[^a-z0-9-]/g, '');
  const a = here.accountId;
  return [
    new RegExp(`^arn:aws[a-z-]*:firehose:${r}:${a}:deliverystream/${NAME}$`),
    new RegExp(`^arn:aws[a-z-]*:s3:::${NAME}(?:/[\\w./!*'()-]{0,900})?$`),
    new RegExp(`^arn:aws[a-z-]*:logs:${r}:${a}:log-group:${NAME}(?::\\*)?$`),
  ].some((re) => re.test(arn));
}

/** Redacted fields: single header, URI path, query string or method only. */
function checkRedacted(fields: readonly FieldToMatch[] | undefined): void {
  for (const f of fields ?? []) {
    const which = setMembers(f);
    if (which.length !== 1) throw invalidParameter('FIELD_TO_MATCH', 'RedactedFields', EXACTLY_ONE);
    if (!['SingleHeader', 'UriPath', 'QueryString', 'Method'].includes(which[0]!)) throw invalidParameter('FIELD_TO_MATCH', which[0]!, UNSUPPORTED);
  }
}

async function requireAcl(ops: Parameters<typeof entityByArn>[0], here: Here, arn: string) {
  if (!parseEntityArn(arn)) throw invalidParameter('RESOURCE_ARN', arn, BAD_ARN);
  const acl = await entityByArn(ops, here, arn);
  if (!acl || acl.kind !== 'webacl') throw nonexistent();
  return acl;
}

export function loggingHandlers({ store, internal }: Wafv2Deps): OpHandlers<Ops> {
  return {
    async PutLoggingConfiguration(input, ctx) {
      const here = hereOf(ctx);
      const c = input.LoggingConfiguration;
      if (c.LogDestinationConfigs.length !== 1) throw invalidParameter('LOG_DESTINATION', String(c.LogDestinationConfigs.length), UNSUPPORTED);
      for (const d of c.LogDestinationConfigs) if (!isLogDestination(d, here)) throw invalidParameter('LOG_DESTINATION', d, BAD_ARN);
      checkRedacted(c.RedactedFields);
      for (const f of c.LoggingFilter?.Filters ?? []) for (const cond of f.Conditions) exactlyOne(cond, 'FILTER_CONDITION', 'Condition');
      if (c.LogScope !== undefined && c.LogScope !== 'CUSTOMER') throw invalidParameter('LOG_DESTINATION', c.LogScope, UNSUPPORTED);
      const stored: LoggingConfiguration = storable({ ...c, ManagedByFirewallManager: false, LogType: c.LogType ?? 'WAF_LOGS', LogScope: 'CUSTOMER' });
      const s3 = s3BucketAndPrefix(c.LogDestinationConfigs[0]!);
      if (s3) {
        // The web ACL must exist before its bucket's policy is touched.
        await requireAcl(store, here, c.ResourceArn);
        await grantLogDelivery(internal, ctx.caller, s3, here.accountId, here.region, partitionOf(here.region));
      }
      await store.transaction(async (tx) => {
        const acl = await requireAcl(tx, here, c.ResourceArn);
        await logging.put(tx, regionScope(here.accountId, here.region), acl.arn, { ...stored, ResourceArn: acl.arn });
      });
      return { LoggingConfiguration: { ...stored, ResourceArn: c.ResourceArn } };
    },

    async GetLoggingConfiguration(input, ctx) {
      const here = hereOf(ctx);
      const acl = await requireAcl(store, here, input.ResourceArn);
      const c = await logging.get(store, regionScope(here.accountId, here.region), acl.arn);
      if (!c) throw nonexistent();
      return { LoggingConfiguration: c };
    },

    async DeleteLoggingConfiguration(input, ctx) {
      const here = hereOf(ctx);
      await store.transaction(async (tx) => {
        const acl = await requireAcl(tx, here, input.ResourceArn);
        // AWS's answer when the web ACL has no logging configuration. (unconfirmed)
        if (!(await logging.delete(tx, regionScope(here.accountId, here.region), acl.arn))) throw nonexistent();
      });
      return {};
    },

    async ListLoggingConfigurations(input, ctx) {
      const here = hereOf(ctx);
      // Bounded: at most 100 web ACLs per scope, so one listing covers them.
      const acls = (await listEntities(store, here, 'webacl', input.Scope, undefined, 100)).items.map((a) => a.arn);
      const all = (await logging.list(store, regionScope(here.accountId, here.region))).filter((r) => acls.includes(r.key)).map((r) => r.value);
      const start = input.NextMarker !== undefined ? all.findIndex((c) => c.ResourceArn === input.NextMarker) + 1 : 0;
      const n = input.Limit ?? 100;
      const items = all.slice(start, start + n);
      const more = all.length > start + n;
      return { LoggingConfigurations: items, ...(more ? { NextMarker: items[items.length - 1]!.ResourceArn } : {}) };
    },
  };
}
