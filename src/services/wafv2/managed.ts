/**
 * The AWS Managed Rules groups Rampart describes (data: managed-rule-groups.data.ts) and what
 * DescribeManagedRuleGroup says of one: its rules with their default actions, its label namespace
 * and the labels its rules add.
 */
import type { DescribeManagedRuleGroupResponse, ManagedRuleGroupSummary } from './api.generated.js';
import { MANAGED_RULE_GROUPS, type ManagedGroup } from './managed-rule-groups.data.js';

const BY_NAME = new Map(MANAGED_RULE_GROUPS.map((g) => [`${g.vendor}/${g.name}`, g]));

/** A managed group by vendor and name (both case-sensitive, as AWS treats them). */
export function findManagedGroup(vendor: string, name: string): ManagedGroup | undefined {
  return BY_NAME.get(`${vendor}/${name}`);
}

export const managedSummaries = (): ManagedRuleGroupSummary[] =>
  MANAGED_RULE_GROUPS.map((g) => ({ VendorName: g.vendor, Name: g.name, VersioningSupported: false, Description: g.description }));

/** The namespace of a group's labels: what its labels share up to their last `:` (`awswaf:managed:aws:core-rule-set:`). */
export function labelNamespace(g: ManagedGroup): string {
  if (g.labelNamespace !== undefined) return g.labelNamespace;
  const first = g.rules.flatMap((r) => r.labels)[0];
  return first !== undefined ? first.slice(0, first.lastIndexOf(':') + 1) : `awswaf:managed:aws:${g.name}:`;
}

export function describeManaged(g: ManagedGroup): DescribeManagedRuleGroupResponse {
  const ns = labelNamespace(g);
  const labels = [...new Set([...g.rules.flatMap((r) => r.labels), ...(g.otherLabels ?? []).map((l) => ns + l)])];
  return {
    Capacity: g.capacity,
    Rules: g.rules.map((r) => ({ Name: r.name, Action: r.action === 'Block' ? { Block: {} } : { Count: {} } })),
    LabelNamespace: ns,
    AvailableLabels: labels.map((Name) => ({ Name })),
    ConsumedLabels: [],
  };
}
