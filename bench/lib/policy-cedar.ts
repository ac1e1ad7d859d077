/**
 * The bench workload's IAM rules written as Cedar: one Cedar policy set per IAM
 * layer (identity + resource, boundary, each SCP level); a request is allowed when
 * every set allows, which is the IAM intersection rule.
 */
import type { BenchRequest, Doc, Stmt } from './policy-workload.js';

const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : v === undefined ? [] : [String(v)]);
const q = (s: string) => JSON.stringify(s);
const anyLike = (attr: string, patterns: string[]) => `(${patterns.map((p) => `context.${attr} like ${q(p)}`).join(' || ')})`;

const CONTEXT_ATTR: Record<string, string> = {
  'aws:principaltag/team': 'team',
  'aws:sourceip': 'sourceIp',
  'aws:securetransport': 'secureTransport',
  'aws:requestedregion': 'region',
  'aws:principaltag/env': 'env',
};

function condition(c: Record<string, Record<string, unknown>>): string[] {
  const out: string[] = [];
  for (const [op, block] of Object.entries(c)) {
    for (const [key, v] of Object.entries(block)) {
      const a = CONTEXT_ATTR[key.toLowerCase()] ?? 'unknown';
      const vals = list(v);
      const has = `context has ${a}`;
      if (op === 'StringEquals') out.push(`(${has} && [${vals.map(q).join(',')}].contains(context.${a}))`);
      else if (op === 'StringEqualsIfExists') out.push(`(!(${has}) || [${vals.map(q).join(',')}].contains(context.${a}))`);
      else if (op === 'StringNotEquals') out.push(`(!(${has}) || ![${vals.map(q).join(',')}].contains(context.${a}))`);
      else if (op === 'StringLike') out.push(`(${has} && ${anyLike(a, vals)})`);
      else if (op === 'StringNotLike') out.push(`(!(${has}) || !${anyLike(a, vals)})`);
      else if (op === 'IpAddress') out.push(`(${has} && (${vals.map((x) => `context.${a}.isInRange(ip(${q(x)}))`).join(' || ')}))`);
      else if (op === 'Bool') out.push(`(${has} && context.${a} == ${vals[0] === 'true'})`);
      else out.push('false');
    }
  }
  return out;
}

function statementToCedar(s: Stmt, withPrincipal: boolean): string {
  const effect = s.Effect === 'Allow' ? 'permit' : 'forbid';
  const when: string[] = [anyLike('action', list(s['Action']).map((a) => a.toLowerCase())), anyLike('resource', list(s['Resource']))];
  if (withPrincipal && s['Principal'] !== '*') {
    const aws = list((s['Principal'] as Record<string, unknown>)['AWS']);
    when.push(`(${aws.map((p) => (/^\d{12}$/.test(p) ? `context.account == ${q(p)}` : `context.principalArn == ${q(p)}`)).join(' || ')})`);
  }
  if (s['Condition']) when.push(...condition(s['Condition'] as Record<string, Record<string, unknown>>));
  return `${effect}(principal, action, resource) when { ${when.join(' && ')} };`;
}

/** Cedar text of a list of IAM documents. */
export function toCedar(docs: Doc[], withPrincipal = false): string {
  return docs.flatMap((d) => d.Statement.map((s) => statementToCedar(s, withPrincipal))).join('\n');
}

/** The Cedar context for a request. */
export function cedarContext(r: BenchRequest): Record<string, unknown> {
  const c = r.context;
  return {
    action: r.action.toLowerCase(),
    resource: r.resource,
    principalArn: r.principal.arn,
    account: r.principal.accountId,
    team: c['aws:PrincipalTag/team'],
    sourceIp: { __extn: { fn: 'ip', arg: c['aws:SourceIp'] } },
    secureTransport: c['aws:SecureTransport'] === 'true',
    region: c['aws:RequestedRegion'],
  };
}
