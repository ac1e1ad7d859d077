/**
 * GetSampledRequests and GetRateBasedStatementManagedKeys, served from what the WAF proxies
 * (src/dataplane/proxy/recorder.ts) write to `wafv2.samples` and `wafv2.rate-keys`: bounded
 * reservoirs per web ACL, metric name and minute, and the keys each rate-based rule limits.
 */
import type { SampledHTTPRequest } from '../api.generated.js';
import { parseEntityArn } from '../arns.js';
import { entityByArn, requireEntity } from '../entities.js';
import { BAD_ARN, invalidParameter, nonexistent } from '../errors.js';
import { rateKeys, rateKeysPrefix, regionScope, SAMPLE_RETENTION_S, samples, samplesPrefix, type EntityRecord } from '../store.js';
import { hereOf, type OpHandlers, type Wafv2Deps } from '../deps.js';

type Ops = 'GetSampledRequests' | 'GetRateBasedStatementManagedKeys';

export function sampleHandlers({ store }: Wafv2Deps): OpHandlers<Ops> {
  return {
    async GetSampledRequests(input, ctx) {
      const here = hereOf(ctx);
      if (!parseEntityArn(input.WebAclArn)) throw invalidParameter('RESOURCE_ARN', input.WebAclArn, BAD_ARN);
      const acl = await entityByArn(store, here, input.WebAclArn);
      if (!acl || acl.kind !== 'webacl' || acl.scope !== input.Scope) throw nonexistent();
      const nowS = Math.floor(ctx.caller.now / 1000);
      // AWS: a start time earlier than three hours ago is set to three hours ago.
      const start = Math.max(Math.floor(input.TimeWindow.StartTime.getTime() / 1000), nowS - SAMPLE_RETENTION_S);
      const end = Math.min(Math.floor(input.TimeWindow.EndTime.getTime() / 1000), nowS);
      // An empty or inverted window has no samples (AWS's answer to it is unrecorded).
      const rows = await samples.list(store, regionScope(here.accountId, here.region), { prefix: samplesPrefix(acl.id, input.RuleMetricName) });
      let population = 0;
      const picked: SampledHTTPRequest[] = [];
      for (const { value: b } of rows) {
        if (end < start || b.minute * 60 + 59 < start || b.minute * 60 > end) continue;
        population += b.population;
        const weight = Math.max(1, Math.round(b.population / Math.max(1, b.samples.length)));
        for (const s of b.samples) if (s.Timestamp >= start && s.Timestamp <= end) picked.push({ ...s, Weight: weight, Timestamp: new Date(s.Timestamp * 1000) });
      }
      picked.sort((a, b) => a.Timestamp!.getTime() - b.Timestamp!.getTime());
      // More than asked for: an even spread over the window.
      const out = picked.length <= input.MaxItems ? picked : Array.from({ length: input.MaxItems }, (_, i) => picked[Math.floor((i * picked.length) / input.MaxItems)]!);
      return { SampledRequests: out, PopulationSize: population, TimeWindow: { StartTime: new Date(start * 1000), EndTime: new Date(end * 1000) } };
    },

    async GetRateBasedStatementManagedKeys(input, ctx) {
      const here = hereOf(ctx);
      const acl = (await requireEntity(store, here, 'webacl', input.Scope, input.WebACLName, input.WebACLId)) as EntityRecord<'webacl'>;
      // A rate-based rule of the web ACL, or (RuleGroupRuleName) of the rule group a web ACL rule references.
      let id: string | undefined;
      if (input.RuleGroupRuleName === undefined) {
        if (acl.data.Rules.some((r) => r.Name === input.RuleName && r.Statement.RateBasedStatement)) id = input.RuleName;
      } else {
        const ref = acl.data.Rules.find((r) => r.Name === input.RuleGroupRuleName)?.Statement.RuleGroupReferenceStatement;
        const group = ref ? await entityByArn(store, here, ref.ARN) : undefined;
        if (group?.kind === 'rulegroup' && (group as EntityRecord<'rulegroup'>).data.Rules.some((r) => r.Name === input.RuleName && r.Statement.RateBasedStatement)) id = `${input.RuleGroupRuleName}/${input.RuleName}`;
      }
      if (id === undefined) throw nonexistent();
      const nowS = Math.floor(ctx.caller.now / 1000);
      const v4 = new Set<string>();
      const v6 = new Set<string>();
      for (const { value } of await rateKeys.list(store, regionScope(here.accountId, here.region), { prefix: rateKeysPrefix(acl.id, id) })) {
        for (const [ip, at] of value.keys) {
          if (at < nowS - value.windowSec) continue;
          if (ip.includes(':')) v6.add(`${ip}/128`);
          else v4.add(`${ip}/32`);
        }
      }
      return { ManagedKeysIPV4: { IPAddressVersion: 'IPV4', Addresses: [...v4].sort() }, ManagedKeysIPV6: { IPAddressVersion: 'IPV6', Addresses: [...v6].sort() } };
    },
  };
}
