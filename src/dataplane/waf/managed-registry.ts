/**
 * The managed rule groups the proxy can evaluate: name -> ManagedRuleGroupLogic (the contract of
 * inspected-request.ts). It starts empty; the detection modules (branch waf-managed) are registered
 * by the composition root. A web ACL referencing a group that has no logic here evaluates none of
 * its rules (the group matches nothing), and the proxy says so once in its log.
 */
import type { ManagedRuleGroupLogic } from './inspected-request.js';

export class ManagedRegistry {
  private readonly groups = new Map<string, ManagedRuleGroupLogic>();

  constructor(groups: Iterable<ManagedRuleGroupLogic> = []) {
    for (const g of groups) this.register(g);
  }

  register(g: ManagedRuleGroupLogic): void {
    this.groups.set(`${g.vendor}/${g.name}`, g);
  }

  get(vendor: string, name: string): ManagedRuleGroupLogic | undefined {
    return this.groups.get(`${vendor}/${name}`);
  }
}
