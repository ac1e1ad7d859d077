/**
 * XML read from strangers (SAML metadata documents, SAML responses), parsed with `@xmldom/xmldom`
 * under rules that bound the work and refuse what XML attacks need: no DOCTYPE at all (so no
 * entity declarations, no entity expansion "billion laughs", no external entities), no parse error
 * or recoverable error tolerated (a document the parser had to repair is refused, so what is
 * verified is what was sent), and a cap on the size and on the element count and depth.
 */
import { DOMParser, type Document, type Element, type Node } from '@xmldom/xmldom';

/** Why a document was refused (the caller answers with its own AWS error; the reason is for tests and logs). */
export class XmlRefused extends Error {
  override readonly name = 'XmlRefused';
}

/** Limits of one parse. */
export interface XmlLimits {
  /** Characters of text at most. */
  readonly maxChars: number;
  /** Elements at most. */
  readonly maxElements?: number;
  /** Nesting depth at most. */
  readonly maxDepth?: number;
}

const ELEMENT_NODE = 1;
const TEXT_NODE = 3;
const CDATA_SECTION_NODE = 4;

/** Parses `text` as XML under `limits`; throws XmlRefused for anything else. */
export function parseStrictXml(text: string, limits: XmlLimits): Document {
  if (text.length > limits.maxChars) throw new XmlRefused(`document longer than ${limits.maxChars} characters`);
  // A DTD is the door to entity expansion and external entities; SAML never needs one.
  if (/<!DOCTYPE/i.test(text) || /<!ENTITY/i.test(text)) throw new XmlRefused('DTDs are not accepted');
  let doc: Document;
  try {
    doc = new DOMParser({
      onError: (level, msg) => {
        if (level !== 'warning') throw new XmlRefused(msg);
      },
    }).parseFromString(text, 'text/xml');
  } catch (e) {
    throw e instanceof XmlRefused ? e : new XmlRefused(e instanceof Error ? e.message : 'not XML');
  }
  const root = doc.documentElement;
  if (!root) throw new XmlRefused('no root element');
  checkShape(root, limits.maxElements ?? 100_000, limits.maxDepth ?? 64);
  return doc;
}

/** Counts elements and depth without recursion (a deep document cannot overflow the stack). */
function checkShape(root: Element, maxElements: number, maxDepth: number): void {
  const stack: { node: Node; depth: number }[] = [{ node: root, depth: 1 }];
  let count = 0;
  while (stack.length > 0) {
    const { node, depth } = stack.pop()!;
    if (++count > maxElements) throw new XmlRefused(`more than ${maxElements} elements`);
    if (depth > maxDepth) throw new XmlRefused(`nested deeper than ${maxDepth}`);
    for (let c = node.firstChild; c; c = c.nextSibling) if (c.nodeType === ELEMENT_NODE) stack.push({ node: c, depth: depth + 1 });
  }
}

/** The element children of `parent` named `local` in namespace `ns`. */
export function childrenNS(parent: Node, ns: string, local: string): Element[] {
  const out: Element[] = [];
  for (let c = parent.firstChild; c; c = c.nextSibling) {
    if (c.nodeType === ELEMENT_NODE) {
      const e = c as Element;
      if (e.namespaceURI === ns && e.localName === local) out.push(e);
    }
  }
  return out;
}

/** The only child `ns:local` of `parent`, undefined when there is none; throws XmlRefused when there are several. */
export function onlyChildNS(parent: Node, ns: string, local: string): Element | undefined {
  const all = childrenNS(parent, ns, local);
  if (all.length > 1) throw new XmlRefused(`more than one ${local}`);
  return all[0];
}

/** Whether `e` is `ns:local`. */
export function isElementNS(e: Node | null | undefined, ns: string, local: string): e is Element {
  return !!e && e.nodeType === ELEMENT_NODE && (e as Element).namespaceURI === ns && (e as Element).localName === local;
}

/** The text content of `e` (text and CDATA children only), trimmed. */
export function textOf(e: Element): string {
  let s = '';
  for (let c = e.firstChild; c; c = c.nextSibling) if (c.nodeType === TEXT_NODE || c.nodeType === CDATA_SECTION_NODE) s += c.nodeValue ?? '';
  return s.trim();
}

/** The attribute's value, undefined when absent. */
export function attrOf(e: Element, name: string): string | undefined {
  return e.hasAttribute(name) ? (e.getAttribute(name) ?? undefined) : undefined;
}
