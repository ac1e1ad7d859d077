/**
 * A list of rules as a web ACL, a rule group or CheckCapacity takes it: names and priorities unique,
 * an Action on every rule except those whose statement is a rule group (managed or referenced),
 * which take an OverrideAction instead, custom response bodies that exist, every referenced IP set,
 * regex pattern set and rule group existing in the same scope (WAFNonexistentItemException), and
 * the WCUs of the whole (the sum of the rules').
 */
import type { StoreOps } from '../../storage/types.js';
import type { CustomResponseBody, DefaultAction, Rule, RuleAction, Scope } from './api.generated.js';
import { parseEntityArn, type Here, type Kind } from './arns.js';
import { entityByArn } from './entities.js';
import { duplicate, invalidParameter, nonexistent, BAD_ARN, BAD_FORMAT, BAD_REFERENCE, EXACTLY_ONE, UNSUPPORTED } from './errors.js';
import { exactlyOne } from './fields.js';
import { collectRefs, statementCost, type StatementContext } from './statements.js';
import type { EntityRecord } from './store.js';

/**
 * The references of a rule list, resolved: WAFInvalidParameterException (field RESOURCE_ARN) for one
 * that is no WAFv2 ARN, WAFNonexistentItemException for one that names nothing here.
 */
export async function resolveRefs(ops: StoreOps, here: Here, scope: Scope, rules: readonly Rule[]): Promise<Map<string, EntityRecord>> {
  const wanted: { kind: Kind; arn: string }[] = [];
  for (const r of rules) collectRefs(r.Statement, wanted);
  const out = new Map<string, EntityRecord>();
  for (const w of wanted) {
    if (out.has(w.arn)) continue;
    // A reference that is no WAFv2 ARN at all (globaldatanet/aws-firewall-factory#189 records AWS's answer).
    if (!parseEntityArn(w.arn)) throw invalidParameter('RESOURCE_ARN', w.arn, BAD_ARN);
    const rec = await entityByArn(ops, here, w.arn);
    if (!rec || rec.kind !== w.kind || rec.scope !== scope) throw nonexistent();
    out.set(w.arn, rec);
  }
  return out;
}

function checkAction(a: RuleAction | DefaultAction, field: 'RULE_ACTION' | 'DEFAULT_ACTION', parameter: string, bodies: Record<string, CustomResponseBody> | undefined): void {
  const which = exactlyOne(a, field, parameter);
  const key = which === 'Block' ? a.Block?.CustomResponse?.CustomResponseBodyKey : undefined;
  if (key !== undefined && !(bodies && Object.prototype.hasOwnProperty.call(bodies, key))) throw invalidParameter('CUSTOM_RESPONSE', key, BAD_REFERENCE);
}

/** Reserved words no part of a rule's label may be (developer guide, "Label syntax and naming requirements"). */
const RESERVED_LABEL_PARTS = new Set(['awswaf', 'aws', 'waf', 'rulegroup', 'webacl', 'regexpatternset', 'ipset', 'managed']);

/** A rule's label: up to five namespaces and a name, each 1–128 characters, no reserved word. (error text unconfirmed) */
export function checkLabel(name: string): void {
  const parts = name.split(':');
  if (parts.length > 6 || parts.some((p) => p.length === 0 || p.length > 128 || RESERVED_LABEL_PARTS.has(p))) throw invalidParameter('RULE', name, BAD_FORMAT);
}

/** Custom response bodies: a null value (the model's map is not sparse) is refused. (text unconfirmed) */
export function checkBodies(bodies: Record<string, CustomResponseBody> | undefined): void {
  for (const [k, v] of Object.entries(bodies ?? {})) if (v === null || typeof v !== 'object') throw invalidParameter('CUSTOM_RESPONSE_BODY', k, UNSUPPORTED);
}

export const checkDefaultAction = (a: DefaultAction, bodies: Record<string, CustomResponseBody> | undefined) => checkAction(a, 'DEFAULT_ACTION', 'DefaultAction', bodies);

/** Checks the rules and returns their WCUs. */
export function checkRules(rules: readonly Rule[], context: StatementContext, bodies?: Record<string, CustomResponseBody>): number {
  // Transformations are charged once per (component, transformation) across all the rules.
  const ctx: StatementContext = { ...context, transforms: context.transforms ?? new Set<string>() };
  checkBodies(bodies);
  const names = new Set<string>();
  const priorities = new Set<number>();
  let total = 0;
  for (const r of rules) {
    // AWS's answer to a repeated rule name or priority. (unconfirmed)
    if (names.has(r.Name) || priorities.has(r.Priority)) throw duplicate();
    names.add(r.Name);
    priorities.add(r.Priority);
    // A rule group statement takes an OverrideAction, any other statement an Action: AWS answers a
    // rule with both, or with the wrong one, `field: RULE, parameter: Rule` (terraform-provider-aws#29321).
    const group = r.Statement?.ManagedRuleGroupStatement !== undefined || r.Statement?.RuleGroupReferenceStatement !== undefined;
    if (group ? r.Action !== undefined || r.OverrideAction === undefined : r.OverrideAction !== undefined || r.Action === undefined) throw invalidParameter('RULE', 'Rule', EXACTLY_ONE);
    if (group) exactlyOne(r.OverrideAction, 'OVERRIDE_ACTION', 'OverrideAction');
    else checkAction(r.Action!, 'RULE_ACTION', 'RuleAction', bodies);
    // Rule group statements add no labels of their own ("any rule that isn't a rule group ... can add labels").
    if (group && r.RuleLabels?.length) throw invalidParameter('RULE', 'RuleLabels', UNSUPPORTED);
    for (const l of r.RuleLabels ?? []) checkLabel(l.Name);
    total += statementCost(r.Statement, ctx, true);
  }
  return total;
}

/** The labels a rule group's rules add (fully qualified) and the ones its label match statements read. */
export function ruleGroupLabels(namespace: string, rules: readonly Rule[]): { available: string[]; consumed: string[] } {
  const available = new Set<string>();
  const consumed = new Set<string>();
  const walk = (s: unknown, depth: number): void => {
    if (!s || typeof s !== 'object' || depth > 25) return;
    const st = s as Record<string, unknown>;
    const lm = st['LabelMatchStatement'] as { Key?: string } | undefined;
    if (lm?.Key !== undefined) consumed.add(lm.Key);
    for (const v of Object.values(st)) {
      if (Array.isArray(v)) for (const x of v) walk(x, depth + 1);
      else walk(v, depth + 1);
    }
  };
  for (const r of rules) {
    for (const l of r.RuleLabels ?? []) available.add(namespace + l.Name);
    walk(r.Statement, 0);
  }
  return { available: [...available], consumed: [...consumed] };
}
