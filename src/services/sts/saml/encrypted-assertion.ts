/**
 * A `saml:EncryptedAssertion` made readable: decrypted with the provider's private keys
 * (xml-encryption.ts) and parsed by the same strict parser as the response (bounded size, no DTD),
 * inside a wrapper element that declares the namespaces in scope where the EncryptedAssertion
 * stood (an IdP encrypts the assertion's text, whose prefixes may be declared by the Response).
 * The wrapper must hold exactly one element, a `saml:Assertion`, and nothing else but white space.
 *
 * The result is not trusted by being decrypted (anyone may encrypt for the provider's public key):
 * saml-response.ts verifies its signature, or the Response's, as for a plain assertion.
 */
import type { KeyObject } from 'node:crypto';
import type { Element, Node } from '@xmldom/xmldom';
import { isElementNS, parseStrictXml, XmlRefused } from '../../../shared/xml/strict-xml.js';
import { DecryptionFailed, decryptEncryptedElement } from './xml-encryption.js';

const ASSERTION_NS = 'urn:oasis:names:tc:SAML:2.0:assertion';
const WRAPPER = 'rampart-decrypted-assertion';

/** The decrypted assertion and the text of the document it is the only child of (for signature checks). */
export interface DecryptedAssertion {
  readonly xml: string;
  readonly assertion: Element;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');

/** The `xmlns` / `xmlns:p` declarations in scope at `el`, the nearest winning. */
function namespacesInScope(el: Element): string {
  const seen = new Map<string, string>();
  for (let n: Node | null = el; n && n.nodeType === 1; n = n.parentNode) {
    const attrs = (n as Element).attributes;
    for (let i = 0; i < attrs.length; i++) {
      const a = attrs.item(i)!;
      if ((a.name === 'xmlns' || a.name.startsWith('xmlns:')) && !seen.has(a.name)) seen.set(a.name, a.value);
    }
  }
  return [...seen].map(([k, v]) => ` ${k}="${esc(v)}"`).join('');
}

/**
 * The assertion `encrypted` holds, decrypted with one of `keys`. Throws DecryptionFailed when it
 * cannot be decrypted or what it holds is not well-formed XML (one answer: a padding oracle must
 * not learn whether the padding or the text was wrong), XmlRefused for a structure not accepted.
 */
export function decryptAssertion(encrypted: Element, keys: readonly KeyObject[], maxChars: number): DecryptedAssertion {
  const plain = decryptEncryptedElement(encrypted, keys);
  const xml = `<${WRAPPER}${namespacesInScope(encrypted)}>${plain}</${WRAPPER}>`;
  let root: Element;
  try {
    root = parseStrictXml(xml, { maxChars, maxElements: 5000, maxDepth: 32 }).documentElement!;
  } catch (e) {
    if (e instanceof XmlRefused) throw new DecryptionFailed();
    throw e;
  }
  let assertion: Element | undefined;
  for (let c = root.firstChild; c; c = c.nextSibling) {
    if (isElementNS(c, ASSERTION_NS, 'Assertion') && !assertion) assertion = c;
    else if (c.nodeType !== 3 || (c.nodeValue ?? '').trim() !== '') throw new DecryptionFailed();
  }
  if (!assertion) throw new DecryptionFailed();
  return { xml, assertion };
}
