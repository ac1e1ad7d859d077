import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { LoggingConfiguration } from '../../services/wafv2/api.generated.js';
import type { CompiledRule, Decision } from '../waf/evaluate.js';
import type { InspectedRequest } from '../waf/inspected-request.js';
import { keep, logRecord } from './waf-log.js';

const rule = (name: string, groupId?: string): CompiledRule => ({ name, type: groupId ? 'GROUP' : 'REGULAR', matches: () => true, action: { name: 'BLOCK' }, labels: [], topRule: groupId ? 'grp-rule' : name, ...(groupId ? { groupId } : {}) });
const req: InspectedRequest = { method: 'POST', path: '/login', query: 'u=1', headers: [['Host', 'h'], ['Authorization', 'secret']], body: Buffer.alloc(0), bodyOversize: false, clientIp: '192.0.2.1', httpVersion: 'HTTP/1.1' };
const blocked: Decision = { action: 'BLOCK', act: { name: 'BLOCK' }, terminating: rule('g1', 'arn:grp'), nonTerminating: [{ rule: rule('c1'), action: 'COUNT' }], labels: ['awswaf:1:webacl:a:x'], insertHeaders: [] };
const cfg = (o: Partial<LoggingConfiguration> = {}): LoggingConfiguration => ({ ResourceArn: 'arn:acl', LogDestinationConfigs: ['arn:dest'], ...o });

interface LogShape {
  terminatingRuleId: string;
  terminatingRuleType: string;
  ruleGroupList: unknown;
  nonTerminatingMatchingRules: unknown;
  httpRequest: { args: string; httpMethod: string; uri: string; headers: { name: string; value: string }[] };
  labels: unknown;
}

describe('WAF log records', () => {
  it('names the web ACL rule of a group, lists the group, redacts fields', () => {
    const r = logRecord(cfg({ RedactedFields: [{ SingleHeader: { Name: 'authorization' } }, { QueryString: {} }, { Method: {} }] }), req, blocked, { aclArn: 'arn:acl', albArn: 'arn:alb', requestId: 'id', responseCode: 403, now: 5 }) as unknown as LogShape;
    assert.equal(r.terminatingRuleId, 'grp-rule');
    assert.equal(r.terminatingRuleType, 'GROUP');
    assert.deepEqual(r.ruleGroupList, [{ ruleGroupId: 'arn:grp', terminatingRule: { ruleId: 'g1', action: 'BLOCK', ruleMatchDetails: null }, nonTerminatingMatchingRules: [], excludedRules: null }]);
    assert.deepEqual(r.nonTerminatingMatchingRules, [{ ruleId: 'c1', action: 'COUNT', ruleMatchDetails: [] }]);
    assert.equal(r.httpRequest.args, 'REDACTED');
    assert.equal(r.httpRequest.httpMethod, 'REDACTED');
    assert.equal(r.httpRequest.uri, '/login');
    assert.deepEqual(r.httpRequest.headers[1], { name: 'Authorization', value: 'REDACTED' });
    assert.deepEqual(r.labels, [{ name: 'awswaf:1:webacl:a:x' }]);
  });

  it('logs the JA3 and JA4 fingerprints of a request that came over TLS, none without', () => {
    const tls = { ja3: '98487aa16281980e7d1120d399efb6a4', ja4: 't13d1516h2_8daaf6152771_d8a2da3f94cd' };
    const c = { aclArn: 'arn:acl', albArn: 'arn:alb', requestId: 'id', responseCode: 403, now: 5 };
    const over = logRecord(cfg(), { ...req, tls }, blocked, c) as unknown as Record<string, unknown>;
    assert.equal(over['ja3Fingerprint'], tls.ja3);
    assert.equal(over['ja4Fingerprint'], tls.ja4);
    assert.equal('ja3Fingerprint' in (logRecord(cfg(), req, blocked, c) as unknown as Record<string, unknown>), false);
  });

  it('LoggingFilter: first filter that meets decides, else the default behavior', () => {
    const f = (Behavior: 'KEEP' | 'DROP', Requirement: 'MEETS_ALL' | 'MEETS_ANY', conds: LoggingConfiguration['LoggingFilter'] extends infer T ? T extends { Filters: (infer F)[] } ? F extends { Conditions: infer C } ? C : never : never : never) => ({ Behavior, Requirement, Conditions: conds });
    assert.equal(keep(cfg(), blocked), true);
    assert.equal(keep(cfg({ LoggingFilter: { DefaultBehavior: 'DROP', Filters: [f('KEEP', 'MEETS_ANY', [{ ActionCondition: { Action: 'BLOCK' } }])] } }), blocked), true);
    assert.equal(keep(cfg({ LoggingFilter: { DefaultBehavior: 'KEEP', Filters: [f('DROP', 'MEETS_ALL', [{ ActionCondition: { Action: 'BLOCK' } }, { LabelNameCondition: { LabelName: 'awswaf:1:webacl:a:x' } }])] } }), blocked), false);
    assert.equal(keep(cfg({ LoggingFilter: { DefaultBehavior: 'DROP', Filters: [f('KEEP', 'MEETS_ALL', [{ ActionCondition: { Action: 'ALLOW' } }])] } }), blocked), false);
    assert.equal(keep(cfg({ LoggingFilter: { DefaultBehavior: 'DROP', Filters: [f('KEEP', 'MEETS_ANY', [{ ActionCondition: { Action: 'COUNT' } }])] } }), blocked), true);
  });
});
