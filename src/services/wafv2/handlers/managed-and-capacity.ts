/**
 * AWS Managed Rules groups (ListAvailableManagedRuleGroups, DescribeManagedRuleGroup,
 * ListAvailableManagedRuleGroupVersions) and CheckCapacity (the WCUs of a list of rules, with the
 * same checks a web ACL's rules get).
 */
import { checkScope } from '../arns.js';
import { nonexistent } from '../errors.js';
import { pageBy } from '../paging.js';
import { describeManaged, findManagedGroup, managedSummaries } from '../managed.js';
import { checkRules, resolveRefs } from '../rules.js';
import { hereOf, type OpHandlers, type Wafv2Deps } from '../deps.js';

type Ops = 'ListAvailableManagedRuleGroups' | 'DescribeManagedRuleGroup' | 'ListAvailableManagedRuleGroupVersions' | 'CheckCapacity';

export function managedAndCapacityHandlers({ store }: Wafv2Deps): OpHandlers<Ops> {
  return {
    ListAvailableManagedRuleGroups(input, ctx) {
      checkScope(input.Scope, hereOf(ctx));
      // The groups are few: one page unless Limit asks for less; NextMarker is the last name returned.
      const p = pageBy(managedSummaries(), (g) => g.Name ?? '', input.NextMarker, input.Limit);
      return { ManagedRuleGroups: p.items, ...(p.next !== undefined ? { NextMarker: p.next } : {}) };
    },

    DescribeManagedRuleGroup(input, ctx) {
      checkScope(input.Scope, hereOf(ctx));
      const g = findManagedGroup(input.VendorName, input.Name);
      // No versions are known (the research data lists none): a named version names nothing.
      if (!g || input.VersionName !== undefined) throw nonexistent();
      return describeManaged(g);
    },

    ListAvailableManagedRuleGroupVersions(input, ctx) {
      checkScope(input.Scope, hereOf(ctx));
      if (!findManagedGroup(input.VendorName, input.Name)) throw nonexistent();
      return { Versions: [] };
    },

    async CheckCapacity(input, ctx) {
      const here = hereOf(ctx);
      checkScope(input.Scope, here);
      const refs = await resolveRefs(store, here, input.Scope, input.Rules);
      return { Capacity: checkRules(input.Rules, { owner: 'webacl', scope: input.Scope, refs }) };
    },
  };
}
