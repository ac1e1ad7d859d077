/**
 * Cross-site scripting: HTML tags that run script, event handler attributes, script URIs, CSS expressions and
 * JavaScript sinks, looked for after the value is decoded (URL, HTML entities, escapes) and after removing the
 * characters browsers ignore inside tag and scheme names (whitespace, NUL, comments).
 */
import { anyOfLiterals } from './literals.js';

const MAX_INPUT = 8192;

/** Tags whose mere presence runs or loads script or rewrites the page. */
const SCRIPT_TAGS = new Set([
  'script', 'iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'meta', 'base', 'isindex', 'xss', 'import',
  'vmlframe', 'bgsound', 'layer', 'ilayer', 'portal', 'handler', 'xmp', 'plaintext', 'noscript', 'template', 'style',
]);

const JS_SINKS = [
  'alert(', 'prompt(', 'confirm(', 'eval(', 'document.cookie', 'document.write', 'document.domain', 'window.location=',
  'string.fromcharcode', 'fromcharcode(', '.innerhtml', 'settimeout(', 'setinterval(', 'new function(', 'atob(',
  'alert`', 'prompt`', 'confirm`', 'top[', 'window[', 'self[', 'parent[', 'document.location=', 'location.href=', 'constructor(', '.constructor', 'importscripts(', 'xmlhttprequest', 'fetch(',
];
const JS_SINK = anyOfLiterals(JS_SINKS);

/** A DOM event handler attribute by name (`onload=`, `onerror =`), wherever it appears. */
const EVENT_ATTR = /(?:^|[^a-z0-9_])on(?:load|error|click|dblclick|mouse(?:over|out|down|up|move|enter|leave)|focus|blur|change|submit|key(?:down|up|press)|abort|beforeunload|unload|resize|scroll|toggle|animation(?:start|end|iteration)|transitionend|pointer(?:down|up|over|enter|move)|input|invalid|select|drag(?:start|end|over)?|drop|copy|cut|paste|wheel|message|hashchange|pageshow|popstate|readystatechange|begin|end|start|finish|auxclick|contextmenu|search)\s*=/;

/** Removes what browsers ignore inside names: control characters, whitespace inside `java script:`. */
function squeeze(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c <= 32 || c === 0xad || c === 0x200b) continue;
    out += s[i];
  }
  return out;
}

function tagNameAt(s: string, i: number): string {
  let j = i;
  if (s[j] === '/') j++;
  let name = '';
  while (j < s.length && name.length < 20) {
    const c = s.charCodeAt(j);
    if ((c >= 97 && c <= 122) || (c >= 48 && c <= 57 && name !== '') || c === 58 || c === 45) name += s[j];
    else break;
    j++;
  }
  const after = s[j];
  if (name === '' || (after !== undefined && after !== '\0' && !/[\s/>]/.test(after))) return '';
  const colon = name.indexOf(':');
  return colon >= 0 && name.endsWith(':script') ? 'script' : name;
}

/** Whether `on<event>=` appears (an attribute handler), with anything browsers accept between. */
function hasEventHandler(s: string): boolean {
  let from = 0;
  for (;;) {
    const i = s.indexOf('on', from);
    if (i < 0) return false;
    from = i + 2;
    const prev = s.charCodeAt(i - 1);
    if (i > 0 && !(prev <= 32 || prev === 34 || prev === 39 || prev === 47 || prev === 59 || prev === 96)) continue;
    let j = i + 2;
    let n = 0;
    while (j < s.length && n < 30 && s.charCodeAt(j) >= 97 && s.charCodeAt(j) <= 122) {
      j++;
      n++;
    }
    if (n < 3) continue;
    while (j < s.length && s.charCodeAt(j) <= 32) j++;
    if (s[j] === '=') return true;
  }
}

/** Characters or markers without which none of the checks below can match (a cheap first pass). */
const XSS_HINT = /[<>:(=&\\`[]|\+ad|document|alert|prompt|confirm|eval|settimeout|setinterval|fetch|atob|import|xmlhttp|constructor|innerhtml|fromcharcode|expression|binding/i;

export function isXss(value: string): boolean {
  if (!XSS_HINT.test(value)) return false;
  const raw = value.length > MAX_INPUT ? value.slice(0, MAX_INPUT) : value;
  const s = raw.toLowerCase().replace(/\+adw-/g, '<').replace(/\+ad4-/g, '>');
  const sq = squeeze(s.includes('/*') ? s.replace(/\/\*[^*]{0,200}\*\//g, '') : s);
  if (/(?:java|vb|live)script:|data:text\/html|data:image\/svg|data:application\/x|-moz-binding|expression\(|@import|behavior:url|<!\[cdata\[|<!entity|<\?import/.test(sq)) return true;
  if (JS_SINK.test(sq)) return true;
  if (/document\)?\[?["'`]?\.?cookie|\(!\[\]\+\[\]\)|!!\[\]|\+!\+\[\]|\[\]\[["'(]/.test(sq)) return true;
  // JSFuck-style coercions, also once a form body turned `+` into spaces: `(![] [])[ ! []]`. Not markdown `![](`.
  if (/\(\s{0,5}!\s{0,5}\[\s{0,5}\][\s+]{1,10}\[\s{0,5}\]\s{0,5}\)|\[[\s+]{0,10}![\s+]{0,10}\[\s{0,5}\]\s{0,5}\]/.test(s)) return true;
  if (EVENT_ATTR.test(s)) return true;
  // A namespaced script element spaced out: `< x: script`.
  if (/<\s*[a-z]{1,10}\s*:\s*script\b/.test(s)) return true;
  // Tag names split by whitespace, which some parsers and filters ignore: `< x: script`, `<f o r m`.
  if (/<\s*[a-z](?:\s+[a-z:]){1,10}/.test(s) && /<(?:[a-z]{1,10}:)?(?:script|iframe|form|object|embed|link|meta|noscript|svg|style|base|img)/.test(sq)) return true;
  let idx = s.indexOf('<');
  let closeAt = s.indexOf('>');
  while (idx >= 0) {
    const name = tagNameAt(s, idx + 1);
    if (name !== '') {
      if (SCRIPT_TAGS.has(name)) return true;
      if (closeAt >= 0 && closeAt < idx) closeAt = s.indexOf('>', idx);
      const nextLt = s.indexOf('<', idx + 1);
      const end = Math.min(closeAt < 0 ? s.length : closeAt, nextLt < 0 ? s.length : nextLt);
      const tag = s.slice(idx, end);
      if (hasEventHandler(tag) || /\b(?:src|href|style|formaction|action|data|xlink:href|srcdoc)[\s/]*=/.test(tag)) return true;
    }
    idx = s.indexOf('<', idx + 1);
  }
  // An attribute break-out: a quote, then an event handler or a style.
  if (/["'`]/.test(s) && hasEventHandler(s)) return true;
  // ... or an attribute that submits, loads or embeds a document: `'formaction=`, `" srcdoc=`.
  if (/["'`][\s/]{0,10}(?:formaction|srcdoc|xlink:href)[\s/]*=/.test(s)) return true;
  return false;
}
