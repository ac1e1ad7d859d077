import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';

/**
 * The protocol layer does all serialization: service code returns typed output and throws
 * AwsError. This scans src/services (except generated files and tests) for JSON or XML built by hand.
 */
const FORBIDDEN: [RegExp, string][] = [
  [/\bJSON\.stringify\s*\(/, 'JSON.stringify'],
  [/\bJSON\.parse\s*\(/, 'JSON.parse (request bodies are parsed by the codec)'],
  [/\bXmlWriter\b|xml-writer(\.js)?['"]/, 'XmlWriter'],
  [/['"`]\s*<\/?[A-Za-z][\w:-]*(\s[^'"`]*)?\/?>/, 'an XML tag literal'],
  [/['"`]<\?xml/, 'an XML declaration'],
  [/\b(application\/x-amz-json|text\/xml|application\/xml)\b/, 'a protocol content type'],
];

/** `// protocol-lint: allow <reason>` on the line or the line before exempts it. */
const ALLOW = /\/\/\s*protocol-lint:\s*allow\s+\S/;

function files(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) files(p, out);
    else if (p.endsWith('.ts') && !p.endsWith('.generated.ts') && !p.endsWith('.test.ts')) out.push(p);
  }
  return out;
}

/** Findings for one file's text: `line: what`. */
export function scan(text: string): string[] {
  const found: string[] = [];
  // Comments may show wire formats; keep their newlines so line numbers stay right.
  const code = text.replace(/\/\*[\s\S]*?\*\//g, (c) => c.replace(/[^\n]/g, ' '));
  const lines = text.split('\n');
  code.split('\n').forEach((line, i) => {
    // A reviewed exception (e.g. canonicalizing a policy document, which is data, not wire format).
    if (ALLOW.test(lines[i] ?? '') || ALLOW.test(lines[i - 1] ?? '')) return;
    const stripped = line.replace(/\/\/.*$/, '');
    for (const [re, what] of FORBIDDEN) if (re.test(stripped)) found.push(`${i + 1}: ${what}`);
  });
  return found;
}

describe('services build no JSON or XML by hand', () => {
  it('the scanner catches the patterns it looks for', () => {
    assert.equal(scan("return JSON.stringify({ a: 1 });").length, 1);
    assert.equal(scan("const x = '<ErrorResponse>';").length, 1);
    assert.equal(scan("const x = `</Foo>`;").length, 1);
    assert.equal(scan("import { XmlWriter } from '../../protocol/xml/xml-writer.js';").length, 1);
    assert.equal(scan('if (a < b && c > d) return;').length, 0);
    assert.equal(scan('// protocol-lint: allow policy documents are data\nconst p = JSON.stringify(doc);').length, 0);
    assert.equal(scan('/** ARN is `<type><path><name>` */\nconst a = 1;').length, 0);
    assert.equal(scan('const m: Map<string, number> = new Map();').length, 0);
  });

  it('no file under src/services does', () => {
    const findings = files('src/services').flatMap((f) => scan(readFileSync(f, 'utf8')).map((x) => `${f}:${x}`));
    assert.deepEqual(findings, []);
  });
});
