import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FieldToMatch, Statement, TextTransformation } from '../../services/wafv2/api.generated.js';
import { builtinDetectors } from './detectors.js';
import { CsvGeoDb } from './geo.js';
import type { InspectedRequest } from './inspected-request.js';
import { CidrSet } from './ip.js';
import { compileRegex } from './regex.js';
import { compileStatement, type CompileEnv } from './statements.js';
import { RequestMemo } from './request-memo.js';

const env: CompileEnv = {
  ipSets: new Map([['ips', new CidrSet(['10.0.0.0/8', '2001:db8::/32'])]]),
  regexSets: new Map([['rx', [compileRegex('^/api/v[0-9]+'), compileRegex('(?i)wp-admin')]]]),
  regex: compileRegex,
  geo: new CsvGeoDb('# test\n198.51.100.0/24,FR\n203.0.113.0/24,JP\n203.0.113.128/25,KR\n'),
  detectors: builtinDetectors,
  labelNamespace: 'awswaf:111122223333:webacl:acl:',
};

function req(o: Partial<InspectedRequest> = {}): InspectedRequest {
  return { method: 'GET', path: '/', query: '', headers: [['Host', 'shop']], body: Buffer.alloc(0), bodyOversize: false, clientIp: '192.0.2.1', httpVersion: 'HTTP/1.1', ...o };
}

const none = [{ Priority: 0, Type: 'NONE' as const }];
const bm = (search: string, pc: 'EXACTLY' | 'STARTS_WITH' | 'ENDS_WITH' | 'CONTAINS' | 'CONTAINS_WORD', f: FieldToMatch = { UriPath: {} }, tts: TextTransformation[] = none): Statement => ({
  ByteMatchStatement: { SearchString: new TextEncoder().encode(search), FieldToMatch: f, TextTransformations: tts, PositionalConstraint: pc },
});

const run = (s: Statement, r: InspectedRequest, labels: string[] = []) => compileStatement(s, env)({ req: r, memo: new RequestMemo(), labels: new Set(labels) });

const jsonBody = (scope: 'ALL' | 'KEY' | 'VALUE', fb?: 'MATCH' | 'NO_MATCH' | 'EVALUATE_AS_STRING', paths?: string[]): FieldToMatch => ({
  JsonBody: { MatchPattern: paths ? { IncludedPaths: paths } : { All: {} }, MatchScope: scope, ...(fb ? { InvalidFallbackBehavior: fb } : {}), OversizeHandling: 'CONTINUE' },
});

const CASES: readonly [string, Statement, InspectedRequest, boolean, string[]?][] = [
  ['EXACTLY', bm('/a', 'EXACTLY'), req({ path: '/a' }), true],
  ['EXACTLY no', bm('/a', 'EXACTLY'), req({ path: '/ab' }), false],
  ['STARTS_WITH', bm('/ad', 'STARTS_WITH'), req({ path: '/admin' }), true],
  ['ENDS_WITH', bm('.php', 'ENDS_WITH'), req({ path: '/x.php' }), true],
  ['CONTAINS', bm('min', 'CONTAINS'), req({ path: '/admin' }), true],
  ['CONTAINS_WORD', bm('admin', 'CONTAINS_WORD'), req({ path: '/x/admin/y' }), true],
  ['CONTAINS_WORD inside a word', bm('admin', 'CONTAINS_WORD'), req({ path: '/superadmins' }), false],
  ['transformations in order', bm('select', 'CONTAINS', { QueryString: {} }, [{ Priority: 1, Type: 'LOWERCASE' }, { Priority: 0, Type: 'URL_DECODE' }]), req({ query: 'q=%53ELECT' }), true],
  ['SingleHeader (case-insensitive name)', bm('evil', 'EXACTLY', { SingleHeader: { Name: 'user-agent' } }), req({ headers: [['User-Agent', 'evil']] }), true],
  ['SingleQueryArgument', bm('1', 'EXACTLY', { SingleQueryArgument: { Name: 'ID' } }), req({ query: 'a=2&id=1' }), true],
  ['AllQueryArguments values only', bm('id', 'EXACTLY', { AllQueryArguments: {} }), req({ query: 'id=1' }), false],
  ['Method', bm('DELETE', 'EXACTLY', { Method: {} }), req({ method: 'DELETE' }), true],
  ['Headers KEY included', bm('x-a', 'EXACTLY', { Headers: { MatchPattern: { IncludedHeaders: ['X-A'] }, MatchScope: 'KEY', OversizeHandling: 'CONTINUE' } }), req({ headers: [['x-a', '1']] }), true],
  ['Headers VALUE excluded', bm('1', 'EXACTLY', { Headers: { MatchPattern: { ExcludedHeaders: ['x-a'] }, MatchScope: 'VALUE', OversizeHandling: 'CONTINUE' } }), req({ headers: [['x-a', '1']] }), false],
  ['Headers oversize MATCH', bm('zzz', 'EXACTLY', { Headers: { MatchPattern: { All: {} }, MatchScope: 'ALL', OversizeHandling: 'MATCH' } }), req({ headers: Array.from({ length: 201 }, (_, i) => [`h${i}`, 'v'] as const) }), true],
  ['Cookies VALUE', bm('admin', 'EXACTLY', { Cookies: { MatchPattern: { IncludedCookies: ['role'] }, MatchScope: 'VALUE', OversizeHandling: 'CONTINUE' } }), req({ headers: [['Cookie', 'a=1; role=admin']] }), true],
  ['HeaderOrder', bm('Host:Accept', 'EXACTLY', { HeaderOrder: { OversizeHandling: 'CONTINUE' } }), req({ headers: [['Host', 'h'], ['Accept', '*']] }), true],
  ['Body', bm('pwn', 'CONTAINS', { Body: {} }), req({ body: Buffer.from('x=pwn') }), true],
  ['Body oversize NO_MATCH', bm('pwn', 'CONTAINS', { Body: { OversizeHandling: 'NO_MATCH' } }), req({ body: Buffer.from('x=pwn'), bodyOversize: true }), false],
  ['Body oversize MATCH', bm('zzz', 'CONTAINS', { Body: { OversizeHandling: 'MATCH' } }), req({ body: Buffer.from('x'), bodyOversize: true }), true],
  ['Body oversize CONTINUE inspects the prefix', bm('pwn', 'CONTAINS', { Body: { OversizeHandling: 'CONTINUE' } }), req({ body: Buffer.from('pwn'), bodyOversize: true }), true],
  ['JsonBody VALUE', bm('bob', 'EXACTLY', jsonBody('VALUE')), req({ body: Buffer.from('{"user":{"name":"bob"}}') }), true],
  ['JsonBody KEY', bm('name', 'EXACTLY', jsonBody('KEY')), req({ body: Buffer.from('{"user":{"name":"bob"}}') }), true],
  ['JsonBody VALUE does not see keys', bm('name', 'EXACTLY', jsonBody('VALUE')), req({ body: Buffer.from('{"name":"bob"}') }), false],
  ['JsonBody IncludedPaths', bm('bob', 'EXACTLY', jsonBody('VALUE', undefined, ['/other'])), req({ body: Buffer.from('{"name":"bob","other":1}') }), false],
  ['JsonBody invalid MATCH', bm('zzz', 'EXACTLY', jsonBody('ALL', 'MATCH')), req({ body: Buffer.from('{bad') }), true],
  ['JsonBody invalid NO_MATCH', bm('bad', 'CONTAINS', jsonBody('ALL', 'NO_MATCH')), req({ body: Buffer.from('{bad') }), false],
  ['JsonBody invalid as string', bm('bad', 'CONTAINS', jsonBody('ALL', 'EVALUATE_AS_STRING')), req({ body: Buffer.from('{bad') }), true],
  ['JA3 without TLS: fallback', bm('x', 'EXACTLY', { JA3Fingerprint: { FallbackBehavior: 'MATCH' } }), req(), true],
  ['JA3 without TLS: fallback NO_MATCH', bm('x', 'EXACTLY', { JA3Fingerprint: { FallbackBehavior: 'NO_MATCH' } }), req(), false],
  ['JA3 of the TLS client', bm('98487aa16281980e7d1120d399efb6a4', 'EXACTLY', { JA3Fingerprint: { FallbackBehavior: 'MATCH' } }), req({ tls: { ja3: '98487aa16281980e7d1120d399efb6a4', ja4: 't13d1516h2_8daaf6152771_d8a2da3f94cd' } }), true],
  ['JA3 of another TLS client', bm('98487aa16281980e7d1120d399efb6a4', 'EXACTLY', { JA3Fingerprint: { FallbackBehavior: 'MATCH' } }), req({ tls: { ja3: '0123456789abcdef0123456789abcdef', ja4: 't13d1516h2_8daaf6152771_d8a2da3f94cd' } }), false],
  ['JA4 of the TLS client', bm('t13d1516h2_', 'STARTS_WITH', { JA4Fingerprint: { FallbackBehavior: 'NO_MATCH' } }), req({ tls: { ja3: '98487aa16281980e7d1120d399efb6a4', ja4: 't13d1516h2_8daaf6152771_d8a2da3f94cd' } }), true],
  ['RegexMatch', { RegexMatchStatement: { RegexString: '^/item/[0-9]+$', FieldToMatch: { UriPath: {} }, TextTransformations: none } }, req({ path: '/item/42' }), true],
  ['RegexPatternSetReference', { RegexPatternSetReferenceStatement: { ARN: 'rx', FieldToMatch: { UriPath: {} }, TextTransformations: none } }, req({ path: '/WP-ADMIN/x' }), true],
  ['SqliMatch', { SqliMatchStatement: { FieldToMatch: { QueryString: {} }, TextTransformations: [{ Priority: 0, Type: 'URL_DECODE' }] } }, req({ query: 'id=1%27%20UNION%20SELECT%20password%20FROM%20users' }), true],
  ['SqliMatch benign', { SqliMatchStatement: { FieldToMatch: { QueryString: {} }, TextTransformations: none } }, req({ query: 'q=shoes&size=42' }), false],
  ['SqliMatch HIGH', { SqliMatchStatement: { FieldToMatch: { QueryString: {} }, TextTransformations: none, SensitivityLevel: 'HIGH' } }, req({ query: "q=concat(0x41)" }), true],
  ['XssMatch', { XssMatchStatement: { FieldToMatch: { Body: {} }, TextTransformations: [{ Priority: 0, Type: 'HTML_ENTITY_DECODE' }] } }, req({ body: Buffer.from('c=&lt;script&gt;alert(1)') }), true],
  ['XssMatch benign', { XssMatchStatement: { FieldToMatch: { Body: {} }, TextTransformations: none } }, req({ body: Buffer.from('c=I agree to 1 < 2') }), false],
  ['SizeConstraint GT', { SizeConstraintStatement: { FieldToMatch: { QueryString: {} }, ComparisonOperator: 'GT', Size: 3, TextTransformations: none } }, req({ query: 'abcd' }), true],
  ['SizeConstraint body oversize is larger', { SizeConstraintStatement: { FieldToMatch: { Body: {} }, ComparisonOperator: 'GT', Size: 8192, TextTransformations: none } }, req({ body: Buffer.alloc(10), bodyOversize: true }), true],
  ['GeoMatch (longest prefix) and its label', { GeoMatchStatement: { CountryCodes: ['KR'] } }, req({ clientIp: '203.0.113.200' }), true],
  ['GeoMatch other country', { GeoMatchStatement: { CountryCodes: ['FR'] } }, req({ clientIp: '203.0.113.5' }), false],
  ['GeoMatch private address has none', { GeoMatchStatement: { CountryCodes: ['FR'] } }, req({ clientIp: '10.0.0.1' }), false],
  ['GeoMatch ForwardedIPConfig', { GeoMatchStatement: { CountryCodes: ['FR'], ForwardedIPConfig: { HeaderName: 'X-Client', FallbackBehavior: 'NO_MATCH' } } }, req({ headers: [['X-Client', '198.51.100.7']] }), true],
  ['IPSet peer', { IPSetReferenceStatement: { ARN: 'ips' } }, req({ clientIp: '10.1.2.3' }), true],
  ['IPSet IPv6 peer', { IPSetReferenceStatement: { ARN: 'ips' } }, req({ clientIp: '2001:db8::5' }), true],
  ['IPSet IPv4-mapped peer', { IPSetReferenceStatement: { ARN: 'ips' } }, req({ clientIp: '::ffff:10.0.0.9' }), true],
  ['IPSet FIRST', { IPSetReferenceStatement: { ARN: 'ips', IPSetForwardedIPConfig: { HeaderName: 'XFF', FallbackBehavior: 'NO_MATCH', Position: 'FIRST' } } }, req({ headers: [['xff', '1.1.1.1, 10.0.0.1']] }), false],
  ['IPSet LAST', { IPSetReferenceStatement: { ARN: 'ips', IPSetForwardedIPConfig: { HeaderName: 'XFF', FallbackBehavior: 'NO_MATCH', Position: 'LAST' } } }, req({ headers: [['xff', '1.1.1.1, 10.0.0.1']] }), true],
  ['IPSet fallback MATCH on a bad address', { IPSetReferenceStatement: { ARN: 'ips', IPSetForwardedIPConfig: { HeaderName: 'XFF', FallbackBehavior: 'MATCH', Position: 'ANY' } } }, req({ headers: [['xff', 'garbage']] }), true],
  ['IPSet fallback NO_MATCH when absent', { IPSetReferenceStatement: { ARN: 'ips', IPSetForwardedIPConfig: { HeaderName: 'XFF', FallbackBehavior: 'NO_MATCH', Position: 'ANY' } } }, req(), false],
  ['LabelMatch LABEL unqualified', { LabelMatchStatement: { Scope: 'LABEL', Key: 'a:b' } }, req(), true, ['awswaf:111122223333:webacl:acl:a:b']],
  ['LabelMatch LABEL qualified', { LabelMatchStatement: { Scope: 'LABEL', Key: 'awswaf:managed:aws:x:y' } }, req(), true, ['awswaf:managed:aws:x:y']],
  ['LabelMatch NAMESPACE', { LabelMatchStatement: { Scope: 'NAMESPACE', Key: 'awswaf:managed:aws:' } }, req(), true, ['awswaf:managed:aws:x:y']],
  ['LabelMatch NAMESPACE is a prefix of parts', { LabelMatchStatement: { Scope: 'NAMESPACE', Key: 'a:' } }, req(), false, ['awswaf:111122223333:webacl:acl:ab:c']],
  ['And', { AndStatement: { Statements: [bm('/a', 'STARTS_WITH'), bm('b', 'ENDS_WITH')] } }, req({ path: '/a/b' }), true],
  ['Or', { OrStatement: { Statements: [bm('/x', 'EXACTLY'), bm('/a', 'EXACTLY')] } }, req({ path: '/a' }), true],
  ['Not', { NotStatement: { Statement: bm('/a', 'EXACTLY') } }, req({ path: '/a' }), false],
];

describe('statements', () => {
  for (const [name, st, r, want, labels] of CASES) {
    it(name, () => assert.equal(run(st, r, labels), want));
  }
  it('GeoMatch adds the country label', () => {
    const labels = new Set<string>();
    compileStatement({ GeoMatchStatement: { CountryCodes: ['US'] } }, env)({ req: req({ clientIp: '198.51.100.1' }), memo: new RequestMemo(), labels });
    assert.deepEqual([...labels], ['awswaf:clientip:geo:country:FR']);
  });
  it('a field with its chain is computed once per request (memo)', () => {
    const memo = new RequestMemo();
    const p = compileStatement(bm('x', 'CONTAINS', { QueryString: {} }, [{ Priority: 0, Type: 'URL_DECODE' }]), env);
    const r = req({ query: 'a=%78' });
    assert.equal(p({ req: r, memo, labels: new Set() }), true);
    const size = memo.size;
    assert.equal(compileStatement(bm('y', 'CONTAINS', { QueryString: {} }, [{ Priority: 0, Type: 'URL_DECODE' }]), env)({ req: r, memo, labels: new Set() }), false);
    assert.equal(memo.size, size);
  });
  it('a ReDoS pattern over 64 KB stays fast', () => {
    const t = Date.now();
    assert.equal(run({ RegexMatchStatement: { RegexString: '(a|aa)+$', FieldToMatch: { Body: {} }, TextTransformations: none } }, req({ body: Buffer.from('a'.repeat(65536) + '!') })), false);
    assert.ok(Date.now() - t < 500);
  });
});
