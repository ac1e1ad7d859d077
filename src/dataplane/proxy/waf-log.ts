/**
 * AWS WAF log records (JSON lines) for web ACLs with a LoggingConfiguration, appended to
 * DATA_DIR/waf-logs/<web ACL name>.log (the destination ARN is recorded, not delivered to).
 * RedactedFields (SingleHeader, UriPath, QueryString, Method) read `REDACTED`; LoggingFilter
 * (KEEP / DROP, ActionCondition, LabelNameCondition, MEETS_ALL / MEETS_ANY) is applied.
 */
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import type { LoggingConfiguration } from '../../services/wafv2/api.generated.js';
import type { Decision } from '../waf/evaluate.js';
import type { InspectedRequest } from '../waf/inspected-request.js';

export interface LogContext {
  readonly aclArn: string;
  readonly albArn: string;
  readonly requestId: string;
  readonly country?: string;
  readonly responseCode: number;
  readonly now: number;
}

const actionWord = (d: Decision) => d.action;

export function logRecord(cfg: LoggingConfiguration, req: InspectedRequest, d: Decision, c: LogContext): Record<string, unknown> {
  const redacted = cfg.RedactedFields ?? [];
  const redactHeader = new Set(redacted.filter((f) => f.SingleHeader).map((f) => f.SingleHeader!.Name.toLowerCase()));
  const has = (k: 'UriPath' | 'QueryString' | 'Method') => redacted.some((f) => f[k] !== undefined);
  const t = d.terminating;
  const groups = new Map<string, { ruleGroupId: string; terminatingRule: unknown; nonTerminatingMatchingRules: unknown[]; excludedRules: null }>();
  const groupOf = (id: string) => {
    let g = groups.get(id);
    if (!g) groups.set(id, (g = { ruleGroupId: id, terminatingRule: null, nonTerminatingMatchingRules: [], excludedRules: null }));
    return g;
  };
  for (const m of d.nonTerminating) if (m.rule.groupId) groupOf(m.rule.groupId).nonTerminatingMatchingRules.push({ ruleId: m.rule.name, action: m.action, ...(m.rule.overriddenFrom ? { overriddenAction: m.rule.overriddenFrom } : {}) });
  if (t?.groupId) groupOf(t.groupId).terminatingRule = { ruleId: t.name, action: d.action, ruleMatchDetails: null };
  return {
    timestamp: c.now,
    formatVersion: 1,
    webaclId: c.aclArn,
    terminatingRuleId: t ? (t.groupId ? t.topRule : t.name) : 'Default_Action',
    terminatingRuleType: t ? t.type : 'REGULAR',
    action: actionWord(d),
    terminatingRuleMatchDetails: [],
    httpSourceName: 'ALB',
    httpSourceId: c.albArn,
    ruleGroupList: [...groups.values()],
    rateBasedRuleList: d.nonTerminating.concat(t ? [{ rule: t, action: d.action }] : []).filter((m) => m.rule.rate).map((m) => ({ rateBasedRuleName: m.rule.name, limitKey: 'IP', maxRateAllowed: m.rule.rate!.limit, evaluationWindowSec: String(m.rule.rate!.windowSec) })),
    nonTerminatingMatchingRules: d.nonTerminating.filter((m) => !m.rule.groupId).map((m) => ({ ruleId: m.rule.name, action: m.action, ruleMatchDetails: [] })),
    requestHeadersInserted: d.insertHeaders.length ? d.insertHeaders.map((h) => ({ name: h.Name, value: h.Value })) : null,
    responseCodeSent: c.responseCode,
    httpRequest: {
      clientIp: req.clientIp,
      country: c.country ?? '-',
      headers: req.headers.map(([name, value]) => ({ name, value: redactHeader.has(name.toLowerCase()) ? 'REDACTED' : value })),
      uri: has('UriPath') ? 'REDACTED' : req.path,
      args: has('QueryString') ? 'REDACTED' : req.query,
      httpVersion: req.httpVersion,
      httpMethod: has('Method') ? 'REDACTED' : req.method,
      requestId: c.requestId,
    },
    labels: d.labels.map((name) => ({ name })),
    requestBodySize: undefined,
    ...(req.tls ? { ja3Fingerprint: req.tls.ja3, ja4Fingerprint: req.tls.ja4 } : {}),
  };
}

/** Whether the LoggingFilter keeps the record. */
export function keep(cfg: LoggingConfiguration, d: Decision): boolean {
  const f = cfg.LoggingFilter;
  if (!f) return true;
  const action = d.action;
  const counted = d.nonTerminating.some((m) => m.action === 'COUNT');
  for (const flt of f.Filters) {
    const results = flt.Conditions.map((cond) => {
      if (cond.ActionCondition) return cond.ActionCondition.Action === action || (cond.ActionCondition.Action === 'COUNT' && counted) || (cond.ActionCondition.Action === 'EXCLUDED_AS_COUNT' && d.nonTerminating.some((m) => m.rule.overriddenFrom));
      if (cond.LabelNameCondition) return d.labels.includes(cond.LabelNameCondition.LabelName);
      return false;
    });
    const meets = flt.Requirement === 'MEETS_ALL' ? results.every(Boolean) : results.some(Boolean);
    if (meets) return flt.Behavior === 'KEEP';
  }
  return f.DefaultBehavior === 'KEEP';
}

/** Appends log lines, one file per web ACL name. */
export class WafLogWriter {
  private readonly files = new Map<string, WriteStream>();
  constructor(private readonly dir: string) {}

  write(aclName: string, record: Record<string, unknown>): void {
    let s = this.files.get(aclName);
    if (!s) {
      mkdirSync(this.dir, { recursive: true });
      s = createWriteStream(join(this.dir, `${aclName}.log`), { flags: 'a' });
      s.on('error', () => undefined);
      this.files.set(aclName, s);
    }
    s.write(JSON.stringify(record) + '\n');
  }

  async close(): Promise<void> {
    await Promise.all([...this.files.values()].map((s) => new Promise<void>((r) => s.end(() => r()))));
    this.files.clear();
  }
}
