import { clientError } from '../../shared/aws-error.js';
import { ownLookup } from '../../shared/own-lookup.js';

/**
 * A small, non-validating XML reader for request bodies (S3's restXml payloads). It builds an
 * element tree; it never expands DTD entities (DOCTYPE is refused), so it is safe on untrusted input.
 */

/** One element: its (possibly prefixed) name, attributes, child elements and direct text. */
export interface XmlElement {
  readonly name: string;
  readonly attrs: Readonly<Record<string, string>>;
  readonly children: XmlElement[];
  text: string;
}

const MAX_DEPTH = 200;

function malformed(): Error {
  return clientError('MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema');
}

const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Decodes the five named entities and numeric character references; any other `&` is malformed. */
export function decodeEntities(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&([^;&]*)(;?)/g, (m, e: string, semicolon: string) => {
    if (!semicolon) throw malformed();
    if (/^#x[0-9a-fA-F]+$|^#\d+$/.test(e)) {
      const cp = e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      if (!Number.isFinite(cp) || cp > 0x10ffff) throw malformed();
      return String.fromCodePoint(cp);
    }
    const named = ownLookup(NAMED, e);
    if (named === undefined) throw malformed();
    return named;
  });
}

/** The name without its namespace prefix (`xsi:type` -> `type`). */
export function localName(name: string): string {
  const c = name.indexOf(':');
  return c === -1 ? name : name.slice(c + 1);
}

/** Parses a document and returns its root element; throws `MalformedXML` on bad input. */
export function parseXml(xml: string): XmlElement {
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  let i = 0;
  const n = xml.length;
  while (i < n) {
    const lt = xml.indexOf('<', i);
    const textEnd = lt === -1 ? n : lt;
    if (textEnd > i) {
      const text = xml.slice(i, textEnd);
      if (stack.length) stack[stack.length - 1]!.text += decodeEntities(text);
      else if (text.trim()) throw malformed();
    }
    if (lt === -1) break;
    if (xml.startsWith('<?', lt)) {
      const end = xml.indexOf('?>', lt);
      if (end === -1) throw malformed();
      i = end + 2;
    } else if (xml.startsWith('<!--', lt)) {
      const end = xml.indexOf('-->', lt);
      if (end === -1) throw malformed();
      i = end + 3;
    } else if (xml.startsWith('<![CDATA[', lt)) {
      const end = xml.indexOf(']]>', lt);
      if (end === -1 || !stack.length) throw malformed();
      stack[stack.length - 1]!.text += xml.slice(lt + 9, end);
      i = end + 3;
    } else if (xml.startsWith('<!', lt)) {
      throw malformed();
    } else if (xml[lt + 1] === '/') {
      const end = xml.indexOf('>', lt);
      if (end === -1) throw malformed();
      const name = xml.slice(lt + 2, end).trim();
      const open = stack.pop();
      if (!open || open.name !== name) throw malformed();
      i = end + 1;
    } else {
      const { element, end, selfClosing } = readStartTag(xml, lt);
      if (stack.length) stack[stack.length - 1]!.children.push(element);
      else if (root) throw malformed();
      else root = element;
      if (!selfClosing) {
        stack.push(element);
        if (stack.length > MAX_DEPTH) throw malformed();
      }
      i = end;
    }
  }
  if (!root || stack.length) throw malformed();
  return root;
}

const NAME_END = /[\s/>]/;

function readStartTag(xml: string, lt: number): { element: XmlElement; end: number; selfClosing: boolean } {
  let i = lt + 1;
  while (i < xml.length && !NAME_END.test(xml[i]!)) i++;
  const name = xml.slice(lt + 1, i);
  if (!name) throw malformed();
  const attrs: Record<string, string> = {};
  for (;;) {
    while (i < xml.length && /\s/.test(xml[i]!)) i++;
    if (i >= xml.length) throw malformed();
    if (xml[i] === '>') return { element: { name, attrs, children: [], text: '' }, end: i + 1, selfClosing: false };
    if (xml[i] === '/' && xml[i + 1] === '>') return { element: { name, attrs, children: [], text: '' }, end: i + 2, selfClosing: true };
    const eq = xml.indexOf('=', i);
    if (eq === -1) throw malformed();
    const attr = xml.slice(i, eq).trim();
    let q = eq + 1;
    while (/\s/.test(xml[q] ?? '')) q++;
    const quote = xml[q];
    if (quote !== '"' && quote !== "'") throw malformed();
    const close = xml.indexOf(quote, q + 1);
    if (close === -1 || !attr) throw malformed();
    attrs[attr] = decodeEntities(xml.slice(q + 1, close));
    i = close + 1;
  }
}
