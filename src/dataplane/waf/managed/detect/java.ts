/**
 * Java attacks: Log4Shell JNDI lookups (after resolving the nested lookups used to hide `jndi`), Java
 * deserialization gadgets (the dangerous classes, the commons-collections transformers, serialized stream
 * magic, and the same names hidden in base64), and expression-language / Spring class-loader tricks.
 */
import { anyOfLiterals } from './literals.js';

const MAX_INPUT = 8192;

/** Resolves `${lower:j}`, `${upper:J}`, `${::-j}`, `${env:X:-j}`, `${date:'j'}` (bounded rounds). */
function resolveLookups(s: string): string {
  let cur = s;
  for (let r = 0; r < 8; r++) {
    const next = cur
      .replace(/\$\{(?:lower|upper):([^${}]{0,40})\}/g, '$1')
      .replace(/\$\{[^${}:]{0,40}:[^${}]{0,40}?:-([^${}]{0,40})\}/g, '$1')
      .replace(/\$\{::-([^${}]{0,40})\}/g, '$1')
      .replace(/\$\{date:'([^'{}]{0,40})'\}/g, '$1');
    if (next === cur) break;
    cur = next;
  }
  return cur;
}

const LOOKUPS = /\$\{(?:jndi|ctx|env|sys|java|main|bundle|log4j|spring|k8s|docker|web|sd|marker|map|jvmrunargs|base64|event|script)\s*:/;

export function isLog4j(value: string): boolean {
  const raw = value.length > MAX_INPUT ? value.slice(0, MAX_INPUT) : value;
  if (!raw.includes('${') && !raw.includes('$%7b') && !raw.includes('%24%7b')) return false;
  const s = resolveLookups(raw.toLowerCase());
  if (/\$\{\s*jndi\s*:|jndi:(?:ldaps?|rmi|dns|nis|nds|corba|iiop|http):/.test(s)) return true;
  return LOOKUPS.test(s) && /\$\{[^}]{0,200}\$\{|:\/\//.test(s);
}

const PACKAGES = [
  'java.lang.', 'java.io.', 'java.net.', 'java.nio.', 'java.util.', 'java.beans.', 'java.rmi.', 'java.security.',
  'javax.script', 'javax.naming', 'javax.management', 'javax.xml.transform', 'org.apache.commons', 'org.apache.xalan',
  'org.apache.xbean', 'org.apache.tomcat', 'com.sun.org.apache', 'com.sun.rowset', 'com.sun.jndi', 'com.opensymphony.xwork2',
  'org.omg.corba', 'sun.misc.', 'sun.reflect', 'org.springframework.', 'org.codehaus.groovy', 'bsh.interpreter',
  'com.mchange.v2', 'org.hibernate.', 'ognl.ognlcontext', 'com.alibaba.fastjson', 'org.mozilla.javascript',
  'javassist.', 'com.fasterxml.jackson.databind',
];
const GADGETS = [
  'clonetransformer', 'forclosure', 'instantiatefactory', 'instantiatetransformer', 'invokertransformer',
  'prototypeclonefactory', 'prototypeserializationfactory', 'whileclosure', 'chainedtransformer',
  'constanttransformer', 'lazymap', 'transformedmap', 'templatesimpl', 'annotationinvocationhandler',
  'badattributevalueexpexception', 'jdbcrowsetimpl', 'getruntime', 'processbuilder', 'processimpl',
];
const B64_WORD = anyOfLiterals(['runtime', 'processbuilder', ...GADGETS]);
const PACKAGE = anyOfLiterals(PACKAGES);

const MAGIC = '\xac\xed\x00\x05';
/**
 * The base64 text of the serialized-stream magic AC ED 00 05 at each of its three byte alignments in an
 * encoded triple: text that decodes to the magic, at any alignment, contains one of these.
 */
const MAGIC_B64 = ['rO0AB', 'ztAA', 's7QAF'];
const MAGIC_B64_ANY = anyOfLiterals(MAGIC_B64);
/**
 * What each check of isJavaDeserialization before the base64 one needs (besides the raw magic): the magic in base64
 * or hex, a dot (the package names, `java.`, `.getclass`), a call `(`, `@java`, OGNL's `#`, or the words runtime,
 * processbuilder, ognl.
 */
const JAVA_HINT = /ro0ab|aced0005|[.(@#]|runtime|processbuilder|ognl/;

/** Whether `s` has `n` base64 characters (either alphabet) in a row. */
function hasRun(s: string, n: number): boolean {
  let run = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const b64 = (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 47 && c <= 57) || c === 43 || c === 45 || c === 95;
    run = b64 ? run + 1 : 0;
    if (run >= n) return true;
  }
  return false;
}

/** Base64 runs (any alignment) that decode to Java gadget names. */
function hasB64Gadget(s: string): boolean {
  // A run is decoded only when it holds the magic's base64 or is at least 10 characters long.
  if (!MAGIC_B64_ANY.test(s) && !hasRun(s, 10)) return false;
  const re = /[a-z0-9+/_-]{6,}/gi;
  let count = 0;
  for (let m = re.exec(s); m !== null && count < 200; m = re.exec(s), count++) {
    const run = m[0] as string;
    // Base64 of binary data or mixed-case words has capitals or digits; runs of lower-case letters are words.
    if (!/[A-Z0-9]/.test(run)) continue;
    // Gadget names need 10 characters of base64; shorter runs can only hold the magic, seen without decoding.
    const words = run.length >= 10;
    const magic = MAGIC_B64.some((x) => run.includes(x));
    if (!words && !magic) continue;
    const tok = run.replace(/-/g, '+').replace(/_/g, '/');
    // A byte-aligned run may start at any of three positions of its encoded triple: prefix padding finds them.
    for (const pre of ['', 'A', 'AA', 'AAA']) {
      const raw = Buffer.from(pre + tok, 'base64').toString('latin1');
      if (magic && raw.includes(MAGIC)) return true;
      if (!words) continue;
      const d = raw.toLowerCase();
      if (B64_WORD.test(d)) return true;
    }
  }
  return false;
}

export function isJavaDeserialization(value: string): boolean {
  const raw = value.length > MAX_INPUT ? value.slice(0, MAX_INPUT) : value;
  const s = raw.toLowerCase();
  if (!JAVA_HINT.test(s) && !s.includes(MAGIC)) return hasB64Gadget(raw);
  if (s.includes('ro0ab') && /ro0ab[a-z0-9+/]/i.test(raw) && raw.includes('rO0AB')) return true;
  if (s.includes('aced0005') || s.includes('\xac\xed\x00\x05')) return true;
  // The loop can only succeed where a package name occurs: one regex pass decides whether to run it.
  for (const p of PACKAGE.test(s) ? PACKAGES : []) {
    const i = s.indexOf(p);
    if (i >= 0 && (!p.endsWith('.') || /[a-z_]/.test(s[i + p.length] ?? ''))) return true;
  }
  const hasRuntime = s.includes('runtime') || s.includes('processbuilder');
  if (hasRuntime && (s.includes('java') || GADGETS.some((g) => g !== 'processbuilder' && s.includes(g)))) return true;
  if (/getruntime\s*\(\s*\)\s*\.\s*exec|\bt\s*\(\s*java\.|class\.module\.classloader|\.getclass\s*\(\s*\)\s*\.\s*forname|@java\.lang|new\s+java\.|#_memberaccess|#context\[|ognl/.test(s)) return true;
  return hasB64Gadget(raw);
}
